/** SQL of approvals: the approval, its steps and slots, the timeline, and who may approve. */
import type {
  ApprovalStatus,
  ApproverSpec,
  DocumentAttributes,
  DocumentType,
  Person,
  StepMode,
} from '../../../contracts/workflow.ts';
import type { Queryable } from '../../platform/db.ts';
import type { SlotStatus } from './workflow.rules.ts';

export interface ApprovalRow {
  id: number;
  documentType: DocumentType;
  documentId: number;
  documentRef: string;
  title: string | null;
  policyId: number;
  policyVersion: number;
  ruleName: string | null;
  amountFen: number | null;
  regionId: number | null;
  customerId: number | null;
  attributes: DocumentAttributes;
  status: ApprovalStatus;
  initiatorId: number | null;
  round: number;
  startedAt: Date;
  finishedAt: Date | null;
  version: number;
}

const approvalColumns = `a.id, a.document_type AS "documentType", a.document_id AS "documentId",
  a.document_ref AS "documentRef", a.title, a.policy_id AS "policyId", p.version AS "policyVersion",
  a.rule_name AS "ruleName", a.amount_fen AS "amountFen", a.region_id AS "regionId", a.customer_id AS "customerId",
  a.attributes, a.status, a.initiator_id AS "initiatorId", a.round, a.started_at AS "startedAt",
  a.finished_at AS "finishedAt", a.version`;

export async function findApproval(
  db: Queryable,
  id: number,
  lock = false,
): Promise<ApprovalRow | undefined> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT ${approvalColumns} FROM workflow_approvals a JOIN workflow_policies p ON p.id = a.policy_id
      WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`,
    [id],
  );
  return rows[0];
}

/** The most recent approval of a document (any status). */
export async function findLatestApproval(
  db: Queryable,
  documentType: string,
  documentId: number,
): Promise<ApprovalRow | undefined> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT ${approvalColumns} FROM workflow_approvals a JOIN workflow_policies p ON p.id = a.policy_id
      WHERE a.document_type = $1 AND a.document_id = $2 ORDER BY a.id DESC LIMIT 1`,
    [documentType, documentId],
  );
  return rows[0];
}

export interface NewApproval {
  documentType: DocumentType;
  documentId: number;
  documentRef: string;
  title: string | null;
  policyId: number;
  ruleIndex: number;
  ruleName: string;
  amountFen: number | null;
  regionId: number | null;
  customerId: number | null;
  attributes: DocumentAttributes;
  initiatorId: number | null;
  round: number;
  startedAt: Date;
}

export async function insertApproval(tx: Queryable, a: NewApproval): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO workflow_approvals (document_type, document_id, document_ref, title, policy_id, rule_index, rule_name,
        amount_fen, region_id, customer_id, attributes, status, initiator_id, round, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, 'pending', $12, $13, $14) RETURNING id`,
    [
      a.documentType,
      a.documentId,
      a.documentRef,
      a.title,
      a.policyId,
      a.ruleIndex,
      a.ruleName,
      a.amountFen,
      a.regionId,
      a.customerId,
      JSON.stringify(a.attributes),
      a.initiatorId,
      a.round,
      a.startedAt,
    ],
  );
  return rows[0]!.id;
}

export async function finishApproval(
  tx: Queryable,
  id: number,
  status: Exclude<ApprovalStatus, 'pending'>,
  at: Date,
): Promise<void> {
  const result = await tx.query(
    `UPDATE workflow_approvals SET status = $2, finished_at = $3, version = version + 1
      WHERE id = $1 AND status = 'pending'`,
    [id, status, at],
  );
  if (result.rowCount !== 1) throw new Error(`approval ${id} was not pending`);
}

export async function touchApproval(tx: Queryable, id: number): Promise<void> {
  await tx.query('UPDATE workflow_approvals SET version = version + 1 WHERE id = $1', [id]);
}

// ---------------------------------------------------------------------------------------
// Steps and slots

export interface StepRow {
  id: number;
  position: number;
  name: string | null;
  mode: StepMode;
  required: number;
  status: 'waiting' | 'active' | 'approved' | 'rejected' | 'returned' | 'cancelled';
  addedBy: number | null;
  activatedAt: Date | null;
  finishedAt: Date | null;
}

export interface SlotRow {
  id: number;
  stepId: number;
  approver: ApproverSpec;
  status: SlotStatus;
  decidedBy: number | null;
  onBehalfOf: number | null;
  decidedAt: Date | null;
  comment: string | null;
}

/** Inserts the steps with their slots (one per approver); every step waits until activated. */
export async function insertSteps(
  tx: Queryable,
  approvalId: number,
  steps: {
    position: number;
    name: string;
    mode: StepMode;
    required: number;
    approvers: ApproverSpec[];
    addedBy?: number;
  }[],
): Promise<number[]> {
  if (steps.length === 0) return [];
  const { rows } = await tx.query<{ id: number; position: number }>(
    `INSERT INTO workflow_approval_steps (approval_id, position, name, mode, required, added_by, status)
     SELECT $1, s.position, nullif(s.name, ''), s.mode, s.required, s.added_by, 'waiting'
       FROM jsonb_to_recordset($2::jsonb) AS s(position int, name text, mode text, required int, added_by bigint)
     RETURNING id, position`,
    [
      approvalId,
      JSON.stringify(
        steps.map((s) => ({
          position: s.position,
          name: s.name,
          mode: s.mode,
          required: s.required,
          added_by: s.addedBy ?? null,
        })),
      ),
    ],
  );
  const idByPosition = new Map(rows.map((r) => [r.position, r.id]));
  const slots = steps.flatMap((s) =>
    s.approvers.map((approver) => ({ step_id: idByPosition.get(s.position)!, approver })),
  );
  await tx.query(
    `INSERT INTO workflow_approval_slots (step_id, approval_id, approver, status)
     SELECT s.step_id, $1, s.approver, 'open' FROM jsonb_to_recordset($2::jsonb) AS s(step_id bigint, approver jsonb)`,
    [approvalId, JSON.stringify(slots)],
  );
  return steps.map((s) => idByPosition.get(s.position)!);
}

/** Moves the steps after `position` one down, to make room for an added one. */
export async function shiftStepsAfter(tx: Queryable, approvalId: number, position: number): Promise<void> {
  await tx.query(
    'UPDATE workflow_approval_steps SET position = position + 1 WHERE approval_id = $1 AND position > $2',
    [approvalId, position],
  );
}

const stepColumns = `id, position, name, mode, required, status, added_by AS "addedBy", activated_at AS "activatedAt",
  finished_at AS "finishedAt"`;
const slotColumns = `id, step_id AS "stepId", approver, status, decided_by AS "decidedBy",
  on_behalf_of AS "onBehalfOf", decided_at AS "decidedAt", comment`;

export async function listSteps(db: Queryable, approvalId: number): Promise<StepRow[]> {
  const { rows } = await db.query<StepRow>(
    `SELECT ${stepColumns} FROM workflow_approval_steps WHERE approval_id = $1 ORDER BY position`,
    [approvalId],
  );
  return rows;
}

export async function listSlots(db: Queryable, approvalId: number): Promise<SlotRow[]> {
  const { rows } = await db.query<SlotRow>(
    `SELECT ${slotColumns} FROM workflow_approval_slots WHERE approval_id = $1 ORDER BY step_id, id`,
    [approvalId],
  );
  return rows;
}

export async function setStepStatus(
  tx: Queryable,
  stepId: number,
  status: StepRow['status'],
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE workflow_approval_steps
        SET status = $2,
            activated_at = CASE WHEN $2 = 'active' THEN $3 ELSE activated_at END,
            finished_at = CASE WHEN $2 IN ('approved', 'rejected', 'returned', 'cancelled') THEN $3 END
      WHERE id = $1`,
    [stepId, status, at],
  );
}

/** Ends every waiting or active step of the approval (after a rejection, a return, a withdrawal). */
export async function cancelOpenSteps(tx: Queryable, approvalId: number, at: Date): Promise<void> {
  await tx.query(
    `UPDATE workflow_approval_steps SET status = 'cancelled', finished_at = $2
      WHERE approval_id = $1 AND status IN ('waiting', 'active')`,
    [approvalId, at],
  );
  await tx.query(
    `UPDATE workflow_approval_slots SET status = 'cancelled' WHERE approval_id = $1 AND status = 'open'`,
    [approvalId],
  );
}

export async function decideSlot(
  tx: Queryable,
  slotId: number,
  decision: {
    status: 'approved' | 'rejected' | 'returned';
    by: number;
    onBehalfOf: number | null;
    at: Date;
    comment: string;
  },
): Promise<void> {
  const result = await tx.query(
    `UPDATE workflow_approval_slots
        SET status = $2, decided_by = $3, on_behalf_of = $4, decided_at = $5, comment = nullif($6, '')
      WHERE id = $1 AND status = 'open'`,
    [slotId, decision.status, decision.by, decision.onBehalfOf, decision.at, decision.comment],
  );
  if (result.rowCount !== 1) throw new Error(`slot ${slotId} was not open`);
}

export async function cancelOpenSlotsOfStep(tx: Queryable, stepId: number): Promise<void> {
  await tx.query(
    `UPDATE workflow_approval_slots SET status = 'cancelled' WHERE step_id = $1 AND status = 'open'`,
    [stepId],
  );
}

// ---------------------------------------------------------------------------------------
// People

/** The region and every region above it. */
export async function regionPath(db: Queryable, regionId: number | null): Promise<number[]> {
  if (regionId === null) return [];
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 0 AS depth FROM regions WHERE id = $1
       UNION ALL
       SELECT r.id, r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.parent_id)
     SELECT id FROM up ORDER BY depth`,
    [regionId],
  );
  return rows.map((r) => r.id);
}

/**
 * Active people an approver stands for: the person, or the holders of the role (company-wide,
 * or assigned to the document's region or a region above it).
 */
export async function resolveApprover(
  db: Queryable,
  approver: ApproverSpec,
  path: readonly number[],
): Promise<Person[]> {
  if (approver.kind === 'user') {
    const { rows } = await db.query<Person>(
      `SELECT id, display_name AS "displayName" FROM users
        WHERE id = $1 AND is_active AND NOT ('distributor' = ANY(roles))`,
      [approver.userId],
    );
    return rows;
  }
  const { rows } = await db.query<Person>(
    `SELECT u.id, u.display_name AS "displayName" FROM users u
      WHERE u.is_active AND $1 = ANY(u.roles)
        AND ($2 = 'company' OR EXISTS (
              SELECT 1 FROM user_regions ur WHERE ur.user_id = u.id AND ur.region_id = ANY($3::bigint[])))
      ORDER BY u.id`,
    [approver.role, approver.scope, path],
  );
  return rows;
}

export async function findManager(db: Queryable, userId: number): Promise<Person | undefined> {
  const { rows } = await db.query<Person>(
    `SELECT m.id, m.display_name AS "displayName" FROM users u JOIN users m ON m.id = u.manager_id
      WHERE u.id = $1 AND m.is_active`,
    [userId],
  );
  return rows[0];
}

export async function findPeople(db: Queryable, ids: readonly number[]): Promise<Map<number, Person>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<Person>(
    `SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1::bigint[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((p) => [p.id, p]));
}

/** An active, internal user (approvers, delegates, assignees). */
export async function findInternalUser(db: Queryable, id: number): Promise<Person | undefined> {
  const { rows } = await db.query<Person>(
    `SELECT id, display_name AS "displayName" FROM users
      WHERE id = $1 AND is_active AND NOT ('distributor' = ANY(roles))`,
    [id],
  );
  return rows[0];
}

/** Customer facts a policy may route on, when the caller did not give them. */
export async function customerFacts(
  db: Queryable,
  customerId: number,
): Promise<
  | {
      type: DocumentAttributes['customerType'];
      regionId: number;
      creditGrade: DocumentAttributes['creditGrade'];
    }
  | undefined
> {
  const { rows } = await db.query<{
    type: DocumentAttributes['customerType'];
    regionId: number;
    creditGrade: DocumentAttributes['creditGrade'];
  }>(
    `SELECT c.type, c.region_id AS "regionId",
            (SELECT cp.grade FROM credit_profiles cp WHERE cp.customer_id = c.id) AS "creditGrade"
       FROM customers c WHERE c.id = $1`,
    [customerId],
  );
  return rows[0];
}

// ---------------------------------------------------------------------------------------
// Timeline

export type TimelineAction =
  | 'start'
  | 'approve'
  | 'reject'
  | 'return'
  | 'withdraw'
  | 'add_signer'
  | 'remind'
  | 'escalate'
  | 'complete'
  | 'assign';

export async function addTimelineEntry(
  tx: Queryable,
  entry: {
    approvalId: number;
    stepId: number | null;
    action: TimelineAction;
    actorId: number | null;
    onBehalfOf?: number | null;
    targetId?: number | null;
    comment?: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO workflow_approval_events (approval_id, step_id, action, actor_id, on_behalf_of, target_id, comment, at)
     VALUES ($1, $2, $3, $4, $5, $6, nullif($7, ''), $8)`,
    [
      entry.approvalId,
      entry.stepId,
      entry.action,
      entry.actorId && entry.actorId > 0 ? entry.actorId : null,
      entry.onBehalfOf ?? null,
      entry.targetId ?? null,
      entry.comment ?? null,
      entry.at,
    ],
  );
}

export interface TimelineRow {
  id: number;
  action: TimelineAction;
  actorId: number | null;
  onBehalfOf: number | null;
  targetId: number | null;
  comment: string | null;
  at: Date;
  stepPosition: number | null;
}

export async function listTimeline(db: Queryable, approvalId: number): Promise<TimelineRow[]> {
  const { rows } = await db.query<TimelineRow>(
    `SELECT e.id, e.action, e.actor_id AS "actorId", e.on_behalf_of AS "onBehalfOf", e.target_id AS "targetId",
            e.comment, e.at, s.position AS "stepPosition"
       FROM workflow_approval_events e LEFT JOIN workflow_approval_steps s ON s.id = e.step_id
      WHERE e.approval_id = $1 ORDER BY e.at, e.id`,
    [approvalId],
  );
  return rows;
}
