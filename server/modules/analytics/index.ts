/**
 * Analytics: dashboards and the pure analysis rules (RFM, product portfolio). Sales figures
 * come from one definition (sales-facts.sql.ts). Other modules import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerCustomerValueRoutes } from './customer-value/customer-value.routes.ts';
import { registerPortfolioRoutes } from './portfolio/portfolio.routes.ts';
import { registerSalesOverviewRoutes } from './sales-overview/sales-overview.routes.ts';
import { registerSemanticRoutes } from './semantic/semantic.routes.ts';

export function registerAnalyticsRoutes(app: App, deps: AppDeps) {
  registerSalesOverviewRoutes(app, deps);
  registerSemanticRoutes(app, deps);
  registerCustomerValueRoutes(app, deps);
  registerPortfolioRoutes(app, deps);
}
