import type {
  ConvertQuoteRequest,
  CreateQuoteRequest,
  Order,
  Quote,
  QuoteListQuery,
} from '../../../../contracts/sales.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays, businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events.ts';
import { nextDocumentNumber } from '../../../platform/numbering.ts';
import { createOrderIn, type WriteOptions } from '../orders/orders.service.ts';
import { customerReference, priceDocument } from '../pricing/pricing.service.ts';
import type { SalesHooks } from '../sales.hooks.ts';
import * as repo from './quotes.repository.ts';

export async function getQuote(db: Queryable, ctx: RequestContext, id: number): Promise<Quote> {
  const quote = await repo.findQuote(db, ctx, id);
  if (!quote) throw new AppError('NOT_FOUND');
  return quote;
}

export async function listQuotes(db: Db, ctx: RequestContext, query: QuoteListQuery, maxPageSize: number) {
  const result = await repo.listQuotes(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

/** A priced offer to a customer (optional step before an order). */
export async function createQuote(
  db: Db,
  ctx: RequestContext,
  input: CreateQuoteRequest,
  options: WriteOptions = {},
): Promise<Quote> {
  const quoteDate = input.quoteDate ?? businessDate();
  const validUntil = input.validUntil ?? addDays(quoteDate, 30);
  if (validUntil < quoteDate) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: localized('the validity ends before the quote date', '报价有效期早于报价日期') },
      { field: 'validUntil' },
    );
  }
  return withTransaction(db, async (tx) => {
    const customer = await customerReference(tx, ctx, input.customerId);
    const priced = await priceDocument(tx, ctx, {
      customer,
      date: quoteDate,
      currency: input.currency,
      contractId: null,
      lines: input.lines,
    });
    const number = await nextDocumentNumber(tx, 'QT', quoteDate);
    const id = await repo.insertQuote(
      tx,
      {
        number,
        customerId: customer.id,
        regionId: customer.regionId,
        currency: input.currency,
        exchangeRate: priced.exchangeRate,
        quoteDate,
        validUntil,
        net: priced.amounts.net,
        tax: priced.amounts.tax,
        note: input.note,
        createdBy: ctx.userId,
      },
      priced.lines,
    );
    const quote = (await repo.findQuote(tx, ctx, id))!;
    await emitEvent(tx, 'quote.created', { quoteId: id, customerId: customer.id });
    await options.store?.(tx, 201, quote);
    await recordAudit(tx, ctx, { action: 'create', entity: 'quote', entityId: id, after: quote });
    return quote;
  });
}

/** Turns an open, unexpired quote into an order at the quoted prices (draft or confirmed). */
export async function convertQuote(
  db: Db,
  ctx: RequestContext,
  hooks: SalesHooks,
  id: number,
  input: ConvertQuoteRequest,
  options: WriteOptions = {},
): Promise<Order> {
  return withTransaction(db, async (tx) => {
    const quote = await repo.findQuote(tx, ctx, id, true);
    if (!quote) throw new AppError('NOT_FOUND');
    if (quote.version !== input.version) throw new AppError('VERSION_CONFLICT');
    if (quote.status !== 'open') {
      throw new AppError('INVALID_STATUS', {
        entity: ctx.lang === 'en' ? 'quote' : '报价单',
        status: quote.status,
      });
    }
    const today = businessDate();
    if (quote.validUntil < today) {
      throw new AppError('BUSINESS_RULE', {
        detail: localized(`the quote expired on ${quote.validUntil}`, `报价已于 ${quote.validUntil} 过期`),
      });
    }
    const order = await createOrderIn(
      tx,
      ctx,
      hooks,
      {
        customerId: quote.customerId,
        orderDate: today,
        promisedDate: input.promisedDate ?? today,
        currency: quote.currency,
        contractId: null,
        acceptPartial: input.acceptPartial,
        confirm: input.confirm,
        note: quote.note,
        quoteId: quote.id,
        lines: quote.lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          discountRate: l.discountRate,
        })),
      },
      options,
    );
    await repo.markConverted(tx, id, order.id);
    await recordAudit(tx, ctx, {
      action: 'convert',
      entity: 'quote',
      entityId: id,
      before: { status: 'open' },
      after: { status: 'converted', orderId: order.id },
    });
    return order;
  });
}
