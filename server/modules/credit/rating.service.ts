/**
 * Rating: the scorecard's inputs for a set of customers in set-based SQL, then the pure rules,
 * then every rating stored with its inputs and the profiles updated — per batch, one
 * transaction. The first rating of a customer creates its profile with the start limit.
 */
import type { CreditPolicyConfig, RatingFacts, RatingInputs } from '../../../contracts/credit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import * as repo from './credit.repository.ts';
import {
  coefficientOfVariation,
  initialLimitFen,
  recommendedLimitFen,
  scoreCustomer,
  stabilityMonths,
} from './credit.rules.ts';
import { getCurrentPolicy } from './policy.service.ts';

export type RatingTrigger = 'scheduled' | 'event' | 'manual' | 'first_use' | 'overdue_scan';

export interface RateOptions {
  trigger: RatingTrigger;
  /** Who asked (manual ratings); null for the system. */
  actor?: RequestContext | null;
  asOf?: string;
  /** Rate only those without a profile yet (first use); concurrent callers rate each once. */
  onlyUnrated?: boolean;
  /** Give up waiting for a lock after this long (e.g. '2s'), instead of waiting indefinitely. */
  lockTimeout?: string;
}

export interface RateResult {
  rated: number;
  gradeChanges: number;
}

// Any constant: the first-use rating of one customer is serialised on (this, customer id).
const FIRST_USE_LOCK = 7_401_014;
const BATCH = 500;

/** The scorecard inputs, the facts shown beside them and the resulting rating of one customer. */
export function assembleRating(
  source: repo.RatingSourceRow,
  exposure: repo.ExposureRow,
  policy: CreditPolicyConfig,
  asOf: string,
) {
  const months = stabilityMonths(asOf);
  const values = months.map((m) => Number(source.months?.[m] ?? 0));
  const hasOrders = values.some((v) => v !== 0);
  const openReceivablesFen = exposure.openInvoicesFen - exposure.unappliedFen;
  const expired = source.expired ?? [];
  const expiring = source.expiring ?? [];
  const inputs: RatingInputs = {
    punctuality:
      source.invoicesDue > 0
        ? { paidOnTimeFen: source.paidOnTimeFen, invoicedFen: source.invoicedFen }
        : null,
    worstDaysPastDue: exposure.worstDaysPastDue,
    hasBadDebt: source.badDebtCount > 0,
    exposureFen: openReceivablesFen + exposure.openOrdersFen,
    // A customer rated for the first time is measured against the limit it is about to get.
    limitFen: source.hasProfile ? source.limitFen! : policy.initialLimitFen,
    relationshipYears: source.relationshipYears,
    monthlyOrderValuesFen: hasOrders ? values : null,
    qualification:
      source.qualificationCount === 0
        ? 'missing'
        : expired.length > 0
          ? 'expired'
          : expiring.length > 0
            ? 'expiring_soon'
            : 'all_valid',
  };
  const card = scoreCustomer(inputs, policy);
  const recommended = recommendedLimitFen(source.netSalesFen, source.paymentTermsDays, card.grade, policy);
  const cv = hasOrders ? coefficientOfVariation(values) : null;
  const facts: RatingFacts = {
    invoicesDueCount: source.invoicesDue,
    openReceivablesFen,
    openOrdersFen: exposure.openOrdersFen,
    badDebtFen: source.badDebtFen,
    firstOrderDate: source.firstOrderDate,
    months,
    orderCv: cv === null ? null : Math.round(cv * 10_000) / 10_000,
    expiredQualifications: expired,
    expiringQualifications: expiring,
    netSales12MonthsFen: source.netSalesFen,
    paymentTermsDays: source.paymentTermsDays,
  };
  return {
    inputs,
    facts,
    card,
    recommendedLimitFen: recommended,
    newProfileLimitFen: initialLimitFen(recommended, policy),
  };
}

/** Rates these customers inside the caller's transaction. */
export async function rateInTransaction(
  tx: Queryable,
  ids: number[],
  options: RateOptions,
): Promise<RateResult> {
  return rateBatch(tx, ids, options, options.asOf ?? businessDate());
}

async function rateBatch(
  tx: Queryable,
  ids: number[],
  options: RateOptions,
  asOf: string,
): Promise<RateResult> {
  if (options.lockTimeout)
    await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [options.lockTimeout]);
  let customerIds = ids;
  if (options.onlyUnrated) {
    for (const id of [...ids].sort((a, b) => a - b)) {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [FIRST_USE_LOCK, id]);
    }
    customerIds = await repo.listUnrated(tx, ids);
  }
  if (customerIds.length === 0) return { rated: 0, gradeChanges: 0 };
  const policy = await getCurrentPolicy(tx);
  const [sources, exposures] = await Promise.all([
    repo.loadRatingSources(tx, customerIds, asOf, policy.config.qualification.expiringWithinDays),
    repo.readExposures(tx, customerIds, asOf),
  ]);
  const exposureOf = new Map(exposures.map((e) => [e.customerId, e]));
  const actor = options.actor ?? null;
  const ratings: repo.RatingToStore[] = sources.map((source) => {
    const rating = assembleRating(source, exposureOf.get(source.customerId)!, policy.config, asOf);
    return {
      customerId: source.customerId,
      asOf,
      trigger: options.trigger,
      ratedBy: actor && actor.userId > 0 ? actor.userId : null,
      policyVersion: policy.version,
      score: rating.card.score,
      grade: rating.card.grade,
      previousGrade: source.grade,
      limitFen: rating.inputs.limitFen,
      recommendedLimitFen: rating.recommendedLimitFen,
      newProfileLimitFen: rating.newProfileLimitFen,
      inputs: rating.inputs,
      facts: rating.facts,
      factors: rating.card.factors,
    };
  });
  const stored = await repo.storeRatings(tx, ratings);
  const byCustomer = new Map(ratings.map((r) => [r.customerId, r]));
  const changes = ratings.filter((r) => r.previousGrade !== null && r.previousGrade !== r.grade);
  if (changes.length > 0) {
    // For the workflow module (a review task for the owner rep and finance) and notifications.
    await tx.query(
      `INSERT INTO outbox_events (type, payload)
       SELECT 'credit.grade_changed', x FROM jsonb_array_elements($1::jsonb) AS x`,
      [
        JSON.stringify(
          changes.map((r) => ({
            customerId: r.customerId,
            from: r.previousGrade,
            to: r.grade,
            score: r.score,
            ratingId: stored.find((s) => s.customerId === r.customerId)?.ratingId,
          })),
        ),
      ],
    );
  }
  const created = stored.filter((s) => s.created);
  if (created.length > 0) {
    // The first rating sets a limit without a request: that is recorded in the audit trail.
    await tx.query(
      `SELECT audit_append($1, $2, 'create', 'credit_profile', x.customer_id::text, NULL, x.after, NULL, $3)
         FROM jsonb_to_recordset($4::jsonb) AS x(customer_id bigint, after jsonb) ORDER BY x.customer_id`,
      [
        actor && actor.userId > 0 ? actor.userId : null,
        actor?.username ?? 'system',
        actor?.ip ?? null,
        JSON.stringify(
          created.map((s) => {
            const r = byCustomer.get(s.customerId)!;
            return {
              customer_id: s.customerId,
              after: {
                score: r.score,
                grade: r.grade,
                limitFen: r.newProfileLimitFen,
                recommendedLimitFen: r.recommendedLimitFen,
                ratingId: s.ratingId,
                trigger: r.trigger,
              },
            };
          }),
        ),
      ],
    );
  }
  return { rated: stored.length, gradeChanges: changes.length };
}

/** Rates these customers now, in batches (each batch one transaction). */
export async function rateCustomers(
  db: Db,
  customerIds: number[],
  options: RateOptions,
): Promise<RateResult> {
  const asOf = options.asOf ?? businessDate();
  const total: RateResult = { rated: 0, gradeChanges: 0 };
  for (let i = 0; i < customerIds.length; i += BATCH) {
    const batch = customerIds.slice(i, i + BATCH);
    const result = await withTransaction(db, (tx) => rateBatch(tx, batch, options, asOf));
    total.rated += result.rated;
    total.gradeChanges += result.gradeChanges;
  }
  return total;
}

/** Rates every customer (the monthly run), batch by batch so orders are never held up for long. */
export async function rateAllCustomers(db: Db, options: RateOptions): Promise<RateResult> {
  const asOf = options.asOf ?? businessDate();
  const total: RateResult = { rated: 0, gradeChanges: 0 };
  let after = 0;
  for (;;) {
    const ids = await repo.listCustomerIds(db, after, BATCH);
    if (ids.length === 0) return total;
    const result = await withTransaction(db, (tx) => rateBatch(tx, ids, options, asOf));
    total.rated += result.rated;
    total.gradeChanges += result.gradeChanges;
    after = ids.at(-1)!;
  }
}

/** The days-past-due bands' first days (1, 31, 61, 91 by default): crossing one changes the score. */
export function overdueBandStarts(policy: CreditPolicyConfig): number[] {
  return policy.daysPastDue.bands.map((b) => b.upToDays + 1);
}

/** Re-rates customers whose open invoices crossed a days-past-due band since their last rating. */
export async function rateNewlyOverdue(db: Db, asOf = businessDate()): Promise<RateResult> {
  const policy = await getCurrentPolicy(db);
  const ids = await repo.listCrossedOverdue(db, asOf, overdueBandStarts(policy.config));
  return rateCustomers(db, ids, { trigger: 'overdue_scan', asOf });
}
