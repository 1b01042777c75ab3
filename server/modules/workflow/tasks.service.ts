/**
 * The task inbox (approvals, follow-ups, collections, compliance actions), notifications,
 * out-of-office delegations, and the sweep that reminds and escalates overdue tasks.
 */
import type {
  CreateDelegationRequest,
  CreateTaskRequest,
  Delegation,
  Notification,
  Task,
  TaskKind,
  TaskQuery,
  WorkflowCounts,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, type Localized, localized } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { pageClause } from '../../platform/listing.ts';
import { isInScope } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import { escalateApprovalTask, policyTimingOf } from './approvals.engine.ts';
import { findInternalUser } from './approvals.repository.ts';
import * as repo from './tasks.repository.ts';
import { reminderTimes } from './workflow.rules.ts';

export interface WorkflowTiming {
  reminderHours: number;
  escalationHours: number;
}

export async function readSettings(db: Queryable): Promise<WorkflowTiming & { version: number }> {
  const { rows } = await db.query<WorkflowTiming & { version: number }>(
    `SELECT reminder_hours AS "reminderHours", escalation_hours AS "escalationHours", version FROM workflow_settings`,
  );
  return rows[0] ?? { reminderHours: 24, escalationHours: 48, version: 0 };
}

export async function ensureSettings(db: Queryable): Promise<void> {
  await db.query('INSERT INTO workflow_settings DEFAULT VALUES ON CONFLICT (id) DO NOTHING');
}

export async function updateSettings(
  db: Db,
  ctx: RequestContext,
  input: WorkflowTiming & { version: number },
): Promise<WorkflowTiming & { version: number }> {
  return withTransaction(db, async (tx) => {
    const before = await readSettings(tx);
    const result = await tx.query(
      `UPDATE workflow_settings SET reminder_hours = $1, escalation_hours = $2, version = version + 1, updated_at = now()
        WHERE version = $3`,
      [input.reminderHours, input.escalationHours, input.version],
    );
    if (result.rowCount !== 1) throw new AppError('VERSION_CONFLICT');
    const after = await readSettings(tx);
    await recordAudit(tx, ctx, { action: 'update', entity: 'workflow_settings', before, after });
    return after;
  });
}

// ---------------------------------------------------------------------------------------
// Creating tasks (the API other modules call)

export interface CreateTaskInput {
  kind: Exclude<TaskKind, 'approval'>;
  assigneeId: number;
  title: Localized;
  detail?: Localized | null;
  link?: string | null;
  documentType?: string | null;
  documentId?: number | null;
  documentRef?: string | null;
  regionId?: number | null;
  customerId?: number | null;
  ruleId?: number | null;
  /** Defaults to when the reminder is due. */
  dueAt?: Date | null;
  createdBy?: number | null;
}

/**
 * Puts a task into someone's inbox, in the caller's transaction, with a notification; it
 * reminds and escalates on the workflow settings' schedule.
 */
export async function createTask(
  tx: Queryable,
  input: CreateTaskInput,
  now: Date = new Date(),
): Promise<number> {
  const timing = await readSettings(tx);
  // Due after the usual reminder hours unless given; reminded when due, escalated as much later
  // as escalation follows the reminder.
  const dueAt = input.dueAt ?? reminderTimes(now, timing).remindAt;
  const escalateAt = new Date(dueAt.getTime() + (timing.escalationHours - timing.reminderHours) * 3_600_000);
  const [created] = await repo.insertTasks(tx, [
    {
      kind: input.kind,
      assigneeId: input.assigneeId,
      titleZh: input.title.zh,
      titleEn: input.title.en,
      detailZh: input.detail?.zh ?? null,
      detailEn: input.detail?.en ?? null,
      link: input.link ?? null,
      documentType: input.documentType ?? null,
      documentId: input.documentId ?? null,
      documentRef: input.documentRef ?? null,
      regionId: input.regionId ?? null,
      customerId: input.customerId ?? null,
      ruleId: input.ruleId ?? null,
      dueAt,
      remindAt: dueAt,
      escalateAt: escalateAt > dueAt ? escalateAt : dueAt,
      createdBy: input.createdBy ?? null,
      createdAt: now,
    },
  ]);
  await repo.insertNotifications(tx, [
    {
      userId: input.assigneeId,
      kind: 'task_assigned',
      titleZh: `新任务：${input.title.zh}`,
      titleEn: `New task: ${input.title.en}`,
      link: '/workflow/inbox',
      createdAt: now,
    },
  ]);
  await emitEvent(tx, 'task.created', {
    taskId: created!.id,
    kind: input.kind,
    assigneeId: input.assigneeId,
  });
  return created!.id;
}

export interface NotifyInput {
  userIds: readonly number[];
  kind: string;
  title: Localized;
  body?: Localized | null;
  link?: string | null;
}

/** In-app notifications (the bell), in the caller's transaction. */
export async function notify(tx: Queryable, input: NotifyInput, now: Date = new Date()): Promise<void> {
  await repo.insertNotifications(
    tx,
    [...new Set(input.userIds)].map((userId) => ({
      userId,
      kind: input.kind,
      titleZh: input.title.zh,
      titleEn: input.title.en,
      bodyZh: input.body?.zh ?? null,
      bodyEn: input.body?.en ?? null,
      link: input.link ?? null,
      createdAt: now,
    })),
  );
}

/** A task one person gives another (or themselves) from the inbox. */
export async function createTaskFromRequest(
  db: Db,
  ctx: RequestContext,
  input: CreateTaskRequest,
  now: Date,
): Promise<Task> {
  if (ctx.distributorId !== null) throw new AppError('FORBIDDEN');
  return withTransaction(db, async (tx) => {
    const assignee = await findInternalUser(tx, input.assigneeId);
    if (!assignee)
      throw new AppError('INVALID_REFERENCE', { entity: localized('user', '用户'), value: input.assigneeId });
    const dueAt = input.dueOn ? new Date(`${input.dueOn}T23:59:59+08:00`) : null;
    const id = await createTask(
      tx,
      {
        kind: input.kind,
        assigneeId: input.assigneeId,
        title: { zh: input.title, en: input.title },
        detail: input.detail ? { zh: input.detail, en: input.detail } : null,
        link: input.link,
        dueAt,
        createdBy: ctx.userId,
      },
      now,
    );
    await recordAudit(tx, ctx, { action: 'create', entity: 'task', entityId: id, after: input });
    return presentTask((await repo.findTaskRow(tx, id, ctx.userId))!, ctx, now);
  });
}

// ---------------------------------------------------------------------------------------
// Inbox

function presentTask(row: repo.TaskRow, ctx: RequestContext, now: Date): Task {
  const en = ctx.lang === 'en';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: en ? row.titleEn : row.titleZh,
    detail: en ? row.detailEn : row.detailZh,
    link: row.link,
    documentType: row.documentType,
    documentId: row.documentId,
    documentRef: row.documentRef,
    approvalId: row.approvalId,
    amountFen: row.amountFen,
    initiator: row.initiatorId ? { id: row.initiatorId, displayName: row.initiatorName ?? '' } : null,
    stepName: row.stepName,
    assignee: { id: row.assigneeId, displayName: row.assigneeName },
    delegatedFrom: row.delegatedFrom ? { id: row.assigneeId, displayName: row.assigneeName } : null,
    isEscalation: row.isEscalation,
    dueAt: row.dueAt?.toISOString() ?? null,
    isOverdue: row.status === 'open' && row.dueAt !== null && row.dueAt <= now,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

export async function listMyTasks(
  db: Queryable,
  ctx: RequestContext,
  query: TaskQuery,
  maxPageSize: number,
  now: Date,
) {
  pageClause(query, maxPageSize, new SqlParams());
  const { rows, total } = await repo.listInbox(db, ctx.userId, businessDate(now), {
    status: query.status,
    kind: query.kind,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentTask(r, ctx, now)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function countMine(db: Queryable, ctx: RequestContext, now: Date): Promise<WorkflowCounts> {
  return repo.countInbox(db, ctx.userId, businessDate(now), now);
}

/** Marks a follow-up, collection, compliance or review task done (approvals are decided instead). */
export async function completeTask(db: Db, ctx: RequestContext, id: number, now: Date): Promise<void> {
  await withTransaction(db, async (tx) => {
    const task = await repo.findTask(tx, id, true);
    if (!task || task.assigneeId !== ctx.userId) throw new AppError('NOT_FOUND');
    if (task.kind === 'approval') {
      throw new AppError('BUSINESS_RULE', {
        detail: localized('approve or reject the approval instead', '请对审批作出同意或驳回的决定'),
      });
    }
    if (task.status !== 'open') {
      throw new AppError('INVALID_STATUS', { entity: localized('task', '任务'), status: task.status });
    }
    await repo.completeTaskChain(tx, task.originTaskId ?? task.id, ctx.userId, now);
    await recordAudit(tx, ctx, { action: 'complete', entity: 'task', entityId: id });
  });
}

// ---------------------------------------------------------------------------------------
// Notifications

function presentNotification(row: repo.NotificationRow, ctx: RequestContext): Notification {
  const en = ctx.lang === 'en';
  return {
    id: row.id,
    kind: row.kind,
    title: en ? row.titleEn : row.titleZh,
    body: en ? row.bodyEn : row.bodyZh,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

export async function listMyNotifications(
  db: Queryable,
  ctx: RequestContext,
  query: { unread?: boolean | undefined; page: number; pageSize: number },
  maxPageSize: number,
) {
  pageClause(query, maxPageSize, new SqlParams());
  const { rows, total } = await repo.listNotifications(db, ctx.userId, {
    unread: query.unread,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => presentNotification(r, ctx)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function markRead(db: Db, ctx: RequestContext, id: number | null, now: Date): Promise<void> {
  const changed = await repo.markNotificationsRead(db, ctx.userId, id, now);
  if (id !== null && changed === 0) {
    const { rows } = await db.query('SELECT 1 FROM workflow_notifications WHERE id = $1 AND user_id = $2', [
      id,
      ctx.userId,
    ]);
    if (rows.length === 0) throw new AppError('NOT_FOUND');
  }
}

// ---------------------------------------------------------------------------------------
// Delegations

export async function listMyDelegations(
  db: Queryable,
  ctx: RequestContext,
  now: Date,
): Promise<Delegation[]> {
  const today = businessDate(now);
  return (await repo.listDelegations(db, ctx.userId)).map((d) => ({
    id: d.id,
    delegate: { id: d.delegateId, displayName: d.delegateName },
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    reason: d.reason,
    isActiveToday: d.startsOn <= today && today <= d.endsOn,
  }));
}

export async function createDelegation(
  db: Db,
  ctx: RequestContext,
  input: CreateDelegationRequest,
  now: Date,
): Promise<Delegation> {
  if (ctx.distributorId !== null) throw new AppError('FORBIDDEN');
  if (input.endsOn < input.startsOn)
    throw new AppError('INVALID_DATE_RANGE', { from: input.startsOn, to: input.endsOn });
  if (input.delegateId === ctx.userId) {
    throw new AppError('BUSINESS_RULE', {
      detail: localized('you cannot delegate to yourself', '不能委托给自己'),
    });
  }
  return withTransaction(db, async (tx) => {
    const delegate = await findInternalUser(tx, input.delegateId);
    if (!delegate)
      throw new AppError('INVALID_REFERENCE', { entity: localized('user', '用户'), value: input.delegateId });
    if (await repo.overlappingDelegation(tx, ctx.userId, input.startsOn, input.endsOn)) {
      throw new AppError('CONFLICT', {
        detail: localized('another delegation covers some of these dates', '已有委托覆盖其中部分日期'),
      });
    }
    const id = await repo.insertDelegation(tx, { userId: ctx.userId, ...input });
    await recordAudit(tx, ctx, { action: 'create', entity: 'delegation', entityId: id, after: input });
    await notify(
      tx,
      {
        userIds: [input.delegateId],
        kind: 'delegation',
        title: {
          zh: `${ctx.displayName} 委托您在 ${input.startsOn} 至 ${input.endsOn} 代为审批`,
          en: `${ctx.displayName} delegated approvals to you from ${input.startsOn} to ${input.endsOn}`,
        },
        link: '/workflow/inbox',
      },
      now,
    );
    return (await listMyDelegations(tx, ctx, now)).find((d) => d.id === id)!;
  });
}

export async function revokeDelegation(db: Db, ctx: RequestContext, id: number, now: Date): Promise<void> {
  await withTransaction(db, async (tx) => {
    if (!(await repo.revokeDelegation(tx, ctx.userId, id, now))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, { action: 'revoke', entity: 'delegation', entityId: id });
  });
}

// ---------------------------------------------------------------------------------------
// Reminders and escalation

export interface SweepResult {
  reminded: number;
  escalated: number;
}

/**
 * Reminds the assignee of every open task whose reminder is due and escalates every task whose
 * escalation is due to the assignee's manager (an approval: the manager joins the approver
 * slot; another task: the manager gets a copy). Each task in a transaction of its own; `now`
 * comes from the caller's clock.
 */
export async function sweepDueTasks(db: Db, now: Date, limit = 500): Promise<SweepResult> {
  const result: SweepResult = { reminded: 0, escalated: 0 };
  for (const due of await repo.listDueTasks(db, 'remind', now, limit)) {
    const done = await withTransaction(db, async (tx) => {
      const task = await repo.claimDueTask(tx, due.id, 'remind', now);
      if (!task) return false;
      await notify(
        tx,
        {
          userIds: [task.assigneeId],
          kind: 'task_reminder',
          title: { zh: `提醒：${task.titleZh}`, en: `Reminder: ${task.titleEn}` },
          link: task.link ?? '/workflow/inbox',
        },
        now,
      );
      if (task.approvalId !== null) {
        await tx.query(
          `INSERT INTO workflow_approval_events (approval_id, step_id, action, target_id, at) VALUES ($1, $2, 'remind', $3, $4)`,
          [task.approvalId, task.stepId, task.assigneeId, now],
        );
      }
      return true;
    });
    if (done) result.reminded++;
  }
  for (const due of await repo.listDueTasks(db, 'escalate', now, limit)) {
    const done = await withTransaction(db, async (tx) => {
      // Lock order as in a decision: the approval first, then its tasks.
      if (due.approvalId !== null) {
        await tx.query('SELECT 1 FROM workflow_approvals WHERE id = $1 FOR UPDATE', [due.approvalId]);
      }
      const task = await repo.claimDueTask(tx, due.id, 'escalate', now);
      if (!task) return false;
      const managerId = (await repo.managersOf(tx, [task.assigneeId])).get(task.assigneeId);
      if (managerId === undefined) return true;
      const timing =
        task.approvalId !== null ? await policyTimingOf(tx, task.approvalId) : await readSettings(tx);
      let escalatedTo: number | null = null;
      if (task.kind === 'approval') {
        escalatedTo = await escalateApprovalTask(
          tx,
          task,
          managerId,
          timing ?? (await readSettings(tx)),
          now,
        );
      } else {
        const { remindAt, escalateAt } = reminderTimes(now, timing ?? (await readSettings(tx)));
        const [copy] = await repo.insertTasks(tx, [
          {
            kind: task.kind,
            assigneeId: managerId,
            titleZh: task.titleZh,
            titleEn: task.titleEn,
            link: task.link,
            documentType: task.documentType,
            documentId: task.documentId,
            documentRef: task.documentRef,
            regionId: task.regionId,
            customerId: task.customerId,
            ruleId: task.ruleId,
            originTaskId: task.originTaskId ?? task.id,
            dueAt: remindAt,
            remindAt,
            escalateAt,
            createdAt: now,
          },
        ]);
        escalatedTo = copy?.id ?? null;
      }
      if (escalatedTo === null) return true;
      await notify(
        tx,
        {
          userIds: [managerId],
          kind: 'task_escalated',
          title: { zh: `已升级给您：${task.titleZh}`, en: `Escalated to you: ${task.titleEn}` },
          link: task.link ?? '/workflow/inbox',
        },
        now,
      );
      await recordAudit(tx, systemContext(), {
        action: 'escalate',
        entity: 'task',
        entityId: task.id,
        after: { from: task.assigneeId, to: managerId, task: escalatedTo },
      });
      await emitEvent(tx, 'task.created', { taskId: escalatedTo, kind: task.kind, assigneeId: managerId });
      return true;
    });
    if (done) result.escalated++;
  }
  return result;
}

/** Whether the caller may see a task or approval in this region (their scope or being part of it). */
export function canSeeRegion(
  ctx: RequestContext,
  regionId: number | null,
  customerId: number | null,
): boolean {
  if (ctx.distributorId !== null) return false;
  return isInScope(ctx, regionId, customerId);
}
