/** Credit profiles: lists, the customer's credit page, rating now, status and limit changes. */
import type {
  ChangeStatusRequest,
  CreateLimitRequest,
  CreditCustomerDetail,
  CreditExposure,
  CreditProfileQuery,
  CreditProfileSummary,
  CreditRating,
  CreditRatingExplanation,
  DecideRequest,
  LimitRequest,
  LimitRequestQuery,
  RejectRequest,
} from '../../../contracts/credit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import * as repo from './credit.repository.ts';
import { formatYuan, scoreCustomer } from './credit.rules.ts';
import * as decisionsRepo from './decisions.repository.ts';
import { presentDecision } from './decisions.service.ts';
import { readLatestInputs } from './inputs.service.ts';
import { getPolicyVersions } from './policy.service.ts';
import { rateCustomers } from './rating.service.ts';

function toExposure(row: repo.ExposureRow): CreditExposure {
  const openReceivablesFen = row.openInvoicesFen - row.unappliedFen;
  return {
    openInvoicesFen: row.openInvoicesFen,
    unappliedFen: row.unappliedFen,
    openReceivablesFen,
    openOrdersFen: row.openOrdersFen,
    exposureFen: openReceivablesFen + row.openOrdersFen,
    worstDaysPastDue: row.worstDaysPastDue,
  };
}

function toRating(row: repo.RatingRow): CreditRating {
  return {
    id: row.id,
    customerId: row.customerId,
    asOf: row.asOf,
    ratedAt: row.ratedAt,
    trigger: row.trigger,
    policyVersion: row.policyVersion,
    score: row.score,
    grade: row.grade,
    previousGrade: row.previousGrade,
    recommendedLimitFen: row.recommendedLimitFen,
    inputs: row.inputs,
    facts: row.facts,
    factors: row.factors,
  };
}

function toLimitRequest(row: decisionsRepo.LimitRequestRow): LimitRequest {
  const { regionId: _region, requestedBy: _by, ...rest } = row;
  return rest;
}

export async function listProfiles(
  db: Db,
  ctx: RequestContext,
  query: CreditProfileQuery,
  maxPageSize: number,
): Promise<{ items: CreditProfileSummary[]; total: number; page: number; pageSize: number }> {
  const { items, total } = await repo.listProfiles(db, ctx, query, maxPageSize);
  const exposures = await repo.readExposures(
    db,
    items.map((i) => i.customerId),
    businessDate(),
  );
  const exposureOf = new Map(exposures.map((e) => [e.customerId, toExposure(e).exposureFen]));
  return {
    items: items.map(({ paymentTermsDays: _terms, version: _version, ...p }) => {
      const exposureFen = exposureOf.get(p.customerId) ?? 0;
      return {
        ...p,
        exposureFen,
        utilisation: p.limitFen > 0 ? Math.round((exposureFen / p.limitFen) * 10_000) / 10_000 : null,
      };
    }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function requireProfile(db: Queryable, ctx: RequestContext, customerId: number) {
  const profile = await repo.findProfile(db, ctx, customerId);
  // Out of scope and missing look the same.
  if (!profile) throw new AppError('NOT_FOUND');
  return profile;
}

export async function getCustomerCredit(
  db: Db,
  ctx: RequestContext,
  customerId: number,
): Promise<CreditCustomerDetail> {
  const profile = await requireProfile(db, ctx, customerId);
  const [ratings, [exposure], requests, recent, optionalInputs] = await Promise.all([
    repo.listRatings(db, customerId, 36),
    repo.readExposures(db, [customerId], businessDate()),
    decisionsRepo.listLimitRequests(db, ctx, { customerId, page: 1, pageSize: 10 }, 10),
    decisionsRepo.listRecentDecisions(db, customerId, 10),
    readLatestInputs(db, customerId),
  ]);
  const { ownerRepName, ...rest } = profile;
  return {
    customerId: rest.customerId,
    customerCode: rest.customerCode,
    customerName: rest.customerName,
    regionId: rest.regionId,
    regionName: rest.regionName,
    ownerRepName,
    paymentTermsDays: rest.paymentTermsDays,
    isRated: rest.isRated,
    status: rest.status,
    limitFen: rest.limitFen,
    version: rest.version,
    latest: ratings[0] ? toRating(ratings[0]) : null,
    history: ratings.map((r) => ({
      id: r.id,
      asOf: r.asOf,
      ratedAt: r.ratedAt,
      trigger: r.trigger,
      policyVersion: r.policyVersion,
      score: r.score,
      grade: r.grade,
      recommendedLimitFen: r.recommendedLimitFen,
      limitFen: r.limitFen,
    })),
    exposure: toExposure(exposure!),
    limitRequests: requests.items.map(toLimitRequest),
    decisions: recent.map((d) => presentDecision(ctx, d)),
    optionalInputs,
  };
}

/** Rates the customer now (a manual rating) and returns the credit page. */
export async function rateNow(
  db: Db,
  ctx: RequestContext,
  customerId: number,
): Promise<CreditCustomerDetail> {
  await requireProfile(db, ctx, customerId);
  await rateCustomers(db, [customerId], { trigger: 'manual', actor: ctx });
  return getCustomerCredit(db, ctx, customerId);
}

/**
 * A past rating with its stored inputs, and the score recomputed from them with the policy
 * version it used: the two agree however the customer's data has changed since.
 */
export async function explainRating(
  db: Db,
  ctx: RequestContext,
  id: number,
): Promise<CreditRatingExplanation> {
  const row = await repo.findRating(db, ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  const policy = (await getPolicyVersions(db, [row.policyVersion])).get(row.policyVersion)!;
  const card = scoreCustomer(row.inputs, policy);
  return { ...toRating(row), recomputedScore: card.score, recomputedFactors: card.factors };
}

/** Normal / watch / hold, by the finance director, with a reason (audited). */
export async function changeStatus(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: ChangeStatusRequest,
): Promise<CreditCustomerDetail> {
  const before = await requireProfile(db, ctx, customerId);
  if (!before.isRated) throw new AppError('INVALID_STATUS', { entity: entityName(ctx), status: 'unrated' });
  await withTransaction(db, async (tx) => {
    if (!(await repo.updateProfileStatus(tx, customerId, input.version, input.status, input.reason))) {
      throw new AppError('VERSION_CONFLICT');
    }
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'credit_profile',
      entityId: customerId,
      before: { status: before.status },
      after: { status: input.status },
      reason: input.reason,
    });
    await emitEvent(tx, 'credit.status_changed', { customerId, from: before.status, to: input.status });
  });
  return getCustomerCredit(db, ctx, customerId);
}

function entityName(ctx: RequestContext) {
  return ctx.lang === 'en' ? 'credit profile' : '信用档案';
}

export async function requestLimitChange(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: CreateLimitRequest,
): Promise<LimitRequest> {
  let profile = await requireProfile(db, ctx, customerId);
  if (!profile.isRated) {
    await rateCustomers(db, [customerId], { trigger: 'manual', actor: ctx, onlyUnrated: true });
    profile = await requireProfile(db, ctx, customerId);
  }
  if (input.requestedLimitFen === profile.limitFen) {
    throw new AppError(
      'CREDIT_LIMIT_UNCHANGED',
      { limit: formatYuan(profile.limitFen) },
      { field: 'requestedLimitFen' },
    );
  }
  return withTransaction(db, async (tx) => {
    const id = await decisionsRepo.insertLimitRequest(tx, {
      customerId,
      currentLimitFen: profile.limitFen,
      requestedLimitFen: input.requestedLimitFen,
      recommendedLimitFen: profile.recommendedLimitFen,
      reason: input.reason,
      requestedBy: ctx.userId,
    });
    if (id === undefined) {
      throw new AppError('DUPLICATE', {
        entity: ctx.lang === 'en' ? 'Pending limit request of' : '待审批额度申请：',
        value: profile.customerName,
      });
    }
    const created = (await decisionsRepo.findLimitRequest(tx, ctx, id))!;
    await recordAudit(tx, ctx, {
      action: 'request',
      entity: 'credit_limit_request',
      entityId: id,
      after: toLimitRequest(created),
      reason: input.reason,
    });
    return toLimitRequest(created);
  });
}

export async function listLimitRequests(db: Db, ctx: RequestContext, query: LimitRequestQuery, max: number) {
  const { items, total } = await decisionsRepo.listLimitRequests(db, ctx, query, max);
  return { items: items.map(toLimitRequest), total, page: query.page, pageSize: query.pageSize };
}

/** The finance director decides a limit request; nobody decides their own. */
export async function decideLimitRequest(
  db: Db,
  ctx: RequestContext,
  id: number,
  approve: boolean,
  input: DecideRequest | RejectRequest,
): Promise<LimitRequest> {
  return withTransaction(db, async (tx) => {
    const request = await decisionsRepo.findLimitRequest(tx, ctx, id, true);
    if (!request) throw new AppError('NOT_FOUND');
    if (request.status !== 'pending') {
      throw new AppError('INVALID_STATUS', {
        entity: ctx.lang === 'en' ? 'limit request' : '额度申请',
        status: request.status,
      });
    }
    if (request.requestedBy === ctx.userId) throw new AppError('SELF_APPROVAL');
    await decisionsRepo.decideLimitRequest(tx, id, approve ? 'approved' : 'rejected', ctx.userId, input.note);
    if (approve) {
      const locked = await repo.lockProfile(tx, request.customerId);
      if (!locked || !(await repo.updateProfileLimit(tx, request.customerId, request.requestedLimitFen))) {
        throw new AppError('NOT_FOUND');
      }
      await recordAudit(tx, ctx, {
        action: 'update',
        entity: 'credit_profile',
        entityId: request.customerId,
        before: { limitFen: locked.limitFen },
        after: { limitFen: request.requestedLimitFen, limitRequestId: id },
        reason: input.note ? `${request.reason} — ${input.note}` : request.reason,
      });
      await emitEvent(tx, 'credit.limit_changed', {
        customerId: request.customerId,
        from: locked.limitFen,
        to: request.requestedLimitFen,
        limitRequestId: id,
      });
    }
    await recordAudit(tx, ctx, {
      action: approve ? 'approve' : 'reject',
      entity: 'credit_limit_request',
      entityId: id,
      before: { status: 'pending' },
      after: { status: approve ? 'approved' : 'rejected' },
      reason: input.note,
    });
    return toLimitRequest((await decisionsRepo.findLimitRequest(tx, ctx, id))!);
  });
}
