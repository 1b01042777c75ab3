import type { AgingBucket } from '../../../../contracts/finance.ts';
import { daysBetween } from '../../../platform/dates.ts';

/** Days past due on a date (as-of − due date); zero when not yet due. */
export function daysPastDue(dueDate: string, asOf: string): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

/** DOMAIN §4 buckets by their last day past due (the last one is open-ended). */
const upperBounds: readonly [AgingBucket, number][] = [
  ['not_due', 0],
  ['1_30', 30],
  ['31_60', 60],
  ['61_90', 90],
  ['91_180', 180],
];

/** not due, 1–30, 31–60, 61–90, 91–180, >180 days past due. */
export function agingBucket(days: number): AgingBucket {
  for (const [bucket, last] of upperBounds) if (days <= last) return bucket;
  return 'over_180';
}

/** The same buckets as a SQL expression over an integer days-past-due expression. */
export function agingBucketSql(daysExpression: string): string {
  const branches = upperBounds.map(([bucket, last]) => `WHEN ${daysExpression} <= ${last} THEN '${bucket}'`);
  return `(CASE ${branches.join(' ')} ELSE 'over_180' END)`;
}
