/**
 * Optional credit inputs (issue #6): external ratings and financial-statement ratios, entered
 * per customer and shown beside the score. DOMAIN §4's scorecard does not read them, so
 * entering one does not re-rate the customer.
 */
import type {
  CreateExternalRating,
  CreateFinancialRatios,
  CreditInputs,
  ExternalRating,
  FinancialRatios,
  LatestCreditInputs,
} from '../../../contracts/credit-inputs.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as creditRepo from './credit.repository.ts';
import * as repo from './inputs.repository.ts';

/** How much history the customer's page lists of each kind. */
const HISTORY_LIMIT = 50;

async function requireCustomer(db: Queryable, ctx: RequestContext, customerId: number) {
  // Out of scope and missing look the same.
  if (!(await creditRepo.findProfile(db, ctx, customerId))) throw new AppError('NOT_FOUND');
}

function refuseFuture(date: string, field: string, today: string) {
  if (date > today) throw new AppError('CREDIT_INPUT_IN_FUTURE', { date }, { field });
}

/** The latest of each kind, for a customer already checked to be in scope. */
export async function readLatestInputs(db: Queryable, customerId: number): Promise<LatestCreditInputs> {
  return repo.findLatestInputs(db, customerId);
}

export async function getCustomerInputs(
  db: Db,
  ctx: RequestContext,
  customerId: number,
): Promise<CreditInputs> {
  await requireCustomer(db, ctx, customerId);
  const [externalRatings, financialRatioHistory] = await Promise.all([
    repo.listExternalRatings(db, customerId, HISTORY_LIMIT),
    repo.listFinancialRatios(db, customerId, HISTORY_LIMIT),
  ]);
  return {
    externalRating: externalRatings[0] ?? null,
    financialRatios: financialRatioHistory[0] ?? null,
    externalRatings,
    financialRatioHistory,
  };
}

export async function addExternalRating(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: CreateExternalRating,
  today: string = businessDate(),
): Promise<ExternalRating> {
  await requireCustomer(db, ctx, customerId);
  refuseFuture(input.ratedOn, 'ratedOn', today);
  return withTransaction(db, async (tx) => {
    const id = await repo.insertExternalRating(tx, {
      customerId,
      agency: input.agency,
      rating: input.rating,
      outlook: input.outlook ?? null,
      ratedOn: input.ratedOn,
      note: input.note || null,
      enteredBy: ctx.userId,
    });
    const created = (await repo.findExternalRating(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'credit_external_rating',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function addFinancialRatios(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: CreateFinancialRatios,
  today: string = businessDate(),
): Promise<FinancialRatios> {
  await requireCustomer(db, ctx, customerId);
  refuseFuture(input.periodEnd, 'periodEnd', today);
  return withTransaction(db, async (tx) => {
    const id = await repo.insertFinancialRatios(tx, {
      customerId,
      periodEnd: input.periodEnd,
      currentRatio: input.currentRatio ?? null,
      quickRatio: input.quickRatio ?? null,
      debtToAssetRatio: input.debtToAssetRatio ?? null,
      netMargin: input.netMargin ?? null,
      revenueFen: input.revenueFen ?? null,
      sourceNote: input.sourceNote || null,
      enteredBy: ctx.userId,
    });
    const created = (await repo.findFinancialRatios(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'credit_financial_ratios',
      entityId: id,
      after: created,
    });
    return created;
  });
}
