import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  addHospital,
  addInvoice,
  apiAs,
  type CreditWorld,
  daysAgo,
  seedCreditWorld,
  setProfile,
  today,
  yuan,
} from './credit.fixtures.ts';
import { settlePromises } from './index.ts';

let test: TestApp;
let world: CreditWorld;
let east: ReturnType<typeof apiAs>;
let west: ReturnType<typeof apiAs>;
let director: ReturnType<typeof apiAs>;
let eastRepId: number;
/** Grade A hospital on 90-day terms with an invoice due in 3 days: gentle reminder, flagged. */
let longTermsHospital: number;
/** Grade A hospital whose invoice is due in 10 days: not on the list yet. */
let notYetDue: number;

interface WorkItem {
  customerId: number;
  step: string;
  daysPastDue: number;
  overdueFen: number;
  openFen: number;
  grade: string | null;
  ordersNeedApproval: boolean;
  isHospitalTermsTooLong: boolean;
  ownerRepName: string | null;
  lastContact: { id: number; channel: string; contactPerson: string } | null;
  openPromise: { id: number; promisedFen: number; promiseStatus: string } | null;
}

const userId = async (username: string) =>
  (await test.deps.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!
    .id;
const countContacts = async () =>
  (await test.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM collection_contacts')).rows[0]!.n;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedCreditWorld(test);
  east = apiAs(test, world.cookies.east);
  west = apiAs(test, world.cookies.west);
  director = apiAs(test, world.cookies.director);
  const db = test.deps.db;
  eastRepId = await userId('rep.east');
  await db.query('UPDATE users SET manager_id = $1 WHERE id = $2', [world.userIds.manager, eastRepId]);
  await db.query('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [eastRepId, world.eastHospital]);

  // East hospital, grade B: 45 and 10 days past due → call task.
  await setProfile(test, world.eastHospital, { grade: 'B', limitFen: yuan(500_000) });
  await addInvoice(test, world.eastHospital, {
    invoiceDate: daysAgo(105),
    dueDate: daysAgo(45),
    grossFen: yuan(100_000),
  });
  await addInvoice(test, world.eastHospital, {
    invoiceDate: daysAgo(70),
    dueDate: daysAgo(10),
    grossFen: yuan(20_000),
    payments: [{ receivedDate: daysAgo(12), amountFen: yuan(5_000) }],
  });
  // East dealer, grade C: 5 days past due → reminder.
  await setProfile(test, world.eastDealerUnqualified, { grade: 'C', limitFen: yuan(100_000) });
  await addInvoice(test, world.eastDealerUnqualified, {
    invoiceDate: daysAgo(35),
    dueDate: daysAgo(5),
    grossFen: yuan(30_000),
  });
  // A hospital on 90-day terms, grade A, due in 3 days → gentle, flagged.
  longTermsHospital = await addHospital(test, 'H-SH-090');
  await db.query('UPDATE customers SET payment_terms_days = 90 WHERE id = $1', [longTermsHospital]);
  await setProfile(test, longTermsHospital, { grade: 'A', limitFen: yuan(500_000) });
  await addInvoice(test, longTermsHospital, {
    invoiceDate: daysAgo(87),
    dueDate: daysAgo(-3),
    grossFen: yuan(8_000),
  });
  notYetDue = await addHospital(test, 'H-SH-010');
  await setProfile(test, notYetDue, { grade: 'A', limitFen: yuan(500_000) });
  await addInvoice(test, notYetDue, {
    invoiceDate: daysAgo(20),
    dueDate: daysAgo(-10),
    grossFen: yuan(1_000),
  });
  // West dealer, grade D: 70 days past due → escalation, new orders to approval.
  await setProfile(test, world.westDealer, { grade: 'D', limitFen: yuan(100_000) });
  await addInvoice(test, world.westDealer, {
    invoiceDate: daysAgo(100),
    dueDate: daysAgo(70),
    grossFen: yuan(40_000),
  });
});
afterAll(() => test.close());

describe('the collections worklist', () => {
  it('lists the customers of the rep’s region due a reminder, most urgent first', async () => {
    const response = await east('GET', '/api/credit/collections');
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json();
    expect(list).toMatchObject({ total: 3, asOf: today() });
    const items = list.items as WorkItem[];
    expect(items.map((i) => i.customerId)).toEqual([
      world.eastHospital,
      world.eastDealerUnqualified,
      longTermsHospital,
    ]);
    expect(items[0]).toMatchObject({
      step: 'call',
      grade: 'B',
      daysPastDue: 45,
      overdueFen: yuan(115_000),
      openFen: yuan(115_000),
      ordersNeedApproval: false,
      isHospitalTermsTooLong: false,
      ownerRepName: expect.any(String),
      lastContact: null,
      openPromise: null,
    });
    expect(items[1]).toMatchObject({
      step: 'reminder',
      grade: 'C',
      daysPastDue: 5,
      overdueFen: yuan(30_000),
    });
    expect(items[2]).toMatchObject({
      step: 'gentle',
      grade: 'A',
      daysPastDue: -3,
      overdueFen: 0,
      openFen: yuan(8_000),
      isHospitalTermsTooLong: true,
    });
    expect(items.some((i) => i.customerId === notYetDue)).toBe(false);
  });

  it('puts the escalations first for a company-wide user, and filters by step', async () => {
    const all = (await director('GET', '/api/credit/collections')).json();
    expect(all.total).toBe(4);
    expect(all.items[0]).toMatchObject({
      customerId: world.westDealer,
      step: 'escalation',
      daysPastDue: 70,
      ordersNeedApproval: true,
    });
    const gentle = (await director('GET', '/api/credit/collections?step=gentle')).json();
    expect(gentle.items.map((i: WorkItem) => i.customerId)).toEqual([longTermsHospital]);
    const paged = (await director('GET', '/api/credit/collections?pageSize=2&page=2')).json();
    expect(paged).toMatchObject({ total: 4, page: 2 });
    expect(paged.items.map((i: WorkItem) => i.customerId)).toEqual([
      world.eastDealerUnqualified,
      longTermsHospital,
    ]);
  });
});

describe('logging a collection contact', () => {
  it('records the contact and its promise, audited, and shows it on the worklist', async () => {
    const logged = await east('POST', `/api/credit/customers/${world.eastHospital}/collections`, {
      contactedOn: daysAgo(5),
      channel: 'phone',
      contactPerson: '王会计',
      note: 'will pay half next week',
      promisedOn: daysAgo(1),
      promisedFen: yuan(50_000),
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const contact = logged.json();
    expect(contact).toMatchObject({
      customerId: world.eastHospital,
      contactedOn: daysAgo(5),
      channel: 'phone',
      contactPerson: '王会计',
      promisedOn: daysAgo(1),
      promisedFen: yuan(50_000),
      promiseStatus: 'open',
      invoiceId: null,
    });
    const audit = await test.deps.db.query(
      `SELECT after FROM audit_log WHERE entity = 'collection_contact' AND action = 'create' AND entity_id = $1`,
      [String(contact.id)],
    );
    expect(audit.rows[0]?.after).toMatchObject({ promisedFen: yuan(50_000), channel: 'phone' });
    expect((await verifyAuditChain(test.deps.db)).ok).toBe(true);

    const item = ((await east('GET', '/api/credit/collections')).json().items as WorkItem[])[0]!;
    expect(item.lastContact).toMatchObject({ id: contact.id, contactPerson: '王会计' });
    expect(item.openPromise).toMatchObject({ id: contact.id, promiseStatus: 'open' });
    const log = (await east('GET', `/api/credit/customers/${world.eastHospital}/collections`)).json();
    expect(log.items.map((c: { id: number }) => c.id)).toEqual([contact.id]);
  });

  it('ties a contact to one of the customer’s open invoices only', async () => {
    const { rows } = await test.deps.db.query<{ id: number; customer_id: number }>(
      'SELECT id, customer_id FROM invoices WHERE open_amount > 0 AND customer_id IN ($1, $2) ORDER BY id',
      [world.eastDealerUnqualified, world.westDealer],
    );
    const own = rows.find((r) => r.customer_id === world.eastDealerUnqualified)!.id;
    const foreign = rows.find((r) => r.customer_id === world.westDealer)!.id;
    const ok = await east('POST', `/api/credit/customers/${world.eastDealerUnqualified}/collections`, {
      contactedOn: today(),
      channel: 'wechat',
      contactPerson: '李经理',
      invoiceId: own,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      invoiceId: own,
      invoiceNumber: expect.any(String),
      promiseStatus: null,
    });
    const before = await countContacts();
    const wrong = await east('POST', `/api/credit/customers/${world.eastDealerUnqualified}/collections`, {
      contactedOn: today(),
      channel: 'wechat',
      contactPerson: '李经理',
      invoiceId: foreign,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('COLLECTION_INVOICE_INVALID');
    expect(await countContacts()).toBe(before);
  });

  it('refuses bad input with a 400 and a code, writing nothing', async () => {
    const before = await countContacts();
    const base = { contactedOn: daysAgo(1), channel: 'visit', contactPerson: '张主任' };
    const cases: [object, string][] = [
      [{ ...base, promisedOn: today() }, 'VALIDATION_FAILED'],
      [{ ...base, channel: 'fax' }, 'VALIDATION_FAILED'],
      [{ ...base, contactPerson: '  ' }, 'VALIDATION_FAILED'],
      [{ ...base, contactedOn: '2026-02-30' }, 'VALIDATION_FAILED'],
      [{ ...base, promisedOn: today(), promisedFen: -5 }, 'VALIDATION_FAILED'],
      [{ ...base, contactedOn: daysAgo(-1) }, 'COLLECTION_CONTACT_IN_FUTURE'],
      [{ ...base, promisedOn: daysAgo(2), promisedFen: yuan(1) }, 'PROMISE_BEFORE_CONTACT'],
    ];
    for (const [body, code] of cases) {
      const response = await east('POST', `/api/credit/customers/${world.eastHospital}/collections`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code, JSON.stringify(body)).toBe(code);
    }
    const unknown = await east('POST', `/api/credit/customers/${world.eastHospital}/collections`, {
      ...base,
      loggedBy: 1,
    });
    expect(unknown.statusCode).toBe(400);
    expect(await countContacts()).toBe(before);
  });
});

describe('the daily promise check', () => {
  it('breaks a promise whose date passed unpaid and raises the next step as a task for the owner rep', async () => {
    const result = await settlePromises(test.deps.db, today());
    expect(result).toMatchObject({ broken: 1, tasks: 1 });
    const { rows: contacts } = await test.deps.db.query(
      `SELECT id, promise_status FROM collection_contacts WHERE customer_id = $1`,
      [world.eastHospital],
    );
    expect(contacts[0]).toMatchObject({ promise_status: 'broken' });
    const { rows: tasks } = await test.deps.db.query(
      `SELECT assignee_id::int AS "assigneeId", kind, customer_id::int AS "customerId", title_en AS "titleEn", status
         FROM workflow_tasks WHERE document_type = 'collection_contact' AND document_id = $1`,
      [contacts[0]!.id],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      assigneeId: eastRepId,
      kind: 'collection',
      customerId: world.eastHospital,
      status: 'open',
    });
    // 45 days late is a call; a broken promise goes one further: escalation to finance.
    expect(tasks[0].titleEn).toMatch(/^escalation to finance: .* broke the promise to pay ¥50,000/);
    const { rows: notified } = await test.deps.db.query<{ userId: number }>(
      `SELECT DISTINCT user_id::int AS "userId" FROM workflow_notifications WHERE kind = 'collection.promise_broken'`,
    );
    const ids = notified.map((n) => n.userId);
    expect(ids).toContain(world.userIds.manager);
    expect(ids).toContain(world.financeId);
    expect(ids).toContain(world.cfoId);
    expect(ids).not.toContain(eastRepId);

    const item = ((await east('GET', '/api/credit/collections')).json().items as WorkItem[])[0]!;
    expect(item.openPromise).toBeNull();

    // A second run raises nothing again.
    expect(await settlePromises(test.deps.db, today())).toMatchObject({ broken: 0, tasks: 0 });
  });

  it('keeps a promise once the customer has paid the amount, and leaves a future one open', async () => {
    const kept = await east('POST', `/api/credit/customers/${world.eastDealerUnqualified}/collections`, {
      contactedOn: daysAgo(2),
      channel: 'email',
      contactPerson: '李经理',
      promisedOn: daysAgo(-5),
      promisedFen: yuan(3_000),
    });
    const pending = await east('POST', `/api/credit/customers/${longTermsHospital}/collections`, {
      contactedOn: today(),
      channel: 'letter',
      contactPerson: '财务科',
      promisedOn: daysAgo(-3),
      promisedFen: yuan(8_000),
    });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(pending.statusCode, pending.body).toBe(201);
    await addInvoice(test, world.eastDealerUnqualified, {
      invoiceDate: daysAgo(40),
      dueDate: daysAgo(10),
      grossFen: yuan(3_000),
      payments: [{ receivedDate: daysAgo(1), amountFen: yuan(3_000) }],
    });
    expect(await settlePromises(test.deps.db, today())).toMatchObject({ kept: 1, broken: 0 });
    const statusOf = async (id: number) =>
      (await test.deps.db.query('SELECT promise_status FROM collection_contacts WHERE id = $1', [id])).rows[0]
        ?.promise_status;
    expect(await statusOf(kept.json().id)).toBe('kept');
    expect(await statusOf(pending.json().id)).toBe('open');
  });
});

describe('scope', () => {
  it('shows a rep of another region nothing of it and lets them log nothing against it', async () => {
    const list = (await west('GET', '/api/credit/collections')).json();
    expect(list.total).toBe(1);
    expect(list.items.map((i: WorkItem) => i.customerId)).toEqual([world.westDealer]);
    const searched = (await west('GET', `/api/credit/collections?q=${encodeURIComponent('上海')}`)).json();
    expect(searched).toMatchObject({ items: [], total: 0 });
    expect((await west('GET', `/api/credit/customers/${world.eastHospital}/collections`)).statusCode).toBe(
      404,
    );
    const before = await countContacts();
    const logged = await west('POST', `/api/credit/customers/${world.eastHospital}/collections`, {
      contactedOn: today(),
      channel: 'phone',
      contactPerson: 'nobody',
    });
    expect(logged.statusCode).toBe(404);
    expect(await countContacts()).toBe(before);
  });

  it('refuses roles without credit access', async () => {
    const warehouse = apiAs(test, world.cookies.warehouse);
    expect((await warehouse('GET', '/api/credit/collections')).statusCode).toBe(403);
    const dealer = apiAs(test, world.cookies.dealer);
    expect((await dealer('GET', '/api/credit/collections')).statusCode).toBe(403);
    const posted = await dealer('POST', `/api/credit/customers/${world.westDealer}/collections`, {
      contactedOn: today(),
      channel: 'phone',
      contactPerson: 'me',
    });
    expect(posted.statusCode).toBe(403);
  });
});

describe('API description', () => {
  it('documents the collection routes in a valid OpenAPI description', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/credit/collections', '/api/credit/customers/{id}/collections']),
    );
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
  });
});
