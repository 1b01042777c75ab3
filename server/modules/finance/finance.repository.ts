import type { Queryable } from '../../platform/db.ts';

/** CNY per unit of `currency` on `date`: the latest rate of the seven days up to that date. */
export async function findExchangeRate(
  db: Queryable,
  currency: string,
  date: string,
): Promise<string | null> {
  const { rows } = await db.query<{ rate: string }>(
    `SELECT rate::text AS rate FROM exchange_rates
      WHERE currency = $1 AND rate_date <= $2::date AND rate_date > $2::date - 7
      ORDER BY rate_date DESC LIMIT 1`,
    [currency, date],
  );
  return rows[0]?.rate ?? null;
}
