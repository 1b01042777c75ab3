/**
 * A small company for the CRM and marketing tests: East and South regions with a rep each,
 * a marketing user, a director, customers in both regions, and helpers that write campaigns,
 * touches and invoiced, paid orders straight in SQL (the sales and finance flows have their own
 * tests), so each test starts from "this was sold, invoiced and paid".
 */
import type { Role } from '../../../contracts/auth.ts';
import { createTestUser, signIn, type TestApp } from '../../testing/test-app.ts';

export interface MarketingWorld {
  regions: {
    country: number;
    east: number;
    south: number;
    shanghai: number;
    guangdong: number;
    pudong: number;
  };
  eastHospital: number;
  southHospital: number;
  cookies: Record<UserKey, string>;
  userIds: Record<UserKey, number>;
}

type UserKey = 'admin' | 'director' | 'marketing' | 'east' | 'east2' | 'south' | 'manager' | 'warehouse';

export async function seedMarketingWorld(test: TestApp): Promise<MarketingWorld> {
  const db = test.deps.db;
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 1, 'sales_region', 'SOUTH', '华南', 'South China'),
      (4, 2, 'province', 'SH', '上海', 'Shanghai'),
      (5, 3, 'province', 'GD', '广东', 'Guangdong'),
      (6, 4, 'city', 'SH-PD', '浦东新区', 'Pudong');
    SELECT setval('regions_id_seq', 10);`);
  const customer = async (code: string, name: string, region: number, phone: string | null = null) =>
    (
      await db.query<{ id: number }>(
        `INSERT INTO customers (code, name, name_normalized, type, channel, region_id, contact_name, contact_phone)
         VALUES ($1, $2, $3, 'hospital', 'direct', $4, '王主任', $5) RETURNING id`,
        [code, name, name.replace(/(省|市|有限公司)/g, ''), region, phone],
      )
    ).rows[0]!.id;
  const eastHospital = await customer('H-SH-001', '上海市第一人民医院', 4, '021-63240090');
  const southHospital = await customer('H-GD-001', '广东省人民医院', 5);
  const users: [UserKey, Role[], number[]][] = [
    ['admin', ['admin'], []],
    ['director', ['sales_director'], []],
    ['marketing', ['marketing'], []],
    ['east', ['sales_rep'], [2]],
    ['east2', ['sales_rep'], [2]],
    ['south', ['sales_rep'], [3]],
    ['manager', ['regional_manager'], [2]],
    ['warehouse', ['warehouse'], []],
  ];
  const cookies = {} as Record<UserKey, string>;
  const userIds = {} as Record<UserKey, number>;
  for (const [key, roles, regionIds] of users) {
    const user = await createTestUser(test, `m.${key}`, roles, { regionIds, displayName: `User ${key}` });
    userIds[key] = user.id;
    cookies[key] = await signIn(test, `m.${key}`);
  }
  return {
    regions: { country: 1, east: 2, south: 3, shanghai: 4, guangdong: 5, pudong: 6 },
    eastHospital,
    southHospital,
    cookies,
    userIds,
  };
}

let sequence = 0;

export async function insertCampaign(
  test: TestApp,
  input: {
    code?: string;
    name?: string;
    type?: string;
    channel?: string;
    regionId?: number | null;
    startsOn?: string;
    endsOn?: string;
    utmCampaign?: string | null;
  } = {},
): Promise<number> {
  const n = ++sequence;
  const { rows } = await test.deps.db.query<{ id: number }>(
    `INSERT INTO campaigns (code, name, type, channel, region_id, starts_on, ends_on, utm_campaign)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.code ?? `CMP-${n}`,
      input.name ?? `Campaign ${n}`,
      input.type ?? 'trade_show',
      input.channel ?? 'exhibition',
      input.regionId ?? null,
      input.startsOn ?? '2025-01-01',
      input.endsOn ?? '2026-12-31',
      input.utmCampaign ?? null,
    ],
  );
  return rows[0]!.id;
}

export async function insertCost(test: TestApp, campaignId: number, costDate: string, amountFen: number) {
  await test.deps.db.query(
    `INSERT INTO campaign_costs (campaign_id, cost_date, category, amount_fen) VALUES ($1, $2, 'booth', $3)`,
    [campaignId, costDate, amountFen],
  );
}

/** A touch at 10:00 Shanghai time on a business date. */
export async function insertTouch(
  test: TestApp,
  input: {
    customerId?: number | null;
    leadId?: number | null;
    campaignId: number;
    date: string;
    time?: string;
  },
): Promise<number> {
  const time = input.time ?? '10:00:00';
  const { rows } = await test.deps.db.query<{ id: number }>(
    `INSERT INTO touches (lead_id, customer_id, campaign_id, kind, channel, touched_at, touch_date, touch_time)
     SELECT $1, $2, k.id, 'visit', k.channel, ($4 || ' ' || $5 || '+08')::timestamptz, $4::date, $5
       FROM campaigns k WHERE k.id = $3 RETURNING id`,
    [input.leadId ?? null, input.customerId ?? null, input.campaignId, input.date, time],
  );
  return rows[0]!.id;
}

/**
 * An order invoiced in full (excl. VAT `netFen`, VAT 0 for round numbers, lots costing `costFen`)
 * and, when `paidFen` is given, paid that much. Returns the order and invoice ids.
 */
export async function insertInvoicedOrder(
  test: TestApp,
  input: {
    customerId: number;
    orderDate: string;
    netFen: number;
    costFen: number;
    paidFen?: number;
    ownerRepId?: number | null;
    status?: string;
  },
): Promise<{ orderId: number; invoiceId: number }> {
  const db = test.deps.db;
  const n = ++sequence;
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const { rows } = await db.query<{ region_id: number }>('SELECT region_id FROM customers WHERE id = $1', [
    input.customerId,
  ]);
  const regionId = rows[0]!.region_id;
  const orderId = await one(
    `INSERT INTO sales_orders (number, customer_id, region_id, owner_rep_id, exchange_rate, order_date, promised_date,
                               status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
     VALUES ($1, $2, $3, $4, 1, $5, $5, $6, $7, 0, $7, $7, 0, $7) RETURNING id`,
    [
      `SO-M-${n}`,
      input.customerId,
      regionId,
      input.ownerRepId ?? null,
      input.orderDate,
      input.status ?? 'shipped',
      input.netFen,
    ],
  );
  const shipmentId = await one(
    `INSERT INTO shipments (number, order_id, customer_id, region_id, status, promised_date, shipped_on)
     VALUES ($1, $2, $3, $4, 'shipped', $5, $5) RETURNING id`,
    [`SH-M-${n}`, orderId, input.customerId, regionId, input.orderDate],
  );
  const paid = input.paidFen ?? 0;
  const invoiceId = await one(
    `INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate, invoice_date,
                           due_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                           gross_cny_fen, cost_cny_fen, paid_amount, open_amount, open_cny_fen)
     VALUES ($1, $2, $3, $4, $5, 'CNY', 1, $6, $6::date + 30, $7, $8, 0, $8, $8, 0, $8, $9, $10, $8::bigint - $10::bigint,
             $8::bigint - $10::bigint)
     RETURNING id`,
    [
      `INV-M-${n}`,
      input.customerId,
      regionId,
      shipmentId,
      orderId,
      input.orderDate,
      paid === input.netFen ? 'paid' : paid > 0 ? 'partially_paid' : 'open',
      input.netFen,
      input.costFen,
      paid,
    ],
  );
  if (paid > 0) {
    const paymentId = await one(
      `INSERT INTO payments (number, customer_id, region_id, method, currency, exchange_rate, received_date, reference,
                             amount, amount_cny_fen, allocated_amount, unallocated_amount, unallocated_cny_fen)
       VALUES ($1, $2, $3, 'bank_transfer', 'CNY', 1, $4, 'REF', $5, $5, $5, 0, 0) RETURNING id`,
      [`PMT-M-${n}`, input.customerId, regionId, input.orderDate, paid],
    );
    await db.query(
      `INSERT INTO allocations (payment_id, invoice_id, customer_id, region_id, amount, source_cny_fen, invoice_cny_fen,
                                allocated_on)
       VALUES ($1, $2, $3, $4, $5, $5, $5, $6)`,
      [paymentId, invoiceId, input.customerId, regionId, paid, input.orderDate],
    );
  }
  return { orderId, invoiceId };
}

/** JSON API calls as one user. */
export function apiAs(test: TestApp, cookie: string) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    test.app.inject({
      method,
      url,
      headers: { cookie, 'accept-language': 'en' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown) => call('POST', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}
