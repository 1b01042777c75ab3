import { z } from 'zod';

export const regionLevels = ['country', 'sales_region', 'province', 'city'] as const;
export const regionLevel = z.enum(regionLevels);

export const region = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    level: regionLevel,
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Region' });
export type Region = z.infer<typeof region>;

export const regionList = z.object({ items: z.array(region) });

export const createRegionRequest = z.strictObject({
  parentId: z.number().int().positive().nullable(),
  level: regionLevel,
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, underscore and hyphen only'),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
});

export const updateRegionRequest = z.strictObject({
  version: z.number().int(),
  nameZh: z.string().trim().min(1).max(100).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
});
