import type { ExchangeRate, ExchangeRateListQuery } from '../../../../contracts/exchange-rates.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { SqlParams } from '../../../platform/sql.ts';

const columns = `currency, rate_date AS "rateDate", rate::text AS rate`;
const sortable = { currency: 'currency', rateDate: 'rate_date', rate: 'rate' };

export async function listExchangeRates(
  db: Queryable,
  query: ExchangeRateListQuery,
  maxPageSize: number,
): Promise<{ items: ExchangeRate[]; total: number }> {
  const params = new SqlParams();
  const conditions = ['TRUE'];
  if (query.currency) conditions.push(`currency = ${params.add(query.currency)}`);
  if (query.from) conditions.push(`rate_date >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`rate_date <= ${params.add(query.to)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'rate_date DESC, currency');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ExchangeRate>(
      `SELECT ${columns} FROM exchange_rates WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM exchange_rates WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/** The rate of one currency on one date, locked when it is about to change. */
export async function findExchangeRate(
  db: Queryable,
  currency: string,
  rateDate: string,
  lock = false,
): Promise<ExchangeRate | undefined> {
  const { rows } = await db.query<ExchangeRate>(
    `SELECT ${columns} FROM exchange_rates WHERE currency = $1 AND rate_date = $2${lock ? ' FOR UPDATE' : ''}`,
    [currency, rateDate],
  );
  return rows[0];
}

/** The latest rate of a currency on or before a date (index lookup on the primary key). */
export async function findLatestRateOnOrBefore(
  db: Queryable,
  currency: string,
  date: string,
): Promise<{ rate: string; rateDate: string } | null> {
  const { rows } = await db.query<{ rate: string; rateDate: string }>(
    `SELECT rate::text AS rate, rate_date AS "rateDate" FROM exchange_rates
      WHERE currency = $1 AND rate_date <= $2::date ORDER BY rate_date DESC LIMIT 1`,
    [currency, date],
  );
  return rows[0] ?? null;
}

/** Inserts a rate; false when one is already on file for that currency and date. */
export async function insertExchangeRate(db: Queryable, rate: ExchangeRate): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO exchange_rates (currency, rate_date, rate) VALUES ($1, $2, $3)
     ON CONFLICT (currency, rate_date) DO NOTHING`,
    [rate.currency, rate.rateDate, rate.rate],
  );
  return (rowCount ?? 0) === 1;
}

export async function updateExchangeRate(db: Queryable, rate: ExchangeRate): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE exchange_rates SET rate = $3 WHERE currency = $1 AND rate_date = $2',
    [rate.currency, rate.rateDate, rate.rate],
  );
  return (rowCount ?? 0) === 1;
}
