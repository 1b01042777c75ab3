import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.ts';
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

beforeAll(async () => {
  test = await createWorkflowTestApp();
  world = await seedWorkflowWorld(test);
});
afterAll(() => test.close());

const call = (who: Person) => as(test, world, who);

/** The recurring sweep, run through the job runner as production runs it. */
async function runSweep(): Promise<void> {
  await test.deps.db.query(
    `UPDATE jobs SET status = 'done' WHERE kind = 'workflow.sweep' AND status = 'queued'`,
  );
  await enqueueJob(test.deps.db, 'workflow.sweep');
  await test.deps.jobs.runDue();
  const { rows } = await test.deps.db.query(
    `SELECT status, last_error FROM jobs WHERE kind = 'workflow.sweep' ORDER BY id DESC LIMIT 2`,
  );
  expect(rows.some((r) => r.status === 'done')).toBe(true);
}

async function notificationTitles(who: Person): Promise<string[]> {
  const { body } = await call(who)('GET', '/api/workflow/notifications?pageSize=100');
  return body.items.map((n: { title: string }) => n.title);
}

async function openApprovalTasks(
  who: Person,
): Promise<{ approvalId: number; isEscalation: boolean; isOverdue: boolean }[]> {
  return (await call(who)('GET', '/api/workflow/tasks?kind=approval')).body.items;
}

describe('reminders and escalation (DOMAIN §5: 24 h and 48 h by default)', () => {
  it('reminds the approver after 24 h and escalates to their manager after 48 h, not a minute earlier', async () => {
    const start = test.clock.now();
    const { body } = await startContract(test, world, 'rep', yuanToFen('10000'), 1);
    const reminder = `Reminder: Approve contract CT-1 (¥10,000.00)`;
    const escalation = `Escalated to you: Approve contract CT-1 (¥10,000.00)`;

    test.clock.set(new Date(start.getTime() + 24 * 3_600_000 - 60_000));
    await runSweep();
    expect(await notificationTitles('director')).not.toContain(reminder);
    expect((await openApprovalTasks('director'))[0]).toMatchObject({ approvalId: body.id, isOverdue: false });

    test.clock.set(new Date(start.getTime() + 24 * 3_600_000));
    await runSweep();
    expect((await notificationTitles('director')).filter((t) => t === reminder)).toHaveLength(1);
    expect((await call('director')('GET', '/api/workflow/counts')).body.overdueTasks).toBe(1);
    await runSweep();
    expect((await notificationTitles('director')).filter((t) => t === reminder)).toHaveLength(1);

    test.clock.set(new Date(start.getTime() + 48 * 3_600_000 - 60_000));
    await runSweep();
    expect(await openApprovalTasks('gm')).toEqual([]);

    test.clock.set(new Date(start.getTime() + 48 * 3_600_000));
    await runSweep();
    expect(await openApprovalTasks('gm')).toEqual([
      expect.objectContaining({ approvalId: body.id, isEscalation: true }),
    ]);
    expect(await notificationTitles('gm')).toContain(escalation);
    const detail = (await call('rep')('GET', `/api/workflow/approvals/${body.id}`)).body;
    expect(detail.timeline.map((t: { action: string }) => t.action)).toEqual(['start', 'remind', 'escalate']);
    expect(detail.timeline[2]).toMatchObject({
      target: { id: world.users.gm },
      onBehalfOf: { id: world.users.director },
    });

    // The manager decides in the director's place; the director's task closes with it.
    const approved = await call('gm')('POST', `/api/workflow/approvals/${body.id}/approve`, {});
    expect(approved.body.status).toBe('approved');
    expect(await openApprovalTasks('director')).toEqual([]);
  });

  it('uses the hours configured in the policy', async () => {
    const current = (await call('admin')('GET', '/api/workflow/policies/contract')).body;
    await call('admin')('PUT', '/api/workflow/policies/contract', {
      definition: { ...current.definition, reminderHours: 2, escalationHours: 4 },
      baseVersion: current.version,
    });
    const start = test.clock.now();
    const { body } = await startContract(test, world, 'rep', yuanToFen('10000'), 2);
    test.clock.set(new Date(start.getTime() + 2 * 3_600_000));
    await runSweep();
    expect(await notificationTitles('director')).toContain('Reminder: Approve contract CT-2 (¥10,000.00)');
    expect(await openApprovalTasks('gm')).toEqual([]);
    test.clock.set(new Date(start.getTime() + 4 * 3_600_000));
    await runSweep();
    expect((await openApprovalTasks('gm')).map((t) => t.approvalId)).toEqual([body.id]);
  });

  it('falls back to the initiator’s manager when nobody else holds the role in the region, and escalates from there', async () => {
    const start = test.clock.now();
    // The regional manager sends a discount that the East regional manager approves: not themselves,
    // so their own manager (the director) approves; the director's manager is the GM.
    const { body } = await call('manager')('POST', '/api/workflow/approvals', {
      documentType: 'discount',
      documentId: 77,
      documentRef: 'DS-77',
      regionId: world.regions.shanghai,
      attributes: { discount: 0.05 },
    });
    expect(body.steps[0].slots[0].assignees).toEqual([{ id: world.users.director, displayName: 'director' }]);
    test.clock.set(new Date(start.getTime() + 48 * 3_600_000));
    await runSweep();
    expect((await openApprovalTasks('gm')).map((t) => t.approvalId)).toContain(body.id);
    expect((await openApprovalTasks('manager')).map((t) => t.approvalId)).not.toContain(body.id);
  });

  it('reminds and escalates other tasks on the workflow settings', async () => {
    const start = test.clock.now();
    const created = await call('manager')('POST', '/api/workflow/tasks', {
      kind: 'collection',
      assigneeId: world.users.rep,
      title: 'Collect invoice INV-9 from the hospital',
    });
    expect(created.status).toBe(201);
    test.clock.set(new Date(start.getTime() + 24 * 3_600_000));
    await runSweep();
    expect(await notificationTitles('rep')).toContain('Reminder: Collect invoice INV-9 from the hospital');
    test.clock.set(new Date(start.getTime() + 48 * 3_600_000));
    await runSweep();
    const managerTasks = (await call('manager')('GET', '/api/workflow/tasks?kind=collection')).body.items;
    expect(managerTasks).toEqual([
      expect.objectContaining({ title: 'Collect invoice INV-9 from the hospital', isEscalation: true }),
    ]);
    // Done by the rep: the manager's copy closes too.
    expect((await call('rep')('POST', `/api/workflow/tasks/${created.body.id}/complete`)).status).toBe(204);
    expect((await call('manager')('GET', '/api/workflow/tasks?kind=collection')).body.items).toEqual([]);
  });
});
