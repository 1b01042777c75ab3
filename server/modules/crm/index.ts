/**
 * CRM: leads (by hand, import, the public form), touches between leads/customers and campaigns,
 * and opportunities through the pipeline. Other modules import only from here.
 */
import type { DomainEvent } from '../../platform/events.ts';
import type { App, AppDeps } from '../../platform/http.ts';
import { registerLeadRoutes } from './leads.routes.ts';
import { registerOpportunityRoutes } from './opportunities.routes.ts';
import { markPaidForInvoice } from './opportunities.service.ts';
import { registerTouchRoutes } from './touches.routes.ts';

export { findRegionRep, normalizedPhoneSql } from './leads.repository.ts';
export {
  channelFromUtmMedium,
  normalizeEmail,
  normalizePhone,
  touchKindForLeadSource,
} from './leads.rules.ts';
export { insertTouches, type NewTouch } from './touches.repository.ts';

export function registerCrmRoutes(app: App, deps: AppDeps) {
  registerLeadRoutes(app, deps);
  registerTouchRoutes(app, deps);
  registerOpportunityRoutes(app, deps);
}

/** Paid = the order's invoices settled: won opportunities follow their order's invoices. */
export function registerCrmEvents(deps: AppDeps) {
  deps.events.on('invoice.paid', async (event: DomainEvent, db) => {
    const invoiceId = Number((event.payload as { invoiceId?: unknown }).invoiceId);
    if (Number.isSafeInteger(invoiceId)) await markPaidForInvoice(db, invoiceId);
  });
}
