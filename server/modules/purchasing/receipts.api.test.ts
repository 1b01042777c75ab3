import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  countRows,
  createConfirmedOrder,
  DOMAIN_UDI,
  type StockWorld,
  seedStockWorld,
} from '../../testing/stock-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { findLedgerMismatches } from '../inventory/index.ts';

let test: TestApp;
let world: StockWorld;
let asWarehouse: Caller;
let asQuality: Caller;
let asRep: Caller;
let asMarketing: Caller;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedStockWorld(test);
  asWarehouse = callerFor(test, world.cookies.warehouse);
  asQuality = callerFor(test, world.cookies.quality);
  asRep = callerFor(test, world.cookies.rep);
  asMarketing = callerFor(test, world.cookies.marketing);
});
afterAll(() => test.close());

const confirmedOrder = (lines: { productId: number; quantity: number; unitPrice: number }[]) =>
  createConfirmedOrder(asWarehouse, world, lines);

const inspection = { inspector: '王质检', reportRef: 'QC-2026-118' };

describe('receipts with inspection', () => {
  it('receives the DOMAIN §1 scanned UDI into lot ABC123 expiring 2026-12-31, and the stock is available', async () => {
    const order = await confirmedOrder([{ productId: world.productUdi, quantity: 10, unitPrice: 50_000 }]);
    const response = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        { purchaseOrderLineId: order.lines[0]!.id, udi: DOMAIN_UDI, quantityAccepted: 10, ...inspection },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const receipt = response.json();
    expect(receipt.number).toBe('RC-20261123-0001');
    expect(receipt.lines[0]).toMatchObject({
      lotNumber: 'ABC123',
      expiryDate: '2026-12-31',
      serials: [],
      quantityReceived: 10,
      quantityAccepted: 10,
      inspectionResult: 'accepted',
      scannedUdi: DOMAIN_UDI,
    });
    const { rows } = await test.deps.db.query(
      `SELECT status, supplier_id AS "supplierId", unit_cost_fen AS "unitCostFen", inspection_report_ref AS ref
         FROM lots WHERE lot_number = 'ABC123'`,
    );
    expect(rows).toEqual([
      { status: 'released', supplierId: world.supplierId, unitCostFen: 50_000, ref: 'QC-2026-118' },
    ]);
    const stock = (
      await asWarehouse('GET', `/api/stock?productId=${world.productUdi}&onlyAvailable=true`)
    ).json();
    expect(stock.items).toEqual([
      expect.objectContaining({
        lotNumber: 'ABC123',
        onHand: 10,
        reserved: 0,
        available: 10,
        lotStatus: 'released',
      }),
    ]);
    expect((await asWarehouse('GET', `/api/purchase-orders/${order.id}`)).json()).toMatchObject({
      status: 'received',
      lines: [{ receivedQuantity: 10 }],
    });
    const events = await test.deps.db.query(
      `SELECT payload FROM outbox_events WHERE type = 'receipt.posted'`,
    );
    expect(events.rows[0].payload).toMatchObject({
      receiptId: receipt.id,
      lines: [{ quantityAccepted: 10 }],
    });
    const audit = await test.deps.db.query(
      `SELECT 1 FROM audit_log WHERE entity = 'receipt' AND entity_id = $1 AND action = 'create'`,
      [String(receipt.id)],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('puts only the accepted units into stock when inspection rejects part of a delivery', async () => {
    const order = await confirmedOrder([{ productId: world.productPlain, quantity: 10, unitPrice: 300 }]);
    const line = order.lines[0]!.id;
    const first = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        {
          purchaseOrderLineId: line,
          lotNumber: 'GZ-01',
          expiryDate: '2028-06-30',
          productionDate: '2026-06-30',
          quantityAccepted: 7,
          quantityRejected: 3,
          inspectionResult: 'partially_accepted',
          ...inspection,
        },
      ],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().lines[0]).toMatchObject({
      quantityReceived: 10,
      quantityAccepted: 7,
      quantityRejected: 3,
    });
    const stockResponse = await asWarehouse('GET', `/api/stock?productId=${world.productPlain}`);
    expect(stockResponse.statusCode, stockResponse.body).toBe(200);
    const stock = stockResponse.json();
    expect(stock.items.map((s: { onHand: number }) => s.onHand)).toEqual([7]);
    let po = (await asWarehouse('GET', `/api/purchase-orders/${order.id}`)).json();
    expect(po).toMatchObject({ status: 'partially_received', lines: [{ receivedQuantity: 7 }] });

    // The supplier replaces the 3 rejected units: they fit the order, since only accepted units count as received.
    const replacement = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        {
          purchaseOrderLineId: line,
          lotNumber: 'GZ-01',
          expiryDate: '2028-06-30',
          quantityAccepted: 3,
          ...inspection,
        },
      ],
    });
    expect(replacement.statusCode, replacement.body).toBe(201);
    po = (await asWarehouse('GET', `/api/purchase-orders/${order.id}`)).json();
    expect(po).toMatchObject({ status: 'received', lines: [{ receivedQuantity: 10 }] });
    expect(await findLedgerMismatches(test.deps.db)).toEqual([]);
  });

  it('refuses an inspection result that contradicts the quantities', async () => {
    const order = await confirmedOrder([{ productId: world.productPlain, quantity: 4, unitPrice: 300 }]);
    const response = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        {
          purchaseOrderLineId: order.lines[0]!.id,
          lotNumber: 'GZ-02',
          expiryDate: '2028-06-30',
          quantityAccepted: 4,
          quantityRejected: 0,
          inspectionResult: 'rejected',
          ...inspection,
        },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'BUSINESS_RULE',
      details: { field: 'inspectionResult', line: 0 },
    });
  });

  describe('refusals leave nothing behind', () => {
    let order: Awaited<ReturnType<typeof confirmedOrder>>;
    const attempt = (line: object) =>
      asWarehouse('POST', '/api/receipts', {
        purchaseOrderId: order.id,
        arrivalDate: '2026-11-23',
        lines: [{ purchaseOrderLineId: order.lines[0]!.id, ...inspection, ...line }],
      });
    let before: { moves: number; receipts: number; lots: number };
    const counts = async () => ({
      moves: await countRows(test, 'stock_moves'),
      receipts: await countRows(test, 'receipts'),
      lots: await countRows(test, 'lots'),
    });

    beforeAll(async () => {
      order = await confirmedOrder([{ productId: world.productUdi, quantity: 5, unitPrice: 50_000 }]);
      before = await counts();
    });

    it('refuses a scan whose GTIN is another product (422 GTIN_MISMATCH)', async () => {
      const otherProduct = ']d2010950600013436917261231' + '10XYZ';
      const response = await attempt({ udi: otherProduct, quantityAccepted: 1 });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'GTIN_MISMATCH',
        details: { scannedGtin: '09506000134369', expectedGtin: '09506000134352' },
      });
    });

    it('refuses to receive more than is open on the order line (422 OVER_RECEIPT)', async () => {
      const response = await attempt({
        lotNumber: 'NEW-9',
        expiryDate: '2029-01-31',
        quantityAccepted: 5,
        quantityRejected: 1,
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'OVER_RECEIPT', details: {} });
      expect(response.json().error.message).toContain('only 5 are still open');
    });

    it('refuses an expired lot, typed or scanned (422 LOT_EXPIRED)', async () => {
      const typed = await attempt({ lotNumber: 'OLD-1', expiryDate: '2026-11-01', quantityAccepted: 1 });
      expect(typed.statusCode).toBe(422);
      expect(typed.json().error.code).toBe('LOT_EXPIRED');
      const expiringToday = await attempt({
        lotNumber: 'OLD-2',
        expiryDate: '2026-11-23',
        quantityAccepted: 1,
      });
      expect(expiringToday.json().error.code).toBe('LOT_EXPIRED');
      const scanned = await attempt({ udi: '(01)09506000134352(17)251231(10)OLD3', quantityAccepted: 1 });
      expect(scanned.statusCode).toBe(422);
      expect(scanned.json().error).toMatchObject({ code: 'LOT_EXPIRED', details: { lotNumber: 'OLD3' } });
    });

    it('refuses a lot number already on file with another expiry (422 LOT_EXPIRY_MISMATCH)', async () => {
      const response = await attempt({ lotNumber: 'ABC123', expiryDate: '2027-12-31', quantityAccepted: 1 });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'LOT_EXPIRY_MISMATCH',
        message: 'Lot ABC123 is on file with expiry 2026-12-31, not 2027-12-31',
      });
    });

    it('refuses an unreadable code and an arrival date in the future', async () => {
      const unreadable = await attempt({ udi: ']d20109506000134353', quantityAccepted: 1 });
      expect(unreadable.json().error.code).toBe('UDI_INVALID');
      const future = await asWarehouse('POST', '/api/receipts', {
        purchaseOrderId: order.id,
        arrivalDate: '2099-01-01',
        lines: [
          {
            purchaseOrderLineId: order.lines[0]!.id,
            lotNumber: 'F',
            expiryDate: '2100-01-01',
            quantityAccepted: 1,
            ...inspection,
          },
        ],
      });
      expect(future.json().error).toMatchObject({ code: 'BUSINESS_RULE', details: { field: 'arrivalDate' } });
    });

    it('has written no receipt, lot or move for any of them', async () => {
      expect(await counts()).toEqual(before);
      expect((await asWarehouse('GET', `/api/purchase-orders/${order.id}`)).json().status).toBe('confirmed');
    });
  });

  it('receives serial-tracked units with one serial each (the scanned one included) and refuses a serial already in stock', async () => {
    const order = await confirmedOrder([
      { productId: world.productSerial, quantity: 5, unitPrice: 2_000_000 },
    ]);
    const line = order.lines[0]!.id;
    const scan = '(01)09506000134369(11)260501(17)310430(10)PM-7(21)SN-100';
    const missing = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [{ purchaseOrderLineId: line, udi: scan, quantityAccepted: 2, ...inspection }],
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details).toMatchObject({ field: 'serials' });
    const ok = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [
        { purchaseOrderLineId: line, udi: scan, serials: ['SN-101'], quantityAccepted: 2, ...inspection },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().lines[0]).toMatchObject({
      lotNumber: 'PM-7',
      productionDate: '2026-05-01',
      expiryDate: '2031-04-30',
      serials: ['SN-101', 'SN-100'],
    });
    const stock = (await asWarehouse('GET', `/api/stock?productId=${world.productSerial}&sort=sku`)).json();
    expect(stock.items.map((s: { serial: string; onHand: number }) => [s.serial, s.onHand]).sort()).toEqual([
      ['SN-100', 1],
      ['SN-101', 1],
    ]);
    const again = await asWarehouse('POST', '/api/receipts', {
      purchaseOrderId: order.id,
      arrivalDate: '2026-11-23',
      lines: [{ purchaseOrderLineId: line, udi: scan, quantityAccepted: 1, ...inspection }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'serials' } });
  });

  it('exports the GSP purchase-receipt record with the DOMAIN §2 columns, as CSV and Excel', async () => {
    const csv = await asQuality('GET', '/api/receipts/gsp-record?from=2026-11-01&to=2026-11-30');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header!.split(',')).toEqual([
      'Arrival date',
      'Receipt number',
      'Product name',
      'Model/spec',
      'Registration/filing number',
      'Lot or serial',
      'Production date',
      'Expiry',
      'Manufacturer',
      'Supplier',
      'Unit',
      'Quantity received',
      'Quantity accepted',
      'Quantity rejected',
      'Inspection result',
      'Inspector',
      'Inspection report',
    ]);
    const partial = rows.find((r) => r.includes('GZ-01') && r.includes('Partially accepted'));
    expect(partial).toBe(
      '2026-11-23,RC-20261123-0002,医用纱布,Φ3.0×18mm,国械注进20193130123,GZ-01,2026-06-30,2028-06-30,' +
        'Acme Medical GmbH,上海医械供应链有限公司,套,10,7,3,Partially accepted,王质检,QC-2026-118',
    );
    expect(rows.some((r) => r.includes('PM-7 / SN-101, SN-100'))).toBe(true);

    const xlsx = await callerFor(test, world.cookies.quality)(
      'GET',
      '/api/receipts/gsp-record?from=2026-11-23&to=2026-11-23&format=xlsx',
    );
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(13).value).toBe('Quantity accepted');
    expect(sheet.rowCount).toBe(rows.length + 1);

    const zh = await test.app.inject({
      url: '/api/receipts/gsp-record?from=2026-11-23&to=2026-11-23',
      headers: { cookie: world.cookies.quality, 'accept-language': 'zh-CN' },
    });
    expect(zh.body).toContain('验收合格数量');
  });

  it('keeps purchasing away from users without its permissions (403)', async () => {
    expect((await asMarketing('GET', '/api/purchase-orders')).statusCode).toBe(403);
    expect((await asMarketing('GET', '/api/stock')).statusCode).toBe(403);
    expect((await asRep('GET', '/api/receipts')).statusCode).toBe(403);
    expect((await asRep('GET', '/api/receipts/gsp-record?from=2026-11-01&to=2026-11-30')).statusCode).toBe(
      403,
    );
    const post = await asQuality('POST', '/api/receipts', { purchaseOrderId: 1, lines: [] });
    expect(post.statusCode).toBe(403);
    expect((await asRep('POST', '/api/purchase-orders', {})).statusCode).toBe(403);
  });
});
