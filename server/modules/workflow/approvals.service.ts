/** Approval use cases behind the HTTP API: each in a transaction, with scope checks. */
import type {
  Approval,
  ApprovalQuery,
  ResubmitRequest,
  StartApprovalRequest,
} from '../../../contracts/workflow.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { pageClause } from '../../platform/listing.ts';
import { isInScope, scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import * as engine from './approvals.engine.ts';
import * as repo from './approvals.repository.ts';
import * as policies from './policies.repository.ts';
import * as tasks from './tasks.repository.ts';

function refuseDistributor(ctx: RequestContext) {
  if (ctx.distributorId !== null) throw new AppError('FORBIDDEN');
}

export async function startFromRequest(
  db: Db,
  ctx: RequestContext,
  input: StartApprovalRequest,
  now: Date,
): Promise<Approval> {
  refuseDistributor(ctx);
  // A document outside the caller's regions cannot be sent for approval by them.
  if (!isInScope(ctx, input.regionId, input.customerId)) throw new AppError('OUT_OF_SCOPE');
  return withTransaction(db, async (tx) => {
    if (input.customerId !== null) {
      const facts = await repo.customerFacts(tx, input.customerId);
      if (!facts || !isInScope(ctx, facts.regionId, input.customerId)) throw new AppError('OUT_OF_SCOPE');
    }
    const started = await engine.startApproval(tx, ctx, input, now);
    return (await presentApproval(tx, ctx, started.id, now))!;
  });
}

/**
 * Whether the caller may see this approval: they take part in it (started it, approve or
 * approved in it, or stand in for someone who does), or its region is in their scope.
 */
async function canSee(db: Queryable, ctx: RequestContext, approval: repo.ApprovalRow): Promise<boolean> {
  if (ctx.distributorId !== null) return false;
  if (approval.initiatorId === ctx.userId) return true;
  if (isInScope(ctx, approval.regionId, approval.customerId)) return true;
  const { rows } = await db.query(
    `SELECT 1 FROM workflow_tasks t WHERE t.approval_id = $1 AND (t.assignee_id = $2 OR t.assignee_id IN (
        SELECT user_id FROM workflow_delegations WHERE delegate_id = $2 AND revoked_at IS NULL))
     UNION ALL SELECT 1 FROM workflow_approval_slots WHERE approval_id = $1 AND decided_by = $2 LIMIT 1`,
    [approval.id, ctx.userId],
  );
  return rows.length > 0;
}

export async function presentApproval(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  now: Date,
): Promise<Approval | undefined> {
  const approval = await repo.findApproval(db, id);
  if (!approval || !(await canSee(db, ctx, approval))) return undefined;
  // One after the other: `db` may be a transaction's single connection.
  const steps = await repo.listSteps(db, id);
  const slots = await repo.listSlots(db, id);
  const timeline = await repo.listTimeline(db, id);
  const assignees = await tasks.slotAssignees(db, id);
  const policy = await policies.findPolicy(db, approval.policyId);
  const names = await db.query<{ regionName: string | null; customerName: string | null }>(
    `SELECT (SELECT CASE WHEN $3 = 'en' THEN name_en ELSE name_zh END FROM regions WHERE id = $1) AS "regionName",
            (SELECT name FROM customers WHERE id = $2) AS "customerName"`,
    [approval.regionId, approval.customerId, ctx.lang],
  );
  const people = await repo.findPeople(db, [
    ...(approval.initiatorId ? [approval.initiatorId] : []),
    ...steps.flatMap((s) => (s.addedBy ? [s.addedBy] : [])),
    ...slots.flatMap((s) => [s.decidedBy, s.onBehalfOf].filter((v): v is number => v !== null)),
    ...timeline.flatMap((t) => [t.actorId, t.onBehalfOf, t.targetId].filter((v): v is number => v !== null)),
    ...assignees.map((a) => a.userId),
  ]);
  const personOf = (pid: number | null) => (pid === null ? null : (people.get(pid) ?? null));
  const active = steps.find((s) => s.status === 'active');
  let canApprove = false;
  if (approval.status === 'pending' && active && approval.initiatorId !== ctx.userId) {
    const mine = await tasks.actionableSlotTasks(db, active.id, ctx.userId, businessDate(now));
    canApprove = mine.length > 0 && (await tasks.slotsDecidedBy(db, active.id, ctx.userId)) === 0;
  }
  const latest = await repo.findLatestApproval(db, approval.documentType, approval.documentId);
  return {
    id: approval.id,
    documentType: approval.documentType,
    documentId: approval.documentId,
    documentRef: approval.documentRef,
    title: approval.title,
    status: approval.status,
    amountFen: approval.amountFen,
    regionId: approval.regionId,
    regionName: names.rows[0]?.regionName ?? null,
    customerId: approval.customerId,
    customerName: names.rows[0]?.customerName ?? null,
    attributes: approval.attributes,
    policyVersion: approval.policyVersion,
    ruleName: approval.ruleName,
    initiator: personOf(approval.initiatorId),
    round: approval.round,
    startedAt: approval.startedAt.toISOString(),
    finishedAt: approval.finishedAt?.toISOString() ?? null,
    steps: steps.map((s) => ({
      id: s.id,
      position: s.position,
      name: s.name,
      mode: s.mode,
      required: s.required,
      status: s.status,
      addedBy: personOf(s.addedBy),
      activatedAt: s.activatedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      slots: slots
        .filter((slot) => slot.stepId === s.id)
        .map((slot) => ({
          id: slot.id,
          approver: slot.approver,
          status: slot.status,
          assignees: assignees
            .filter((a) => a.slotId === slot.id)
            .map((a) => personOf(a.userId))
            .filter((p) => p !== null),
          decidedBy: personOf(slot.decidedBy),
          onBehalfOf: personOf(slot.onBehalfOf),
          decidedAt: slot.decidedAt?.toISOString() ?? null,
          comment: slot.comment,
        })),
    })),
    timeline: timeline.map((t) => ({
      id: t.id,
      action: t.action,
      actor: personOf(t.actorId),
      onBehalfOf: personOf(t.onBehalfOf),
      target: personOf(t.targetId),
      comment: t.comment,
      at: t.at.toISOString(),
      stepPosition: t.stepPosition,
    })),
    can: {
      approve: canApprove,
      withdraw: approval.status === 'pending' && approval.initiatorId === ctx.userId,
      addSigner: canApprove && (policy?.definition.allowAddSigner ?? false),
      resubmit:
        approval.status === 'returned' && approval.initiatorId === ctx.userId && latest?.id === approval.id,
    },
  };
}

export async function getApproval(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  now: Date,
): Promise<Approval> {
  const approval = await presentApproval(db, ctx, id, now);
  if (!approval) throw new AppError('NOT_FOUND');
  return approval;
}

export async function listApprovals(
  db: Queryable,
  ctx: RequestContext,
  query: ApprovalQuery,
  maxPageSize: number,
) {
  refuseDistributor(ctx);
  const params = new SqlParams();
  const me = params.add(ctx.userId);
  const where = [
    `(a.initiator_id = ${me} OR ${scopeCondition(ctx, { region: 'a.region_id', customer: 'a.customer_id' }, params)}
      OR EXISTS (SELECT 1 FROM workflow_tasks t WHERE t.approval_id = a.id AND t.assignee_id = ${me}))`,
  ];
  if (query.documentType) where.push(`a.document_type = ${params.add(query.documentType)}`);
  if (query.documentId) where.push(`a.document_id = ${params.add(query.documentId)}`);
  if (query.mine) where.push(`a.initiator_id = ${me}`);
  if (query.status) where.push(`a.status = ${params.add(query.status)}`);
  const page = pageClause(query, maxPageSize, params);
  const { rows } = await db.query<{
    id: number;
    documentType: Approval['documentType'];
    documentId: number;
    documentRef: string;
    title: string | null;
    status: Approval['status'];
    amountFen: number | null;
    initiatorId: number | null;
    initiatorName: string | null;
    round: number;
    startedAt: Date;
    finishedAt: Date | null;
    total: number;
  }>(
    `SELECT a.id, a.document_type AS "documentType", a.document_id AS "documentId", a.document_ref AS "documentRef",
            a.title, a.status, a.amount_fen AS "amountFen", a.initiator_id AS "initiatorId",
            u.display_name AS "initiatorName", a.round, a.started_at AS "startedAt", a.finished_at AS "finishedAt",
            count(*) OVER ()::int AS total
       FROM workflow_approvals a LEFT JOIN users u ON u.id = a.initiator_id
      WHERE ${where.join(' AND ')}
      ORDER BY a.id DESC ${page}`,
    params.values,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      documentType: r.documentType,
      documentId: r.documentId,
      documentRef: r.documentRef,
      title: r.title,
      status: r.status,
      amountFen: r.amountFen,
      initiator: r.initiatorId ? { id: r.initiatorId, displayName: r.initiatorName ?? '' } : null,
      round: r.round,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    total: rows[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Runs an engine step on an approval the caller can see (404 otherwise) and returns it afresh. */
async function act(
  db: Db,
  ctx: RequestContext,
  id: number,
  now: Date,
  step: (tx: Queryable) => Promise<unknown>,
): Promise<Approval> {
  refuseDistributor(ctx);
  return withTransaction(db, async (tx) => {
    const approval = await repo.findApproval(tx, id);
    if (!approval || !(await canSee(tx, ctx, approval))) throw new AppError('NOT_FOUND');
    await step(tx);
    return (await presentApproval(tx, ctx, id, now))!;
  });
}

export function decide(
  db: Db,
  ctx: RequestContext,
  id: number,
  decision: engine.Decision,
  comment: string,
  now: Date,
) {
  return act(db, ctx, id, now, (tx) => engine.decideApproval(tx, ctx, id, decision, comment, now));
}

export function withdraw(db: Db, ctx: RequestContext, id: number, comment: string, now: Date) {
  return act(db, ctx, id, now, (tx) => engine.withdrawApproval(tx, ctx, id, comment, now));
}

export function addSigner(
  db: Db,
  ctx: RequestContext,
  id: number,
  userId: number,
  comment: string,
  now: Date,
) {
  return act(db, ctx, id, now, (tx) => engine.addSigner(tx, ctx, id, userId, comment, now));
}

export async function resubmit(
  db: Db,
  ctx: RequestContext,
  id: number,
  changes: ResubmitRequest,
  now: Date,
): Promise<Approval> {
  refuseDistributor(ctx);
  return withTransaction(db, async (tx) => {
    const approval = await repo.findApproval(tx, id);
    if (!approval || !(await canSee(tx, ctx, approval))) throw new AppError('NOT_FOUND');
    const started = await engine.resubmitApproval(tx, ctx, id, changes, now);
    return (await presentApproval(tx, ctx, started.id, now))!;
  });
}
