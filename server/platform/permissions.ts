import type { Role } from '../../contracts/auth.ts';

/**
 * What each role may do. Routes declare one permission each; `public` routes need no
 * sign-in and `authenticated` routes need only a signed-in user.
 */
export const permissions = [
  'regions:read',
  'regions:write',
  'users:manage',
  'audit:read',
  'apikeys:manage',
  'masterdata:read',
  'masterdata:write',
  'customers:read',
  'customers:write',
  'products:read',
  'products:write',
  'qualifications:write',
  'imports:run',
  'dataquality:read',
] as const;
export type Permission = (typeof permissions)[number];
export type RouteAccess = Permission | 'public' | 'authenticated';

const readMasterData: Permission[] = ['regions:read', 'masterdata:read', 'customers:read', 'products:read'];

const grants: Record<Role, Permission[]> = {
  admin: [...permissions],
  sales_rep: [...readMasterData, 'customers:write', 'dataquality:read', 'apikeys:manage'],
  regional_manager: [...readMasterData, 'customers:write', 'dataquality:read', 'apikeys:manage'],
  sales_director: [...readMasterData, 'customers:write', 'dataquality:read', 'apikeys:manage'],
  general_manager: [...readMasterData, 'dataquality:read', 'audit:read', 'apikeys:manage'],
  finance: [...readMasterData, 'customers:write', 'apikeys:manage'],
  finance_director: [...readMasterData, 'customers:write', 'audit:read', 'apikeys:manage'],
  warehouse: [...readMasterData, 'apikeys:manage'],
  quality: [
    ...readMasterData,
    'masterdata:write',
    'products:write',
    'qualifications:write',
    'imports:run',
    'dataquality:read',
    'audit:read',
    'apikeys:manage',
  ],
  marketing: [...readMasterData, 'apikeys:manage'],
  legal: [...readMasterData, 'audit:read'],
  distributor: ['customers:read', 'products:read'],
};

export function permissionsOf(userRoles: readonly Role[]): Permission[] {
  const result = new Set<Permission>();
  for (const role of userRoles) for (const permission of grants[role]) result.add(permission);
  return [...result].sort();
}

/** Roles that see the whole company; everyone else is limited to their regions or their own company. */
const companyWideRoles: Role[] = [
  'admin',
  'sales_director',
  'general_manager',
  'finance',
  'finance_director',
  'warehouse',
  'quality',
  'marketing',
  'legal',
];

export function isCompanyWide(userRoles: readonly Role[]): boolean {
  if (userRoles.includes('distributor')) return false;
  return userRoles.some((role) => companyWideRoles.includes(role));
}
