/**
 * Analytics: dashboards and the pure analysis rules (RFM, product portfolio). Sales figures
 * come from one definition (sales-facts.sql.ts). Other modules import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerAlertRoutes } from './alerts/alerts.routes.ts';
import { registerCustomerValueRoutes } from './customer-value/customer-value.routes.ts';
import { registerSegmentRoutes } from './customer-value/segments.routes.ts';
import { registerPortfolioRoutes } from './portfolio/portfolio.routes.ts';
import { registerSavedReportRoutes } from './reports/saved-reports.routes.ts';
import { registerRollupJobs } from './rollups/rollups.jobs.ts';
import { registerSalesOverviewRoutes } from './sales-overview/sales-overview.routes.ts';
import { registerSemanticRoutes } from './semantic/semantic.routes.ts';
import { registerTargetRoutes } from './targets/targets.routes.ts';

// The one revenue definition, for the demo generator's targets (demo/targets.ts).
export { salesFactsSql } from './sales-facts.sql.ts';

export function registerAnalyticsRoutes(app: App, deps: AppDeps) {
  registerSalesOverviewRoutes(app, deps);
  registerSemanticRoutes(app, deps);
  registerSavedReportRoutes(app, deps);
  registerCustomerValueRoutes(app, deps);
  registerSegmentRoutes(app, deps);
  registerPortfolioRoutes(app, deps);
  registerTargetRoutes(app, deps);
  // KPI alerts, with their scheduled evaluation.
  registerAlertRoutes(app, deps);
  // The scheduled refresh of the rollups the query compiler reads.
  registerRollupJobs(deps);
}

export { rebuildRollups, rebuildRollupsConcurrently, refreshRollups } from './rollups/rollups.refresh.ts';
