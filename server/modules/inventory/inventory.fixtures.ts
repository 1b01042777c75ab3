/**
 * The smallest world the stock tests need: one region, one warehouse, one product line and the
 * products named by `skus` (stents, not serial-tracked).
 */
import { type Db, type Queryable, withTransaction } from '../../platform/db.ts';
import { upsertLot } from './stock.service.ts';

export async function seedStockWorld(
  db: Queryable,
  skus: readonly string[],
): Promise<{ warehouseId: number; productIds: number[] }> {
  await db.query(
    `INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES (1, NULL, 'country', 'CN', '中国', 'China')`,
  );
  const warehouse = await db.query<{ id: number }>(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('W1', '一号仓', 1) RETURNING id`,
  );
  await db.query(`INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'L', '线', 'Line')`);
  const productIds: number[] = [];
  for (const sku of skus) {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             standard_cost_fen, list_price_fen)
       VALUES ($1, '支架', 'Stent', '3.0', 1, '套', '国械注准20193130123', 3, 100, 200) RETURNING id`,
      [sku],
    );
    productIds.push(rows[0]!.id);
  }
  return { warehouseId: warehouse.rows[0]!.id, productIds };
}

/** A lot of the product (unit cost 100 fen, received 2026-01-01), in its own transaction. */
export function createLot(db: Db, productId: number, lotNumber: string, expiryDate: string) {
  return withTransaction(db, (tx) =>
    upsertLot(tx, {
      productId,
      lotNumber,
      productionDate: null,
      expiryDate,
      supplierId: null,
      unitCostFen: 100,
      receivedOn: '2026-01-01',
      inspectionReportRef: null,
    }),
  );
}
