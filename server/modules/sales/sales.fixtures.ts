/**
 * A small company for the sales tests: East and West regions, one warehouse, products of
 * class II and III (one serial-tracked), customers with and without valid qualifications, and
 * one user per role that matters here. Seeded with SQL for speed; stock goes through the
 * ledger (postStockMoves) so balances always equal the moves.
 */
import { withTransaction } from '../../platform/db.ts';
import { createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';
import { postStockMoves, upsertLot } from '../inventory/index.ts';

export interface SalesWorld {
  warehouseId: number;
  /** Class III stent, GTIN 09506000134352, list 2,000.00, floor 1,500.00, VAT 13 %. */
  stent: number;
  /** Class II catheter, no GTIN, list 99.99 (VAT 13 %). */
  catheter: number;
  /** Class III pacemaker, serial-tracked, GTIN 09506000134369. */
  pacer: number;
  /** East hospital (direct channel) with a valid institution licence. */
  eastHospital: number;
  /** West distributor, level 2, operating licence for class II and III, minimum shelf life 120 days. */
  westDealer: number;
  /** East distributor, level 1, no qualification at all. */
  eastDealerUnqualified: number;
  cookies: Record<'director' | 'manager' | 'east' | 'west' | 'warehouse' | 'dealer' | 'finance', string>;
  userIds: Record<'director' | 'manager', number>;
}

export async function seedSalesWorld(test: TestApp): Promise<SalesWorld> {
  const db = test.deps.db;
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 1, 'sales_region', 'WEST', '西北', 'Northwest'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai'),
      (5, 3, 'province', 'SN', '陕西', 'Shaanxi');
    SELECT setval('regions_id_seq', 10);
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'CARDIO', '心血管', 'Cardiology');`);
  const id = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const warehouseId = await id(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-SH', '上海中心仓', 4) RETURNING id`,
  );
  const product = (
    sku: string,
    name: string,
    gtin: string | null,
    deviceClass: number,
    prices: { list: number; floor: number | null },
    serial = false,
  ) =>
    id(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, gtin, certificate_number,
                             device_class, certificate_expiry, standard_cost_fen, list_price_fen, floor_price_fen,
                             vat_rate, is_serial_tracked)
       VALUES ($1, $2, $2, 'Φ3.0×18mm', 1, '个', $3, $4, $5, '2031-12-31', 1000, $6, $7, 0.13, $8) RETURNING id`,
      [
        sku,
        name,
        gtin,
        deviceClass === 3 ? '国械注准20193130123' : '国械注准20192140456',
        deviceClass,
        prices.list,
        prices.floor,
        serial,
      ],
    );
  const stent = await product('STENT-30', '冠脉支架', '09506000134352', 3, { list: 200_000, floor: 150_000 });
  const catheter = await product('CATH-7F', '导管', null, 2, { list: 9_999, floor: null });
  const pacer = await product(
    'PACER-1',
    '心脏起搏器',
    '09506000134369',
    3,
    { list: 3_000_000, floor: null },
    true,
  );

  const customer = (
    code: string,
    name: string,
    type: string,
    channel: string,
    level: number | null,
    region: number,
    minDays = 0,
  ) =>
    id(
      `INSERT INTO customers (code, name, name_normalized, type, channel, distributor_level, region_id, min_shelf_life_days)
       VALUES ($1, $2, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [code, name, type, channel, level, region, minDays],
    );
  const eastHospital = await customer('H-SH-001', '上海市第一人民医院', 'hospital', 'direct', null, 4);
  const westDealer = await customer(
    'D-SN-001',
    '陕西康达医疗器械有限公司',
    'distributor',
    'distributor',
    2,
    5,
    120,
  );
  const eastDealerUnqualified = await customer(
    'D-SH-009',
    '上海无证医疗器械有限公司',
    'distributor',
    'distributor',
    1,
    4,
  );
  await db.query(
    `INSERT INTO customer_qualifications (customer_id, type, number, covered_classes, valid_from, valid_until) VALUES
       ($1, 'medical_institution_licence', 'PDY00001', '{}', '2020-01-01', '2035-12-31'),
       ($2, 'operating_licence', '陕食药监械经营许20210001号', '{2,3}', '2021-01-01', '2035-12-31')`,
    [eastHospital, westDealer],
  );

  const director = await createTestUser(test, 'director', ['sales_director']);
  const manager = await createTestUser(test, 'manager', ['regional_manager'], { regionIds: [2, 3] });
  await createTestUser(test, 'rep.east', ['sales_rep'], { regionIds: [2] });
  await createTestUser(test, 'rep.west', ['sales_rep'], { regionIds: [3] });
  await createTestUser(test, 'warehouse', ['warehouse']);
  await createTestUser(test, 'finance', ['finance']);
  await createTestUser(test, 'dealer', ['distributor'], { distributorId: westDealer });
  const cookies = {
    director: await signIn(test, 'director'),
    manager: await signIn(test, 'manager'),
    east: await signIn(test, 'rep.east'),
    west: await signIn(test, 'rep.west'),
    warehouse: await signIn(test, 'warehouse'),
    dealer: await signIn(test, 'dealer'),
    finance: await signIn(test, 'finance'),
  };
  return {
    warehouseId,
    stent,
    catheter,
    pacer,
    eastHospital,
    westDealer,
    eastDealerUnqualified,
    cookies,
    userIds: { director: director.id, manager: manager.id },
  };
}

/** Receives a lot into the warehouse through the ledger; returns the lot id. */
export async function receiveLot(
  test: TestApp,
  item: {
    productId: number;
    warehouseId: number;
    lotNumber: string;
    expiryDate: string;
    quantity: number;
    status?: 'released' | 'on_hold' | 'quarantine' | 'recalled';
    unitCostFen?: number;
  },
): Promise<number> {
  return withTransaction(test.deps.db, async (tx) => {
    const lot = await upsertLot(tx, {
      productId: item.productId,
      lotNumber: item.lotNumber,
      productionDate: null,
      expiryDate: item.expiryDate,
      supplierId: null,
      unitCostFen: item.unitCostFen ?? 1000,
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
    if (item.status && item.status !== 'released') {
      await tx.query('UPDATE lots SET status = $2 WHERE id = $1', [lot.id, item.status]);
    }
    return lot.id;
  });
}

export interface CallOptions {
  idempotencyKey?: string;
  lang?: 'en' | 'zh-CN';
}

/** Calls the API (in-process) as a signed-in user. */
export function apiAs(test: TestApp, cookie: string) {
  return (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    options: CallOptions = {},
  ) =>
    test.app.inject({
      method,
      url,
      headers: {
        cookie,
        'accept-language': options.lang ?? 'en',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      ...(payload ? { payload } : {}),
    });
}

/** Stock of one product summed over lots: on hand and reserved (from the maintained balances). */
export async function stockOf(test: TestApp, productId: number) {
  const { rows } = await test.deps.db.query<{ onHand: number; reserved: number }>(
    `SELECT coalesce(sum(on_hand), 0)::int AS "onHand", coalesce(sum(reserved), 0)::int AS reserved
       FROM stock_balances WHERE product_id = $1`,
    [productId],
  );
  return rows[0]!;
}
