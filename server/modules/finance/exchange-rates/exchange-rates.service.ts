import type {
  CreateExchangeRateRequest,
  ExchangeRate,
  ExchangeRateListQuery,
  ExchangeRateLookup,
  SetExchangeRateRequest,
} from '../../../../contracts/exchange-rates.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './exchange-rates.repository.ts';
import { chooseRate, normalizeRate } from './exchange-rates.rules.ts';

export async function listExchangeRates(db: Db, query: ExchangeRateListQuery, maxPageSize: number) {
  const result = await repo.listExchangeRates(db, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

/**
 * The exchange rate of a document's date to CNY: the latest rate on or before that date (1 for
 * CNY), exact decimal text with 8 decimals. Every document (orders, quotes, purchase orders,
 * invoices, payments) takes its rate here; none on file (or only a stale one) is a 422
 * EXCHANGE_RATE_MISSING pointing at `field`.
 */
export async function exchangeRateOn(
  db: Queryable,
  currency: string,
  date: string,
  field = 'currency',
): Promise<string> {
  return (await lookupRate(db, currency, date, field)).rate;
}

async function lookupRate(db: Queryable, currency: string, date: string, field: string) {
  const latest = currency === 'CNY' ? null : await repo.findLatestRateOnOrBefore(db, currency, date);
  const choice = chooseRate(currency, date, latest);
  if (choice.kind === 'missing') {
    throw new AppError(
      'EXCHANGE_RATE_MISSING',
      { currency, date },
      { field, currency, date, latestRateDate: choice.latestRateDate },
    );
  }
  return { rate: choice.rate, rateDate: choice.kind === 'found' ? choice.rateDate : null };
}

export async function lookupExchangeRate(
  db: Db,
  currency: string,
  date: string,
): Promise<ExchangeRateLookup> {
  return { currency, date, ...(await lookupRate(db, currency, date, 'currency')) };
}

const entityId = (rate: Pick<ExchangeRate, 'currency' | 'rateDate'>) => `${rate.currency}/${rate.rateDate}`;

/** Records the rate of a currency on a date; one already on file is a 409 (correct it with PUT). */
export async function createExchangeRate(
  db: Db,
  ctx: RequestContext,
  input: CreateExchangeRateRequest,
): Promise<ExchangeRate> {
  const rate: ExchangeRate = {
    currency: input.currency,
    rateDate: input.rateDate,
    rate: normalizeRate(input.rate),
  };
  return withTransaction(db, async (tx) => {
    if (!(await repo.insertExchangeRate(tx, rate))) {
      throw new AppError(
        'DUPLICATE',
        { entity: ctx.lang === 'en' ? 'Exchange rate' : '汇率', value: entityId(rate) },
        { field: 'rateDate' },
      );
    }
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'exchange_rate',
      entityId: entityId(rate),
      after: rate,
    });
    return rate;
  });
}

/**
 * Sets the rate of a currency on a date, creating or correcting it. Documents keep the rate
 * they were created with: a correction applies to documents dated from now on.
 */
export async function setExchangeRate(
  db: Db,
  ctx: RequestContext,
  key: { currency: string; rateDate: string },
  input: SetExchangeRateRequest,
): Promise<{ created: boolean; rate: ExchangeRate }> {
  const rate: ExchangeRate = { ...key, rate: normalizeRate(input.rate) };
  return withTransaction(db, async (tx) => {
    const before = await repo.findExchangeRate(tx, key.currency, key.rateDate, true);
    if (before) {
      if (before.rate !== rate.rate) {
        if (!(await repo.updateExchangeRate(tx, rate))) throw new AppError('VERSION_CONFLICT');
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'exchange_rate',
          entityId: entityId(rate),
          before,
          after: rate,
        });
      }
      return { created: false, rate };
    }
    // Two first entries at the same moment: the loser is told to look again.
    if (!(await repo.insertExchangeRate(tx, rate))) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'exchange_rate',
      entityId: entityId(rate),
      after: rate,
    });
    return { created: true, rate };
  });
}
