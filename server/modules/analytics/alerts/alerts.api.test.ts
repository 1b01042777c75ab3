/**
 * KPI alerts through the API and the scheduled evaluation, on invoices built by hand: a
 * crossing notifies once, staying crossed does not notify again, recovering and crossing
 * again does; each alert counts only its owner's scope; bad alerts are refused with the
 * semantic layer's codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiAlert, KpiAlertEvaluation, KpiAlertList } from '../../../../contracts/kpi-alerts.ts';
import { addDays, businessDate } from '../../../platform/dates.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  createInvoicedShipment,
  type FinanceWorld,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { EVALUATE_ALERTS_JOB } from './alerts.jobs.ts';
import { evaluateActiveAlerts } from './alerts.service.ts';

let test: TestApp;
let world: FinanceWorld;
const extra: Record<string, { id: number; cookie: string }> = {};
// Day 0 of the story, a month ago, so "evaluate now" over the last 30 days sees days 1 to 12.
const day = (n: number) => addDays(addDays(businessDate(), -30), n);

/** An invoice of one line for `netFen` (excl. VAT) on `date`: revenue of that day. */
async function invoice(customerId: number, date: string, netFen: number) {
  await createInvoicedShipment(test, world, {
    customerId,
    shippedOn: date,
    lines: [{ productId: world.stent, lotId: world.lotStent, quantity: 1, unitPrice: netFen }],
  });
}

function call(cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  return test.app.inject({
    method,
    url,
    headers: { cookie, 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function createAlert(cookie: string, body: Record<string, unknown>): Promise<KpiAlert> {
  const response = await call(cookie, 'POST', '/api/analytics/alerts', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as KpiAlert;
}

async function readAlert(id: number, cookie = world.cookies.east): Promise<KpiAlert> {
  const response = await call(cookie, 'GET', `/api/analytics/alerts/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as KpiAlert;
}

/** Notifications an alert has sent, by recipient. */
async function notificationsOf(alertId: number): Promise<Record<number, number>> {
  const { rows } = await test.deps.db.query<{ userId: number; count: number }>(
    `SELECT user_id::int AS "userId", count(*)::int AS count FROM workflow_notifications
      WHERE kind = 'kpi_alert' AND link = $1 GROUP BY user_id`,
    [`/analytics/alerts?id=${alertId}`],
  );
  return Object.fromEntries(rows.map((r) => [r.userId, r.count]));
}

const revenueAbove1000Yuan = {
  name: 'East revenue this week',
  measure: 'revenue',
  period: 'last_7_days',
  operator: '>',
  threshold: 1000,
};

let eastAlert: KpiAlert;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  for (const [key, roles, regionIds] of [
    ['eastManager', ['regional_manager'], [2]],
    ['westManager', ['regional_manager'], [3]],
    ['eastRep2', ['sales_rep'], [2]],
    ['admin', ['admin'], []],
  ] as const) {
    const user = await createTestUser(test, `u.${key}`, [...roles], { regionIds: [...regionIds] });
    extra[key] = { id: user.id, cookie: await signIn(test, `u.${key}`) };
  }
  await invoice(world.eastHospital, day(0), 80_000);
  // A large West invoice: inside the director's scope, never inside the East rep's.
  await invoice(world.westHospital, day(1), 500_000);
  eastAlert = await createAlert(world.cookies.east, {
    ...revenueAbove1000Yuan,
    notifyRoles: ['regional_manager', 'sales_director'],
  });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('KPI alerts: saving', () => {
  it('stores a money threshold entered in yuan as fen, and shows it as entered', () => {
    expect(eastAlert).toMatchObject({
      measure: 'revenue',
      measureType: 'money',
      threshold: 1000,
      thresholdValue: 100_000,
      isActive: true,
      isCrossed: null,
      ownerId: world.userIds.east,
      canEdit: true,
    });
  });

  it('refuses an unknown measure with the semantic layer’s code, naming the field', async () => {
    const response = await call(world.cookies.east, 'POST', '/api/analytics/alerts', {
      ...revenueAbove1000Yuan,
      measure: 'revenu',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'ANALYTICS_UNKNOWN_FIELD',
      details: { field: 'measure' },
    });
    const filter = await call(world.cookies.east, 'POST', '/api/analytics/alerts', {
      ...revenueAbove1000Yuan,
      filters: [{ dimension: "region'; DROP TABLE kpi_alerts; --", values: ['2'] }],
    });
    expect(filter.statusCode).toBe(400);
    expect(filter.json().error.code).toBe('ANALYTICS_UNKNOWN_FIELD');
  });

  it('refuses a measure the caller’s role may not use', async () => {
    // Cost-based measures are for internal roles only; a distributor user may not use margin.
    const response = await call(world.cookies.dealer, 'POST', '/api/analytics/alerts', {
      ...revenueAbove1000Yuan,
      measure: 'margin',
      operator: '<',
      threshold: 0.25,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ANALYTICS_MEASURE_FORBIDDEN');
    const count = await test.deps.db.query('SELECT 1 FROM kpi_alerts WHERE owner_id = $1', [
      world.userIds.dealer,
    ]);
    expect(count.rowCount).toBe(0);
  });

  it('refuses a third decimal of a yuan, unknown fields and unknown periods', async () => {
    const cases = [
      { ...revenueAbove1000Yuan, threshold: 1000.005 },
      { ...revenueAbove1000Yuan, ownerId: world.userIds.director },
      { ...revenueAbove1000Yuan, period: 'last_7_years' },
      { ...revenueAbove1000Yuan, operator: '!=' },
    ];
    for (const body of cases) {
      const response = await call(world.cookies.east, 'POST', '/api/analytics/alerts', body);
      expect([JSON.stringify(body), response.statusCode]).toEqual([JSON.stringify(body), 400]);
    }
  });

  it('keeps a rate threshold as a fraction', async () => {
    const margin = await createAlert(world.cookies.east, {
      ...revenueAbove1000Yuan,
      name: 'Margin low',
      measure: 'margin',
      operator: '<',
      threshold: 0.25,
    });
    expect(margin).toMatchObject({ measureType: 'rate', threshold: 0.25, thresholdValue: 0.25 });
    expect((await call(world.cookies.east, 'DELETE', `/api/analytics/alerts/${margin.id}`)).statusCode).toBe(
      204,
    );
  });
});

describe('KPI alerts: the scheduled evaluation', () => {
  it('does not notify while the condition does not hold, and counts only the owner’s scope', async () => {
    await evaluateActiveAlerts(test.deps.db, { today: day(1) });
    // Day 1: 800 yuan in East; the 5,000 yuan in West is outside the East rep's scope.
    expect(await readAlert(eastAlert.id)).toMatchObject({ isCrossed: false, lastValue: 80_000 });
    expect(await notificationsOf(eastAlert.id)).toEqual({});
  });

  it('notifies once when the condition becomes true: the owner and the role holders who see as much', async () => {
    await invoice(world.eastHospital, day(2), 30_000);
    const summary = await evaluateActiveAlerts(test.deps.db, { today: day(2) });
    expect(summary.fired).toBe(1);
    expect(await readAlert(eastAlert.id)).toMatchObject({ isCrossed: true, lastValue: 110_000 });
    // The West manager holds a notified role but does not see East: not told East's figure.
    expect(await notificationsOf(eastAlert.id)).toEqual({
      [world.userIds.east]: 1,
      [extra.eastManager!.id]: 1,
      [world.userIds.director]: 1,
    });
    const { rows } = await test.deps.db.query<{ title_en: string; body_en: string }>(
      `SELECT title_en, body_en FROM workflow_notifications WHERE kind = 'kpi_alert' AND user_id = $1`,
      [world.userIds.east],
    );
    expect(rows[0]!.title_en).toBe('KPI alert: East revenue this week');
    expect(rows[0]!.body_en).toContain('¥1,100 > ¥1,000');
  });

  it('does not notify again while the condition stays true', async () => {
    const summary = await evaluateActiveAlerts(test.deps.db, { today: day(3) });
    expect(summary.fired).toBe(0);
    expect(await readAlert(eastAlert.id)).toMatchObject({ isCrossed: true });
    expect((await notificationsOf(eastAlert.id))[world.userIds.east]).toBe(1);
  });

  it('notifies again after the condition went false and true again', async () => {
    // Day 10: the last 7 days (4–10) hold no East revenue.
    await evaluateActiveAlerts(test.deps.db, { today: day(10) });
    expect(await readAlert(eastAlert.id)).toMatchObject({ isCrossed: false, lastValue: 0 });
    expect((await notificationsOf(eastAlert.id))[world.userIds.east]).toBe(1);
    await invoice(world.eastHospital, day(12), 120_000);
    await evaluateActiveAlerts(test.deps.db, { today: day(12) });
    expect(await readAlert(eastAlert.id)).toMatchObject({ isCrossed: true, lastValue: 120_000 });
    expect((await notificationsOf(eastAlert.id))[world.userIds.east]).toBe(2);
  });

  it('leaves an inactive alert alone', async () => {
    const paused = await createAlert(world.cookies.east, {
      ...revenueAbove1000Yuan,
      name: 'Paused',
      isActive: false,
    });
    await evaluateActiveAlerts(test.deps.db, { today: day(12) });
    expect(await readAlert(paused.id)).toMatchObject({ isCrossed: null, lastEvaluatedAt: null });
    expect(await notificationsOf(paused.id)).toEqual({});
  });

  it('records why an alert could not be evaluated and keeps its state (a deactivated owner)', async () => {
    await createTestUser(test, 'u.leaver', ['sales_rep'], { regionIds: [2] });
    const leaver = await createAlert(await signIn(test, 'u.leaver'), {
      ...revenueAbove1000Yuan,
      name: 'Leaver',
    });
    await test.deps.db.query(`UPDATE users SET is_active = false WHERE username = 'u.leaver'`);
    const summary = await evaluateActiveAlerts(test.deps.db, { today: day(2) });
    expect(summary.failed).toBe(1);
    expect(await readAlert(leaver.id, extra.admin!.cookie)).toMatchObject({
      isCrossed: null,
      lastError: 'the owner is deactivated',
    });
    expect(await notificationsOf(leaver.id)).toEqual({});
    await test.deps.db.query('DELETE FROM kpi_alerts WHERE id = $1', [leaver.id]);
  });

  it('evaluates a company-wide owner’s alert over the whole company', async () => {
    const director = await createAlert(world.cookies.director, {
      ...revenueAbove1000Yuan,
      name: 'All revenue',
    });
    await evaluateActiveAlerts(test.deps.db, { today: day(2) });
    expect(await readAlert(director.id, world.cookies.director)).toMatchObject({
      isCrossed: true,
      lastValue: 80_000 + 500_000 + 30_000,
    });
    expect(await notificationsOf(director.id)).toEqual({ [world.userIds.director]: 1 });
  });
});

describe('KPI alerts: evaluate now, ownership and scope', () => {
  it('answers the current value as the owner sees it, and changes nothing', async () => {
    const before = await readAlert(eastAlert.id);
    const response = await call(world.cookies.east, 'POST', `/api/analytics/alerts/${eastAlert.id}/evaluate`);
    expect(response.statusCode, response.body).toBe(200);
    const evaluation = response.json() as KpiAlertEvaluation;
    expect(evaluation.timeRange.to).toBe(businessDate());
    // Last 7 days up to today: nothing was invoiced (the story ended 18 days ago).
    expect(evaluation).toMatchObject({ value: 0, isCrossed: false, thresholdValue: 100_000 });
    const after = await readAlert(eastAlert.id);
    expect(after.isCrossed).toBe(before.isCrossed);
    expect(after.lastValue).toBe(before.lastValue);
  });

  it('lets an admin evaluate someone’s alert, in the owner’s scope', async () => {
    const patched = await call(world.cookies.east, 'PATCH', `/api/analytics/alerts/${eastAlert.id}`, {
      version: eastAlert.version,
      period: 'last_30_days',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    // A changed condition starts afresh.
    expect(patched.json()).toMatchObject({ period: 'last_30_days', isCrossed: null, lastValue: null });
    const response = await call(
      extra.admin!.cookie,
      'POST',
      `/api/analytics/alerts/${eastAlert.id}/evaluate`,
    );
    expect(response.statusCode, response.body).toBe(200);
    // Days 1–12 of the story in East: 300 + 1,200 yuan; the West 5,000 is not the owner's.
    expect((response.json() as KpiAlertEvaluation).value).toBe(150_000);
  });

  it('shows another user nothing of someone’s alerts and lets them change nothing', async () => {
    const other = extra.eastRep2!.cookie;
    const list = (await call(other, 'GET', '/api/analytics/alerts')).json() as KpiAlertList;
    expect(list.items).toEqual([]);
    expect((await call(other, 'GET', `/api/analytics/alerts/${eastAlert.id}`)).statusCode).toBe(404);
    expect((await call(other, 'POST', `/api/analytics/alerts/${eastAlert.id}/evaluate`)).statusCode).toBe(
      404,
    );
    const current = await readAlert(eastAlert.id);
    const patch = await call(other, 'PATCH', `/api/analytics/alerts/${eastAlert.id}`, {
      version: current.version,
      threshold: 1,
    });
    expect(patch.statusCode).toBe(404);
    expect((await call(other, 'DELETE', `/api/analytics/alerts/${eastAlert.id}`)).statusCode).toBe(404);
    expect((await readAlert(eastAlert.id)).thresholdValue).toBe(100_000);
    // The owner's list holds their own alerts only; the admin's holds everyone's.
    const own = (await call(world.cookies.east, 'GET', '/api/analytics/alerts')).json() as KpiAlertList;
    expect(own.items.every((a) => a.ownerId === world.userIds.east)).toBe(true);
    const all = (await call(extra.admin!.cookie, 'GET', '/api/analytics/alerts')).json() as KpiAlertList;
    expect(all.items.some((a) => a.ownerId === world.userIds.director)).toBe(true);
  });

  it('refuses a stale version', async () => {
    const response = await call(world.cookies.east, 'PATCH', `/api/analytics/alerts/${eastAlert.id}`, {
      version: eastAlert.version,
      name: 'Stale',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('VERSION_CONFLICT');
  });
});

describe('KPI alerts: the job runner', () => {
  it('runs the evaluation as a registered job', async () => {
    await test.deps.db.query('UPDATE kpi_alerts SET last_evaluated_at = NULL');
    await enqueueJob(test.deps.db, EVALUATE_ALERTS_JOB);
    await test.deps.jobs.runDue();
    const { rows } = await test.deps.db.query<{ status: string }>('SELECT status FROM jobs WHERE kind = $1', [
      EVALUATE_ALERTS_JOB,
    ]);
    expect(rows.map((r) => r.status)).toContain('done');
    const alert = await readAlert(eastAlert.id);
    expect(alert.lastEvaluatedAt).not.toBeNull();
    // Today the last 30 days hold days 1–12 of the story: 1,500 yuan in East.
    expect(alert).toMatchObject({ isCrossed: true, lastValue: 150_000 });
  });
});
