import { z } from 'zod';
import { isoDate, listQuery, pageOf } from './common.ts';

export const customerTypes = ['hospital', 'clinic', 'distributor', 'agent'] as const;
export const hospitalGrades = ['3A', '3B', '3C', '2A', '2B', '2C', '1', 'ungraded'] as const;
export const channels = ['direct', 'distributor', 'agent', 'tender'] as const;

export const customer = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    type: z.enum(customerTypes),
    hospitalGrade: z.enum(hospitalGrades).nullable(),
    distributorLevel: z.number().int().min(1).max(3).nullable(),
    channel: z.enum(channels),
    taxId: z.string().nullable(),
    regionId: z.number().int(),
    regionName: z.string(),
    address: z.string().nullable(),
    contactName: z.string().nullable().describe('Personal information: masked for roles that do not need it'),
    contactPhone: z
      .string()
      .nullable()
      .describe('Personal information: masked for roles that do not need it'),
    ownerRepId: z.number().int().nullable(),
    ownerRepName: z.string().nullable(),
    paymentTermsDays: z.number().int(),
    minShelfLifeDays: z.number().int(),
    isTarget: z.boolean(),
    isActive: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof customer>;

export const customerPage = pageOf(customer);

export const customerListQuery = listQuery.extend({
  type: z.enum(customerTypes).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  ownerRepId: z.coerce.number().int().positive().optional(),
  channel: z.enum(channels).optional(),
  isActive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type CustomerListQuery = z.output<typeof customerListQuery>;

const customerFields = {
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(2).max(200),
  type: z.enum(customerTypes),
  hospitalGrade: z.enum(hospitalGrades).nullable(),
  distributorLevel: z.number().int().min(1).max(3).nullable(),
  channel: z.enum(channels),
  taxId: z.string().trim().toUpperCase().nullable(),
  regionId: z.number().int().positive(),
  address: z.string().trim().max(300).nullable(),
  contactName: z.string().trim().max(100).nullable(),
  contactPhone: z.string().trim().max(40).nullable(),
  ownerRepId: z.number().int().positive().nullable(),
  paymentTermsDays: z.number().int().min(0).max(365),
  minShelfLifeDays: z.number().int().min(0).max(3650),
  isTarget: z.boolean(),
  isActive: z.boolean(),
};

export const createCustomerRequest = z.strictObject({
  ...customerFields,
  hospitalGrade: customerFields.hospitalGrade.default(null),
  distributorLevel: customerFields.distributorLevel.default(null),
  taxId: customerFields.taxId.default(null),
  address: customerFields.address.default(null),
  contactName: customerFields.contactName.default(null),
  contactPhone: customerFields.contactPhone.default(null),
  ownerRepId: customerFields.ownerRepId.default(null),
  paymentTermsDays: customerFields.paymentTermsDays.default(30),
  minShelfLifeDays: customerFields.minShelfLifeDays.default(0),
  isTarget: customerFields.isTarget.default(false),
  isActive: customerFields.isActive.default(true),
});
export type CreateCustomerRequest = z.output<typeof createCustomerRequest>;

export const updateCustomerRequest = z.strictObject({
  version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  ...Object.fromEntries(Object.entries(customerFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof customerFields]: z.ZodOptional<(typeof customerFields)[K]>;
});
export type UpdateCustomerRequest = z.output<typeof updateCustomerRequest>;

export const qualificationTypes = [
  'business_licence',
  'operating_licence',
  'filing_certificate',
  'medical_institution_licence',
] as const;

export const qualification = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    type: z.enum(qualificationTypes),
    number: z.string(),
    coveredClasses: z.array(z.number().int().min(1).max(3)),
    scope: z.string().nullable(),
    validFrom: isoDate.nullable(),
    validUntil: isoDate.nullable(),
    attachmentRef: z.string().nullable(),
    status: z.enum(['valid', 'expiring', 'expired', 'not_yet_valid']),
    version: z.number().int(),
  })
  .meta({ id: 'Qualification' });
export type Qualification = z.infer<typeof qualification>;
export const qualificationList = z.object({ items: z.array(qualification) });

export const createQualificationRequest = z.strictObject({
  type: z.enum(qualificationTypes),
  number: z.string().trim().min(3).max(80),
  coveredClasses: z.array(z.number().int().min(1).max(3)).default([]),
  scope: z.string().trim().max(1000).nullable().default(null),
  validFrom: isoDate.nullable().default(null),
  validUntil: isoDate.nullable().default(null),
  attachmentRef: z.string().trim().max(300).nullable().default(null),
});
export type CreateQualificationRequest = z.output<typeof createQualificationRequest>;

export const updateQualificationRequest = z.strictObject({
  version: z.number().int(),
  number: z.string().trim().min(3).max(80).optional(),
  coveredClasses: z.array(z.number().int().min(1).max(3)).optional(),
  scope: z.string().trim().max(1000).nullable().optional(),
  validFrom: isoDate.nullable().optional(),
  validUntil: isoDate.nullable().optional(),
  attachmentRef: z.string().trim().max(300).nullable().optional(),
});
export type UpdateQualificationRequest = z.output<typeof updateQualificationRequest>;
