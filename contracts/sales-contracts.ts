import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';
import { currencyCode, minorAmount } from './pricing.ts';

/**
 * Sales contracts (optional step before orders): prices agreed with one customer for a period.
 * An active contract's price comes first in price resolution (DOMAIN §10); where two active
 * contracts of the customer cover the same product and day, the newer one counts.
 */

const id = z.number().int().positive();

export const salesContractStatuses = ['active', 'cancelled'] as const;

export const createSalesContractRequest = z.strictObject({
  customerId: id,
  quoteId: id.nullable().default(null).describe('The quote the contract came from, if any'),
  currency: currencyCode.default('CNY'),
  validFrom: calendarDate,
  validUntil: calendarDate,
  note: z.string().trim().max(1000).nullable().default(null),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        unitPrice: minorAmount.describe('Agreed unit price (before VAT) in the contract currency'),
      }),
    )
    .min(1)
    .max(500),
});
export type CreateSalesContractRequest = z.output<typeof createSalesContractRequest>;

export const cancelSalesContractRequest = z.strictObject({
  version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  reason: z.string().trim().min(2).max(500),
});
export type CancelSalesContractRequest = z.output<typeof cancelSalesContractRequest>;

export const salesContractLine = z.object({
  productId: z.number().int(),
  sku: z.string(),
  productName: z.string().describe('Chinese name'),
  productNameEn: z.string().describe('English name'),
  unitPrice: z.number().int(),
});

export const salesContract = z
  .object({
    id: z.number().int(),
    number: z.string().describe('CT-YYYYMMDD-NNNN'),
    customerId: z.number().int(),
    customerName: z.string(),
    regionId: z.number().int(),
    quoteId: z.number().int().nullable(),
    currency: z.string(),
    validFrom: isoDate,
    validUntil: isoDate,
    status: z.enum(salesContractStatuses),
    note: z.string().nullable(),
    createdBy: z.number().int().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    lines: z.array(salesContractLine),
  })
  .meta({ id: 'SalesContract' });
export type SalesContract = z.infer<typeof salesContract>;

export const salesContractListQuery = listQuery.extend({
  status: z.enum(salesContractStatuses).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  activeOn: calendarDate.optional().describe('Only contracts active and valid on this day'),
});
export type SalesContractListQuery = z.output<typeof salesContractListQuery>;

export const salesContractPage = pageOf(
  salesContract.omit({ lines: true }).extend({ lineCount: z.number().int() }),
);
