/** Pure rules of signing in: throttling, session lifetimes, API key shape, password policy. */

export interface ThrottlePolicy {
  windowMinutes: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
}

/**
 * Given the times of recent failed attempts (for the account, and from the IP), says how many
 * seconds the caller must wait, or 0 when a new attempt is allowed. Only failures inside the
 * window count; the wait ends when enough of them have left it.
 */
export function throttleWaitSeconds(
  accountFailures: readonly Date[],
  ipFailures: readonly Date[],
  policy: ThrottlePolicy,
  now: Date,
): number {
  const windowMs = policy.windowMinutes * 60_000;
  const wait = (failures: readonly Date[], max: number): number => {
    const recent = failures
      .filter((at) => now.getTime() - at.getTime() < windowMs)
      .sort((a, b) => b.getTime() - a.getTime());
    if (recent.length < max) return 0;
    // The attempt that must leave the window before one more is allowed.
    const blocking = recent[max - 1]!;
    return Math.max(1, Math.ceil((blocking.getTime() + windowMs - now.getTime()) / 1000));
  };
  return Math.max(
    wait(accountFailures, policy.maxFailuresPerAccount),
    wait(ipFailures, policy.maxFailuresPerIp),
  );
}

export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type SessionState = 'active' | 'idle_expired' | 'expired' | 'revoked';

export function sessionState(session: SessionTimes, idleMinutes: number, now: Date): SessionState {
  if (session.revokedAt) return 'revoked';
  if (now >= session.expiresAt) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMinutes * 60_000) return 'idle_expired';
  return 'active';
}

/** API keys look like `pulse_<8 hex prefix>_<secret>`; the prefix is stored in clear to find the key. */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = /^pulse_([0-9a-f]{8})_[A-Za-z0-9_-]{32,}$/.exec(key);
  return match ? { prefix: match[1]! } : null;
}

export const minimumPasswordLength = 10;

export function isAcceptablePassword(password: string): boolean {
  return password.length >= minimumPasswordLength;
}
