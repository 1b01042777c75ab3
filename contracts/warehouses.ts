import { z } from 'zod';
import { listQuery, pageOf } from './common.ts';

export const warehouse = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    regionId: z.number().int(),
    regionName: z.string(),
    address: z.string().nullable(),
    isColdChain: z.boolean().describe('Can store cold-chain products'),
    isActive: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Warehouse' });
export type Warehouse = z.infer<typeof warehouse>;
export const warehousePage = pageOf(warehouse);

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const warehouseListQuery = listQuery.extend({
  regionId: z.coerce.number().int().positive().optional().describe('This region and every region below it'),
  isColdChain: booleanQuery,
  isActive: booleanQuery,
});
export type WarehouseListQuery = z.output<typeof warehouseListQuery>;

const warehouseFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, dot, slash, underscore and hyphen only'),
  name: z.string().trim().min(2).max(200),
  regionId: z.number().int().positive(),
  address: z.string().trim().max(300).nullable(),
  isColdChain: z.boolean(),
  isActive: z.boolean(),
};

export const createWarehouseRequest = z.strictObject({
  ...warehouseFields,
  address: warehouseFields.address.default(null),
  isColdChain: warehouseFields.isColdChain.default(false),
  isActive: warehouseFields.isActive.default(true),
});
export type CreateWarehouseRequest = z.output<typeof createWarehouseRequest>;

export const updateWarehouseRequest = z
  .strictObject(warehouseFields)
  .partial()
  .extend({
    version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  });
export type UpdateWarehouseRequest = z.output<typeof updateWarehouseRequest>;
