export { registerInventoryRoutes } from './inventory.routes.ts';
export {
  allocateAndReserve,
  findLedgerMismatches,
  holdStock,
  issueReservedStock,
  type NewStockMove,
  postStockMoves,
  type Reservation,
  releaseReservations,
  upsertLot,
} from './stock.service.ts';
export { registerWarehouseRoutes } from './warehouses.routes.ts';
export { createWarehouse as createWarehouseForSeed, getWarehouse } from './warehouses.service.ts';
