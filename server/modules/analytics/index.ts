/**
 * Analytics: dashboards and the pure analysis rules (RFM, product portfolio). Sales figures
 * come from one definition (sales-facts.sql.ts). Other modules import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerSalesOverviewRoutes } from './sales-overview/sales-overview.routes.ts';

export function registerAnalyticsRoutes(app: App, deps: AppDeps) {
  registerSalesOverviewRoutes(app, deps);
}
