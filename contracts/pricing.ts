import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';
import { channels } from './customers.ts';

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CNY, USD or EUR')
  .describe('ISO 4217 code; CNY is the company currency');

/** An amount in the minor unit of its currency (fen for CNY, cents for USD and EUR). */
export const minorAmount = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000_000)
  .describe('Amount in the minor unit of the currency (fen for CNY)');

export const priceListKinds = ['channel', 'customer'] as const;

/** Where a resolved unit price came from, in the order of DOMAIN §10 (first applicable wins). */
export const priceSources = [
  'contract',
  'promotion',
  'customer_price_list',
  'channel_price_list',
  'list_price',
  'manual',
] as const;
export type PriceSource = (typeof priceSources)[number];

export const priceListItem = z
  .object({
    productId: z.number().int(),
    sku: z.string(),
    productNameZh: z.string(),
    productNameEn: z.string(),
    unitPrice: z.number().int(),
  })
  .meta({ id: 'PriceListItem' });
export type PriceListItem = z.infer<typeof priceListItem>;

export const priceList = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(priceListKinds),
    channel: z.enum(channels).nullable(),
    distributorLevel: z
      .number()
      .int()
      .nullable()
      .describe('Only for distributor channel lists; null = all levels'),
    customerId: z.number().int().nullable(),
    customerName: z.string().nullable(),
    currency: z.string(),
    validFrom: isoDate,
    validUntil: isoDate.nullable(),
    isActive: z.boolean(),
    itemCount: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceList' });
export type PriceList = z.infer<typeof priceList>;
export const priceListPage = pageOf(priceList);

export const priceListDetail = priceList
  .extend({ items: z.array(priceListItem) })
  .meta({ id: 'PriceListDetail' });
export type PriceListDetail = z.infer<typeof priceListDetail>;

export const priceListListQuery = listQuery.extend({
  kind: z.enum(priceListKinds).optional(),
  channel: z.enum(channels).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  productId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Only lists with a price for this product'),
  activeOn: calendarDate.optional().describe('Only lists active and valid on this date'),
  isActive: booleanQuery,
});
export type PriceListListQuery = z.output<typeof priceListListQuery>;

const priceListItemInput = z.strictObject({
  productId: z.number().int().positive(),
  unitPrice: minorAmount,
});
export type PriceListItemInput = z.output<typeof priceListItemInput>;

const items = z
  .array(priceListItemInput)
  .max(5000)
  .refine((list) => new Set(list.map((i) => i.productId)).size === list.length, 'a product may appear once');

export const createPriceListRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, dot, slash, underscore and hyphen only'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(priceListKinds),
  channel: z.enum(channels).nullable().default(null),
  distributorLevel: z.number().int().min(1).max(3).nullable().default(null),
  customerId: z.number().int().positive().nullable().default(null),
  currency: currencyCode.default('CNY'),
  validFrom: calendarDate,
  validUntil: calendarDate.nullable().default(null),
  isActive: z.boolean().default(true),
  items: items.default([]),
});
export type CreatePriceListRequest = z.output<typeof createPriceListRequest>;

export const updatePriceListRequest = z.strictObject({
  version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  name: z.string().trim().min(1).max(200).optional(),
  validFrom: calendarDate.optional(),
  validUntil: calendarDate.nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdatePriceListRequest = z.output<typeof updatePriceListRequest>;

export const replacePriceListItemsRequest = z.strictObject({
  version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  items,
});
export type ReplacePriceListItemsRequest = z.output<typeof replacePriceListItemsRequest>;

export const resolvePriceQuery = z.strictObject({
  customerId: z.coerce.number().int().positive(),
  productId: z.coerce.number().int().positive(),
  quantity: z.coerce.number().int().min(1).default(1),
  date: calendarDate.optional().describe("Default: today's business date"),
  currency: currencyCode.default('CNY'),
});
export type ResolvePriceQuery = z.output<typeof resolvePriceQuery>;

export const resolvedPrice = z
  .object({
    customerId: z.number().int(),
    productId: z.number().int(),
    date: isoDate,
    currency: z.string(),
    unitPrice: z.number().int(),
    source: z.enum(priceSources),
    referenceId: z
      .number()
      .int()
      .nullable()
      .describe('The contract, promotion or price list that set the price'),
    floorPriceFen: z.number().int().nullable().describe('Our floor (CNY); hidden from distributor users'),
  })
  .meta({ id: 'ResolvedPrice' });
export type ResolvedPrice = z.infer<typeof resolvedPrice>;
