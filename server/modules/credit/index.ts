/**
 * Credit management (SPEC §2.4, DOMAIN §4): the policy, ratings and profiles, limit requests,
 * the order-time decision (plugged into the sales hooks), the receivables reports and
 * collections. Other modules import only from here.
 */
import pg from 'pg';
import type { Queryable } from '../../platform/db.ts';
import type { App, AppDeps } from '../../platform/http.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { registerCollectionRoutes } from './collections.routes.ts';
import { settlePromises } from './collections.service.ts';
import { createCreditHooks } from './credit.hooks.ts';
import * as creditRepo from './credit.repository.ts';
import { registerCreditRoutes } from './credit.routes.ts';
import { isLargeOrder } from './credit.rules.ts';
import { settleFromWorkflow } from './decisions.service.ts';
import { registerCreditInputRoutes } from './inputs.routes.ts';
import { ensureDefaultPolicy, getCurrentPolicy } from './policy.service.ts';
import { rateAllCustomers, rateCustomers, rateNewlyOverdue } from './rating.service.ts';
import { raiseReminders } from './reminders.service.ts';
import { registerCreditReportRoutes } from './reports.routes.ts';

export { promiseStatus } from './collections.rules.ts';
export { settlePromises } from './collections.service.ts';
export { ensureDefaultPolicy } from './policy.service.ts';
export { rateAllCustomers, rateCustomers, rateInTransaction } from './rating.service.ts';
export { raiseReminders } from './reminders.service.ts';

/** Events after which the customer is rated again (debounced: one queued rating per customer). */
export const reratingEvents = [
  'payment.received',
  'invoice.paid',
  'invoice.written_off',
  'qualification.changed',
];

/** 02:30 in Shanghai (18:30 UTC the day before) on the first day of the next month. */
export function nextMonthlyRun(from: Date): Date {
  for (let months = 0; ; months++) {
    const next = new Date(
      Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1, 18, 30) - 86_400_000,
    );
    if (next > from) return next;
  }
}

/** 02:15 in Shanghai every day. */
export function nextDailyRun(from: Date): Date {
  const next = new Date(from);
  next.setUTCHours(18, 15, 0, 0);
  if (next <= from) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/**
 * Routes, the order-time hooks (replacing the sales defaults), jobs and event reactions. Must
 * run after the sales module has installed its hooks.
 */
export function registerCreditModule(app: App, deps: AppDeps) {
  registerCreditRoutes(app, deps);
  registerCreditReportRoutes(app, deps);
  registerCollectionRoutes(app, deps);
  registerCreditInputRoutes(app, deps);

  // A few connections of its own for what must outlive a confirmation that rolls back.
  const side = new pg.Pool({ ...deps.db.options, max: 2 });
  side.on('error', () => {});
  app.addHook('onClose', async () => {
    await side.end();
  });
  const hooks = createCreditHooks(side, deps.logger, app.salesHooks.approval);
  app.salesHooks.credit = hooks.credit;
  app.salesHooks.approval = hooks.approval;
  app.addHook('onReady', async () => {
    await ensureDefaultPolicy(deps.db);
  });

  deps.jobs.registerRecurring(
    'credit.rate_all',
    async (_job, db) => {
      await rateAllCustomers(db, { trigger: 'scheduled' });
    },
    nextMonthlyRun,
  );
  deps.jobs.registerRecurring(
    'credit.overdue_scan',
    async (_job, db) => {
      await rateNewlyOverdue(db);
    },
    nextDailyRun,
  );
  deps.jobs.registerRecurring(
    'credit.collections_daily',
    async (_job, db) => {
      // Promises first: a broken one raises the next step, which the routine reminders then
      // find already raised.
      await settlePromises(db);
      await raiseReminders(db);
    },
    nextDailyRun,
  );
  deps.jobs.register('credit.rate_customer', async (job, db) => {
    const customerId = Number(job.payload.customerId);
    if (Number.isSafeInteger(customerId) && customerId > 0) {
      await rateCustomers(db, [customerId], { trigger: 'event' });
    }
  });
  const queueRating = (db: Queryable, customerId: number) =>
    enqueueJob(
      db,
      'credit.rate_customer',
      { customerId },
      { uniqueKey: `credit.rate:${customerId}`, runAt: new Date(Date.now() + 5000) },
    );
  for (const type of reratingEvents) {
    deps.events.on(type, async (event, db) => {
      const customerId = Number(event.payload.customerId);
      if (!Number.isSafeInteger(customerId) || customerId <= 0) return;
      await queueRating(db, customerId);
    });
  }
  // A large order (issue #6 "rating on events"): the event carries no amount, so the order is
  // read back; the threshold is the policy's largeOrderFen (gross CNY, incl. VAT).
  deps.events.on('order.confirmed', async (event, db) => {
    const orderId = Number(event.payload.orderId);
    if (!Number.isSafeInteger(orderId) || orderId <= 0) return;
    const order = await creditRepo.findOrderGrossFen(db, orderId);
    if (!order) return;
    const { config } = await getCurrentPolicy(db);
    if (isLargeOrder(order.grossFen, config)) await queueRating(db, order.customerId);
  });
  // A credit decision approved or rejected in the workflow inbox settles the decision.
  for (const type of ['approval.approved', 'approval.rejected']) {
    deps.events.on(type, async (event, db) => {
      const { documentType, documentId, decidedBy, comment } = event.payload;
      if (documentType !== 'credit_decision' || typeof decidedBy !== 'number') return;
      await settleFromWorkflow(db, {
        decisionId: Number(documentId),
        approved: type === 'approval.approved',
        decidedBy,
        comment: typeof comment === 'string' ? comment : null,
      });
    });
  }
}
