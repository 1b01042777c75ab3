export { registerWarehouseRoutes } from './warehouses.routes.ts';
export { getWarehouse } from './warehouses.service.ts';
