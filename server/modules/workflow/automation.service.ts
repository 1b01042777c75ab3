/**
 * Automation rules as data: a trigger (a domain event, or a daily scan) finds subjects, the
 * rule's condition filters them, and the action runs once per subject (create a task, notify,
 * call a webhook, start an approval, draft a replenishment purchase order).
 */
import type {
  AssigneeSpec,
  AutomationRule,
  CreateAutomationRuleRequest,
  UpdateAutomationRuleRequest,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events.ts';
import { pageClause } from '../../platform/listing.ts';
import type { Logger } from '../../platform/logger.ts';
import { SqlParams } from '../../platform/sql.ts';
import { createPurchaseOrder } from '../purchasing/index.ts';
import { startApproval } from './approvals.engine.ts';
import { regionPath, resolveApprover } from './approvals.repository.ts';
import * as repo from './automation.repository.ts';
import { type AutomationSubject, conditionHolds, defaultRules } from './automation.rules.ts';
import { createTask, notify } from './tasks.service.ts';
import { queueDelivery } from './webhooks.service.ts';

function present(row: repo.RuleRow, ctx: RequestContext): AutomationRule {
  return {
    id: row.id,
    code: row.code,
    name: ctx.lang === 'en' ? row.nameEn : row.nameZh,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    trigger: row.trigger,
    condition: row.condition,
    action: row.action,
    isActive: row.isActive,
    isDefault: row.isDefault,
    version: row.version,
    firedCount: row.firedCount,
    lastFiredAt: row.lastFiredAt?.toISOString() ?? null,
  };
}

/** Writes the shipped rules that are missing (by code); an admin's changes to them stay. */
export async function ensureDefaultRules(db: Queryable): Promise<void> {
  for (const rule of defaultRules) {
    await db.query(
      `INSERT INTO workflow_automation_rules (code, name_zh, name_en, trigger, condition, action, is_active, is_default)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, true) ON CONFLICT (code) DO NOTHING`,
      [
        rule.code,
        rule.nameZh,
        rule.nameEn,
        JSON.stringify(rule.trigger),
        JSON.stringify(rule.condition),
        JSON.stringify(rule.action),
        rule.isActive,
      ],
    );
  }
}

export async function listRules(db: Queryable, ctx: RequestContext): Promise<AutomationRule[]> {
  return (await repo.listRules(db)).map((r) => present(r, ctx));
}

export async function createRule(db: Db, ctx: RequestContext, input: CreateAutomationRuleRequest) {
  return withTransaction(db, async (tx) => {
    let id: number;
    try {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO workflow_automation_rules (code, name_zh, name_en, trigger, condition, action, is_active)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7) RETURNING id`,
        [
          input.code,
          input.nameZh,
          input.nameEn,
          JSON.stringify(input.trigger),
          JSON.stringify(input.condition),
          JSON.stringify(input.action),
          input.isActive,
        ],
      );
      id = rows[0]!.id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('DUPLICATE', { entity: localized('Rule', '规则'), value: input.code });
      }
      throw error;
    }
    const created = present((await repo.findRule(tx, id))!, ctx);
    await recordAudit(tx, ctx, { action: 'create', entity: 'automation_rule', entityId: id, after: created });
    return created;
  });
}

export async function updateRule(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateAutomationRuleRequest,
) {
  return withTransaction(db, async (tx) => {
    const before = await repo.findRule(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const result = await tx.query(
      `UPDATE workflow_automation_rules
          SET name_zh = coalesce($3, name_zh), name_en = coalesce($4, name_en),
              condition = coalesce($5::jsonb, condition), action = coalesce($6::jsonb, action),
              is_active = coalesce($7, is_active), version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [
        id,
        input.version,
        input.nameZh ?? null,
        input.nameEn ?? null,
        input.condition ? JSON.stringify(input.condition) : null,
        input.action ? JSON.stringify(input.action) : null,
        input.isActive ?? null,
      ],
    );
    if (result.rowCount !== 1) throw new AppError('VERSION_CONFLICT');
    const after = present((await repo.findRule(tx, id))!, ctx);
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'automation_rule',
      entityId: id,
      before: present(before, ctx),
      after,
    });
    return after;
  });
}

export async function listRuns(
  db: Queryable,
  ctx: RequestContext,
  query: { ruleId?: number | undefined; page: number; pageSize: number },
  maxPageSize: number,
) {
  const params = new SqlParams();
  const where = query.ruleId ? `WHERE x.rule_id = ${params.add(query.ruleId)}` : '';
  const page = pageClause(query, maxPageSize, params);
  const { rows } = await db.query<{
    id: number;
    ruleId: number;
    nameZh: string;
    nameEn: string;
    subjectKey: string;
    outcome: 'fired' | 'failed';
    detail: Record<string, unknown>;
    createdAt: Date;
    total: number;
  }>(
    `SELECT x.id, x.rule_id AS "ruleId", r.name_zh AS "nameZh", r.name_en AS "nameEn", x.subject_key AS "subjectKey",
            x.outcome, x.detail, x.created_at AS "createdAt", count(*) OVER ()::int AS total
       FROM workflow_automation_runs x JOIN workflow_automation_rules r ON r.id = x.rule_id
       ${where} ORDER BY x.id DESC ${page}`,
    params.values,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      ruleId: r.ruleId,
      ruleName: ctx.lang === 'en' ? r.nameEn : r.nameZh,
      subjectKey: r.subjectKey,
      outcome: r.outcome,
      detail: r.detail,
      createdAt: r.createdAt.toISOString(),
    })),
    total: rows[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---------------------------------------------------------------------------------------
// Running rules

export interface AutomationDeps {
  db: Db;
  logger: Logger;
}

/** The people an action addresses: the subject's owner (else the fallback role), a role, or a person. */
async function resolveAssignees(
  tx: Queryable,
  spec: AssigneeSpec,
  subject: AutomationSubject,
): Promise<number[]> {
  const path = await regionPath(tx, subject.regionId);
  if (spec.kind === 'owner') {
    if (subject.ownerId !== null) {
      const owner = await resolveApprover(tx, { kind: 'user', userId: subject.ownerId }, path);
      if (owner.length > 0) return owner.map((p) => p.id);
    }
    if (!spec.fallbackRole) return [];
    const regional = await resolveApprover(
      tx,
      { kind: 'role', role: spec.fallbackRole, scope: 'region' },
      path,
    );
    if (regional.length > 0) return regional.map((p) => p.id);
    return (await resolveApprover(tx, { kind: 'role', role: spec.fallbackRole, scope: 'company' }, path)).map(
      (p) => p.id,
    );
  }
  if (spec.kind === 'role') return (await resolveApprover(tx, spec, path)).map((p) => p.id);
  return (await resolveApprover(tx, spec, path)).map((p) => p.id);
}

/** Runs one rule's action for each subject that meets its condition and has not fired it before. */
export async function fireRule(
  deps: AutomationDeps,
  rule: repo.RuleRow,
  subjects: readonly AutomationSubject[],
  now: Date,
): Promise<number> {
  let fired = 0;
  for (const subject of subjects) {
    if (!conditionHolds(rule.condition, subject.facts)) continue;
    try {
      if (await fireOnce(deps, rule, subject, now)) fired++;
    } catch (error) {
      deps.logger.warn({ err: error, rule: rule.code, subject: subject.key }, 'automation rule failed');
      await deps.db.query(
        `INSERT INTO workflow_automation_runs (rule_id, subject_key, outcome, detail) VALUES ($1, $2, 'failed', $3::jsonb)
         ON CONFLICT (rule_id, subject_key) DO UPDATE SET outcome = 'failed', detail = EXCLUDED.detail`,
        [rule.id, subject.key, JSON.stringify({ error: (error as Error).message })],
      );
    }
  }
  return fired;
}

async function fireOnce(deps: AutomationDeps, rule: repo.RuleRow, subject: AutomationSubject, now: Date) {
  const action = rule.action;
  const system = systemContext();
  if (action.type === 'draft_document') {
    if (!subject.draft) return false;
    // The purchase order is written by the purchasing module in a transaction of its own, so
    // the run is claimed first (committed): a concurrent scan cannot draft it twice.
    const runId = await withTransaction(deps.db, (tx) => repo.claimRun(tx, rule.id, subject.key));
    if (runId === null) return false;
    const draft = subject.draft;
    const order = await createPurchaseOrder(deps.db, system, {
      supplierId: draft.supplierId,
      warehouseId: draft.warehouseId,
      currency: 'CNY',
      orderDate: businessDate(now),
      expectedDate: null,
      note: `${rule.nameZh} / ${rule.nameEn}`,
      lines: [{ productId: draft.productId, quantity: draft.quantity, unitPrice: draft.unitPriceFen }],
    });
    let approvalId: number | null = null;
    await withTransaction(deps.db, async (tx) => {
      if (action.approvalDocumentType) {
        approvalId = (
          await startApproval(
            tx,
            system,
            {
              documentType: action.approvalDocumentType,
              documentId: order.id,
              documentRef: order.number,
              title: subject.title.zh,
              amountFen: order.totalCnyFen,
              regionId: subject.regionId,
            },
            now,
          )
        ).id;
      }
      await repo.finishRun(tx, runId, 'fired', {
        purchaseOrderId: order.id,
        number: order.number,
        approvalId,
      });
    });
    return true;
  }
  return withTransaction(deps.db, async (tx) => {
    const runId = await repo.claimRun(tx, rule.id, subject.key);
    if (runId === null) return false;
    const detail: Record<string, unknown> = {};
    switch (action.type) {
      case 'create_task': {
        const assignees = await resolveAssignees(tx, action.assignee, subject);
        if (assignees.length === 0) throw new Error('nobody to assign the task to');
        const dueAt = new Date(now.getTime() + action.dueInHours * 3_600_000);
        detail.taskIds = [];
        for (const assigneeId of assignees) {
          const id = await createTask(
            tx,
            {
              kind: action.taskKind,
              assigneeId,
              title: subject.title,
              detail: subject.detail ?? null,
              link: subject.link,
              regionId: subject.regionId,
              customerId: subject.customerId,
              documentType: subject.document?.type ?? null,
              documentId: subject.document?.id ?? null,
              documentRef: subject.document?.ref ?? null,
              ruleId: rule.id,
              dueAt,
            },
            now,
          );
          (detail.taskIds as number[]).push(id);
        }
        break;
      }
      case 'notify': {
        const assignees = await resolveAssignees(tx, action.assignee, subject);
        await notify(
          tx,
          {
            userIds: assignees,
            kind: `rule:${rule.code}`,
            title: subject.title,
            body: subject.detail ?? null,
            link: subject.link,
          },
          now,
        );
        detail.notified = assignees;
        break;
      }
      case 'webhook': {
        detail.deliveryId = await queueDelivery(tx, action.webhookId, `automation.${rule.code}`, null, {
          type: `automation.${rule.code}`,
          createdAt: now.toISOString(),
          data: { rule: rule.code, subject: subject.key, title: subject.title, link: subject.link },
        });
        break;
      }
      case 'start_approval': {
        if (!subject.document) throw new Error('the trigger has no document to approve');
        detail.approvalId = (
          await startApproval(
            tx,
            system,
            {
              documentType: action.documentType,
              documentId: subject.document.id,
              documentRef: subject.document.ref,
              title: subject.title.zh,
              amountFen: subject.document.amountFen,
              regionId: subject.regionId,
              customerId: subject.customerId,
            },
            now,
          )
        ).id;
        break;
      }
    }
    await repo.finishRun(tx, runId, 'fired', detail);
    return true;
  });
}

/** Subjects of a domain event for the rules listening to it. */
async function eventSubjects(db: Queryable, event: DomainEvent): Promise<AutomationSubject[]> {
  const p = event.payload;
  switch (event.type) {
    case 'price_list.changed':
      if (p.action === 'delete' || typeof p.priceListId !== 'number') return [];
      return repo.priceListItemsBelowFloor(db, p.priceListId);
    case 'order.confirmed':
      return typeof p.orderId === 'number' ? repo.orderLinesBelowFloor(db, p.orderId) : [];
    case 'credit.grade_changed':
      if (typeof p.customerId !== 'number' || typeof p.to !== 'string') return [];
      return repo.creditGradeSubject(db, {
        customerId: p.customerId,
        from: typeof p.from === 'string' ? p.from : null,
        to: p.to,
        key: String(p.ratingId ?? `event-${event.id}`),
      });
    case 'approval.approved':
    case 'approval.rejected':
      return [repo.approvalSubject(p as unknown as Parameters<typeof repo.approvalSubject>[0])];
    default:
      return [];
  }
}

/** Outbox handler for the trigger events. */
export async function runEventRules(deps: AutomationDeps, event: DomainEvent, now: Date): Promise<number> {
  const rules = await repo.activeRulesFor(deps.db, { event: event.type });
  if (rules.length === 0) return 0;
  const subjects = await eventSubjects(deps.db, event);
  let fired = 0;
  for (const rule of rules) fired += await fireRule(deps, rule, subjects, now);
  return fired;
}

async function scanSubjects(db: Queryable, rule: repo.RuleRow, today: string): Promise<AutomationSubject[]> {
  if (rule.trigger.kind !== 'schedule') return [];
  const c = rule.condition;
  switch (rule.trigger.scan) {
    case 'qualification_expiring':
      return repo.scanExpiringQualifications(db, today, c.withinDays ?? 30);
    case 'certificate_expiring':
      return repo.scanExpiringCertificates(db, today, c.withinDays ?? 30);
    case 'stock_below_reorder_point':
      return repo.scanStockBelowReorderPoint(db, today);
    case 'opportunity_idle':
      return repo.scanIdleOpportunities(db, today, c.idleDays ?? 14, c.minAmountFen ?? 0);
  }
}

/** The daily job: every active scheduled rule (or one, run now by an admin). */
export async function runScheduledRules(deps: AutomationDeps, now: Date, ruleId?: number): Promise<number> {
  const today = businessDate(now);
  const rules = ruleId
    ? [await repo.findRule(deps.db, ruleId)].filter(
        (r): r is repo.RuleRow => !!r && r.trigger.kind === 'schedule',
      )
    : (await repo.listRules(deps.db)).filter((r) => r.isActive && r.trigger.kind === 'schedule');
  let fired = 0;
  for (const rule of rules)
    fired += await fireRule(deps, rule, await scanSubjects(deps.db, rule, today), now);
  return fired;
}

export async function runRuleNow(deps: AutomationDeps, ctx: RequestContext, id: number, now: Date) {
  const rule = await repo.findRule(deps.db, id);
  if (!rule) throw new AppError('NOT_FOUND');
  if (rule.trigger.kind !== 'schedule') {
    throw new AppError('BUSINESS_RULE', {
      detail: localized('only scheduled rules can be run on demand', '只有定时规则可以立即运行'),
    });
  }
  const fired = await runScheduledRules(deps, now, id);
  await recordAudit(deps.db, ctx, {
    action: 'run',
    entity: 'automation_rule',
    entityId: id,
    after: { fired },
  });
  return { fired };
}
