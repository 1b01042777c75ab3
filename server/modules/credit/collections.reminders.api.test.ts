import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  addInvoice,
  apiAs,
  type CreditWorld,
  seedCreditWorld,
  setProfile,
  yuan,
} from './credit.fixtures.ts';
import { raiseReminders, settlePromises } from './index.ts';

/**
 * The routine reminders of the daily collections job (DOMAIN §4), run on dates the test
 * chooses: each step once per invoice, a higher step later as a new task.
 */

/** The day the story starts; every invoice is dated from it. */
const D0 = '2031-03-02';
const on = (days: number) => addDays(D0, days);
const clock = (date: string) => new Date(`${date}T02:15:00+08:00`);

let test: TestApp;
let world: CreditWorld;
let eastRepId: number;
/** Grade A, owner rep.east (managed by `manager`), one invoice of 80,000 due on D0 + 5. */
let punctual: number;
/** Grade C, no owner rep, an invoice due on D0 − 3. */
let orphan: number;
/** Grade D, an invoice due on D0 + 3: no gentle reminder below grade B. */
let lowGrade: number;
/** Grade B, 10 days late on D0, but promised to pay by D0 + 4. */
let promised: number;
/** Grade B, 45 days late on D0 with a promise that broke on D0 − 1. */
let promiseBreaker: number;

interface ReminderTask {
  assigneeId: number;
  customerId: number;
  titleEn: string;
  detailEn: string | null;
  step: string;
}

async function userId(username: string) {
  return (await test.deps.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]))
    .rows[0]!.id;
}

async function reminderTasks(customerId: number): Promise<ReminderTask[]> {
  const { rows } = await test.deps.db.query<ReminderTask>(
    `SELECT t.assignee_id AS "assigneeId", t.customer_id AS "customerId", t.title_en AS "titleEn",
            t.detail_en AS "detailEn", r.step
       FROM workflow_tasks t JOIN collection_reminders r ON r.id = t.document_id
      WHERE t.document_type = 'collection_reminder' AND t.kind = 'collection' AND t.customer_id = $1
      ORDER BY t.id`,
    [customerId],
  );
  return rows;
}

async function reminderNotifications(kind: string): Promise<{ userId: number; titleEn: string }[]> {
  const { rows } = await test.deps.db.query<{ userId: number; titleEn: string }>(
    `SELECT user_id AS "userId", title_en AS "titleEn" FROM workflow_notifications WHERE kind = $1 ORDER BY id`,
    [kind],
  );
  return rows;
}

async function addPromise(customerId: number, contactedOn: string, promisedOn: string, promisedFen: number) {
  await test.deps.db.query(
    `INSERT INTO collection_contacts (customer_id, contacted_on, channel, contact_person, promised_on, promised_fen,
                                      promise_status, logged_by)
     VALUES ($1, $2, 'phone', '财务科', $3, $4, 'open', $5)`,
    [customerId, contactedOn, promisedOn, promisedFen, world.financeId],
  );
}

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  const db = test.deps.db;
  eastRepId = await userId('rep.east');
  await db.query('UPDATE users SET manager_id = $1 WHERE id = $2', [world.userIds.manager, eastRepId]);

  punctual = await addHospital(test, 'REM-A');
  await db.query('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [eastRepId, punctual]);
  await setProfile(test, punctual, { grade: 'A', limitFen: yuan(1_000_000) });
  await addInvoice(test, punctual, { invoiceDate: on(-55), dueDate: on(5), grossFen: yuan(80_000) });

  orphan = await addHospital(test, 'REM-C');
  await setProfile(test, orphan, { grade: 'C', limitFen: yuan(100_000) });
  await addInvoice(test, orphan, { invoiceDate: on(-63), dueDate: on(-3), grossFen: yuan(12_000) });

  lowGrade = await addHospital(test, 'REM-D');
  await setProfile(test, lowGrade, { grade: 'D', limitFen: yuan(100_000) });
  await addInvoice(test, lowGrade, { invoiceDate: on(-57), dueDate: on(3), grossFen: yuan(5_000) });

  promised = await addHospital(test, 'REM-P');
  await setProfile(test, promised, { grade: 'B', limitFen: yuan(100_000) });
  await addInvoice(test, promised, { invoiceDate: on(-70), dueDate: on(-10), grossFen: yuan(9_000) });
  await addPromise(promised, on(-2), on(4), yuan(9_000));

  promiseBreaker = await addHospital(test, 'REM-X');
  await db.query('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [eastRepId, promiseBreaker]);
  await setProfile(test, promiseBreaker, { grade: 'B', limitFen: yuan(100_000) });
  await addInvoice(test, promiseBreaker, { invoiceDate: on(-105), dueDate: on(-45), grossFen: yuan(40_000) });
  await addPromise(promiseBreaker, on(-10), on(-1), yuan(40_000));
});

afterAll(async () => {
  await test?.close();
});

describe('the daily collections job on D0', () => {
  it('notifies the rep of a grade A invoice falling due within 7 days, without a task', async () => {
    await settlePromises(test.deps.db, D0, clock(D0));
    await raiseReminders(test.deps.db, D0, clock(D0));
    expect(await reminderTasks(punctual)).toEqual([]);
    const gentle = await reminderNotifications('collection.gentle');
    expect(gentle).toHaveLength(1);
    expect(gentle[0]).toMatchObject({ userId: eastRepId });
    expect(gentle[0]!.titleEn).toMatch(
      /^gentle reminder: .*REM-A's invoice .* falls due on 2031-03-07, ¥80,000\.00/,
    );
  });

  it('gives finance the first reminder task of a customer without a rep', async () => {
    const tasks = await reminderTasks(orphan);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: world.financeId, step: 'reminder' });
    expect(tasks[0]!.titleEn).toMatch(/^payment reminder: .* is 3 days past due, ¥12,000\.00 overdue$/);
  });

  it('sends grade D nothing before the due date, and leaves a customer with an open promise alone', async () => {
    expect(await reminderTasks(lowGrade)).toEqual([]);
    expect(await reminderTasks(promised)).toEqual([]);
    const { rows } = await test.deps.db.query(
      'SELECT 1 FROM collection_reminders WHERE customer_id = ANY($1::bigint[])',
      [[lowGrade, promised]],
    );
    expect(rows).toEqual([]);
  });

  it('does not raise a lower step after a broken promise escalated the customer', async () => {
    // 45 days late is a call; the broken promise raised the escalation already.
    const { rows } = await test.deps.db.query<{ step: string }>(
      'SELECT step FROM collection_reminders WHERE customer_id = $1',
      [promiseBreaker],
    );
    expect(rows.map((r) => r.step)).toEqual(['escalation']);
    expect(await reminderTasks(promiseBreaker)).toEqual([]);
  });

  it('puts the reminder task into the assignee inbox, and no one else sees it', async () => {
    const financeInbox = await apiAs(test, world.cookies.finance)('GET', '/api/workflow/tasks');
    expect(financeInbox.statusCode, financeInbox.body).toBe(200);
    const mine = (financeInbox.json().items as { documentType: string | null; link: string | null }[]).filter(
      (t) => t.documentType === 'collection_reminder',
    );
    expect(mine.map((t) => t.link)).toEqual([`/credit/${orphan}`]);
    const westInbox = await apiAs(test, world.cookies.west)('GET', '/api/workflow/tasks');
    expect(
      (westInbox.json().items as { documentType: string | null }[]).filter(
        (t) => t.documentType === 'collection_reminder',
      ),
    ).toEqual([]);
  });
});

describe('running the job again', () => {
  it('raises nothing twice the same day or the next day', async () => {
    const before = await test.deps.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM workflow_tasks)::int + (SELECT count(*) FROM workflow_notifications)::int AS n`,
    );
    expect(await raiseReminders(test.deps.db, D0, clock(D0))).toEqual({
      raised: 0,
      tasks: 0,
      notifications: 0,
    });
    expect(await raiseReminders(test.deps.db, on(1), clock(on(1)))).toEqual({
      raised: 0,
      tasks: 0,
      notifications: 0,
    });
    const after = await test.deps.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM workflow_tasks)::int + (SELECT count(*) FROM workflow_notifications)::int AS n`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('raises the routine step once an open promise has passed, and nothing more the next day', async () => {
    // D0 + 5: the promise of `promised` (due D0 + 4) is broken and raises the call step (15
    // days late → reminder, one further); the routine reminder finds it raised.
    await settlePromises(test.deps.db, on(5), clock(on(5)));
    await raiseReminders(test.deps.db, on(5), clock(on(5)));
    const { rows } = await test.deps.db.query<{ step: string }>(
      'SELECT step FROM collection_reminders WHERE customer_id = $1',
      [promised],
    );
    expect(rows.map((r) => r.step)).toEqual(['call']);
    expect(await raiseReminders(test.deps.db, on(6), clock(on(6)))).toMatchObject({ raised: 1 });
    // That one was `punctual` turning 1 day late.
    expect((await reminderTasks(punctual)).map((t) => t.step)).toEqual(['reminder']);
  });

  it('raises each higher step as a new task as lateness crosses 30 and 60 days', async () => {
    await raiseReminders(test.deps.db, on(35), clock(on(35)));
    expect((await reminderTasks(punctual)).map((t) => t.step)).toEqual(['reminder']);
    await raiseReminders(test.deps.db, on(36), clock(on(36)));
    const call = (await reminderTasks(punctual)).filter((t) => t.step === 'call');
    expect(call).toHaveLength(1);
    expect(call[0]).toMatchObject({ assigneeId: eastRepId });
    expect(call[0]!.titleEn).toMatch(/^collection call: .* is 31 days past due, ¥80,000\.00 overdue$/);
    const managerNotes = (await reminderNotifications('collection.call')).filter(
      (n) => n.userId === world.userIds.manager,
    );
    expect(managerNotes.filter((n) => n.titleEn === call[0]!.titleEn)).toHaveLength(1);

    await raiseReminders(test.deps.db, on(65), clock(on(65)));
    expect(await reminderTasks(punctual)).toHaveLength(2);
    await raiseReminders(test.deps.db, on(66), clock(on(66)));
    const escalation = (await reminderTasks(punctual)).filter((t) => t.step === 'escalation');
    // The rep keeps the customer and finance takes the case over, each with a task.
    expect(escalation.map((t) => t.assigneeId).sort((a, b) => a - b)).toEqual(
      [eastRepId, world.financeId].sort((a, b) => a - b),
    );
    // Grade A: new orders do not go to approval.
    expect(escalation[0]!.detailEn).toBeNull();
    await raiseReminders(test.deps.db, on(120), clock(on(120)));
    expect(await reminderTasks(punctual)).toHaveLength(4);
  });

  it('starts again with the next invoice once the oldest is paid', async () => {
    const next = await addInvoice(test, punctual, {
      invoiceDate: on(40),
      dueDate: on(100),
      grossFen: yuan(1_000),
    });
    await test.deps.db.query(
      `UPDATE invoices SET open_amount = 0, open_cny_fen = 0, paid_amount = gross_amount, status = 'paid'
        WHERE customer_id = $1 AND id <> $2`,
      [punctual, next],
    );
    await raiseReminders(test.deps.db, on(110), clock(on(110)));
    const latest = (await reminderTasks(punctual)).at(-1)!;
    expect(latest.step).toBe('reminder');
    expect(latest.titleEn).toMatch(/is 10 days past due, ¥1,000\.00 overdue$/);
  });
});
