import { describe, expect, it } from 'vitest';
import { isAcceptablePassword, parseApiKey, sessionState, throttleWaitSeconds } from './auth.rules.ts';

const policy = { windowMinutes: 15, maxFailuresPerAccount: 5, maxFailuresPerIp: 30 };
const now = new Date('2026-11-23T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('login throttling', () => {
  it('allows a fifth attempt after four failures', () => {
    expect(throttleWaitSeconds([1, 2, 3, 4].map(minutesAgo), [], policy, now)).toBe(0);
  });

  it('blocks after five failures until the oldest of them leaves the window', () => {
    const failures = [1, 2, 3, 4, 10].map(minutesAgo);
    // The fifth most recent failure was 10 minutes ago: 5 more minutes to wait.
    expect(throttleWaitSeconds(failures, [], policy, now)).toBe(300);
  });

  it('ignores failures older than the window', () => {
    expect(throttleWaitSeconds([1, 2, 3, 4, 16, 20].map(minutesAgo), [], policy, now)).toBe(0);
  });

  it('blocks an IP that fails on many accounts', () => {
    const ipFailures = Array.from({ length: 30 }, (_, i) => minutesAgo(i * 0.1));
    // The 30th most recent failure was 2.9 minutes ago: 12.1 minutes to wait.
    expect(throttleWaitSeconds([], ipFailures, policy, now)).toBe(726);
  });
});

describe('session lifetime', () => {
  const base = { lastSeenAt: minutesAgo(5), expiresAt: new Date(now.getTime() + 3600_000), revokedAt: null };

  it('is active when recently used and before its absolute expiry', () => {
    expect(sessionState(base, 30, now)).toBe('active');
  });

  it('expires after the idle timeout', () => {
    expect(sessionState({ ...base, lastSeenAt: minutesAgo(30) }, 30, now)).toBe('idle_expired');
  });

  it('expires at its absolute timeout even when in use', () => {
    expect(sessionState({ ...base, expiresAt: now }, 30, now)).toBe('expired');
  });

  it('is over once revoked by logout', () => {
    expect(sessionState({ ...base, revokedAt: minutesAgo(1) }, 30, now)).toBe('revoked');
  });
});

describe('API keys and passwords', () => {
  it('reads the prefix of a well-formed key and refuses anything else', () => {
    expect(parseApiKey(`pulse_0a1b2c3d_${'x'.repeat(43)}`)).toEqual({ prefix: '0a1b2c3d' });
    expect(parseApiKey('pulse_0a1b2c3d_short')).toBeNull();
    expect(parseApiKey(`other_0a1b2c3d_${'x'.repeat(43)}`)).toBeNull();
  });

  it('requires at least ten characters in a password', () => {
    expect(isAcceptablePassword('123456789')).toBe(false);
    expect(isAcceptablePassword('1234567890')).toBe(true);
  });
});
