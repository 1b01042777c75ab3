import type { App, AppDeps } from '../../platform/http.ts';
import { registerPurchaseOrderRoutes } from './purchase-orders.routes.ts';
import { registerReceiptRoutes } from './receipts.routes.ts';

/** For modules that draft purchase orders (workflow: replenishment below the reorder point). */
export { createPurchaseOrder } from './purchase-orders.service.ts';

export function registerPurchasingRoutes(app: App, deps: AppDeps) {
  registerPurchaseOrderRoutes(app, deps);
  registerReceiptRoutes(app, deps);
}
