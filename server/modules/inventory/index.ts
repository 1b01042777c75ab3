export { registerInventoryRoutes } from './inventory.routes.ts';
export {
  allocateAndReserve,
  allocateFefo,
  findLedgerMismatches,
  findSerialInStock,
  holdStock,
  type Issue,
  issueReservedStock,
  type NewStockMove,
  postStockMoves,
  type Reservation,
  releaseHeldStock,
  releaseReservations,
  reserveStock,
  summarizeLotStock,
  upsertLot,
} from './stock.service.ts';
export { registerWarehouseRoutes } from './warehouses.routes.ts';
export { createWarehouse as createWarehouseForSeed, getWarehouse } from './warehouses.service.ts';
