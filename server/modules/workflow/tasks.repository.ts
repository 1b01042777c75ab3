/** SQL of the task inbox, notifications and delegations. */
import type { TaskKind } from '../../../contracts/workflow.ts';
import type { Queryable } from '../../platform/db.ts';
import { SqlParams } from '../../platform/sql.ts';

export interface NewTask {
  kind: TaskKind;
  assigneeId: number;
  titleZh: string;
  titleEn: string;
  detailZh?: string | null;
  detailEn?: string | null;
  link?: string | null;
  documentType?: string | null;
  documentId?: number | null;
  documentRef?: string | null;
  regionId?: number | null;
  customerId?: number | null;
  approvalId?: number | null;
  slotId?: number | null;
  originTaskId?: number | null;
  ruleId?: number | null;
  dueAt: Date | null;
  remindAt: Date | null;
  escalateAt: Date | null;
  createdBy?: number | null;
  createdAt: Date;
}

/** Inserts tasks in one statement; an approver already holding a slot's task is skipped. */
export async function insertTasks(
  tx: Queryable,
  tasks: readonly NewTask[],
): Promise<{ id: number; assigneeId: number }[]> {
  if (tasks.length === 0) return [];
  const { rows } = await tx.query<{ id: number; assigneeId: number }>(
    `INSERT INTO workflow_tasks (kind, assignee_id, title_zh, title_en, detail_zh, detail_en, link, document_type,
        document_id, document_ref, region_id, customer_id, approval_id, slot_id, origin_task_id, rule_id, due_at,
        remind_at, escalate_at, created_by, created_at)
     SELECT t.kind, t.assignee_id, t.title_zh, t.title_en, t.detail_zh, t.detail_en, t.link, t.document_type,
            t.document_id, t.document_ref, t.region_id, t.customer_id, t.approval_id, t.slot_id, t.origin_task_id,
            t.rule_id, t.due_at, t.remind_at, t.escalate_at, t.created_by, t.created_at
       FROM jsonb_to_recordset($1::jsonb) AS t(kind text, assignee_id bigint, title_zh text, title_en text,
            detail_zh text, detail_en text, link text, document_type text, document_id bigint, document_ref text,
            region_id bigint, customer_id bigint, approval_id bigint, slot_id bigint, origin_task_id bigint,
            rule_id bigint, due_at timestamptz, remind_at timestamptz, escalate_at timestamptz, created_by bigint,
            created_at timestamptz)
     ON CONFLICT (slot_id, assignee_id) WHERE slot_id IS NOT NULL DO NOTHING
     RETURNING id, assignee_id AS "assigneeId"`,
    [
      JSON.stringify(
        tasks.map((t) => ({
          kind: t.kind,
          assignee_id: t.assigneeId,
          title_zh: t.titleZh,
          title_en: t.titleEn,
          detail_zh: t.detailZh ?? null,
          detail_en: t.detailEn ?? null,
          link: t.link ?? null,
          document_type: t.documentType ?? null,
          document_id: t.documentId ?? null,
          document_ref: t.documentRef ?? null,
          region_id: t.regionId ?? null,
          customer_id: t.customerId ?? null,
          approval_id: t.approvalId ?? null,
          slot_id: t.slotId ?? null,
          origin_task_id: t.originTaskId ?? null,
          rule_id: t.ruleId ?? null,
          due_at: t.dueAt?.toISOString() ?? null,
          remind_at: t.remindAt?.toISOString() ?? null,
          escalate_at: t.escalateAt?.toISOString() ?? null,
          created_by: t.createdBy && t.createdBy > 0 ? t.createdBy : null,
          created_at: t.createdAt.toISOString(),
        })),
      ),
    ],
  );
  return rows;
}

/** Closes the open tasks of a slot: the decider's (or the one they acted for) as done, the rest cancelled. */
export async function closeSlotTasks(
  tx: Queryable,
  slotId: number,
  decidedFor: number | null,
  by: number | null,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE workflow_tasks
        SET status = CASE WHEN assignee_id = $2 THEN 'done' ELSE 'cancelled' END,
            completed_at = $4, completed_by = $3
      WHERE slot_id = $1 AND status = 'open'`,
    [slotId, decidedFor, by, at],
  );
}

/** Cancels every open task of an approval (it has finished). */
export async function cancelApprovalTasks(tx: Queryable, approvalId: number, at: Date): Promise<void> {
  await tx.query(
    `UPDATE workflow_tasks SET status = 'cancelled', completed_at = $2
      WHERE approval_id = $1 AND status = 'open'`,
    [approvalId, at],
  );
}

export interface OpenSlotTask {
  taskId: number;
  slotId: number;
  assigneeId: number;
  /** The assignee when the caller acts as their delegate, else null. */
  delegatedFrom: number | null;
}

/**
 * Open approval tasks of the step that the user may act on: their own, or those of people who
 * delegated to them for the business day. Own tasks come first.
 */
export async function actionableSlotTasks(
  db: Queryable,
  stepId: number,
  userId: number,
  businessDay: string,
): Promise<OpenSlotTask[]> {
  const { rows } = await db.query<OpenSlotTask>(
    `SELECT t.id AS "taskId", t.slot_id AS "slotId", t.assignee_id AS "assigneeId",
            CASE WHEN t.assignee_id = $2 THEN NULL ELSE t.assignee_id END AS "delegatedFrom"
       FROM workflow_tasks t JOIN workflow_approval_slots s ON s.id = t.slot_id
      WHERE s.step_id = $1 AND s.status = 'open' AND t.status = 'open'
        AND (t.assignee_id = $2 OR t.assignee_id IN (
              SELECT d.user_id FROM workflow_delegations d
               WHERE d.delegate_id = $2 AND d.revoked_at IS NULL AND $3::date BETWEEN d.starts_on AND d.ends_on))
      ORDER BY (t.assignee_id = $2) DESC, t.id`,
    [stepId, userId, businessDay],
  );
  return rows;
}

/** Slots of the step this user already decided (nobody fills two slots of one step). */
export async function slotsDecidedBy(db: Queryable, stepId: number, userId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM workflow_approval_slots WHERE step_id = $1 AND decided_by = $2`,
    [stepId, userId],
  );
  return rows[0]!.n;
}

export async function slotAssignees(
  db: Queryable,
  approvalId: number,
): Promise<{ slotId: number; userId: number }[]> {
  const { rows } = await db.query<{ slotId: number; userId: number }>(
    `SELECT slot_id AS "slotId", assignee_id AS "userId" FROM workflow_tasks WHERE approval_id = $1 ORDER BY id`,
    [approvalId],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------
// Inbox

export interface TaskRow {
  id: number;
  kind: TaskKind;
  status: 'open' | 'done' | 'cancelled';
  titleZh: string;
  titleEn: string;
  detailZh: string | null;
  detailEn: string | null;
  link: string | null;
  documentType: string | null;
  documentId: number | null;
  documentRef: string | null;
  approvalId: number | null;
  amountFen: number | null;
  initiatorId: number | null;
  initiatorName: string | null;
  stepName: string | null;
  assigneeId: number;
  assigneeName: string;
  delegatedFrom: number | null;
  isEscalation: boolean;
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** The user's tasks and, for the business day, those of people who delegated to them. */
function inboxFilter(userId: number, businessDay: string, params: SqlParams): string {
  return `(t.assignee_id = ${params.add(userId)} OR (t.kind = 'approval' AND t.assignee_id IN (
            SELECT d.user_id FROM workflow_delegations d
             WHERE d.delegate_id = ${params.add(userId)} AND d.revoked_at IS NULL
               AND ${params.add(businessDay)}::date BETWEEN d.starts_on AND d.ends_on)))`;
}

function taskSelect(me: string): string {
  return `SELECT t.id, t.kind, t.status, t.title_zh AS "titleZh", t.title_en AS "titleEn", t.detail_zh AS "detailZh",
            t.detail_en AS "detailEn", t.link, t.document_type AS "documentType", t.document_id AS "documentId",
            t.document_ref AS "documentRef", t.approval_id AS "approvalId", a.amount_fen AS "amountFen",
            a.initiator_id AS "initiatorId", iu.display_name AS "initiatorName", st.name AS "stepName",
            t.assignee_id AS "assigneeId", au.display_name AS "assigneeName",
            CASE WHEN t.assignee_id = ${me} THEN NULL ELSE t.assignee_id END AS "delegatedFrom",
            t.origin_task_id IS NOT NULL AS "isEscalation",
            t.due_at AS "dueAt", t.created_at AS "createdAt", t.completed_at AS "completedAt"
       FROM workflow_tasks t
       JOIN users au ON au.id = t.assignee_id
       LEFT JOIN workflow_approvals a ON a.id = t.approval_id
       LEFT JOIN users iu ON iu.id = a.initiator_id
       LEFT JOIN workflow_approval_slots s ON s.id = t.slot_id
       LEFT JOIN workflow_approval_steps st ON st.id = s.step_id`;
}

export async function findTaskRow(db: Queryable, id: number, viewerId: number): Promise<TaskRow | undefined> {
  const { rows } = await db.query<TaskRow>(`${taskSelect('$2')} WHERE t.id = $1`, [id, viewerId]);
  return rows[0];
}

export async function listInbox(
  db: Queryable,
  userId: number,
  businessDay: string,
  query: { status: 'open' | 'done' | 'all'; kind?: TaskKind | undefined; limit: number; offset: number },
): Promise<{ rows: TaskRow[]; total: number }> {
  const params = new SqlParams();
  const where = [inboxFilter(userId, businessDay, params)];
  if (query.status !== 'all') where.push(`t.status = ${params.add(query.status)}`);
  if (query.kind) where.push(`t.kind = ${params.add(query.kind)}`);
  const me = params.add(userId);
  const { rows } = await db.query<TaskRow & { total: number }>(
    `SELECT *, count(*) OVER ()::int AS total FROM (${taskSelect(me)} WHERE ${where.join(' AND ')}) inbox
      ORDER BY (status = 'open') DESC, "dueAt" NULLS LAST, id DESC
      LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`,
    params.values,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function countInbox(
  db: Queryable,
  userId: number,
  businessDay: string,
  now: Date,
): Promise<{ openTasks: number; openApprovals: number; overdueTasks: number; unreadNotifications: number }> {
  const params = new SqlParams();
  const filter = inboxFilter(userId, businessDay, params);
  const { rows } = await db.query<{
    openTasks: number;
    openApprovals: number;
    overdueTasks: number;
    unreadNotifications: number;
  }>(
    `SELECT count(*)::int AS "openTasks",
            count(*) FILTER (WHERE t.kind = 'approval')::int AS "openApprovals",
            count(*) FILTER (WHERE t.due_at <= ${params.add(now)})::int AS "overdueTasks",
            (SELECT count(*)::int FROM workflow_notifications n
              WHERE n.user_id = ${params.add(userId)} AND n.read_at IS NULL) AS "unreadNotifications"
       FROM workflow_tasks t WHERE t.status = 'open' AND ${filter}`,
    params.values,
  );
  return rows[0]!;
}

export async function findTask(db: Queryable, id: number, lock = false) {
  const { rows } = await db.query<{
    id: number;
    kind: TaskKind;
    status: string;
    assigneeId: number;
    originTaskId: number | null;
    approvalId: number | null;
  }>(
    `SELECT id, kind, status, assignee_id AS "assigneeId", origin_task_id AS "originTaskId", approval_id AS "approvalId"
       FROM workflow_tasks WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/** Completes a task and every task of its escalation chain. */
export async function completeTaskChain(tx: Queryable, rootId: number, by: number, at: Date): Promise<void> {
  await tx.query(
    `UPDATE workflow_tasks SET status = CASE WHEN assignee_id = $2 THEN 'done' ELSE 'cancelled' END,
            completed_at = $3, completed_by = $2
      WHERE (id = $1 OR origin_task_id = $1) AND status = 'open'`,
    [rootId, by, at],
  );
}

// ---------------------------------------------------------------------------------------
// Reminders and escalation

export interface DueTask {
  id: number;
  kind: TaskKind;
  assigneeId: number;
  titleZh: string;
  titleEn: string;
  link: string | null;
  approvalId: number | null;
  slotId: number | null;
  stepId: number | null;
  originTaskId: number | null;
  documentType: string | null;
  documentId: number | null;
  documentRef: string | null;
  regionId: number | null;
  customerId: number | null;
  ruleId: number | null;
  initiatorId: number | null;
}

const dueTaskColumns = `t.id, t.kind, t.assignee_id AS "assigneeId", t.title_zh AS "titleZh", t.title_en AS "titleEn",
  t.link, t.approval_id AS "approvalId", t.slot_id AS "slotId", s.step_id AS "stepId",
  t.origin_task_id AS "originTaskId", t.document_type AS "documentType", t.document_id AS "documentId",
  t.document_ref AS "documentRef", t.region_id AS "regionId", t.customer_id AS "customerId", t.rule_id AS "ruleId",
  a.initiator_id AS "initiatorId"`;

/** Tasks whose reminder (or escalation) is due, oldest first. */
export async function listDueTasks(
  db: Queryable,
  which: 'remind' | 'escalate',
  now: Date,
  limit: number,
): Promise<{ id: number; approvalId: number | null }[]> {
  const [at, done] = which === 'remind' ? ['remind_at', 'reminded_at'] : ['escalate_at', 'escalated_at'];
  const { rows } = await db.query<{ id: number; approvalId: number | null }>(
    `SELECT id, approval_id AS "approvalId" FROM workflow_tasks
      WHERE status = 'open' AND ${done} IS NULL AND ${at} <= $1 ORDER BY ${at}, id LIMIT $2`,
    [now, limit],
  );
  return rows;
}

/** Marks one due task reminded (or escalated); undefined when it no longer is due (someone was first). */
export async function claimDueTask(
  tx: Queryable,
  id: number,
  which: 'remind' | 'escalate',
  now: Date,
): Promise<DueTask | undefined> {
  const [at, done] = which === 'remind' ? ['remind_at', 'reminded_at'] : ['escalate_at', 'escalated_at'];
  const { rows } = await tx.query<DueTask>(
    `WITH marked AS (
       UPDATE workflow_tasks SET ${done} = $2
        WHERE id = $1 AND status = 'open' AND ${done} IS NULL AND ${at} <= $2 RETURNING *)
     SELECT ${dueTaskColumns} FROM marked t
       LEFT JOIN workflow_approval_slots s ON s.id = t.slot_id
       LEFT JOIN workflow_approvals a ON a.id = t.approval_id`,
    [id, now],
  );
  return rows[0];
}

/** Managers of the given users (user id → manager), active ones only. */
export async function managersOf(db: Queryable, userIds: readonly number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<{ userId: number; managerId: number }>(
    `SELECT u.id AS "userId", m.id AS "managerId" FROM users u JOIN users m ON m.id = u.manager_id
      WHERE u.id = ANY($1::bigint[]) AND m.is_active`,
    [[...new Set(userIds)]],
  );
  return new Map(rows.map((r) => [r.userId, r.managerId]));
}

// ---------------------------------------------------------------------------------------
// Notifications

export interface NewNotification {
  userId: number;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh?: string | null;
  bodyEn?: string | null;
  link?: string | null;
  createdAt: Date;
}

export async function insertNotifications(tx: Queryable, items: readonly NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO workflow_notifications (user_id, kind, title_zh, title_en, body_zh, body_en, link, created_at)
     SELECT n.user_id, n.kind, n.title_zh, n.title_en, n.body_zh, n.body_en, n.link, n.created_at
       FROM jsonb_to_recordset($1::jsonb) AS n(user_id bigint, kind text, title_zh text, title_en text, body_zh text,
            body_en text, link text, created_at timestamptz)`,
    [
      JSON.stringify(
        items.map((n) => ({
          user_id: n.userId,
          kind: n.kind,
          title_zh: n.titleZh,
          title_en: n.titleEn,
          body_zh: n.bodyZh ?? null,
          body_en: n.bodyEn ?? null,
          link: n.link ?? null,
          created_at: n.createdAt.toISOString(),
        })),
      ),
    ],
  );
}

export interface NotificationRow {
  id: number;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string | null;
  bodyEn: string | null;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function listNotifications(
  db: Queryable,
  userId: number,
  query: { unread?: boolean | undefined; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number }> {
  const { rows } = await db.query<NotificationRow & { total: number }>(
    `SELECT id, kind, title_zh AS "titleZh", title_en AS "titleEn", body_zh AS "bodyZh", body_en AS "bodyEn", link,
            created_at AS "createdAt", read_at AS "readAt", count(*) OVER ()::int AS total
       FROM workflow_notifications
      WHERE user_id = $1 AND ($2::boolean IS NULL OR NOT $2 OR read_at IS NULL)
      ORDER BY id DESC LIMIT $3 OFFSET $4`,
    [userId, query.unread ?? null, query.limit, query.offset],
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function markNotificationsRead(
  tx: Queryable,
  userId: number,
  id: number | null,
  at: Date,
): Promise<number> {
  const result = await tx.query(
    `UPDATE workflow_notifications SET read_at = $3
      WHERE user_id = $1 AND ($2::bigint IS NULL OR id = $2) AND read_at IS NULL`,
    [userId, id, at],
  );
  return result.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------
// Delegations

export interface DelegationRow {
  id: number;
  delegateId: number;
  delegateName: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
}

export async function listDelegations(db: Queryable, userId: number): Promise<DelegationRow[]> {
  const { rows } = await db.query<DelegationRow>(
    `SELECT d.id, d.delegate_id AS "delegateId", u.display_name AS "delegateName", d.starts_on AS "startsOn",
            d.ends_on AS "endsOn", d.reason
       FROM workflow_delegations d JOIN users u ON u.id = d.delegate_id
      WHERE d.user_id = $1 AND d.revoked_at IS NULL ORDER BY d.starts_on DESC, d.id DESC`,
    [userId],
  );
  return rows;
}

export async function insertDelegation(
  tx: Queryable,
  d: { userId: number; delegateId: number; startsOn: string; endsOn: string; reason: string | null },
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO workflow_delegations (user_id, delegate_id, starts_on, ends_on, reason)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [d.userId, d.delegateId, d.startsOn, d.endsOn, d.reason],
  );
  return rows[0]!.id;
}

export async function overlappingDelegation(
  db: Queryable,
  userId: number,
  startsOn: string,
  endsOn: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM workflow_delegations
      WHERE user_id = $1 AND revoked_at IS NULL AND starts_on <= $3::date AND ends_on >= $2::date`,
    [userId, startsOn, endsOn],
  );
  return rows.length > 0;
}

export async function revokeDelegation(
  tx: Queryable,
  userId: number,
  id: number,
  at: Date,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE workflow_delegations SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
    [id, userId, at],
  );
  return result.rowCount === 1;
}
