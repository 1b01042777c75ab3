import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../contracts/crm.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  apiAs,
  insertCampaign,
  insertInvoicedOrder,
  type MarketingWorld,
  seedMarketingWorld,
} from '../marketing/marketing.fixtures.ts';

let test: TestApp;
let world: MarketingWorld;
let productId: number;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
  await test.deps.db.query(
    `INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'IVD', '体外诊断', 'IVD')`,
  );
  const { rows } = await test.deps.db.query<{ id: number }>(
    `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                           standard_cost_fen, list_price_fen)
     VALUES ('CL-1000', '化学发光分析仪', 'Chemiluminescence analyser', 'CL-1000', 1, '台', '国械注准20223400001', 2,
             10000000, 50000000) RETURNING id`,
  );
  productId = rows[0]!.id;
});
afterAll(async () => {
  await test?.close();
});

const rep = () => apiAs(test, world.cookies.east);

async function open(body: Record<string, unknown> = {}): Promise<Opportunity> {
  const response = await rep().post('/api/opportunities', {
    customerId: world.eastHospital,
    name: '检验科化学发光项目',
    amountFen: 48_000_000,
    expectedCloseDate: '2026-09-30',
    tenderNumber: 'SHGP-2026-0815',
    tenderBudgetFen: 50_000_000,
    tenderDeadline: '2026-08-15',
    products: [{ productId, quantity: 1, amountFen: 48_000_000 }],
    ...body,
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function move(opportunity: Opportunity, body: Record<string, unknown>) {
  const response = await rep().post(`/api/opportunities/${opportunity.id}/stage`, {
    version: opportunity.version,
    ...body,
  });
  return { status: response.statusCode, body: response.json() };
}

describe('opportunities', () => {
  it('opens one with products and tender details, owned by the rep who opened it', async () => {
    const campaign = await insertCampaign(test, { channel: 'academic' });
    const created = await open({ campaignId: campaign });
    expect(created).toMatchObject({
      stage: 'opportunity',
      furthestStage: 'opportunity',
      ownerId: world.userIds.east,
      regionId: world.regions.shanghai,
      tenderNumber: 'SHGP-2026-0815',
      channel: 'academic',
      products: [{ productId, quantity: 1, amountFen: 48_000_000 }],
    });
    expect(created.number).toMatch(/^OP-\d{8}-\d{4}$/);
  });

  it('moves through quote and contract, skipping allowed, and back on the board', async () => {
    let opportunity = await open();
    const toContract = await move(opportunity, { stage: 'contract' });
    expect(toContract.status).toBe(200);
    opportunity = toContract.body;
    expect(opportunity).toMatchObject({ stage: 'contract', furthestStage: 'contract' });
    const back = await move(opportunity, { stage: 'quote', note: '客户要求重新报价' });
    expect(back.body).toMatchObject({ stage: 'quote', furthestStage: 'contract' });
    const stale = await move(opportunity, { stage: 'opportunity' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('needs a reason to be lost, an order to be won, settled invoices to be paid (422 with codes)', async () => {
    const opportunity = await open();
    const noReason = await move(opportunity, { stage: 'lost' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('LOST_REASON_REQUIRED');
    const noOrder = await move(opportunity, { stage: 'won' });
    expect(noOrder.status).toBe(422);
    expect(noOrder.body.error).toMatchObject({
      code: 'STAGE_CHANGE_NOT_ALLOWED',
      details: { rule: 'ORDER_REQUIRED' },
    });
    const notWon = await move(opportunity, { stage: 'paid' });
    expect(notWon.body.error.details.rule).toBe('NOT_WON_YET');

    const otherCustomersOrder = await insertInvoicedOrder(test, {
      customerId: world.southHospital,
      orderDate: '2026-05-01',
      netFen: 1,
      costFen: 0,
    });
    const wrongOrder = await move(opportunity, { stage: 'won', orderId: otherCustomersOrder.orderId });
    expect(wrongOrder.status).toBe(422);
    expect(wrongOrder.body.error.code).toBe('INVALID_REFERENCE');

    const lost = await move(opportunity, { stage: 'lost', lostReason: 'tender_lost', note: '中标方为竞品' });
    expect(lost.body).toMatchObject({ stage: 'lost', lostReason: 'tender_lost', lostNote: '中标方为竞品' });
    const reopened = await move(lost.body, { stage: 'opportunity' });
    expect(reopened.body).toMatchObject({ stage: 'opportunity', lostReason: null, lostOn: null });
  });

  it('is won with its order and becomes paid when the order’s invoices are settled (invoice.paid)', async () => {
    const opportunity = await open();
    const { orderId, invoiceId } = await insertInvoicedOrder(test, {
      customerId: world.eastHospital,
      orderDate: '2026-06-01',
      netFen: 48_000_000,
      costFen: 30_000_000,
    });
    const won = await move(opportunity, { stage: 'won', orderId });
    expect(won.body).toMatchObject({ stage: 'won', orderId, furthestStage: 'won' });
    const early = await move(won.body, { stage: 'paid' });
    expect(early.body.error.details.rule).toBe('NOT_SETTLED');

    // Finance settles the invoice (what the allocation service does), and says so in the outbox.
    await test.deps.db.query(
      `UPDATE invoices SET paid_amount = gross_amount, open_amount = 0, open_cny_fen = 0, status = 'paid' WHERE id = $1`,
      [invoiceId],
    );
    await test.deps.db.query(`INSERT INTO outbox_events (type, payload) VALUES ('invoice.paid', $1::jsonb)`, [
      JSON.stringify({ invoiceId }),
    ]);
    await test.deps.events.dispatchPending();
    const paid = (await rep().get(`/api/opportunities/${opportunity.id}`)).json() as Opportunity;
    expect(paid).toMatchObject({ stage: 'paid', furthestStage: 'paid' });
    expect(paid.paidOn).not.toBeNull();
    const timeline = (await rep().get(`/api/opportunities/${opportunity.id}/timeline`)).json();
    expect(timeline.items.map((i: { stage: string }) => i.stage)).toEqual(['opportunity', 'won', 'paid']);
  });

  it('lists by stage for the board and exports the list', async () => {
    const list = (await rep().get('/api/opportunities?isOpen=true&pageSize=100')).json();
    expect(list.items.every((o: Opportunity) => ['opportunity', 'quote', 'contract'].includes(o.stage))).toBe(
      true,
    );
    const exported = await rep().get('/api/opportunities/export?format=xlsx');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
  });

  it('shows a rep of another region nothing and lets them change nothing', async () => {
    const opportunity = await open();
    const south = apiAs(test, world.cookies.south);
    expect((await south.get('/api/opportunities')).json()).toMatchObject({ items: [], total: 0 });
    expect((await south.get(`/api/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    expect((await south.get(`/api/opportunities/${opportunity.id}/timeline`)).statusCode).toBe(404);
    const changed = await south.post(`/api/opportunities/${opportunity.id}/stage`, {
      version: opportunity.version,
      stage: 'lost',
      lostReason: 'price',
    });
    expect(changed.statusCode).toBe(404);
    const opened = await south.post('/api/opportunities', { customerId: world.eastHospital, name: 'x' });
    expect(opened.statusCode).toBe(422);
    const exported = await south.get('/api/opportunities/export?format=csv');
    expect(exported.body.trim().split('\n')).toHaveLength(1);
  });
});
