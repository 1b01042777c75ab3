import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let test: TestApp & { clock: import('../../platform/clock.ts').ManualClock };
let world: WorkflowWorld;
let nextDocument = 1000;

beforeAll(async () => {
  test = await createWorkflowTestApp();
  world = await seedWorkflowWorld(test);
});
afterAll(() => test.close());

const call = (who: Person) => as(test, world, who);

async function inboxApprovalIds(who: Person): Promise<number[]> {
  const { body } = await call(who)('GET', '/api/workflow/tasks?kind=approval');
  return body.items.map((t: { approvalId: number }) => t.approvalId);
}

async function events(type: string, approvalId: number) {
  const { rows } = await test.deps.db.query(
    `SELECT payload FROM outbox_events WHERE type = $1 AND (payload ->> 'approvalId')::bigint = $2`,
    [type, approvalId],
  );
  return rows.map((r) => r.payload);
}

describe('DOMAIN §5 routing through the API', () => {
  it.each([
    ['49999.99', [['sales_director']]],
    ['50000', [['sales_director', 'finance']]],
    ['200000', [['sales_director', 'finance']]],
    ['200000.01', [['sales_director'], ['legal'], ['finance_director'], ['general_manager']]],
  ])('routes a contract of %s', async (yuan, expected) => {
    const started = await startContract(test, world, 'rep', yuanToFen(yuan), nextDocument++);
    expect(started.status).toBe(201);
    const roles = started.body.steps.map((s: { slots: { approver: { role: string } }[] }) =>
      s.slots.map((slot) => slot.approver.role),
    );
    expect(roles).toEqual(expected);
    expect(started.body.steps[0].status).toBe('active');
    expect(started.body.policyVersion).toBe(1);
  });
});

describe('a contract of 300,000 started by a rep', () => {
  it('travels director → legal → finance director → general manager, each seeing it in turn', async () => {
    const started = await startContract(test, world, 'rep', yuanToFen('300000'), nextDocument++);
    const id = started.body.id as number;
    const order: Person[] = ['director', 'legal', 'findir', 'gm'];
    for (const [index, approver] of order.entries()) {
      for (const other of order) {
        expect(await inboxApprovalIds(other), `${other} at step ${index + 1}`).toEqual(
          other === approver ? expect.arrayContaining([id]) : expect.not.arrayContaining([id]),
        );
      }
      const approved = await call(approver)('POST', `/api/workflow/approvals/${id}/approve`, {
        comment: `ok ${index}`,
      });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe(index === 3 ? 'approved' : 'pending');
    }
    const detail = (await call('rep')('GET', `/api/workflow/approvals/${id}`)).body;
    expect(detail.timeline.map((t: { action: string }) => t.action)).toEqual([
      'start',
      'approve',
      'approve',
      'approve',
      'approve',
      'complete',
    ]);
    expect(detail.timeline[1]).toMatchObject({ actor: { id: world.users.director }, comment: 'ok 0' });
    expect(await events('approval.approved', id)).toEqual([
      expect.objectContaining({
        documentType: 'contract',
        documentRef: started.body.documentRef,
        status: 'approved',
      }),
    ]);
    const audit = await test.deps.db.query(
      `SELECT action FROM audit_log WHERE entity = 'approval' AND entity_id = $1 ORDER BY seq`,
      [String(id)],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'approval_start',
      'approve',
      'approve',
      'approve',
      'approve',
    ]);
    const notifications = (await call('rep')('GET', '/api/workflow/notifications')).body.items;
    expect(notifications[0].title).toBe(`contract ${started.body.documentRef} approved`);
  });
});

describe('countersign', () => {
  it('needs both the director and finance before the contract is approved', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('120000'), nextDocument++);
    const afterDirector = await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(afterDirector.body.status).toBe('pending');
    expect(await inboxApprovalIds('finance')).toContain(body.id);
    expect(await inboxApprovalIds('director')).not.toContain(body.id);
    const afterFinance = await call('finance')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(afterFinance.body.status).toBe('approved');
  });

  it('is rejected as a whole when one countersigner rejects after the other approved', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('80000'), nextDocument++);
    await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    const rejected = await call('finance')('POST', `/api/workflow/approvals/${body.id}/reject`, {
      comment: 'Payment terms too long',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.steps[0].status).toBe('rejected');
    expect(await events('approval.rejected', body.id)).toEqual([
      expect.objectContaining({ comment: 'Payment terms too long', decidedBy: world.users.finance }),
    ]);
    const approving = await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(approving.status).toBe(409);
  });

  it('rejects a sequential document at its second step and never reaches the third', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('250000'), nextDocument++);
    await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    const rejected = await call('legal')('POST', `/api/workflow/approvals/${body.id}/reject`, {
      comment: 'Clause 7',
    });
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.steps.map((s: { status: string }) => s.status)).toEqual([
      'approved',
      'rejected',
      'cancelled',
      'cancelled',
    ]);
    expect(await inboxApprovalIds('findir')).not.toContain(body.id);
  });

  it('requires a comment to reject', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('1000'), nextDocument++);
    const response = await call('director')('POST', `/api/workflow/approvals/${body.id}/reject`, {
      comment: '',
    });
    expect(response.status).toBe(400);
  });
});

describe('nobody approves their own document', () => {
  it('routes the director’s own contract to their manager and refuses their approval', async () => {
    const { body } = await startContract(test, world, 'director', yuanToFen('10000'), nextDocument++);
    expect(body.steps[0].slots[0].assignees).toEqual([{ id: world.users.gm, displayName: 'gm' }]);
    const own = await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('SELF_APPROVAL');
    expect((await call('gm')('POST', `/api/workflow/approvals/${body.id}/approve`, {})).body.status).toBe(
      'approved',
    );
  });

  it('refuses someone who is not an approver of the current step', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('300000'), nextDocument++);
    const early = await call('legal')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('NOT_AN_APPROVER');
  });
});

describe('delegation', () => {
  it('lets the delegate approve within the delegation’s dates only', async () => {
    // 2 March 2026 in Shanghai; the director is away 2–4 March and delegates to the regional manager.
    const created = await call('director')('POST', '/api/workflow/delegations', {
      delegateId: world.users.manager,
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
      reason: 'Trade fair',
    });
    expect(created.status).toBe(201);
    expect(created.body.isActiveToday).toBe(true);

    const inside = await startContract(test, world, 'rep', yuanToFen('20000'), nextDocument++);
    const outside = await startContract(test, world, 'rep', yuanToFen('30000'), nextDocument++);
    expect(await inboxApprovalIds('manager')).toEqual(
      expect.arrayContaining([inside.body.id, outside.body.id]),
    );
    const approved = await call('manager')('POST', `/api/workflow/approvals/${inside.body.id}/approve`, {
      comment: 'for the director',
    });
    expect(approved.body.status).toBe('approved');
    expect(approved.body.steps[0].slots[0]).toMatchObject({
      decidedBy: { id: world.users.manager },
      onBehalfOf: { id: world.users.director },
    });

    // 5 March: the delegation has ended.
    test.clock.set('2026-03-05T01:00:00Z');
    expect(await inboxApprovalIds('manager')).not.toContain(outside.body.id);
    const late = await call('manager')('POST', `/api/workflow/approvals/${outside.body.id}/approve`, {});
    expect(late.status).toBe(403);
    expect(
      (await call('director')('POST', `/api/workflow/approvals/${outside.body.id}/approve`, {})).body.status,
    ).toBe('approved');
    await call('director')('DELETE', `/api/workflow/delegations/${created.body.id}`);
  });

  it('does not start before its first date', async () => {
    test.clock.set('2026-03-09T01:00:00Z');
    const created = await call('director')('POST', '/api/workflow/delegations', {
      delegateId: world.users.manager,
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
    });
    expect(created.body.isActiveToday).toBe(false);
    const { body } = await startContract(test, world, 'rep', yuanToFen('1000'), nextDocument++);
    const early = await call('manager')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(early.status).toBe(403);
    test.clock.set('2026-03-10T01:00:00Z');
    expect(
      (await call('manager')('POST', `/api/workflow/approvals/${body.id}/approve`, {})).body.status,
    ).toBe('approved');
  });
});

describe('return, resubmit, withdraw, add signer', () => {
  it('returns a document for changes; the rep resubmits it as round 2 under the same policy version', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('40000'), nextDocument++);
    const returned = await call('director')('POST', `/api/workflow/approvals/${body.id}/return`, {
      comment: 'Add the delivery schedule',
    });
    expect(returned.body.status).toBe('returned');
    expect((await call('rep')('GET', `/api/workflow/approvals/${body.id}`)).body.can.resubmit).toBe(true);
    const again = await call('rep')('POST', `/api/workflow/approvals/${body.id}/resubmit`, {
      amountFen: 4_500_000,
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ round: 2, amountFen: 4_500_000, policyVersion: 1, status: 'pending' });
  });

  it('lets the initiator withdraw, closing every open task', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('100000'), nextDocument++);
    expect((await call('director')('POST', `/api/workflow/approvals/${body.id}/withdraw`, {})).status).toBe(
      403,
    );
    const withdrawn = await call('rep')('POST', `/api/workflow/approvals/${body.id}/withdraw`, {
      comment: 'Wrong customer',
    });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(await inboxApprovalIds('director')).not.toContain(body.id);
    expect(await inboxApprovalIds('finance')).not.toContain(body.id);
  });

  it('adds a signer after the current step (加签)', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('10000'), nextDocument++);
    const added = await call('director')('POST', `/api/workflow/approvals/${body.id}/add-signer`, {
      userId: world.users.legal,
      comment: 'Unusual liability clause',
    });
    expect(added.status).toBe(200);
    expect(added.body.steps).toHaveLength(2);
    expect(added.body.steps[1]).toMatchObject({ status: 'waiting', addedBy: { id: world.users.director } });
    const first = await call('director')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(first.body.status).toBe('pending');
    expect(await inboxApprovalIds('legal')).toContain(body.id);
    expect((await call('legal')('POST', `/api/workflow/approvals/${body.id}/approve`, {})).body.status).toBe(
      'approved',
    );
  });

  it('refuses to add the initiator as signer', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('10000'), nextDocument++);
    const response = await call('director')('POST', `/api/workflow/approvals/${body.id}/add-signer`, {
      userId: world.users.rep,
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('ADD_SIGNER_NOT_ALLOWED');
  });

  it('refuses a second pending approval of the same document', async () => {
    const id = nextDocument++;
    await startContract(test, world, 'rep', yuanToFen('10000'), id);
    const again = await startContract(test, world, 'rep', yuanToFen('10000'), id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('APPROVAL_PENDING');
  });
});

describe('scope', () => {
  it('keeps an East approval away from a South rep: not seen, not counted, not started for East', async () => {
    const { body } = await startContract(test, world, 'rep', yuanToFen('10000'), nextDocument++);
    expect((await call('south')('GET', `/api/workflow/approvals/${body.id}`)).status).toBe(404);
    expect((await call('south')('POST', `/api/workflow/approvals/${body.id}/approve`, {})).status).toBe(404);
    const list = await call('south')('GET', '/api/workflow/approvals');
    expect(list.body.items.map((a: { id: number }) => a.id)).not.toContain(body.id);
    expect((await call('south')('GET', '/api/workflow/counts')).body).toEqual({
      openTasks: 0,
      openApprovals: 0,
      overdueTasks: 0,
      unreadNotifications: 0,
    });
    const foreign = await startContract(test, world, 'south', yuanToFen('10000'), nextDocument++);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('policies as data', () => {
  it('are managed by an admin only', async () => {
    expect((await call('rep')('GET', '/api/workflow/policies')).status).toBe(403);
    const list = await call('admin')('GET', '/api/workflow/policies');
    expect(list.body.items.map((p: { documentType: string }) => p.documentType)).toContain('contract');
  });

  it('keep the version an approval started with when the policy changes', async () => {
    const before = await startContract(test, world, 'rep', yuanToFen('300000'), nextDocument++);
    const current = (await call('admin')('GET', '/api/workflow/policies/contract')).body;
    const definition = {
      ...current.definition,
      reminderHours: 2,
      escalationHours: 4,
      rules: [
        {
          name: 'everything to the general manager',
          conditions: [],
          steps: [
            {
              name: '',
              mode: 'single',
              required: null,
              approvers: [{ kind: 'role', role: 'general_manager', scope: 'company' }],
            },
          ],
        },
      ],
    };
    const saved = await call('admin')('PUT', '/api/workflow/policies/contract', {
      definition,
      note: 'simplify',
      baseVersion: current.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.version + 1);
    const stale = await call('admin')('PUT', '/api/workflow/policies/contract', {
      definition,
      baseVersion: current.version,
    });
    expect(stale.status).toBe(409);

    // The earlier contract still walks its four steps.
    const approved = await call('director')('POST', `/api/workflow/approvals/${before.body.id}/approve`, {});
    expect(approved.body.steps).toHaveLength(4);
    expect(approved.body.policyVersion).toBe(current.version);
    expect(await inboxApprovalIds('legal')).toContain(before.body.id);
    const after = await startContract(test, world, 'rep', yuanToFen('300000'), nextDocument++);
    expect(after.body.policyVersion).toBe(current.version + 1);
    expect(after.body.steps).toHaveLength(1);

    // Put the default back for the other tests.
    await call('admin')('PUT', '/api/workflow/policies/contract', {
      definition: current.definition,
      note: 'restore',
      baseVersion: current.version + 1,
    });
  });

  it('tests a policy: the route and the people a document would reach', async () => {
    const response = await call('admin')('POST', '/api/workflow/policies/contract/test', {
      amountFen: yuanToFen('120000'),
      regionId: world.regions.shanghai,
      initiatorId: world.users.rep,
    });
    expect(response.status).toBe(200);
    expect(response.body.ruleName).toBe('50,000 – 200,000');
    expect(response.body.steps[0].required).toBe(2);
    expect(
      response.body.steps[0].approvers.map((a: { people: { displayName: string }[] }) => a.people),
    ).toEqual([
      [{ id: world.users.director, displayName: 'director' }],
      [{ id: world.users.finance, displayName: 'finance' }],
    ]);
  });

  it('resolves a regional role to the people of the document’s region', async () => {
    const response = await call('admin')('POST', '/api/workflow/policies/discount/test', {
      attributes: { discount: 0.05 },
      regionId: world.regions.shanghai,
    });
    expect(response.body.steps[0].approvers[0].people).toEqual([
      { id: world.users.manager, displayName: 'manager' },
    ]);
    const south = await call('admin')('POST', '/api/workflow/policies/discount/test', {
      attributes: { discount: 0.05 },
      regionId: world.regions.south,
      initiatorId: world.users.south,
    });
    // Nobody manages South: the initiator's manager stands in.
    expect(south.body.steps[0].approvers[0]).toMatchObject({
      isFallback: true,
      people: [{ id: world.users.director, displayName: 'director' }],
    });
  });
});

describe('tasks', () => {
  it('a person gives a colleague a follow-up task, who completes it', async () => {
    const created = await call('manager')('POST', '/api/workflow/tasks', {
      kind: 'follow_up',
      assigneeId: world.users.rep,
      title: 'Call the head of cardiology',
      dueOn: '2026-03-20',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'follow_up',
      status: 'open',
      assignee: { id: world.users.rep },
    });
    const counts = (await call('rep')('GET', '/api/workflow/counts')).body;
    expect(counts.openTasks).toBeGreaterThan(0);
    expect(counts.unreadNotifications).toBeGreaterThan(0);
    expect((await call('manager')('POST', `/api/workflow/tasks/${created.body.id}/complete`)).status).toBe(
      404,
    );
    expect((await call('rep')('POST', `/api/workflow/tasks/${created.body.id}/complete`)).status).toBe(204);
    const done = (await call('rep')('GET', '/api/workflow/tasks?status=done')).body.items;
    expect(done.map((t: { id: number }) => t.id)).toContain(created.body.id);
  });

  it('marks notifications read', async () => {
    expect((await call('rep')('POST', '/api/workflow/notifications/read-all')).status).toBe(204);
    expect((await call('rep')('GET', '/api/workflow/counts')).body.unreadNotifications).toBe(0);
  });
});

describe('the sales approval hook backed by the workflow', () => {
  it('starts a price-below-floor approval for the order and lets it through once approved', async () => {
    const { createWorkflowApprovalHook } = await import('./index.ts');
    const hook = createWorkflowApprovalHook({ side: test.deps.db, logger: test.deps.logger });
    const ctx = {
      userId: world.users.rep,
      username: 'rep',
      displayName: 'rep',
      roles: ['sales_rep' as const],
      permissions: [],
      isCompanyWide: false,
      regionIds: [world.regions.east, world.regions.shanghai],
      distributorId: null,
      lang: 'en' as const,
      ip: null,
      via: 'session' as const,
    };
    const order = {
      id: 9001,
      customerId: world.hospital,
      regionId: world.regions.shanghai,
      currency: 'CNY',
      orderDate: '2026-03-10',
      netCnyFen: 1_000_000,
      grossCnyFen: 1_130_000,
      lines: [],
    };
    const requirement = { kind: 'price_below_floor' as const, reason: 'STENT below floor', skus: ['STENT'] };
    expect(await hook.isApproved(test.deps.db, ctx, order, requirement)).toBe(false);
    const tasks = (await call('manager')('GET', '/api/workflow/tasks?kind=approval')).body.items;
    const task = tasks.find(
      (t: { documentType: string; documentId: number }) => t.documentType === 'price_below_floor',
    );
    expect(task).toMatchObject({ documentId: 9001, amountFen: 1_130_000 });
    // Asked again while pending: no second approval.
    expect(await hook.isApproved(test.deps.db, ctx, order, requirement)).toBe(false);
    await call('manager')('POST', `/api/workflow/approvals/${task.approvalId}/approve`, {});
    expect(await hook.isApproved(test.deps.db, ctx, order, requirement)).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('describes the workflow routes in a valid document', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const document = (await test.app.inject({ url: '/api/openapi.json' })).json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/workflow/approvals',
        '/api/workflow/approvals/{id}/approve',
        '/api/workflow/tasks',
        '/api/workflow/policies/{documentType}/test',
        '/api/workflow/webhooks/{id}/deliveries',
      ]),
    );
  });
});
