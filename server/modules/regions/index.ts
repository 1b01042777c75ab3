export { findRegion, listDescendantIds } from './regions.repository.ts';
export { registerRegionRoutes } from './regions.routes.ts';
