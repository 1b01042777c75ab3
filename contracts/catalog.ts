import { z } from 'zod';
import { isoDate, listQuery, pageOf } from './common.ts';

/** A real calendar date as YYYY-MM-DD (2026-02-30 is refused). */
export const calendarDate = isoDate.refine((text) => {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}, 'no such calendar date');

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, dot, slash, underscore and hyphen only');

// ---------------------------------------------------------------------------------------
// Product lines

export const productLine = z
  .object({
    id: z.number().int(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    productCount: z.number().int(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ProductLine' });
export type ProductLine = z.infer<typeof productLine>;
export const productLinePage = pageOf(productLine);

export const productLineListQuery = listQuery;
export type ProductLineListQuery = z.output<typeof productLineListQuery>;

const productLineFields = {
  code,
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
};
export const createProductLineRequest = z.strictObject(productLineFields);
export type CreateProductLineRequest = z.output<typeof createProductLineRequest>;
export const updateProductLineRequest = z
  .strictObject(productLineFields)
  .partial()
  .extend({
    version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  });
export type UpdateProductLineRequest = z.output<typeof updateProductLineRequest>;

// ---------------------------------------------------------------------------------------
// Products

export const deviceClass = z.literal([1, 2, 3]).describe('NMPA management class I, II or III');

const fen = z.number().int().min(0).describe('Amount in fen (1 yuan = 100 fen)');
const temperature = z
  .number()
  .min(-200)
  .max(200)
  .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, {
    message: 'at most one decimal',
  })
  .describe('Degrees Celsius, one decimal');

export const product = z
  .object({
    id: z.number().int(),
    sku: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    modelSpec: z.string().describe('规格型号'),
    productLineId: z.number().int(),
    productLineNameZh: z.string(),
    productLineNameEn: z.string(),
    unit: z.string(),
    gtin: z.string().nullable().describe('UDI-DI as GTIN-14'),
    certificateNumber: z
      .string()
      .describe('Registration certificate (注册证编号) or filing number (备案编号)'),
    certificateKind: z.enum(['registration', 'filing']),
    deviceClass,
    certificateExpiry: isoDate.nullable(),
    manufacturerId: z.number().int().nullable(),
    manufacturerName: z.string().nullable(),
    storageCondition: z.string().nullable(),
    coldChainMinC: z.number().nullable(),
    coldChainMaxC: z.number().nullable(),
    shelfLifeDays: z.number().int().nullable(),
    standardCostFen: z.number().int().nullable().describe('Hidden (null) from distributor users'),
    listPriceFen: z.number().int(),
    floorPriceFen: z
      .number()
      .int()
      .nullable()
      .describe('Our own lowest selling price; hidden from distributor users'),
    vatRate: z.number().describe('Fraction, e.g. 0.13 for 13%'),
    isSerialTracked: z.boolean(),
    isImplant: z.boolean(),
    isActive: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof product>;
export const productPage = pageOf(product);

export const productListQuery = listQuery.extend({
  productLineId: z.coerce.number().int().positive().optional(),
  manufacturerId: z.coerce.number().int().positive().optional(),
  deviceClass: z.coerce.number().pipe(deviceClass).optional(),
  isActive: booleanQuery,
  isColdChain: booleanQuery,
  certificateExpiresBefore: calendarDate
    .optional()
    .describe('Only products whose certificate expires on or before this date'),
});
export type ProductListQuery = z.output<typeof productListQuery>;

const productFields = {
  sku: code.toUpperCase().describe('Stored in upper case'),
  nameZh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  modelSpec: z.string().trim().min(1).max(200),
  productLineId: z.number().int().positive(),
  unit: z.string().trim().min(1).max(20),
  gtin: z
    .string()
    .trim()
    .max(20)
    .nullable()
    .describe('GTIN-8/12/13/14 with a valid check digit; stored as GTIN-14'),
  certificateNumber: z.string().trim().min(1).max(60),
  deviceClass,
  certificateExpiry: calendarDate.nullable(),
  manufacturerId: z.number().int().positive().nullable(),
  storageCondition: z.string().trim().max(200).nullable(),
  coldChainMinC: temperature.nullable(),
  coldChainMaxC: temperature.nullable(),
  shelfLifeDays: z.number().int().min(1).max(36500).nullable(),
  standardCostFen: fen,
  listPriceFen: fen,
  floorPriceFen: fen.nullable(),
  vatRate: z
    .number()
    .min(0)
    .max(0.9999)
    .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, { message: 'at most 4 decimals' })
    .describe('Fraction, e.g. 0.13 for 13%'),
  isSerialTracked: z.boolean(),
  isImplant: z.boolean(),
  isActive: z.boolean(),
};

export const createProductRequest = z.strictObject({
  ...productFields,
  gtin: productFields.gtin.default(null),
  certificateExpiry: productFields.certificateExpiry.default(null),
  manufacturerId: productFields.manufacturerId.default(null),
  storageCondition: productFields.storageCondition.default(null),
  coldChainMinC: productFields.coldChainMinC.default(null),
  coldChainMaxC: productFields.coldChainMaxC.default(null),
  shelfLifeDays: productFields.shelfLifeDays.default(null),
  standardCostFen: productFields.standardCostFen.default(0),
  floorPriceFen: productFields.floorPriceFen.default(null),
  vatRate: productFields.vatRate.default(0.13),
  isSerialTracked: productFields.isSerialTracked.default(false),
  isImplant: productFields.isImplant.default(false),
  isActive: productFields.isActive.default(true),
});
export type CreateProductRequest = z.output<typeof createProductRequest>;

export const updateProductRequest = z
  .strictObject(productFields)
  .partial()
  .extend({
    version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  });
export type UpdateProductRequest = z.output<typeof updateProductRequest>;

// ---------------------------------------------------------------------------------------
// Suppliers and manufacturers

export const supplierKinds = ['manufacturer', 'supplier', 'both'] as const;
export const licenceStatuses = ['valid', 'expiring', 'expired', 'missing'] as const;

export const supplier = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(supplierKinds),
    country: z.string().describe('ISO 3166-1 alpha-2'),
    taxId: z.string().nullable(),
    address: z.string().nullable(),
    licenceNumber: z.string().nullable().describe('生产许可证 / 经营许可证 number'),
    licenceValidUntil: isoDate.nullable(),
    licenceStatus: z
      .enum(licenceStatuses)
      .describe('expiring: within 30 days; missing: no licence number on file'),
    contactName: z.string().nullable().describe('Personal information: masked for roles that do not need it'),
    contactPhone: z
      .string()
      .nullable()
      .describe('Personal information: masked for roles that do not need it'),
    isActive: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Supplier' });
export type Supplier = z.infer<typeof supplier>;
export const supplierPage = pageOf(supplier);

export const supplierListQuery = listQuery.extend({
  kind: z.enum(supplierKinds).optional(),
  country: z.string().trim().toUpperCase().length(2).optional(),
  licenceStatus: z.enum(licenceStatuses).optional(),
  isActive: booleanQuery,
});
export type SupplierListQuery = z.output<typeof supplierListQuery>;

const supplierFields = {
  code,
  name: z.string().trim().min(2).max(200),
  kind: z.enum(supplierKinds),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code'),
  taxId: z.string().trim().toUpperCase().max(40).nullable(),
  address: z.string().trim().max(300).nullable(),
  licenceNumber: z.string().trim().min(3).max(80).nullable(),
  licenceValidUntil: calendarDate.nullable(),
  contactName: z.string().trim().max(100).nullable(),
  contactPhone: z.string().trim().max(40).nullable(),
  isActive: z.boolean(),
};

export const createSupplierRequest = z.strictObject({
  ...supplierFields,
  country: supplierFields.country.default('CN'),
  taxId: supplierFields.taxId.default(null),
  address: supplierFields.address.default(null),
  licenceNumber: supplierFields.licenceNumber.default(null),
  licenceValidUntil: supplierFields.licenceValidUntil.default(null),
  contactName: supplierFields.contactName.default(null),
  contactPhone: supplierFields.contactPhone.default(null),
  isActive: supplierFields.isActive.default(true),
});
export type CreateSupplierRequest = z.output<typeof createSupplierRequest>;

export const updateSupplierRequest = z
  .strictObject(supplierFields)
  .partial()
  .extend({
    version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  });
export type UpdateSupplierRequest = z.output<typeof updateSupplierRequest>;

// ---------------------------------------------------------------------------------------
// UDI scanning

export const udiParseRequest = z.strictObject({
  code: z
    .string()
    .max(1000)
    .describe(
      'The scanned text as the scanner sent it (GS1 with group separators, human-readable, Digital Link or HIBC)',
    ),
});

export const udiParseResult = z
  .object({
    format: z.enum(['gs1', 'gs1-digital-link', 'hibc']),
    gtin: z.string().nullable().describe('GTIN-14'),
    lot: z.string().nullable(),
    serial: z.string().nullable(),
    productionDate: isoDate.nullable(),
    expiry: isoDate.nullable(),
    expiryDateTime: z.string().nullable().describe('YYYY-MM-DDThh:mm, labeller local time'),
    additionalId: z.string().nullable(),
    count: z.number().int().nullable(),
    isExpired: z.boolean().nullable().describe("Expiry before today's business date; null without an expiry"),
    hibc: z
      .object({
        structure: z.enum(['primary', 'concatenated', 'secondary']),
        labelerId: z.string().nullable(),
        productCode: z.string().nullable(),
        unitOfMeasure: z.number().int().nullable(),
        deviceIdentifier: z.string().nullable(),
        linkCharacter: z.string().nullable(),
        checkCharacter: z.string(),
      })
      .nullable(),
    product: z
      .object({ id: z.number().int(), sku: z.string(), nameZh: z.string(), nameEn: z.string() })
      .nullable()
      .describe('The product whose GTIN the code carries, when there is one'),
  })
  .meta({ id: 'UdiParseResult' });
export type UdiParseResult = z.infer<typeof udiParseResult>;

// ---------------------------------------------------------------------------------------
// Sale compliance

export const complianceReasonCodes = [
  'CUSTOMER_INACTIVE',
  'PRODUCT_INACTIVE',
  'CERTIFICATE_EXPIRED',
  'QUALIFICATION_MISSING',
  'QUALIFICATION_EXPIRED',
  'QUALIFICATION_NOT_COVERING',
] as const;

export const complianceCheckQuery = z.object({
  customerId: z.coerce.number().int().positive(),
  productId: z.coerce.number().int().positive(),
  date: calendarDate.optional().describe("The sale date; defaults to today's business date"),
});

export const complianceCheck = z
  .object({
    allowed: z.boolean(),
    date: isoDate,
    reasons: z.array(z.object({ code: z.enum(complianceReasonCodes), message: z.string() })),
  })
  .meta({ id: 'ComplianceCheck' });
export type ComplianceCheck = z.infer<typeof complianceCheck>;
