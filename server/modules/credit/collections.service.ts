/**
 * Collections (DOMAIN §4, issue #6): the worklist of customers due a reminder, the contact log
 * with promises to pay, and the daily settlement of promises (a broken one raises the next
 * reminder step as a task for the owner rep).
 */
import type {
  CollectionContact,
  CollectionWorkItem,
  CollectionWorklist,
  CollectionWorklistQuery,
  CreateCollectionContact,
} from '../../../contracts/collections.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { createTask, notify } from '../workflow/index.ts';
import * as repo from './collections.repository.ts';
import {
  isHospitalTermsTooLong,
  promiseStatus,
  reminderFor,
  reminderSteps,
  stepAfterBrokenPromise,
  reminderStepWording as stepWording,
} from './collections.rules.ts';
import * as creditRepo from './credit.repository.ts';
import { formatYuan } from './credit.rules.ts';

/** The gentle reminder goes out this many days before the due date. */
const GENTLE_LOOKAHEAD_DAYS = 7;

function toContact(row: repo.ContactRow): CollectionContact {
  return row;
}

export async function listWorklist(
  db: Db,
  ctx: RequestContext,
  query: CollectionWorklistQuery,
  maxPageSize: number,
  asOf: string = businessDate(),
): Promise<CollectionWorklist> {
  const candidates = await repo.listWorklistCandidates(db, ctx, asOf, GENTLE_LOOKAHEAD_DAYS, query.q);
  const due = candidates.flatMap((row) => {
    const action = reminderFor(row.grade, row.daysPastDue);
    if (!action || (query.step && action.step !== query.step)) return [];
    return [{ row, action }];
  });
  // Most urgent first: the step, then the lateness, then the amount overdue.
  due.sort(
    (a, b) =>
      reminderSteps.indexOf(b.action.step) - reminderSteps.indexOf(a.action.step) ||
      b.row.daysPastDue - a.row.daysPastDue ||
      b.row.overdueFen - a.row.overdueFen ||
      a.row.customerId - b.row.customerId,
  );
  if (query.pageSize > maxPageSize) throw new AppError('PAGE_SIZE_TOO_LARGE', { max: maxPageSize });
  const offset = (query.page - 1) * query.pageSize;
  const page = due.slice(offset, offset + query.pageSize);
  const { last, openPromises } = await repo.listLatestContacts(
    db,
    page.map((d) => d.row.customerId),
  );
  const lastOf = new Map(last.map((c) => [c.customerId, toContact(c)]));
  const promiseOf = new Map(openPromises.map((c) => [c.customerId, toContact(c)]));
  const items: CollectionWorkItem[] = page.map(({ row, action }) => ({
    customerId: row.customerId,
    customerCode: row.customerCode,
    customerName: row.customerName,
    customerType: row.customerType,
    regionName: row.regionName,
    ownerRepName: row.ownerRepName,
    grade: row.grade,
    openFen: row.openFen,
    overdueFen: row.overdueFen,
    daysPastDue: row.daysPastDue,
    nextDueDate: row.nextDueDate,
    step: action.step,
    ordersNeedApproval: action.ordersNeedApproval,
    paymentTermsDays: row.paymentTermsDays,
    isHospitalTermsTooLong: isHospitalTermsTooLong(row.customerType, row.paymentTermsDays),
    lastContact: lastOf.get(row.customerId) ?? null,
    openPromise: promiseOf.get(row.customerId) ?? null,
  }));
  return { items, total: due.length, page: query.page, pageSize: query.pageSize, asOf };
}

async function requireCustomer(db: Db, ctx: RequestContext, customerId: number) {
  const profile = await creditRepo.findProfile(db, ctx, customerId);
  // Out of scope and missing look the same.
  if (!profile) throw new AppError('NOT_FOUND');
  return profile;
}

export async function listCustomerContacts(
  db: Db,
  ctx: RequestContext,
  customerId: number,
): Promise<{ items: CollectionContact[] }> {
  await requireCustomer(db, ctx, customerId);
  return { items: (await repo.listContacts(db, customerId, 200)).map(toContact) };
}

export async function logContact(
  db: Db,
  ctx: RequestContext,
  customerId: number,
  input: CreateCollectionContact,
  today: string = businessDate(),
): Promise<CollectionContact> {
  await requireCustomer(db, ctx, customerId);
  if (input.contactedOn > today) {
    throw new AppError('COLLECTION_CONTACT_IN_FUTURE', { date: input.contactedOn }, { field: 'contactedOn' });
  }
  if (input.promisedOn != null && input.promisedOn < input.contactedOn) {
    throw new AppError(
      'PROMISE_BEFORE_CONTACT',
      { promisedOn: input.promisedOn, contactedOn: input.contactedOn },
      { field: 'promisedOn' },
    );
  }
  return withTransaction(db, async (tx) => {
    if (input.invoiceId != null && !(await repo.isOpenInvoiceOf(tx, input.invoiceId, customerId))) {
      throw new AppError('COLLECTION_INVOICE_INVALID', {}, { field: 'invoiceId' });
    }
    const id = await repo.insertContact(tx, {
      customerId,
      contactedOn: input.contactedOn,
      channel: input.channel,
      contactPerson: input.contactPerson,
      note: input.note || null,
      invoiceId: input.invoiceId ?? null,
      promisedOn: input.promisedOn ?? null,
      promisedFen: input.promisedFen ?? null,
      loggedBy: ctx.userId,
    });
    const created = toContact((await repo.findContact(tx, id))!);
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'collection_contact',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export interface SettlementResult {
  kept: number;
  broken: number;
  tasks: number;
}

/**
 * The daily job: settles open promises. A promise is kept once the customer paid the promised
 * amount between the contact and the promised date; once that date has passed without it, it
 * is broken, and the next reminder step goes as a task to the owner rep (or to whoever logged
 * the promise when the customer has no rep), with notifications to the one who logged it, the
 * rep's manager from the call step on, and finance at escalation. Each promise is settled in
 * the same transaction as its task, so a rerun raises nothing twice.
 */
export async function settlePromises(
  db: Db,
  asOf: string = businessDate(),
  now: Date = new Date(),
  batchSize = 200,
): Promise<SettlementResult> {
  const result: SettlementResult = { kept: 0, broken: 0, tasks: 0 };
  for (;;) {
    const batch = await withTransaction(db, async (tx) => {
      const open = await repo.lockOpenPromises(tx, asOf, batchSize);
      const settled = open.flatMap((p) => {
        const status = promiseStatus(p, p.paidFen, asOf);
        return status === 'open' ? [] : [{ promise: p, status }];
      });
      await repo.settlePromises(
        tx,
        settled.map((s) => ({ id: s.promise.id, status: s.status })),
      );
      const broken = settled.filter((s) => s.status === 'broken').map((s) => s.promise);
      const finance = broken.length > 0 ? await repo.listFinanceUserIds(tx) : [];
      for (const p of broken) {
        // One task and one notification per broken promise; broken promises are few a day.
        const step = stepAfterBrokenPromise(p.grade, p.daysPastDue);
        const assigneeId = p.ownerRepId ?? p.loggedBy;
        const amount = formatYuan(p.promisedFen);
        const title = {
          zh: `${stepWording[step].zh}：${p.customerName} 未兑现 ${p.promisedOn} 付款承诺 ¥${amount}`,
          en: `${stepWording[step].en}: ${p.customerName} broke the promise to pay ¥${amount} by ${p.promisedOn}`,
        };
        const link = `/credit/${p.customerId}`;
        await createTask(
          tx,
          {
            kind: 'collection',
            assigneeId,
            title,
            link,
            documentType: 'collection_contact',
            documentId: p.id,
            regionId: p.regionId,
            customerId: p.customerId,
          },
          now,
        );
        const informed = new Set<number>([p.loggedBy]);
        if (step === 'call' || step === 'escalation') {
          if (p.ownerManagerId !== null) informed.add(p.ownerManagerId);
        }
        if (step === 'escalation') for (const id of finance) informed.add(id);
        informed.delete(assigneeId);
        if (informed.size > 0) {
          await notify(tx, { userIds: [...informed], kind: 'collection.promise_broken', title, link }, now);
        }
      }
      // The step is recorded against the oldest open invoice, so the routine reminders do not
      // raise it (or a lower one) again for that invoice.
      await repo.insertReminders(
        tx,
        asOf,
        broken.flatMap((p) =>
          p.oldestInvoiceId === null
            ? []
            : [
                {
                  customerId: p.customerId,
                  invoiceId: p.oldestInvoiceId,
                  step: stepAfterBrokenPromise(p.grade, p.daysPastDue),
                  daysPastDue: p.daysPastDue,
                },
              ],
        ),
      );
      return { open: open.length, kept: settled.length - broken.length, broken: broken.length };
    });
    result.kept += batch.kept;
    result.broken += batch.broken;
    result.tasks += batch.broken;
    // Promises still open come round again in the next batch: stop when the batch was not
    // full or settled nothing.
    if (batch.open < batchSize || batch.kept + batch.broken === 0) return result;
  }
}
