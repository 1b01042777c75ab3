/**
 * Sales: price lists and price resolution, quotes, contracts, orders (checks, FEFO allocation), pick
 * lists, shipments confirmed by UDI scan. Other modules import only from here.
 */
import type { App, AppDeps } from '../../platform/http.ts';
import { registerContractRoutes } from './contracts/contracts.routes.ts';
import { registerOrderRoutes } from './orders/orders.routes.ts';
import { registerPricingRoutes } from './pricing/pricing.routes.ts';
import { registerQuoteRoutes } from './quotes/quotes.routes.ts';
import { installSalesHooks } from './sales.hooks.ts';
import { registerShipmentRoutes } from './shipments/shipments.routes.ts';

export { resolvePrice } from './pricing/pricing.rules.ts';
export type {
  ApprovalHook,
  ApprovalRequirement,
  CreditDecision,
  CreditHook,
  OrderForChecks,
  SalesHooks,
} from './sales.hooks.ts';

export function registerSalesRoutes(app: App, deps: AppDeps) {
  const hooks = installSalesHooks(app);
  registerPricingRoutes(app, deps);
  registerOrderRoutes(app, deps, hooks);
  registerShipmentRoutes(app, deps);
  registerQuoteRoutes(app, deps, hooks);
  registerContractRoutes(app, deps);
}
