/** Pure rules about suppliers and manufacturers and their licences. */
import { qualificationStatus } from './parties.rules.ts';

export type LicenceStatus = 'valid' | 'expiring' | 'expired' | 'missing';

/**
 * A supplier's licence (生产许可证 for a manufacturer, 经营许可证 for a distributor) as of
 * `today`: missing without a number on file; otherwise the same 30-day horizon as customer
 * qualifications. A licence without an expiry date is valid.
 */
export function licenceStatus(
  licence: { licenceNumber: string | null; licenceValidUntil: string | null },
  today: string,
): LicenceStatus {
  if (licence.licenceNumber === null) return 'missing';
  const status = qualificationStatus({ validFrom: null, validUntil: licence.licenceValidUntil }, today);
  return status === 'not_yet_valid' ? 'valid' : status;
}
