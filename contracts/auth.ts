import { z } from 'zod';

export const roles = [
  'admin',
  'sales_rep',
  'regional_manager',
  'sales_director',
  'general_manager',
  'finance',
  'finance_director',
  'warehouse',
  'quality',
  'marketing',
  'legal',
  'distributor',
] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const languageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const loginRequest = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const currentUser = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    language: languageSchema.nullable(),
    /** Regions the user is assigned to, with every region below them. Empty when company-wide. */
    regionIds: z.array(z.number().int()),
    isCompanyWide: z.boolean(),
    distributorId: z.number().int().nullable(),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof currentUser>;

export const meResponse = z.object({ user: currentUser });
export type MeResponse = z.infer<typeof meResponse>;

export const updateMeRequest = z.strictObject({ language: languageSchema.nullable() });

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(10).max(200),
});

export const apiKeyCreateRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
});
export const apiKey = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiKeyCreated = apiKey.extend({
  /** The whole key; shown once, never stored. */
  key: z.string(),
});
export const apiKeyList = z.object({ items: z.array(apiKey) });
