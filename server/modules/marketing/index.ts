/**
 * Marketing: campaigns and their costs, sales spend, after-sales costs, the settings of
 * attribution and lead intake, the funnel analysis and multi-touch attribution. Other modules
 * import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerMarketingAnalyticsRoutes } from './analytics.routes.ts';
import { registerCampaignRoutes } from './campaigns.routes.ts';

export { attributeOrders } from './attribution.service.ts';
export { getIntakeSecret, getSettings as getMarketingSettings } from './settings.repository.ts';

export function registerMarketingRoutes(app: App, deps: AppDeps) {
  registerCampaignRoutes(app, deps);
  registerMarketingAnalyticsRoutes(app, deps);
}
