export { registerWarehouseRoutes } from './warehouses.routes.ts';
export { createWarehouse as createWarehouseForSeed, getWarehouse } from './warehouses.service.ts';
