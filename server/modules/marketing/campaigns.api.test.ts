import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../../contracts/marketing.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { apiAs, type MarketingWorld, seedMarketingWorld } from './marketing.fixtures.ts';

let test: TestApp;
let world: MarketingWorld;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
});
afterAll(async () => {
  await test?.close();
});

const marketing = () => apiAs(test, world.cookies.marketing);
const base = {
  type: 'trade_show',
  channel: 'exhibition',
  startsOn: '2026-04-11',
  endsOn: '2026-04-14',
  budgetFen: 300_000_000,
};

describe('campaigns', () => {
  it('lets marketing create a campaign with UTM identifiers and book its costs over time', async () => {
    const created = await marketing().post('/api/campaigns', {
      ...base,
      code: 'CMEF-2026-S',
      name: '第93届中国国际医疗器械博览会',
      utmSource: 'cmef',
      utmMedium: 'offline',
      utmCampaign: 'cmef-2026-spring',
    });
    expect(created.statusCode).toBe(201);
    const campaign = created.json() as Campaign;
    expect(campaign).toMatchObject({ regionId: null, costFen: 0, leads: 0 });
    for (const [costDate, amountFen] of [
      ['2025-12-01', 120_000_000],
      ['2026-04-20', 180_000_000],
      ['2026-05-10', -5_000_000],
    ] as const) {
      const cost = await marketing().post(`/api/campaigns/${campaign.id}/costs`, {
        costDate,
        category: 'booth',
        amountFen,
      });
      expect(cost.statusCode).toBe(201);
    }
    const costs = (await marketing().get(`/api/campaigns/${campaign.id}/costs`)).json();
    expect(costs.totalFen).toBe(295_000_000);
    expect((await marketing().get(`/api/campaigns/${campaign.id}`)).json().costFen).toBe(295_000_000);
    const audit = await test.deps.db.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('campaign', 'campaign_cost')",
    );
    expect(audit.rows[0].n).toBe(4);
  });

  it('validates with codes: period, duplicate code and utm, zero cost, unknown field', async () => {
    const backwards = await marketing().post('/api/campaigns', {
      ...base,
      code: 'X1',
      name: 'Backwards',
      endsOn: '2026-01-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.code).toBe('INVALID_DATE_RANGE');
    await marketing().post('/api/campaigns', { ...base, code: 'X2', name: 'First', utmCampaign: 'dup-utm' });
    const sameCode = await marketing().post('/api/campaigns', { ...base, code: 'X2', name: 'Second' });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'code' } });
    const sameUtm = await marketing().post('/api/campaigns', {
      ...base,
      code: 'X3',
      name: 'Third',
      utmCampaign: 'DUP-UTM',
    });
    expect(sameUtm.json().error.details.field).toBe('utmCampaign');
    const zero = await marketing().post('/api/campaigns/1/costs', {
      costDate: '2026-01-01',
      category: 'booth',
      amountFen: 0,
    });
    expect(zero.statusCode).toBe(400);
    const unknown = await marketing().post('/api/campaigns', {
      ...base,
      code: 'X4',
      name: 'Fourth',
      color: 'red',
    });
    expect(unknown.json().error.code).toBe('UNKNOWN_FIELD');
  });

  it('shows reps national campaigns and those of their region only; only marketing writes', async () => {
    const south = await marketing().post('/api/campaigns', {
      ...base,
      code: 'GD-DIST-Q2',
      name: '华南经销商季度促销',
      type: 'distributor_promotion',
      channel: 'distributor',
      regionId: world.regions.guangdong,
    });
    const southId = south.json().id;
    const east = apiAs(test, world.cookies.east);
    const eastList = (await east.get('/api/campaigns?pageSize=100')).json();
    expect(eastList.items.map((c: Campaign) => c.id)).not.toContain(southId);
    expect(eastList.items.length).toBeGreaterThan(0);
    expect((await east.get(`/api/campaigns/${southId}`)).statusCode).toBe(404);
    expect((await east.get(`/api/campaigns/${southId}/costs`)).statusCode).toBe(404);
    const southRep = apiAs(test, world.cookies.south);
    expect((await southRep.get(`/api/campaigns/${southId}`)).statusCode).toBe(200);
    expect((await east.post('/api/campaigns', { ...base, code: 'R1', name: 'Rep' })).statusCode).toBe(403);
    const exported = await east.get('/api/campaigns/export?format=csv');
    expect(exported.body).not.toContain('华南经销商季度促销');
  });

  it('changes with optimistic concurrency and keeps the settings as data an admin edits', async () => {
    const created = (
      await marketing().post('/api/campaigns', { ...base, code: 'V1', name: 'Versioned' })
    ).json();
    const changed = await marketing().patch(`/api/campaigns/${created.id}`, {
      version: created.version,
      budgetFen: 1,
    });
    expect(changed.json().budgetFen).toBe(1);
    const stale = await marketing().patch(`/api/campaigns/${created.id}`, {
      version: created.version,
      budgetFen: 2,
    });
    expect(stale.statusCode).toBe(409);

    const settings = (await marketing().get('/api/marketing/settings')).json();
    expect(settings).toMatchObject({ attributionLookbackDays: 180, timeDecayHalfLifeDays: 7 });
    expect(
      (
        await marketing().patch('/api/marketing/settings', {
          version: settings.version,
          attributionLookbackDays: 90,
        })
      ).statusCode,
    ).toBe(403);
    const admin = apiAs(test, world.cookies.admin);
    const updated = await admin.patch('/api/marketing/settings', {
      version: settings.version,
      attributionLookbackDays: 90,
    });
    expect(updated.json().attributionLookbackDays).toBe(90);
  });
});
