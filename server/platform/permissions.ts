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
  'inventory:read',
  'inventory:write',
  'purchasing:read',
  'purchasing:write',
  'quality:lots',
  'orders:read',
  'orders:write',
  'orders:approve',
  'shipments:write',
  'pricing:read',
  'pricing:write',
  'finance:read',
  'finance:write',
  'finance:approve',
] as const;
export type Permission = (typeof permissions)[number];
export type RouteAccess = Permission | 'public' | 'authenticated';

const readMasterData: Permission[] = ['regions:read', 'masterdata:read', 'customers:read', 'products:read'];
// Purchase prices and supplier documents are for purchasing, warehouse, quality and finance.
const readStockAndPurchasing: Permission[] = ['inventory:read', 'purchasing:read'];
// Order to cash: sellers take orders; managers also approve (discounts below floor, credit).
const sellOrders: Permission[] = ['orders:read', 'orders:write', 'pricing:read'];

const grants: Record<Role, Permission[]> = {
  admin: [...permissions],
  sales_rep: [
    ...readMasterData,
    ...sellOrders,
    'finance:read',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
  ],
  regional_manager: [
    ...readMasterData,
    ...sellOrders,
    'finance:read',
    'orders:approve',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
  ],
  sales_director: [
    ...readMasterData,
    ...sellOrders,
    'finance:read',
    'orders:approve',
    'pricing:write',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
  ],
  general_manager: [
    ...readMasterData,
    ...sellOrders,
    'finance:read',
    'orders:approve',
    'pricing:write',
    ...readStockAndPurchasing,
    'dataquality:read',
    'audit:read',
    'apikeys:manage',
  ],
  finance: [
    ...readMasterData,
    'finance:read',
    'finance:write',
    ...readStockAndPurchasing,
    'customers:write',
    'apikeys:manage',
    'orders:read',
    'pricing:read',
  ],
  finance_director: [
    ...readMasterData,
    'finance:read',
    'finance:write',
    'finance:approve',
    'orders:read',
    'orders:approve',
    'pricing:read',
    ...readStockAndPurchasing,
    'customers:write',
    'audit:read',
    'apikeys:manage',
  ],
  warehouse: [
    ...readMasterData,
    ...readStockAndPurchasing,
    'inventory:write',
    'purchasing:write',
    'apikeys:manage',
    'orders:read',
    'shipments:write',
  ],
  quality: [
    ...readMasterData,
    'masterdata:write',
    'products:write',
    'qualifications:write',
    'imports:run',
    'dataquality:read',
    'audit:read',
    'apikeys:manage',
    ...readStockAndPurchasing,
    'quality:lots',
  ],
  marketing: [...readMasterData, 'apikeys:manage'],
  legal: [...readMasterData, 'audit:read'],
  // A distributor user orders for its own company only (scope), at the prices Pulse resolves.
  // …and reads its own company's invoices, payments and statement.
  distributor: ['customers:read', 'products:read', 'orders:read', 'orders:write', 'finance:read'],
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
