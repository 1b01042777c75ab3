import type { App, AppDeps } from '../platform/http.ts';
import { registerCustomerRoutes } from './parties/index.ts';
import { registerRegionRoutes } from './regions/index.ts';
import { registerUserRoutes } from './users/index.ts';

/** Each business module adds its routes here; the composition root knows nothing else about them. */
export function registerModules(app: App, deps: AppDeps) {
  registerUserRoutes(app, deps);
  registerRegionRoutes(app, deps);
  registerCustomerRoutes(app, deps);
}
