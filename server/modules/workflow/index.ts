/**
 * Workflow (SPEC §2.6, DOMAIN §5): approval policies as data, the approval engine, the task
 * inbox with reminders and escalation, notifications, automation rules and webhooks. Other
 * modules import only from here.
 *
 * How a module uses it, inside its own transaction:
 *   const { id } = await startApproval(tx, ctx, { documentType: 'contract', documentId, documentRef,
 *     amountFen, regionId, customerId, attributes: { discount, productClasses, tags } });
 *   const state = await approvalStatus(tx, 'contract', documentId);   // 'approved' | 'pending' | …
 *   await createTask(tx, { kind: 'collection', assigneeId, title: { zh, en }, link, dueAt });
 *   await notify(tx, { userIds, kind, title: { zh, en }, link });
 * and reacts to the outcome through the outbox: deps.events.on('approval.approved', …) with
 * payload { approvalId, documentType, documentId, documentRef, status, amountFen, regionId,
 * customerId, initiatorId, decidedBy, comment } (also approval.rejected|returned|withdrawn).
 */
import pg from 'pg';
import { triggerEvents, webhookEventTypes } from '../../../contracts/workflow.ts';
import { systemClock } from '../../platform/clock.ts';
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import type { App, AppDeps } from '../../platform/http.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ApprovalHook } from '../sales/index.ts';
import { registerWorkflowAdminRoutes } from './admin.routes.ts';
import { startApproval } from './approvals.engine.ts';
import { findLatestApproval } from './approvals.repository.ts';
import { nextDailyScan } from './automation.rules.ts';
import { ensureDefaultRules, runEventRules, runScheduledRules } from './automation.service.ts';
import { ensureDefaultPolicies } from './policies.service.ts';
import { registerReorderPointRoutes } from './reorder-points.routes.ts';
import { ensureSettings, sweepDueTasks } from './tasks.service.ts';
import { attemptDelivery, DELIVER_JOB, queueEventDeliveries } from './webhooks.service.ts';
import { registerWorkflowRoutes } from './workflow.routes.ts';

export type { Decision, StartApprovalInput, StartedApproval } from './approvals.engine.ts';
export {
  addSigner,
  decideApproval,
  resubmitApproval,
  startApproval,
  withdrawApproval,
} from './approvals.engine.ts';
export type { CreateTaskInput, NotifyInput } from './tasks.service.ts';
export { createTask, notify, sweepDueTasks } from './tasks.service.ts';
export { signatureHeader, verifyWebhookSignature } from './webhooks.delivery.ts';

/** Where a document's approval stands: its latest approval, or null when it was never sent. */
export async function approvalStatus(
  tx: Queryable,
  documentType: string,
  documentId: number,
): Promise<{
  approvalId: number;
  status: 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
} | null> {
  const latest = await findLatestApproval(tx, documentType, documentId);
  return latest ? { approvalId: latest.id, status: latest.status } : null;
}

/** Every 5 minutes: reminders and escalations are due to the minute they are configured for. */
export function nextSweep(from: Date): Date {
  const step = 5 * 60_000;
  return new Date((Math.floor(from.getTime() / step) + 1) * step);
}

/**
 * The sales approval hook backed by the workflow (for sales.hooks.ts, ApprovalHook). A
 * requirement is met when the order's latest approval of that kind is approved. Otherwise one
 * is started — on `side`, a connection of its own, because the confirmation that asked is
 * about to roll back — and the order waits for it. Credit requirements carry the approver level
 * the credit module decided as a tag.
 */
export function createWorkflowApprovalHook(options: { side: Db; logger: Logger }): ApprovalHook {
  return {
    isApproved: async (tx, ctx, order, requirement) => {
      if (order.id === null) return false;
      const documentType = requirement.kind === 'credit' ? 'credit_decision' : 'price_below_floor';
      const state = await approvalStatus(tx, documentType, order.id);
      if (state?.status === 'approved') return true;
      if (state?.status === 'pending') return false;
      // The inbox shows the order by its number (the draft exists: it has an id).
      const { rows } = await tx.query<{ number: string }>('SELECT number FROM sales_orders WHERE id = $1', [
        order.id,
      ]);
      const documentRef = rows[0]?.number ?? `#${order.id}`;
      try {
        await withTransaction(options.side, async (side) => {
          await side.query(`SET LOCAL lock_timeout = '2s'`);
          await startApproval(side, ctx, {
            documentType,
            documentId: order.id!,
            documentRef,
            title: requirement.reason,
            amountFen: order.grossCnyFen,
            regionId: order.regionId,
            customerId: order.customerId,
            attributes:
              requirement.kind === 'price_below_floor'
                ? { tags: requirement.skus.map((s) => `sku:${s}`) }
                : {},
          });
        });
      } catch (error) {
        // The order is refused either way (fail closed); only the request for approval is missing.
        options.logger.error({ err: error, orderId: order.id }, 'approval request not started');
      }
      return false;
    },
  };
}

/**
 * Plugs the workflow into order confirmation: a price below our floor is approved either by an
 * approval recorded on the order (the sales module's own path) or through the workflow, which
 * starts the approval the first time the confirmation asks. Must run after the sales module and
 * before the credit module, which handles credit requirements itself and defers the rest here.
 */
export function installWorkflowApprovalHook(app: App, deps: AppDeps) {
  const side = new pg.Pool({ ...deps.db.options, max: 2 });
  side.on('error', () => {});
  app.addHook('onClose', async () => {
    await side.end();
  });
  const recorded = app.salesHooks.approval;
  const workflow = createWorkflowApprovalHook({ side, logger: deps.logger });
  app.salesHooks.approval = {
    isApproved: async (tx, ctx, order, requirement) =>
      (await recorded.isApproved(tx, ctx, order, requirement)) ||
      workflow.isApproved(tx, ctx, order, requirement),
  };
}

export function registerWorkflowModule(app: App, deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  registerWorkflowRoutes(app, deps, clock);
  registerWorkflowAdminRoutes(app, deps, clock);
  registerReorderPointRoutes(app, deps);
  app.addHook('onReady', async () => {
    await ensureSettings(deps.db);
    await ensureDefaultPolicies(deps.db);
    await ensureDefaultRules(deps.db);
  });

  const automation = { db: deps.db, logger: deps.logger };
  deps.jobs.registerRecurring(
    'workflow.sweep',
    async (_job, db) => void (await sweepDueTasks(db, clock.now())),
    nextSweep,
  );
  deps.jobs.registerRecurring(
    'workflow.automation_daily',
    async () => void (await runScheduledRules(automation, clock.now())),
    nextDailyScan,
  );
  deps.jobs.register(DELIVER_JOB, async (job, db) => {
    const deliveryId = Number(job.payload.deliveryId);
    if (Number.isSafeInteger(deliveryId) && deliveryId > 0)
      await attemptDelivery(db, deliveryId, clock.now());
  });
  for (const type of triggerEvents) {
    deps.events.on(type, async (event) => void (await runEventRules(automation, event, clock.now())));
  }
  for (const type of webhookEventTypes) {
    deps.events.on(type, async (event, db) => void (await queueEventDeliveries(db, event)));
  }
}
