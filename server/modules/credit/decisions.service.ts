/**
 * Order credit decisions waiting for an approver (until the workflow module routes them): a
 * regional manager (in their regions) approves what DOMAIN §4 sends to the regional manager;
 * the finance director approves both levels. Nobody decides an order they confirmed.
 */
import type {
  CreditDecisionQuery,
  CreditDecisionView,
  DecideRequest,
  RejectRequest,
} from '../../../contracts/credit.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { approverRank, decisionReason } from './credit.rules.ts';
import * as repo from './decisions.repository.ts';

export function presentDecision(ctx: RequestContext, row: repo.DecisionRow): CreditDecisionView {
  const { requestedBy: _requestedBy, ...rest } = row;
  return {
    ...rest,
    reason: decisionReason(
      {
        rule: row.rule,
        exposureFen: row.exposureFen,
        limitFen: row.limitFen,
        grade: row.grade,
        worstDaysPastDue: row.worstDaysPastDue,
      },
      ctx.lang,
    ),
  };
}

/** 2 for a finance director, 1 for a regional manager, 0 for everyone else. */
export function approverRankOf(ctx: RequestContext): number {
  if (ctx.roles.includes('finance_director')) return approverRank.finance_director;
  if (ctx.roles.includes('regional_manager')) return approverRank.regional_manager;
  return 0;
}

export async function listDecisions(db: Db, ctx: RequestContext, query: CreditDecisionQuery, max: number) {
  const { items, total } = await repo.listDecisions(db, ctx, query, max);
  return {
    items: items.map((d) => presentDecision(ctx, d)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getDecision(db: Db, ctx: RequestContext, id: number): Promise<CreditDecisionView> {
  const row = await repo.findDecision(db, ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  return presentDecision(ctx, row);
}

export async function decideCreditDecision(
  db: Db,
  ctx: RequestContext,
  id: number,
  approve: boolean,
  input: DecideRequest | RejectRequest,
): Promise<CreditDecisionView> {
  return withTransaction(db, async (tx) => {
    const row = await repo.findDecision(tx, ctx, id, true);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.status !== 'pending') {
      throw new AppError('INVALID_STATUS', {
        entity: ctx.lang === 'en' ? 'credit decision' : '信用审批',
        status: row.status,
      });
    }
    const required = row.outcome === 'finance_director' ? 'finance_director' : 'regional_manager';
    const rank = approverRankOf(ctx);
    if (rank < approverRank[required]) {
      const level =
        required === 'finance_director'
          ? ctx.lang === 'en'
            ? 'the finance director'
            : '财务总监'
          : ctx.lang === 'en'
            ? 'a regional manager or the finance director'
            : '区域经理或财务总监';
      throw new AppError('CREDIT_APPROVER_ROLE', { level }, { required });
    }
    if (row.requestedBy === ctx.userId) throw new AppError('SELF_APPROVAL');
    await repo.decide(
      tx,
      id,
      approve ? 'approved' : 'rejected',
      ctx.userId,
      input.note,
      approve ? rank : null,
    );
    await recordAudit(tx, ctx, {
      action: approve ? 'approve' : 'reject',
      entity: 'credit_decision',
      entityId: id,
      before: { status: 'pending' },
      after: {
        status: approve ? 'approved' : 'rejected',
        orderId: row.orderId,
        exposureFen: row.exposureFen,
        limitFen: row.limitFen,
        outcome: row.outcome,
      },
      reason: input.note,
    });
    await emitEvent(tx, approve ? 'credit.decision_approved' : 'credit.decision_rejected', {
      decisionId: id,
      orderId: row.orderId,
      customerId: row.customerId,
    });
    return presentDecision(ctx, (await repo.findDecision(tx, ctx, id))!);
  });
}

/**
 * The workflow decided the approval it was asked for (document type `credit_decision`, the
 * decision's id): the credit decision follows, once. The workflow routed it to the level the
 * decision needs (regional manager or finance director), so that level is what it approved
 * at. A decision already settled in the credit worklist stays as it is.
 */
export async function settleFromWorkflow(
  db: Db,
  input: { decisionId: number; approved: boolean; decidedBy: number; comment: string | null },
): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const row = await repo.findDecision(tx, systemContext(), input.decisionId, true);
    if (row?.status !== 'pending') return false;
    const { rows } = await tx.query<{ username: string; displayName: string }>(
      'SELECT username, display_name AS "displayName" FROM users WHERE id = $1',
      [input.decidedBy],
    );
    if (!rows[0]) return false;
    const required = row.outcome === 'finance_director' ? 'finance_director' : 'regional_manager';
    const status = input.approved ? 'approved' : 'rejected';
    await repo.decide(
      tx,
      input.decisionId,
      status,
      input.decidedBy,
      input.comment,
      input.approved ? approverRank[required] : null,
    );
    const decider: RequestContext = { ...systemContext(), userId: input.decidedBy, ...rows[0] };
    await recordAudit(tx, decider, {
      action: input.approved ? 'approve' : 'reject',
      entity: 'credit_decision',
      entityId: input.decisionId,
      before: { status: 'pending' },
      after: { status, orderId: row.orderId, via: 'workflow' },
      reason: input.comment,
    });
    await emitEvent(tx, input.approved ? 'credit.decision_approved' : 'credit.decision_rejected', {
      decisionId: input.decisionId,
      orderId: row.orderId,
      customerId: row.customerId,
    });
    return true;
  });
}
