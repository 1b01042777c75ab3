import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { getIntakeSecret } from '../marketing/index.ts';
import { insertCampaign, type MarketingWorld, seedMarketingWorld } from '../marketing/marketing.fixtures.ts';
import { signFormToken } from './leads.rules.ts';

let test: TestApp;
let world: MarketingWorld;
let secret: string;
let ipCounter = 0;
let ip: string;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedMarketingWorld(test);
  secret = await getIntakeSecret(test.deps.db);
});
afterAll(async () => {
  await test?.close();
});
beforeEach(() => {
  // Each test from its own address, so the rate limit of one does not touch the next.
  ip = `203.0.113.${++ipCounter}`;
});

/** A token as if the form had been shown `secondsAgo` seconds ago. */
const tokenFrom = (secondsAgo: number) => signFormToken(secret, Date.now() - secondsAgo * 1000);

function submit(body: Record<string, unknown>, from = ip) {
  return test.app.inject({
    method: 'POST',
    url: '/api/public/leads',
    headers: { 'x-forwarded-for': from },
    payload: { formToken: tokenFrom(30), ...body },
  });
}

async function intakeLog(address: string) {
  const { rows } = await test.deps.db.query<{ outcome: string; lead_id: number | null }>(
    'SELECT outcome, lead_id FROM lead_intake_log WHERE ip = $1 ORDER BY id',
    [address],
  );
  return rows;
}

describe('the public lead form', () => {
  it('hands out a form token without sign-in', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/public/leads/form-token' });
    expect(response.statusCode).toBe(200);
    expect(response.json().formToken).toMatch(/^\d+\.[\w-]+$/);
  });

  it('takes a lead with UTM parameters: finds the campaign, records the form touch, assigns the region’s rep', async () => {
    const campaign = await insertCampaign(test, {
      channel: 'search',
      type: 'online_ad',
      utmCampaign: 'spring-ivd-2026',
    });
    const response = await submit({
      contactName: '林医生',
      organization: '复旦大学附属中山医院',
      phone: '13900001111',
      regionCode: 'SH-PD',
      utmSource: 'baidu',
      utmMedium: 'cpc',
      utmCampaign: 'Spring-IVD-2026',
      interest: '化学发光分析仪报价',
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ status: 'received' });
    const [logged] = await intakeLog(ip);
    expect(logged!.outcome).toBe('accepted');
    const { rows } = await test.deps.db.query(
      `SELECT l.source, l.campaign_id, l.channel, l.utm_source, l.region_id, l.owner_id,
              (SELECT count(*)::int FROM touches t WHERE t.lead_id = l.id AND t.kind = 'form') AS touches
         FROM leads l WHERE l.id = $1`,
      [logged!.lead_id],
    );
    expect(rows[0]).toMatchObject({
      source: 'web_form',
      campaign_id: campaign,
      channel: 'search',
      utm_source: 'baidu',
      region_id: world.regions.pudong,
      touches: 1,
    });
    expect([world.userIds.east, world.userIds.east2]).toContain(rows[0].owner_id);
    const audit = await test.deps.db.query(
      "SELECT actor_name, ip FROM audit_log WHERE entity = 'lead' AND entity_id = $1",
      [String(logged!.lead_id)],
    );
    expect(audit.rows[0]).toEqual({ actor_name: 'public-intake', ip });
  });

  it('drops a submission whose honeypot field is filled, answering as if it were taken', async () => {
    const response = await submit({
      contactName: 'Robot',
      phone: '13900002222',
      website: 'http://spam.example',
    });
    expect(response.statusCode).toBe(202);
    expect(await intakeLog(ip)).toEqual([{ outcome: 'honeypot', lead_id: null }]);
    const { rows } = await test.deps.db.query("SELECT 1 FROM leads WHERE phone = '13900002222'");
    expect(rows).toHaveLength(0);
  });

  it('drops a form sent back faster than a person can fill it in, and one with a forged token', async () => {
    await submit({ contactName: 'Fast', phone: '13900003333', formToken: tokenFrom(1) });
    await submit({
      contactName: 'Forged',
      phone: '13900004444',
      formToken: signFormToken('not our key', Date.now() - 60_000),
    });
    await submit({ contactName: 'Stale', phone: '13900005555', formToken: tokenFrom(3 * 24 * 3600) });
    expect((await intakeLog(ip)).map((r) => r.outcome)).toEqual(['too_fast', 'bad_token', 'bad_token']);
  });

  it('merges the same person asking again into the open lead instead of duplicating it', async () => {
    const campaign = await insertCampaign(test, { channel: 'wechat', utmCampaign: 'wx-webinar' });
    await submit({ contactName: '黄医生', phone: '13900006666', regionCode: 'SH' });
    await submit({ contactName: '黄医生', phone: '+86 139 0000 6666', utmCampaign: 'wx-webinar' });
    const log = await intakeLog(ip);
    expect(log.map((r) => r.outcome)).toEqual(['accepted', 'merged']);
    expect(log[1]!.lead_id).toBe(log[0]!.lead_id);
    const { rows } = await test.deps.db.query('SELECT campaign_id FROM touches WHERE lead_id = $1', [
      log[0]!.lead_id,
    ]);
    expect(rows).toEqual([{ campaign_id: campaign }]);
  });

  it('limits each IP address (429 with Retry-After) while other addresses go on', async () => {
    await test.deps.db.query('UPDATE marketing_settings SET intake_max_per_ip = 3');
    try {
      for (let i = 0; i < 3; i++) {
        expect((await submit({ contactName: `访客${i}`, phone: `1390000700${i}` })).statusCode).toBe(202);
      }
      const limited = await submit({ contactName: '访客3', phone: '13900007003' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another address goes on; and spam counts against its limit too.
      const other = '198.51.100.7';
      expect((await submit({ contactName: '别处访客', phone: '13900008000' }, other)).statusCode).toBe(202);
      for (let i = 0; i < 2; i++) {
        expect((await submit({ contactName: 'x', website: 'y' }, other)).statusCode).toBe(202);
      }
      expect((await submit({ contactName: '别处访客2', phone: '13900008001' }, other)).statusCode).toBe(429);
      const { rows } = await test.deps.db.query(
        "SELECT count(*)::int AS n FROM leads WHERE phone = '13900007003'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await test.deps.db.query('UPDATE marketing_settings SET intake_max_per_ip = 10');
    }
  });

  it('rejects unknown fields and a missing contact name with codes', async () => {
    const unknown = await submit({ contactName: '某', extra: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('UNKNOWN_FIELD');
    const missing = await submit({ phone: '13900009999' });
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
  });
});
