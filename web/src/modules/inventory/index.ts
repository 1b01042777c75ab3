/** What other screens use from the warehouse module: pickers and tags. */
export { ExpiryTag, LotStatusTag } from './InventoryTags.tsx';
export { useProductSearch, useWarehouseOptions } from './inventory.api.ts';
export { LotSelect, lotLabel, ProductSelect, productLabel, WarehouseSelect } from './pickers.tsx';
