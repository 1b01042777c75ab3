import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { listQuery, pageOf } from './common.ts';
import { currencyCode } from './pricing.ts';

/**
 * Exchange rates to the company currency (CNY): CNY per one unit of the currency on a date.
 * A document takes the rate of its date: the latest rate on file on or before that date.
 */

const foreignCurrency = currencyCode.refine((code) => code !== 'CNY', {
  message: 'CNY is the company currency: its rate is always 1',
});

/** Exact decimal text, never a binary float: up to 10 integer digits and 8 decimals, above 0. */
export const rateText = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,8})?$/, 'a decimal number with at most 8 decimals, e.g. 7.1234')
  .refine((text) => /[1-9]/.test(text), 'the rate must be above 0')
  .describe('CNY per one unit of the currency, as exact decimal text (at most 8 decimals)');

export const exchangeRate = z
  .object({
    currency: z.string(),
    rateDate: z.string().describe('YYYY-MM-DD'),
    rate: z.string().describe('CNY per one unit of the currency, 8 decimals'),
  })
  .meta({ id: 'ExchangeRate' });
export type ExchangeRate = z.infer<typeof exchangeRate>;

export const exchangeRatePage = pageOf(exchangeRate);

export const exchangeRateListQuery = listQuery.extend({
  currency: foreignCurrency.optional(),
  from: calendarDate.optional().describe('First rate date (inclusive)'),
  to: calendarDate.optional().describe('Last rate date (inclusive)'),
});
export type ExchangeRateListQuery = z.output<typeof exchangeRateListQuery>;

export const createExchangeRateRequest = z.strictObject({
  currency: foreignCurrency,
  rateDate: calendarDate,
  rate: rateText,
});
export type CreateExchangeRateRequest = z.output<typeof createExchangeRateRequest>;

export const exchangeRateKeyParams = z.strictObject({
  currency: foreignCurrency,
  rateDate: calendarDate,
});

export const setExchangeRateRequest = z.strictObject({ rate: rateText });
export type SetExchangeRateRequest = z.output<typeof setExchangeRateRequest>;

export const exchangeRateLookupQuery = z.strictObject({
  currency: currencyCode,
  date: calendarDate.describe("The document's date"),
});

export const exchangeRateLookup = z
  .object({
    currency: z.string(),
    date: z.string().describe("The document's date"),
    rate: z.string().describe('The rate that applies: 1 for CNY'),
    rateDate: z.string().nullable().describe('The date of that rate (null for CNY)'),
  })
  .meta({ id: 'ExchangeRateLookup' });
export type ExchangeRateLookup = z.infer<typeof exchangeRateLookup>;
