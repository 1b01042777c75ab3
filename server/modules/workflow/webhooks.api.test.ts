import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.ts';
import type { TestApp } from '../../testing/test-app.ts';
import { verifyWebhookSignature } from './index.ts';
import { attemptDelivery } from './webhooks.service.ts';
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
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  test = await createWorkflowTestApp();
  world = await seedWorkflowWorld(test);
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/pulse`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await test.close();
});

const call = (who: Person) => as(test, world, who);

describe('webhook settings', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.8/hook',
    'http://[fe80::1]/hook',
    'http://localhost/hook',
  ])('refuses the SSRF target %s', async (url) => {
    const response = await call('admin')('POST', '/api/workflow/webhooks', {
      name: 'ERP',
      url,
      eventTypes: ['approval.approved'],
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('WEBHOOK_URL_REFUSED');
  });

  it('shows the signing secret once, when created, and is for admins only', async () => {
    expect(
      (
        await call('director')('POST', '/api/workflow/webhooks', {
          name: 'x',
          url: 'https://erp.example.com/h',
          eventTypes: ['ping'],
        })
      ).status,
    ).toBe(403);
    const created = await call('admin')('POST', '/api/workflow/webhooks', {
      name: 'ERP',
      url: 'https://erp.example.com/pulse',
      eventTypes: ['approval.approved', 'approval.rejected'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const list = await call('admin')('GET', '/api/workflow/webhooks');
    expect(list.body.items[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const changed = await call('admin')('PATCH', `/api/workflow/webhooks/${created.body.id}`, {
      version: created.body.version,
      url: 'http://192.168.0.10/pulse',
    });
    expect(changed.status).toBe(422);
  });
});

describe('webhook deliveries', () => {
  it('delivers an approved contract, signed with the webhook secret, and logs the attempt', async () => {
    // The receiver of this test listens on loopback, which the API refuses: register it directly.
    const { rows } = await test.deps.db.query<{ id: number; secret: string }>(
      `INSERT INTO workflow_webhooks (name, url, secret, event_types) VALUES ('Local', $1, 'whsec_local', '{approval.approved}')
       RETURNING id, secret`,
      [receiverUrl],
    );
    const webhook = rows[0]!;
    const started = await startContract(test, world, 'rep', yuanToFen('1000'), 1);
    await call('director')('POST', `/api/workflow/approvals/${started.body.id}/approve`, {});
    await test.deps.events.dispatchPending();

    const deliveries = await test.deps.db.query<{ id: number }>(
      `SELECT id FROM workflow_webhook_deliveries WHERE webhook_id = $1`,
      [webhook.id],
    );
    expect(deliveries.rows).toHaveLength(1);
    const deliveryId = deliveries.rows[0]!.id;
    const outcome = await attemptDelivery(test.deps.db, deliveryId, test.clock.now(), {
      isAddressAllowed: () => true,
    });
    expect(outcome).toBe('delivered');
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers['x-pulse-event']).toBe('approval.approved');
    expect(
      verifyWebhookSignature(webhook.secret, String(headers['x-pulse-signature']), body, {
        now: test.clock.now(),
      }),
    ).toBe(true);
    expect(JSON.parse(body)).toMatchObject({
      type: 'approval.approved',
      data: {
        approvalId: started.body.id,
        documentType: 'contract',
        documentRef: 'CT-1',
        status: 'approved',
      },
    });
    const log = await call('admin')('GET', `/api/workflow/webhooks/${webhook.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
      log: [expect.objectContaining({ attempt: 1, statusCode: 204, error: null })],
    });
  });

  it('refuses to connect to a private address and retries with backoff, then gives up', async () => {
    const created = await call('admin')('POST', '/api/workflow/webhooks', {
      name: 'Rebinding',
      url: 'https://hooks.example.com/pulse',
      eventTypes: ['approval.rejected'],
    });
    const started = await startContract(test, world, 'rep', yuanToFen('1000'), 2);
    await call('director')('POST', `/api/workflow/approvals/${started.body.id}/reject`, {
      comment: 'No budget',
    });
    await test.deps.events.dispatchPending();
    const { rows } = await test.deps.db.query<{ id: number }>(
      `SELECT id FROM workflow_webhook_deliveries WHERE webhook_id = $1`,
      [created.body.id],
    );
    const deliveryId = rows[0]!.id;
    // The name resolves to a private address at delivery time (DNS changed after the check on save).
    const lookup = ((
      _h: string,
      _o: unknown,
      cb: (e: null, a: { address: string; family: number }[]) => void,
    ) => cb(null, [{ address: '10.1.2.3', family: 4 }])) as never;
    const outcomes = [];
    for (let i = 0; i < 6; i++)
      outcomes.push(await attemptDelivery(test.deps.db, deliveryId, test.clock.now(), { lookup }));
    expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'retrying', 'failed']);
    const log = (await call('admin')('GET', `/api/workflow/webhooks/${created.body.id}/deliveries`)).body
      .items[0];
    expect(log.status).toBe('failed');
    expect(log.log).toHaveLength(6);
    expect(log.log[0].error).toContain('10.1.2.3');
    const retries = await test.deps.db.query<{ delay: number }>(
      `SELECT extract(epoch FROM run_at - $2::timestamptz)::int AS delay FROM jobs
        WHERE kind = 'workflow.webhook_deliver' AND payload ->> 'deliveryId' = $1::text AND unique_key IS NULL
        ORDER BY run_at`,
      [String(deliveryId), test.clock.now()],
    );
    expect(retries.rows.map((r) => r.delay)).toEqual([60, 300, 1800, 7200, 43_200]);

    const retried = await call('admin')(
      'POST',
      `/api/workflow/webhooks/${created.body.id}/deliveries/${deliveryId}/retry`,
    );
    expect(retried.status).toBe(204);
  });

  it('sends a test ping through the job runner', async () => {
    const created = await call('admin')('POST', '/api/workflow/webhooks', {
      name: 'Ping',
      url: 'https://erp.example.invalid/pulse',
      eventTypes: ['task.created'],
    });
    const ping = await call('admin')('POST', `/api/workflow/webhooks/${created.body.id}/ping`);
    expect(ping.status).toBe(202);
    const { rows } = await test.deps.db.query(
      `SELECT kind, payload FROM jobs WHERE kind = 'workflow.webhook_deliver' AND payload ->> 'deliveryId' = $1`,
      [String(ping.body.deliveryId)],
    );
    expect(rows).toHaveLength(1);
  });
});
