import { z } from 'zod';
import { languageSchema, roleSchema } from './auth.ts';

export const user = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    language: languageSchema.nullable(),
    distributorId: z.number().int().nullable(),
    managerId: z.number().int().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    isActive: z.boolean(),
    regionIds: z.array(z.number().int()),
    version: z.number().int(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

export const userList = z.object({ items: z.array(user) });

const username = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only');

export const createUserRequest = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(10).max(200),
  roles: z.array(roleSchema).min(1),
  regionIds: z.array(z.number().int().positive()).default([]),
  distributorId: z.number().int().positive().nullable().default(null),
  managerId: z.number().int().positive().nullable().default(null),
  email: z.email().nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  language: languageSchema.nullable().default(null),
});
export type CreateUserRequest = z.input<typeof createUserRequest>;

export const updateUserRequest = z.strictObject({
  version: z.number().int().describe('The version you read; a stale version is refused with 409'),
  displayName: z.string().trim().min(1).max(100).optional(),
  roles: z.array(roleSchema).min(1).optional(),
  regionIds: z.array(z.number().int().positive()).optional(),
  distributorId: z.number().int().positive().nullable().optional(),
  managerId: z.number().int().positive().nullable().optional(),
  email: z.email().nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  isActive: z.boolean().optional(),
  password: z.string().min(10).max(200).optional(),
});

export const assignableRep = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  regionIds: z.array(z.number().int()),
});
export const assignableRepList = z.object({ items: z.array(assignableRep) });
