import type { App, AppDeps } from '../../platform/http.ts';
import { registerStockRoutes } from './stock.routes.ts';
import { registerTraceRoutes } from './trace.routes.ts';
import { registerTransferRoutes } from './transfers.routes.ts';

/** Stock, lots, transfers and traceability (warehouses register separately). */
export function registerInventoryRoutes(app: App, deps: AppDeps) {
  registerStockRoutes(app, deps);
  registerTransferRoutes(app, deps);
  registerTraceRoutes(app, deps);
}
