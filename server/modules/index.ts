import type { App, AppDeps } from '../platform/http.ts';
import { registerAnalyticsRoutes } from './analytics/index.ts';
import { registerAuditRoutes } from './audit/index.ts';
import { registerCatalogRoutes } from './catalog/index.ts';
import { registerCreditModule } from './credit/index.ts';
import { registerCrmEvents, registerCrmRoutes } from './crm/index.ts';
import { registerDataQualityJobs, registerDataQualityRoutes } from './dataquality/index.ts';
import { registerFinanceRoutes } from './finance/index.ts';
import { registerImportRoutes } from './imports/index.ts';
import { registerInventoryRoutes, registerWarehouseRoutes } from './inventory/index.ts';
import { registerMarketingRoutes } from './marketing/index.ts';
import { registerCustomerRoutes, registerSupplierRoutes } from './parties/index.ts';
import { registerPurchasingRoutes } from './purchasing/index.ts';
import { registerRegionRoutes } from './regions/index.ts';
import { registerSalesRoutes } from './sales/index.ts';
import { registerUserRoutes } from './users/index.ts';
import { installWorkflowApprovalHook, registerWorkflowModule } from './workflow/index.ts';

/** Each business module adds its routes here; the composition root knows nothing else about them. */
export function registerModules(app: App, deps: AppDeps) {
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerRegionRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerSupplierRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerWarehouseRoutes(app, deps);
  registerInventoryRoutes(app, deps);
  registerPurchasingRoutes(app, deps);
  registerSalesRoutes(app, deps);
  registerFinanceRoutes(app, deps);
  // After sales, in this order: the workflow wraps the sales module's approval hook, and credit
  // replaces the credit hook and answers credit requirements, deferring the others to the workflow.
  installWorkflowApprovalHook(app, deps);
  registerCreditModule(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerDataQualityRoutes(app, deps);
  registerDataQualityJobs(deps);
  registerMarketingRoutes(app, deps);
  registerCrmRoutes(app, deps);
  registerCrmEvents(deps);
  registerWorkflowModule(app, deps);
}
