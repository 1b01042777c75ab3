/**
 * The approval engine: start, approve, reject, return, withdraw, add a signer, resubmit. Every
 * function runs inside the caller's transaction (a module may start an approval in the same
 * transaction as its document), audits the transition, keeps the timeline and emits the
 * outcome as a domain event (`approval.started|approved|rejected|returned|withdrawn`).
 */
import type {
  ApprovalStatus,
  DocumentAttributes,
  DocumentType,
  PolicyDefinition,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { isUniqueViolation, type Queryable } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import * as repo from './approvals.repository.ts';
import * as policies from './policies.repository.ts';
import * as tasks from './tasks.repository.ts';
import { approverLabel, documentLabel, documentTypeLabels, formatYuan } from './workflow.labels.ts';
import { reminderTimes, requiredApprovals, selectRule, stepOutcome } from './workflow.rules.ts';

export interface StartApprovalInput {
  documentType: DocumentType;
  documentId: number;
  documentRef: string;
  title?: string | null;
  /** Amount incl. VAT in CNY fen. */
  amountFen?: number | null;
  regionId: number | null;
  customerId?: number | null;
  attributes?: DocumentAttributes;
}

export interface StartedApproval {
  id: number;
  status: ApprovalStatus;
}

const actorId = (ctx: RequestContext): number | null => (ctx.userId > 0 ? ctx.userId : null);
const approvalLink = (id: number) => `/workflow/approvals/${id}`;

function eventPayload(a: repo.ApprovalRow, status: ApprovalStatus, extra: Record<string, unknown> = {}) {
  return {
    approvalId: a.id,
    documentType: a.documentType,
    documentId: a.documentId,
    documentRef: a.documentRef,
    status,
    round: a.round,
    amountFen: a.amountFen,
    regionId: a.regionId,
    customerId: a.customerId,
    initiatorId: a.initiatorId,
    ...extra,
  };
}

/**
 * Starts the approval of a document with the current policy of its type (or, when the
 * document was returned for changes, the version its first round used). A route without steps
 * approves at once. One approval per document may be pending (409 APPROVAL_PENDING).
 */
export async function startApproval(
  tx: Queryable,
  ctx: RequestContext,
  input: StartApprovalInput,
  now: Date = new Date(),
): Promise<StartedApproval> {
  const previous = await repo.findLatestApproval(tx, input.documentType, input.documentId);
  if (previous?.status === 'pending') {
    throw new AppError('APPROVAL_PENDING', {
      document: documentLabel(input.documentType, input.documentRef),
    });
  }
  const policy =
    previous?.status === 'returned'
      ? await policies.findPolicy(tx, previous.policyId)
      : await policies.findCurrentPolicy(tx, input.documentType);
  if (!policy) throw new Error(`no approval policy for ${input.documentType}`);

  let regionId = input.regionId;
  const attributes: DocumentAttributes = { ...(input.attributes ?? {}) };
  if (input.customerId) {
    const facts = await repo.customerFacts(tx, input.customerId);
    if (!facts)
      throw new AppError('INVALID_REFERENCE', {
        entity: localized('customer', '客户'),
        value: input.customerId,
      });
    regionId ??= facts.regionId;
    if (attributes.customerType === undefined) attributes.customerType = facts.type;
    if (attributes.creditGrade === undefined && facts.creditGrade) attributes.creditGrade = facts.creditGrade;
  }
  const path = await repo.regionPath(tx, regionId);
  const amountFen = input.amountFen ?? null;
  const selected = selectRule(policy.definition, { amountFen, regionPath: path, attributes });
  if (!selected) {
    throw new AppError('NO_APPROVAL_ROUTE', { documentType: documentTypeLabels[input.documentType] });
  }

  const initiatorId = actorId(ctx);
  const id = await insertOnce(tx, input, {
    documentType: input.documentType,
    documentId: input.documentId,
    documentRef: input.documentRef,
    title: input.title ?? null,
    policyId: policy.id,
    ruleIndex: selected.index,
    ruleName: selected.rule.name,
    amountFen,
    regionId,
    customerId: input.customerId ?? null,
    attributes,
    initiatorId,
    round: previous?.status === 'returned' ? previous.round + 1 : 1,
    startedAt: now,
  });
  await repo.addTimelineEntry(tx, {
    approvalId: id,
    stepId: null,
    action: 'start',
    actorId: initiatorId,
    at: now,
  });
  const stepIds = await repo.insertSteps(
    tx,
    id,
    selected.rule.steps.map((step, position) => ({
      position,
      name: step.name,
      mode: step.mode,
      required: requiredApprovals(step),
      approvers: step.approvers,
    })),
  );
  const approval = (await repo.findApproval(tx, id))!;
  await recordAudit(tx, ctx, {
    action: 'approval_start',
    entity: 'approval',
    entityId: id,
    after: {
      documentType: input.documentType,
      documentId: input.documentId,
      documentRef: input.documentRef,
      amountFen,
      policyVersion: policy.version,
      rule: selected.rule.name,
    },
  });
  await emitEvent(tx, 'approval.started', eventPayload(approval, 'pending'));
  if (stepIds.length === 0) {
    await finish(tx, ctx, approval, 'approved', now, '');
    return { id, status: 'approved' };
  }
  await activateStep(tx, approval, policy.definition, stepIds[0]!, now);
  return { id, status: 'pending' };
}

/** Inserts the approval; a concurrent start of the same document loses with 409 (not a 500). */
async function insertOnce(tx: Queryable, input: StartApprovalInput, row: repo.NewApproval): Promise<number> {
  await tx.query('SAVEPOINT workflow_start');
  try {
    const id = await repo.insertApproval(tx, row);
    await tx.query('RELEASE SAVEPOINT workflow_start');
    return id;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT workflow_start');
    if (isUniqueViolation(error, 'workflow_approvals_one_pending')) {
      throw new AppError('APPROVAL_PENDING', {
        document: documentLabel(input.documentType, input.documentRef),
      });
    }
    throw error;
  }
}

/**
 * Opens a step: each approver is resolved to people (never the initiator; nobody approves
 * their own document), who get a task and a notification. An approver nobody stands for falls
 * back to the initiator's manager; without one the start fails (fail closed).
 */
async function activateStep(
  tx: Queryable,
  approval: repo.ApprovalRow,
  definition: PolicyDefinition,
  stepId: number,
  now: Date,
): Promise<void> {
  const steps = await repo.listSteps(tx, approval.id);
  const step = steps.find((s) => s.id === stepId)!;
  const slots = (await repo.listSlots(tx, approval.id)).filter((s) => s.stepId === stepId);
  const path = await repo.regionPath(tx, approval.regionId);
  const { remindAt, escalateAt } = reminderTimes(now, definition);
  const label = documentLabel(approval.documentType, approval.documentRef);
  const amount = formatYuan(approval.amountFen);
  const newTasks: tasks.NewTask[] = [];
  for (const slot of slots) {
    let people = (await repo.resolveApprover(tx, slot.approver, path)).filter(
      (p) => p.id !== approval.initiatorId,
    );
    if (people.length === 0 && approval.initiatorId !== null) {
      const manager = await repo.findManager(tx, approval.initiatorId);
      if (manager) people = [manager];
    }
    if (people.length === 0) {
      throw new AppError('NO_APPROVER', { step: step.position + 1, approver: approverLabel(slot.approver) });
    }
    for (const person of people) {
      newTasks.push({
        kind: 'approval',
        assigneeId: person.id,
        titleZh: `审批${label.zh}${amount ? `（${amount}）` : ''}`,
        titleEn: `Approve ${label.en}${amount ? ` (${amount})` : ''}`,
        link: approvalLink(approval.id),
        documentType: approval.documentType,
        documentId: approval.documentId,
        documentRef: approval.documentRef,
        regionId: approval.regionId,
        customerId: approval.customerId,
        approvalId: approval.id,
        slotId: slot.id,
        dueAt: remindAt,
        remindAt,
        escalateAt,
        createdAt: now,
      });
    }
  }
  await repo.setStepStatus(tx, stepId, 'active', now);
  const created = await tasks.insertTasks(tx, newTasks);
  await tasks.insertNotifications(
    tx,
    [...new Set(created.map((t) => t.assigneeId))].map((userId) => ({
      userId,
      kind: 'approval_requested',
      titleZh: `待您审批：${label.zh}`,
      titleEn: `Waiting for your approval: ${label.en}`,
      bodyZh: approval.title,
      bodyEn: approval.title,
      link: approvalLink(approval.id),
      createdAt: now,
    })),
  );
  for (const task of created) {
    await emitEvent(tx, 'task.created', {
      taskId: task.id,
      kind: 'approval',
      assigneeId: task.assigneeId,
      approvalId: approval.id,
    });
  }
}

export type Decision = 'approve' | 'reject' | 'return';

/**
 * Records the caller's decision on their slot of the current step (as themselves, or as the
 * delegate of an absent approver within the delegation's dates). Any rejection rejects the
 * document; a return sends it back to the initiator; enough approvals complete the step and
 * open the next one, or approve the document after the last.
 */
export async function decideApproval(
  tx: Queryable,
  ctx: RequestContext,
  approvalId: number,
  decision: Decision,
  comment: string,
  now: Date = new Date(),
): Promise<ApprovalStatus> {
  const approval = await repo.findApproval(tx, approvalId, true);
  if (!approval) throw new AppError('NOT_FOUND');
  if (approval.status !== 'pending') {
    throw new AppError('INVALID_STATUS', { entity: localized('approval', '审批'), status: approval.status });
  }
  if (approval.initiatorId !== null && approval.initiatorId === ctx.userId)
    throw new AppError('SELF_APPROVAL');
  const { step, task } = await actionableTask(tx, ctx, approval.id, now);

  const status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'returned';
  await repo.decideSlot(tx, task.slotId, {
    status,
    by: ctx.userId,
    onBehalfOf: task.delegatedFrom,
    at: now,
    comment,
  });
  await tasks.closeSlotTasks(tx, task.slotId, task.assigneeId, ctx.userId, now);
  await repo.addTimelineEntry(tx, {
    approvalId,
    stepId: step.id,
    action: decision,
    actorId: ctx.userId,
    onBehalfOf: task.delegatedFrom,
    comment,
    at: now,
  });
  await recordAudit(tx, ctx, {
    action: decision === 'approve' ? 'approve' : decision === 'reject' ? 'reject' : 'return',
    entity: 'approval',
    entityId: approvalId,
    before: { status: 'pending', step: step.position },
    after: { slot: task.slotId, decision: status, onBehalfOf: task.delegatedFrom },
    reason: comment || null,
  });

  const slots = (await repo.listSlots(tx, approvalId)).filter((s) => s.stepId === step.id);
  const outcome = stepOutcome(
    step.required,
    slots.map((s) => s.status),
  );
  if (outcome === 'open') {
    await repo.touchApproval(tx, approvalId);
    return 'pending';
  }
  if (outcome === 'rejected' || outcome === 'returned') {
    await repo.setStepStatus(tx, step.id, outcome, now);
    const final = outcome === 'rejected' ? 'rejected' : 'returned';
    await finish(tx, ctx, approval, final, now, comment);
    return final;
  }
  await repo.cancelOpenSlotsOfStep(tx, step.id);
  await repo.setStepStatus(tx, step.id, 'approved', now);
  for (const slot of slots.filter((s) => s.status === 'open'))
    await tasks.closeSlotTasks(tx, slot.id, null, null, now);
  const next = (await repo.listSteps(tx, approvalId)).find((s) => s.status === 'waiting');
  if (!next) {
    await finish(tx, ctx, approval, 'approved', now, comment);
    return 'approved';
  }
  const policy = (await policies.findPolicy(tx, approval.policyId))!;
  await activateStep(tx, approval, policy.definition, next.id, now);
  await repo.touchApproval(tx, approvalId);
  return 'pending';
}

/** The active step and the caller's open task on it (own first, then as a delegate). */
async function actionableTask(tx: Queryable, ctx: RequestContext, approvalId: number, now: Date) {
  const step = (await repo.listSteps(tx, approvalId)).find((s) => s.status === 'active');
  if (!step) throw new AppError('NOT_AN_APPROVER');
  const candidates = await tasks.actionableSlotTasks(tx, step.id, ctx.userId, businessDate(now));
  if (candidates.length === 0) throw new AppError('NOT_AN_APPROVER');
  // Nobody fills two approvers of one step: a countersign needs two different people.
  if ((await tasks.slotsDecidedBy(tx, step.id, ctx.userId)) > 0) throw new AppError('NOT_AN_APPROVER');
  return { step, task: candidates[0]! };
}

/** Ends the approval: cancels what is open, tells the initiator and the document's module. */
async function finish(
  tx: Queryable,
  ctx: RequestContext,
  approval: repo.ApprovalRow,
  status: Exclude<ApprovalStatus, 'pending'>,
  now: Date,
  comment: string,
): Promise<void> {
  await repo.cancelOpenSteps(tx, approval.id, now);
  await tasks.cancelApprovalTasks(tx, approval.id, now);
  await repo.finishApproval(tx, approval.id, status, now);
  await repo.addTimelineEntry(tx, {
    approvalId: approval.id,
    stepId: null,
    action: 'complete',
    actorId: null,
    at: now,
  });
  const label = documentLabel(approval.documentType, approval.documentRef);
  const words = {
    approved: { zh: '已通过', en: 'approved' },
    rejected: { zh: '被驳回', en: 'rejected' },
    returned: { zh: '被退回修改', en: 'returned for changes' },
    withdrawn: { zh: '已撤回', en: 'withdrawn' },
  }[status];
  if (approval.initiatorId !== null && approval.initiatorId !== ctx.userId) {
    await tasks.insertNotifications(tx, [
      {
        userId: approval.initiatorId,
        kind: `approval_${status}`,
        titleZh: `${label.zh} ${words.zh}`,
        titleEn: `${label.en} ${words.en}`,
        bodyZh: comment || null,
        bodyEn: comment || null,
        link: approvalLink(approval.id),
        createdAt: now,
      },
    ]);
  }
  await emitEvent(
    tx,
    `approval.${status}`,
    eventPayload(approval, status, { decidedBy: actorId(ctx), comment: comment || null }),
  );
}

/** The initiator takes a pending document back. */
export async function withdrawApproval(
  tx: Queryable,
  ctx: RequestContext,
  approvalId: number,
  comment: string,
  now: Date = new Date(),
): Promise<void> {
  const approval = await repo.findApproval(tx, approvalId, true);
  if (!approval) throw new AppError('NOT_FOUND');
  if (approval.initiatorId !== ctx.userId) throw new AppError('FORBIDDEN');
  if (approval.status !== 'pending') {
    throw new AppError('INVALID_STATUS', { entity: localized('approval', '审批'), status: approval.status });
  }
  await repo.addTimelineEntry(tx, {
    approvalId,
    stepId: null,
    action: 'withdraw',
    actorId: ctx.userId,
    comment,
    at: now,
  });
  await recordAudit(tx, ctx, {
    action: 'withdraw',
    entity: 'approval',
    entityId: approvalId,
    before: { status: 'pending' },
    after: { status: 'withdrawn' },
    reason: comment || null,
  });
  await finish(tx, ctx, approval, 'withdrawn', now, comment);
}

/**
 * 加签: an approver of the current step adds a person whose approval is needed right after
 * this step, where the policy allows it.
 */
export async function addSigner(
  tx: Queryable,
  ctx: RequestContext,
  approvalId: number,
  userId: number,
  comment: string,
  now: Date = new Date(),
): Promise<void> {
  const approval = await repo.findApproval(tx, approvalId, true);
  if (!approval) throw new AppError('NOT_FOUND');
  if (approval.status !== 'pending') {
    throw new AppError('INVALID_STATUS', { entity: localized('approval', '审批'), status: approval.status });
  }
  const policy = (await policies.findPolicy(tx, approval.policyId))!;
  if (!policy.definition.allowAddSigner) {
    throw new AppError('ADD_SIGNER_NOT_ALLOWED', {
      detail: localized('the policy does not allow it', '该审批策略不允许加签'),
    });
  }
  const { step } = await actionableTask(tx, ctx, approvalId, now);
  if (userId === approval.initiatorId || userId === ctx.userId) {
    throw new AppError('ADD_SIGNER_NOT_ALLOWED', {
      detail: localized(
        'the signer must be someone other than the initiator and you',
        '加签人不能是发起人或您本人',
      ),
    });
  }
  const signer = await repo.findInternalUser(tx, userId);
  if (!signer) throw new AppError('INVALID_REFERENCE', { entity: localized('user', '用户'), value: userId });
  await repo.shiftStepsAfter(tx, approvalId, step.position);
  await repo.insertSteps(tx, approvalId, [
    {
      position: step.position + 1,
      name: '',
      mode: 'single',
      required: 1,
      approvers: [{ kind: 'user', userId }],
      addedBy: ctx.userId,
    },
  ]);
  await repo.addTimelineEntry(tx, {
    approvalId,
    stepId: step.id,
    action: 'add_signer',
    actorId: ctx.userId,
    targetId: userId,
    comment,
    at: now,
  });
  await recordAudit(tx, ctx, {
    action: 'add_signer',
    entity: 'approval',
    entityId: approvalId,
    after: { afterStep: step.position, signerId: userId },
    reason: comment || null,
  });
  await repo.touchApproval(tx, approvalId);
}

/** The initiator sends a returned document again (a new round, same policy version). */
export async function resubmitApproval(
  tx: Queryable,
  ctx: RequestContext,
  approvalId: number,
  changes: { amountFen?: number | null | undefined; attributes?: DocumentAttributes | undefined },
  now: Date = new Date(),
): Promise<StartedApproval> {
  const approval = await repo.findApproval(tx, approvalId, true);
  if (!approval) throw new AppError('NOT_FOUND');
  if (approval.initiatorId !== ctx.userId) throw new AppError('FORBIDDEN');
  const latest = await repo.findLatestApproval(tx, approval.documentType, approval.documentId);
  if (approval.status !== 'returned' || latest?.id !== approval.id) {
    throw new AppError('INVALID_STATUS', { entity: localized('approval', '审批'), status: approval.status });
  }
  return startApproval(
    tx,
    ctx,
    {
      documentType: approval.documentType,
      documentId: approval.documentId,
      documentRef: approval.documentRef,
      title: approval.title,
      amountFen: changes.amountFen === undefined ? approval.amountFen : changes.amountFen,
      regionId: approval.regionId,
      customerId: approval.customerId,
      attributes: changes.attributes ?? approval.attributes,
    },
    now,
  );
}

/**
 * Escalation of an overdue approval task: the approver's manager joins the same approver slot
 * (unless they started the document). Returns the manager's new task id, if any.
 */
export async function escalateApprovalTask(
  tx: Queryable,
  task: tasks.DueTask,
  managerId: number,
  definition: { reminderHours: number; escalationHours: number },
  now: Date,
): Promise<number | null> {
  if (task.approvalId === null || task.slotId === null) return null;
  const approval = await repo.findApproval(tx, task.approvalId, true);
  if (approval?.status !== 'pending' || managerId === approval.initiatorId) return null;
  const { remindAt, escalateAt } = reminderTimes(now, definition);
  const [created] = await tasks.insertTasks(tx, [
    {
      kind: 'approval',
      assigneeId: managerId,
      titleZh: task.titleZh,
      titleEn: task.titleEn,
      link: task.link,
      documentType: task.documentType,
      documentId: task.documentId,
      documentRef: task.documentRef,
      regionId: task.regionId,
      customerId: task.customerId,
      approvalId: task.approvalId,
      slotId: task.slotId,
      originTaskId: task.originTaskId ?? task.id,
      dueAt: remindAt,
      remindAt,
      escalateAt,
      createdAt: now,
    },
  ]);
  await repo.addTimelineEntry(tx, {
    approvalId: task.approvalId,
    stepId: task.stepId,
    action: 'escalate',
    actorId: null,
    onBehalfOf: task.assigneeId,
    targetId: managerId,
    at: now,
  });
  return created?.id ?? null;
}

export async function policyTimingOf(tx: Queryable, approvalId: number) {
  const approval = await repo.findApproval(tx, approvalId);
  if (!approval) return null;
  return (await policies.findPolicy(tx, approval.policyId))?.definition ?? null;
}
