/**
 * Collection contacts of the demo company (DOMAIN §4 "Collection reminders"): every customer
 * with an invoice past due today was contacted at the reminder steps its lateness has reached —
 * a message soon after the due date, a call past 30 days, finance's visit or letter past 60 —
 * and some promised to pay. A promise is kept, broken or open by the same rule the daily
 * collections job applies (promiseStatus) against the payments the history really received, so
 * the log and the receivables tell one story. Written to collection_contacts, the table the
 * collections service reads, in one statement.
 */
import { promiseStatus } from '../server/modules/credit/index.ts';
import { addDays, daysBetween } from '../server/platform/dates.ts';
import { type DemoContext, insertColumns } from './company.ts';
import type { Random } from './random.ts';

interface OverdueCustomer {
  id: number;
  type: string;
  contactName: string | null;
  ownerRepId: number | null;
  /** The oldest open invoice, past due today. */
  invoiceId: number;
  firstDue: string;
  overdueFen: number;
}

interface Payment {
  customerId: number;
  receivedDate: string;
  amountFen: number;
}

type Channel = 'phone' | 'visit' | 'email' | 'wechat' | 'letter';

interface Contact {
  customerId: number;
  contactedOn: string;
  channel: Channel;
  contactPerson: string;
  note: string;
  invoiceId: number;
  promisedOn: string | null;
  promisedFen: number | null;
  promiseStatus: 'open' | 'kept' | 'broken' | null;
  loggedBy: number;
}

/** The reminder steps by lateness (DOMAIN §4), with when in the band the contact is made. */
const steps = [
  {
    fromDay: 1,
    offset: [2, 10],
    channels: ['wechat', 'email', 'phone'] as Channel[],
    notes: [
      '微信提醒发票已到期，请安排付款',
      '邮件发送对账单及到期提醒',
      '电话提醒付款，对方称已提交付款审批',
    ],
    byFinance: false,
  },
  {
    fromDay: 31,
    offset: [31, 40],
    channels: ['phone', 'phone', 'visit'] as Channel[],
    notes: [
      '电话催收，对方称资金审批中',
      '电话催收，财务科长答应本月安排',
      '上门拜访设备科与财务科，核对欠款',
    ],
    byFinance: false,
  },
  {
    fromDay: 61,
    offset: [61, 75],
    channels: ['letter', 'visit'] as Channel[],
    notes: ['财务发出正式催款函', '财务与销售共同拜访，商定还款计划'],
    byFinance: true,
  },
] as const;

const PROMISE_CHANCE = 0.55;

/** What the customer paid from one date to another, both included (as the daily job counts). */
function paidBetween(payments: readonly Payment[], from: string, to: string): number {
  return payments
    .filter((p) => p.receivedDate >= from && p.receivedDate <= to)
    .reduce((sum, p) => sum + p.amountFen, 0);
}

/** The earlier of two YYYY-MM-DD dates (they sort as text). */
function earlierOf(a: string, b: string): string {
  return [a, b].sort()[0]!;
}

function roundDownTo(fen: number, unitFen: number): number {
  return Math.floor(fen / unitFen) * unitFen;
}

/**
 * What the customer promises at a contact: when paying within the promised window actually
 * happened in the history, mostly the amount paid (a kept promise); otherwise a share of the
 * overdue amount (broken once the date has passed, open before).
 */
function promiseAt(
  random: Random,
  customer: OverdueCustomer,
  contactedOn: string,
  payments: readonly Payment[],
  today: string,
): Pick<Contact, 'promisedOn' | 'promisedFen' | 'promiseStatus'> {
  const none = { promisedOn: null, promisedFen: null, promiseStatus: null };
  if (!random.chance(PROMISE_CHANCE)) return none;
  const promisedOn = addDays(contactedOn, random.int(5, 20));
  const paid = paidBetween(payments, contactedOn, promisedOn);
  const share = random.pick([0.3, 0.5, 1]);
  const promisedFen =
    paid >= 1_000_00 && random.chance(0.8)
      ? roundDownTo(paid, 100_00)
      : Math.max(1_000_00, roundDownTo(customer.overdueFen * share, 1_000_00));
  return settle(promisedOn, promisedFen, contactedOn, payments, today);
}

/** The promise as the daily job leaves it today, from what the customer paid since the contact. */
function settle(
  promisedOn: string,
  promisedFen: number,
  contactedOn: string,
  payments: readonly Payment[],
  today: string,
): Pick<Contact, 'promisedOn' | 'promisedFen' | 'promiseStatus'> {
  const paid = paidBetween(payments, contactedOn, promisedOn);
  return { promisedOn, promisedFen, promiseStatus: promiseStatus({ promisedOn, promisedFen }, paid, today) };
}

function contactPersonOf(random: Random, customer: OverdueCustomer): string {
  const office = customer.type === 'hospital' ? '财务科' : '财务部';
  return customer.contactName && random.chance(0.6) ? customer.contactName : office;
}

function contactsOf(
  random: Random,
  customer: OverdueCustomer,
  payments: readonly Payment[],
  today: string,
  financeId: number,
): Contact[] {
  const daysLate = daysBetween(customer.firstDue, today);
  const contacts: Contact[] = [];
  for (const step of steps) {
    if (daysLate < step.fromDay) break;
    const contactedOn = addDays(
      customer.firstDue,
      Math.min(random.int(step.offset[0], step.offset[1]), daysLate),
    );
    contacts.push({
      customerId: customer.id,
      contactedOn,
      channel: random.pick(step.channels),
      contactPerson: contactPersonOf(random, customer),
      note: random.pick(step.notes),
      invoiceId: customer.invoiceId,
      ...promiseAt(random, customer, contactedOn, payments, today),
      loggedBy: step.byFinance || customer.ownerRepId === null ? financeId : customer.ownerRepId,
    });
  }
  // A fresh call in the last days for some of them, with a promise still open.
  if (daysLate > 10 && random.chance(0.3)) {
    const contactedOn = addDays(today, -random.int(0, 4));
    contacts.push({
      customerId: customer.id,
      contactedOn,
      channel: 'phone',
      contactPerson: contactPersonOf(random, customer),
      note: '再次电话跟进，对方承诺近期付款',
      invoiceId: customer.invoiceId,
      ...settle(
        addDays(today, random.int(3, 14)),
        Math.max(1_000_00, roundDownTo(customer.overdueFen / 2, 1_000_00)),
        contactedOn,
        payments,
        today,
      ),
      loggedBy: customer.ownerRepId ?? financeId,
    });
  }
  return contacts;
}

export async function loadCollectionLogs(demo: DemoContext): Promise<void> {
  const { tx, today } = demo;
  const financeId = demo.userIds.get('finance');
  if (financeId === undefined) return;
  const { rows: customers } = await tx.query<OverdueCustomer>(
    `SELECT DISTINCT ON (c.id) c.id, c.type, c.contact_name AS "contactName", c.owner_rep_id AS "ownerRepId",
            i.id AS "invoiceId", to_char(i.due_date, 'YYYY-MM-DD') AS "firstDue",
            (SELECT sum(o.open_cny_fen) FROM invoices o
              WHERE o.customer_id = c.id AND o.open_amount > 0 AND o.status <> 'cancelled'
                AND o.due_date < $1::date)::bigint AS "overdueFen"
       FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.open_amount > 0 AND i.status <> 'cancelled' AND i.due_date < $1::date
      ORDER BY c.id, i.due_date, i.id`,
    [today],
  );
  if (customers.length === 0) return;
  const oldestDue = customers.reduce((min, c) => earlierOf(c.firstDue, min), today);
  const { rows: payments } = await tx.query<Payment>(
    `SELECT customer_id AS "customerId", to_char(received_date, 'YYYY-MM-DD') AS "receivedDate",
            amount_cny_fen AS "amountFen"
       FROM payments WHERE customer_id = ANY($1::bigint[]) AND received_date >= $2::date
      ORDER BY customer_id, received_date, id`,
    [customers.map((c) => c.id), oldestDue],
  );
  const paymentsOf = new Map<number, Payment[]>();
  for (const p of payments) {
    const list = paymentsOf.get(p.customerId);
    if (list) list.push(p);
    else paymentsOf.set(p.customerId, [p]);
  }

  const random = demo.random.fork('collection-logs');
  const contacts = customers.flatMap((c) =>
    contactsOf(random, c, paymentsOf.get(c.id) ?? [], today, financeId),
  );
  // Settled by the daily job at 02:15 the day after the promised date, or this morning when
  // that is still to come (a promise already paid in full).
  const settledAt = (c: Contact) => {
    if (c.promiseStatus !== 'kept' && c.promiseStatus !== 'broken') return null;
    const dayAfter = addDays(c.promisedOn!, 1);
    const settledOn = earlierOf(dayAfter, today);
    return `${settledOn}T02:15:00+08:00`;
  };
  const column = <T>(type: string, pick: (c: Contact) => T) => ({ type, values: contacts.map(pick) });
  await insertColumns(tx, 'collection_contacts', {
    customer_id: column('bigint', (c) => c.customerId),
    contacted_on: column('date', (c) => c.contactedOn),
    channel: column('text', (c) => c.channel),
    contact_person: column('text', (c) => c.contactPerson),
    note: column('text', (c) => c.note),
    invoice_id: column('bigint', (c) => c.invoiceId),
    promised_on: column('date', (c) => c.promisedOn),
    promised_fen: column('bigint', (c) => c.promisedFen),
    promise_status: column('text', (c) => c.promiseStatus),
    promise_settled_at: column('timestamptz', settledAt),
    logged_by: column('bigint', (c) => c.loggedBy),
    logged_at: column('timestamptz', (c) => `${c.contactedOn}T17:30:00+08:00`),
  });
}
