import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.ts';
import { emitEvent } from '../../platform/events.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import type { TestApp } from '../../testing/test-app.ts';
import {
  as,
  createWorkflowTestApp,
  type Person,
  seedWorkflowWorld,
  startContract,
  type WorkflowWorld,
} from './workflow.fixtures.ts';
import { yuanToFen } from './workflow.rules.ts';

let test: TestApp & { clock: ManualClock };
let world: WorkflowWorld;
let rules: Record<string, number>;
let products: { stent: number; catheter: number; gauze: number };
let warehouseId: number;
let supplierId: number;

beforeAll(async () => {
  // Today is 2 March 2026 in Shanghai.
  test = await createWorkflowTestApp();
  world = await seedWorkflowWorld(test);
  const db = test.deps.db;
  await db.query(
    `INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'CARDIO', '心血管', 'Cardiology')`,
  );
  const id = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const product = (sku: string, expiry: string, floor: number) =>
    id(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             certificate_expiry, standard_cost_fen, list_price_fen, floor_price_fen)
       VALUES ($1, $1, $1, 'std', 1, '个', $2, 3, $3, 500, 200000, $4) RETURNING id`,
      [sku, `国械注准2021${sku}`, expiry, floor],
    );
  products = {
    stent: await product('STENT', '2026-03-12', 150_000),
    catheter: await product('CATH', '2026-05-01', 150_000),
    gauze: await product('GAUZE', '2027-01-01', 100),
  };
  warehouseId = await id(
    `INSERT INTO warehouses (code, name, region_id) VALUES ('WH-SH', '上海仓', 3) RETURNING id`,
  );
  supplierId = await id(
    `INSERT INTO suppliers (code, name, kind, licence_number, licence_valid_until)
     VALUES ('SUP-1', '上海供应链', 'supplier', '沪械经营许2019', '2030-12-31') RETURNING id`,
  );
  const list = (await as(test, world, 'admin')('GET', '/api/workflow/automation/rules')).body.items as {
    id: number;
    code: string;
  }[];
  rules = Object.fromEntries(list.map((r) => [r.code, r.id]));
});
afterAll(() => test.close());

const call = (who: Person) => as(test, world, who);

async function openTasks(
  who: Person,
  kind?: string,
): Promise<{ title: string; kind: string; link: string | null }[]> {
  return (await call(who)('GET', `/api/workflow/tasks${kind ? `?kind=${kind}` : ''}`)).body.items;
}

async function run(code: string): Promise<number> {
  const response = await call('admin')('POST', `/api/workflow/automation/rules/${rules[code]}/run`);
  expect(response.status).toBe(200);
  return response.body.fired;
}

async function emitAndDispatch(type: string, payload: Record<string, unknown>): Promise<void> {
  await emitEvent(test.deps.db, type, payload);
  await test.deps.events.dispatchPending();
}

describe('default automation rules', () => {
  it('ships the rules of SPEC §2.6 whose triggers exist', () => {
    expect(Object.keys(rules)).toEqual(
      expect.arrayContaining([
        'qualification_expiring',
        'certificate_expiring',
        'price_list_below_floor',
        'order_below_floor',
        'stock_below_reorder_point',
        'credit_grade_drop',
        'opportunity_idle',
        'contract_approved_warehouse',
      ]),
    );
  });

  it('gives the owner a task for a qualification expiring in 30 days, not in 31, and only once', async () => {
    await test.deps.db.query(
      `INSERT INTO customer_qualifications (customer_id, type, number, covered_classes, valid_until) VALUES
         ($1, 'medical_institution_licence', 'PDY-30', '{1,2,3}', '2026-04-01'),
         ($1, 'business_licence', 'BL-31', '{}', '2026-04-02')`,
      [world.hospital],
    );
    // Through the daily job, as production runs it.
    await enqueueJob(test.deps.db, 'workflow.automation_daily');
    await test.deps.jobs.runDue();
    const tasks = await openTasks('rep', 'compliance');
    expect(tasks.map((t) => t.title)).toEqual([
      '上海市第一人民医院: medical institution licence PDY-30 expires on 2026-04-01',
    ]);
    expect(tasks[0]!.link).toBe(`/customers/${world.hospital}`);
    expect(await run('qualification_expiring')).toBe(0);
  });

  it('gives quality a task for a product certificate expiring within 30 days only', async () => {
    expect(await run('certificate_expiring')).toBe(0); // the daily job above did it already
    const titles = (await openTasks('quality', 'compliance')).map((t) => t.title);
    expect(titles.filter((t) => t.includes('registration certificate'))).toEqual([
      'Product STENT STENT: registration certificate 国械注准2021STENT expires on 2026-03-12',
    ]);
  });

  it('does nothing while a rule is switched off', async () => {
    const rule = (await call('admin')('GET', '/api/workflow/automation/rules')).body.items.find(
      (r: { code: string }) => r.code === 'qualification_expiring',
    );
    const off = await call('admin')('PATCH', `/api/workflow/automation/rules/${rule.id}`, {
      version: rule.version,
      isActive: false,
    });
    expect(off.body.isActive).toBe(false);
    await test.deps.db.query(
      `INSERT INTO customer_qualifications (customer_id, type, number, valid_until) VALUES ($1, 'operating_licence', 'OL-1', '2026-03-20')`,
      [world.hospital],
    );
    await enqueueJob(test.deps.db, 'workflow.automation_daily');
    await test.deps.jobs.runDue();
    expect((await openTasks('rep', 'compliance')).map((t) => t.title)).not.toContain(
      expect.stringContaining('OL-1'),
    );
    await call('admin')('PATCH', `/api/workflow/automation/rules/${rule.id}`, {
      version: off.body.version,
      isActive: true,
    });
  });

  it('gives quality a compliance task for a price list item below our floor, not for one above', async () => {
    const db = test.deps.db;
    const listId = (
      await db.query<{ id: number }>(
        `INSERT INTO price_lists (code, name, kind, channel, valid_from) VALUES ('PL-D', 'Direct 2026', 'channel', 'direct', '2026-01-01')
         RETURNING id`,
      )
    ).rows[0]!.id;
    await db.query(
      `INSERT INTO price_list_items (price_list_id, product_id, unit_price) VALUES ($1, $2, 120000), ($1, $3, 180000)`,
      [listId, products.stent, products.catheter],
    );
    await emitAndDispatch('price_list.changed', { priceListId: listId, action: 'create' });
    const titles = (await openTasks('quality', 'compliance')).map((t) => t.title);
    expect(titles.filter((t) => t.startsWith('Price list'))).toEqual([
      'Price list PL-D: STENT at ¥1,200.00 is below the floor ¥1,500.00',
    ]);
    // The same change told twice (a retried event) does not make a second task.
    await emitAndDispatch('price_list.changed', { priceListId: listId, action: 'update' });
    expect(
      (await openTasks('quality', 'compliance')).filter((t) => t.title.startsWith('Price list')),
    ).toHaveLength(1);
  });

  it('gives quality a compliance task for a confirmed order line below our floor only', async () => {
    const db = test.deps.db;
    const order = async (number: string, unitNet: number) => {
      const orderId = (
        await db.query<{ id: number }>(
          `INSERT INTO sales_orders (number, customer_id, region_id, owner_rep_id, exchange_rate, order_date, promised_date,
                                     status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
           VALUES ($1, $2, 3, $3, 1, '2026-03-02', '2026-03-05', 'allocated', $4, 0, $4, $4, 0, $4) RETURNING id`,
          [number, world.hospital, world.users.rep, unitNet * 2],
        )
      ).rows[0]!.id;
      await db.query(
        `INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, unit_price, vat_rate,
                                        net_amount, tax_amount, net_cny_fen, tax_cny_fen, floor_price_fen)
         VALUES ($1, 1, $2, 2, 'manual', $3, 0, $4, 0, $4, 0, 150000)`,
        [orderId, products.stent, unitNet, unitNet * 2],
      );
      await emitAndDispatch('order.confirmed', {
        orderId,
        number,
        customerId: world.hospital,
        status: 'allocated',
      });
    };
    await order('SO-LOW', 140_000);
    await order('SO-OK', 150_000);
    const titles = (await openTasks('quality', 'compliance'))
      .map((t) => t.title)
      .filter((t) => t.startsWith('Order'));
    expect(titles).toEqual(['Order SO-LOW line 1: STENT at ¥1,400.00 is below the floor ¥1,500.00']);
  });

  it('drafts a replenishment purchase order for approval when stock is under the reorder point', async () => {
    const db = test.deps.db;
    const point = (productId: number, reorderPoint: number, orderQuantity: number, unitPriceFen: number) =>
      call('admin')('PUT', '/api/workflow/reorder-points', {
        warehouseId,
        productId,
        reorderPoint,
        orderQuantity,
        supplierId,
        unitPriceFen,
      });
    expect((await point(products.stent, 10, 50, 80_000)).status).toBe(200);
    expect((await point(products.gauze, 0, 10, 100)).status).toBe(200);
    expect((await call('rep')('PUT', '/api/workflow/reorder-points', {})).status).toBe(403);
    expect(await run('stock_below_reorder_point')).toBe(1);
    const { rows } = await db.query(
      `SELECT po.number, po.status, l.product_id AS "productId", l.quantity, po.total_cny_fen AS total
         FROM purchase_orders po JOIN purchase_order_lines l ON l.purchase_order_id = po.id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ status: 'draft', productId: products.stent, quantity: 50, total: 4_000_000 }),
    ]);
    const approvals = (await call('findir')('GET', '/api/workflow/tasks?kind=approval')).body.items;
    expect(approvals).toEqual([
      expect.objectContaining({
        documentType: 'replenishment',
        documentRef: rows[0].number,
        amountFen: 4_000_000,
      }),
    ]);
    // The draft is on order now: tomorrow's scan does not order again.
    test.clock.advanceHours(24);
    expect(await run('stock_below_reorder_point')).toBe(0);
  });

  it('gives the owner a review task when a credit grade drops, not when it improves', async () => {
    await emitAndDispatch('credit.grade_changed', {
      customerId: world.hospital,
      from: 'A',
      to: 'C',
      ratingId: 1,
    });
    await emitAndDispatch('credit.grade_changed', {
      customerId: world.hospital,
      from: 'C',
      to: 'B',
      ratingId: 2,
    });
    expect((await openTasks('rep', 'review')).map((t) => t.title)).toEqual([
      '上海市第一人民医院: credit grade changed from A to C; review the limit and terms',
    ]);
  });

  it('gives the owner a follow-up for a high-potential opportunity idle for 14 days only', async () => {
    const db = test.deps.db;
    const opportunity = (number: string, amountFen: number, updatedAt: string) =>
      db.query(
        `INSERT INTO opportunities (number, name, customer_id, region_id, owner_id, amount_fen, created_on, updated_at)
         VALUES ($1, $1, $2, 3, $3, $4, '2026-01-05', $5)`,
        [number, world.hospital, world.users.rep, amountFen, updatedAt],
      );
    // Today is 3 March now (the clock moved a day above).
    await opportunity('OPP-IDLE', 20_000_000, '2026-02-17T02:00:00Z');
    await opportunity('OPP-BUSY', 20_000_000, '2026-02-20T02:00:00Z');
    await opportunity('OPP-SMALL', 1_000_000, '2026-01-05T02:00:00Z');
    expect(await run('opportunity_idle')).toBe(1);
    expect((await openTasks('rep', 'follow_up')).map((t) => t.title)).toEqual([
      'Opportunity OPP-IDLE OPP-IDLE (¥200,000.00) idle for 14 days',
    ]);
  });

  it('tells the warehouse and finance when a contract is approved, not when it is rejected', async () => {
    const approved = await startContract(test, world, 'rep', yuanToFen('1000'), 501);
    await call('director')('POST', `/api/workflow/approvals/${approved.body.id}/approve`, {});
    const rejected = await startContract(test, world, 'rep', yuanToFen('1000'), 502);
    await call('director')('POST', `/api/workflow/approvals/${rejected.body.id}/reject`, { comment: 'No' });
    await test.deps.events.dispatchPending();
    const notes = (await call('warehouse')('GET', '/api/workflow/notifications')).body.items.map(
      (n: { title: string }) => n.title,
    );
    expect(notes).toEqual(['contract CT-501 is approved; plan what follows']);
    expect((await openTasks('finance', 'collection')).map((t) => t.title)).toEqual([
      'contract CT-501 is approved; plan what follows',
    ]);
  });

  it('lists what the rules did', async () => {
    const runs = (await call('admin')('GET', '/api/workflow/automation/runs')).body.items;
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.every((r: { outcome: string }) => r.outcome === 'fired')).toBe(true);
  });

  it('is configured by an admin only', async () => {
    expect((await call('rep')('GET', '/api/workflow/automation/rules')).status).toBe(403);
    const created = await call('admin')('POST', '/api/workflow/automation/rules', {
      code: 'grade_e_alert',
      nameZh: '信用等级降为 E → 通知财务总监',
      nameEn: 'Credit grade E → notify the finance director',
      trigger: { kind: 'event', event: 'credit.grade_changed' },
      condition: { toGrades: ['E'] },
      action: { type: 'notify', assignee: { kind: 'role', role: 'finance_director', scope: 'company' } },
    });
    expect(created.status).toBe(201);
    await emitAndDispatch('credit.grade_changed', {
      customerId: world.hospital,
      from: 'C',
      to: 'E',
      ratingId: 3,
    });
    const notes = (await call('findir')('GET', '/api/workflow/notifications')).body.items.map(
      (n: { title: string }) => n.title,
    );
    expect(notes[0]).toBe('上海市第一人民医院: credit grade changed from C to E; review the limit and terms');
  });
});
