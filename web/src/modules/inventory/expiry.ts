/** How close a lot is to its expiry date, for tags and colours (near-expiry horizons in days). */
export type ExpiryLevel = 'expired' | 'critical' | 'near' | 'ok';

export const CRITICAL_EXPIRY_DAYS = 30;
export const NEAR_EXPIRY_DAYS = 90;
/** The choices of the stock page's near-expiry filter. */
export const NEAR_EXPIRY_HORIZONS = [30, 60, 90, 180, 365] as const;

/**
 * A lot with no day of shelf life left (expiring today or earlier) is expired for selling:
 * the server only sells stock whose expiry is after today.
 */
export function expiryLevel(daysToExpiry: number): ExpiryLevel {
  if (daysToExpiry <= 0) return 'expired';
  if (daysToExpiry <= CRITICAL_EXPIRY_DAYS) return 'critical';
  if (daysToExpiry <= NEAR_EXPIRY_DAYS) return 'near';
  return 'ok';
}

export const expiryColours: Record<ExpiryLevel, string | undefined> = {
  expired: 'red',
  critical: 'volcano',
  near: 'gold',
  ok: undefined,
};
