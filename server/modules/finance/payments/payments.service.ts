import type { CreatePaymentRequest, Payment, PaymentListQuery } from '../../../../contracts/finance.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { actorId, exchangeRateOn, say } from '../finance.shared.ts';
import { paymentEntries } from '../ledger/ledger.rules.ts';
import { postJournal } from '../ledger/ledger.service.ts';
import { convertToCny, parseScaled } from '../money.rules.ts';
import { listAllocationsOfPayment } from './allocations.repository.ts';
import { allocateFromSource, paymentSource } from './allocations.service.ts';
import * as repo from './payments.repository.ts';

export async function listPayments(
  db: Db,
  ctx: RequestContext,
  query: PaymentListQuery,
  maxPageSize: number,
) {
  const result = await repo.listPayments(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function getPayment(db: Queryable, ctx: RequestContext, id: number): Promise<Payment> {
  const header = await repo.findPayment(db, ctx, id);
  if (!header) throw new AppError('NOT_FOUND');
  return { ...header, allocations: await listAllocationsOfPayment(db, id) };
}

/**
 * Records money received (Dr CASH, or NOTES_RECEIVABLE for an acceptance bill / Cr the
 * customer's credit). With autoAllocate it pays the customer's open invoices oldest due first
 * at once; whatever is not needed stays as the customer's credit.
 */
export async function createPayment(
  db: Db,
  ctx: RequestContext,
  input: CreatePaymentRequest,
  options: { store?: StoreResponse } = {},
): Promise<Payment> {
  const receivedDate = input.receivedDate ?? businessDate();
  return withTransaction(db, async (tx) => {
    const customer = await repo.findCustomer(tx, ctx, input.customerId);
    if (!customer) {
      throw new AppError(
        'INVALID_REFERENCE',
        { entity: say(ctx, 'customer', '客户'), value: input.customerId },
        { field: 'customerId' },
      );
    }
    const exchangeRate = await exchangeRateOn(tx, input.currency, receivedDate, 'currency');
    const amountCnyFen = convertToCny([input.amount], parseScaled(exchangeRate, 8)).total;
    const number = await nextDocumentNumber(tx, 'PMT', receivedDate);
    const id = await repo.insertPayment(tx, {
      number,
      customerId: customer.id,
      regionId: customer.regionId,
      method: input.method,
      currency: input.currency,
      exchangeRate,
      receivedDate,
      reference: input.reference,
      maturityDate: input.maturityDate ?? null,
      amount: input.amount,
      amountCnyFen,
      note: input.note,
      createdBy: actorId(ctx),
    });
    const journalId = await postJournal(tx, ctx, {
      businessDate: receivedDate,
      sourceType: 'payment',
      sourceId: id,
      documentNumber: number,
      description: `收款 ${number}（${input.reference}）`,
      entries: paymentEntries(customer.id, input.method, amountCnyFen),
    });
    await repo.setPaymentJournal(tx, id, journalId);
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'payment',
      entityId: id,
      after: await repo.findPayment(tx, ctx, id),
    });
    await emitEvent(tx, 'payment.received', {
      paymentId: id,
      number,
      customerId: customer.id,
      regionId: customer.regionId,
      method: input.method,
      currency: input.currency,
      amount: input.amount,
      amountCnyFen,
      receivedDate,
    });
    if (input.autoAllocate) {
      const source = (await paymentSource(tx, ctx, id))!;
      const ids = await allocateFromSource(tx, ctx, source, { allocatedOn: receivedDate });
      if (ids.length > 0) {
        await recordAudit(tx, ctx, {
          action: 'allocate',
          entity: 'payment',
          entityId: id,
          after: { allocationIds: ids },
        });
      }
    }
    const created = await getPayment(tx, ctx, id);
    await options.store?.(tx, 201, created);
    return created;
  });
}
