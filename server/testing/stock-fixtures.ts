/**
 * A small company for purchasing, inventory and traceability tests: two warehouses, a
 * supplier and a manufacturer, three products (scanned by UDI, serial-tracked, plain) and one
 * user per role that matters here.
 */

import { postStockMoves, upsertLot } from '../modules/inventory/index.ts';
import { withTransaction } from '../platform/db.ts';
import { createTestUser, signIn, type TestApp } from './test-app.ts';

/** DOMAIN §1 example: ]d2 + (01)09506000134352 (17)261231 (10)ABC123 GS (21)SN0001. */
export const DOMAIN_UDI = ']d20109506000134352' + '17261231' + '10ABC123' + '\x1d' + '21SN0001';

export interface StockWorld {
  regionEast: number;
  regionWest: number;
  warehouseA: number;
  warehouseB: number;
  supplierId: number;
  manufacturerId: number;
  /** GTIN 09506000134352, not serial-tracked. */
  productUdi: number;
  /** GTIN 09506000134369, serial-tracked implant. */
  productSerial: number;
  /** No GTIN. */
  productPlain: number;
  cookies: Record<'warehouse' | 'quality' | 'rep' | 'marketing' | 'admin', string>;
}

export async function seedStockWorld(test: TestApp): Promise<StockWorld> {
  const db = test.deps.db;
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 1, 'sales_region', 'WEST', '西北', 'Northwest');
    SELECT setval('regions_id_seq', 10);
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'CARDIO', '心血管', 'Cardiology');`);
  const id = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const warehouseA = await id(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-A', '上海中心仓', 2) RETURNING id`,
  );
  const warehouseB = await id(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-B', '西安分仓', 3) RETURNING id`,
  );
  const supplierId = await id(
    `INSERT INTO suppliers (code, name, kind, licence_number, licence_valid_until)
     VALUES ('SUP-1', '上海医械供应链有限公司', 'supplier', '沪食药监械经营许20190001号', '2030-12-31') RETURNING id`,
  );
  const manufacturerId = await id(
    `INSERT INTO suppliers (code, name, kind, country) VALUES ('MFR-1', 'Acme Medical GmbH', 'manufacturer', 'DE') RETURNING id`,
  );
  const product = (sku: string, name: string, gtin: string | null, serial: boolean) =>
    id(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, gtin, certificate_number,
                             device_class, manufacturer_id, standard_cost_fen, list_price_fen, is_serial_tracked,
                             is_implant)
       VALUES ($1, $2, $2, 'Φ3.0×18mm', 1, '套', $3, '国械注进20193130123', 3, $4, 1000, 2000, $5, $5) RETURNING id`,
      [sku, name, gtin, manufacturerId, serial],
    );
  const productUdi = await product('STENT-30', '冠脉支架', '09506000134352', false);
  const productSerial = await product('PACER-1', '心脏起搏器', '09506000134369', true);
  const productPlain = await product('GAUZE-1', '医用纱布', null, false);

  const users = {
    warehouse: ['warehouse'],
    quality: ['quality'],
    rep: ['sales_rep'],
    marketing: ['marketing'],
    admin: ['admin'],
  } as const;
  const cookies = {} as StockWorld['cookies'];
  for (const [name, roles] of Object.entries(users) as [
    keyof typeof users,
    (typeof users)[keyof typeof users],
  ][]) {
    await createTestUser(test, name, [...roles], name === 'rep' ? { regionIds: [3] } : {});
    cookies[name] = await signIn(test, name);
  }
  return {
    regionEast: 2,
    regionWest: 3,
    warehouseA,
    warehouseB,
    supplierId,
    manufacturerId,
    productUdi,
    productSerial,
    productPlain,
    cookies,
  };
}

/** Calls the API as one of the world's users, in English. */
export function callerFor(test: TestApp, cookie: string) {
  return (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    test.app.inject({
      method,
      url,
      headers: { cookie, 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });
}
export type Caller = ReturnType<typeof callerFor>;

export interface ConfirmedOrder {
  id: number;
  number: string;
  version: number;
  status: string;
  lines: { id: number; productId: number; quantity: number }[];
}

/** Creates a CNY purchase order for warehouse A through the API and confirms it. */
export async function createConfirmedOrder(
  as: Caller,
  world: StockWorld,
  lines: { productId: number; quantity: number; unitPrice: number }[],
  orderDate = '2026-11-20',
): Promise<ConfirmedOrder> {
  const created = await as('POST', '/api/purchase-orders', {
    supplierId: world.supplierId,
    warehouseId: world.warehouseA,
    orderDate,
    lines,
  });
  if (created.statusCode !== 201) throw new Error(`purchase order refused: ${created.body}`);
  const confirmed = await as('POST', `/api/purchase-orders/${created.json().id}/confirm`, {
    version: created.json().version,
  });
  if (confirmed.statusCode !== 200) throw new Error(`confirmation refused: ${confirmed.body}`);
  return confirmed.json();
}

/** Puts stock of a lot into a warehouse directly through the ledger (for tests not about receipts). */
export async function stockUp(
  test: TestApp,
  item: { productId: number; warehouseId: number; lotNumber: string; expiryDate: string; quantity: number },
): Promise<number> {
  return withTransaction(test.deps.db, async (tx) => {
    const lot = await upsertLot(tx, {
      productId: item.productId,
      lotNumber: item.lotNumber,
      productionDate: null,
      expiryDate: item.expiryDate,
      supplierId: null,
      unitCostFen: 1000,
      receivedOn: '2026-01-05',
      inspectionReportRef: null,
    });
    await postStockMoves(tx, [
      {
        warehouseId: item.warehouseId,
        productId: item.productId,
        lotId: lot.id,
        kind: 'receipt',
        quantity: item.quantity,
        businessDate: '2026-01-05',
      },
    ]);
    return lot.id;
  });
}

export async function countRows(test: TestApp, table: 'stock_moves' | 'audit_log' | 'receipts' | 'lots') {
  return (await test.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
}
