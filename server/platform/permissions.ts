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
  'dashboard:read',
  // Analytics settings (RFM thresholds); reading analytics needs only dashboard:read.
  'analytics:manage',
  'crm:read',
  'crm:write',
  'campaigns:read',
  'campaigns:write',
  'marketing:analytics',
  'marketing:configure',
  'credit:read',
  'credit:write',
  'credit:approve',
  'credit:manage',
  // Approval policies, automation rules, webhooks (the inbox needs only a sign-in).
  'workflow:manage',
] as const;
export type Permission = (typeof permissions)[number];
export type RouteAccess = Permission | 'public' | 'authenticated';

const readMasterData: Permission[] = ['regions:read', 'masterdata:read', 'customers:read', 'products:read'];
// Purchase prices and supplier documents are for purchasing, warehouse, quality and finance.
const readStockAndPurchasing: Permission[] = ['inventory:read', 'purchasing:read'];
// Order to cash: sellers take orders; managers also approve (discounts below floor, credit).
const sellOrders: Permission[] = ['orders:read', 'orders:write', 'pricing:read'];
// Credit: read and request (rate now, limit change); approve order decisions (the service checks
// the level: regional manager or finance director); manage limits, status and the policy.
const requestCredit: Permission[] = ['credit:read', 'credit:write'];
// CRM: sellers work their leads and opportunities, see the campaigns and the funnel of their scope.
const workDeals: Permission[] = ['crm:read', 'crm:write', 'campaigns:read', 'marketing:analytics'];
// The sales overview (landing dashboard) is for sellers, management and finance; warehouse,
// quality, marketing and legal land on a start page of their own modules instead.

const grants: Record<Role, Permission[]> = {
  admin: [...permissions],
  sales_rep: [
    ...readMasterData,
    'dashboard:read',
    ...sellOrders,
    ...workDeals,
    'finance:read',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
    ...requestCredit,
  ],
  regional_manager: [
    ...readMasterData,
    'dashboard:read',
    ...sellOrders,
    ...workDeals,
    'finance:read',
    'orders:approve',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
    ...requestCredit,
    'credit:approve',
  ],
  sales_director: [
    ...readMasterData,
    'dashboard:read',
    'analytics:manage',
    ...sellOrders,
    ...workDeals,
    'finance:read',
    'orders:approve',
    'pricing:write',
    'customers:write',
    'dataquality:read',
    'apikeys:manage',
    'inventory:read',
    ...requestCredit,
  ],
  general_manager: [
    ...readMasterData,
    'dashboard:read',
    'analytics:manage',
    ...sellOrders,
    'crm:read',
    'campaigns:read',
    'marketing:analytics',
    'finance:read',
    'orders:approve',
    'pricing:write',
    ...readStockAndPurchasing,
    'dataquality:read',
    'audit:read',
    'apikeys:manage',
    'credit:read',
  ],
  finance: [
    ...readMasterData,
    'dashboard:read',
    'finance:read',
    'finance:write',
    ...readStockAndPurchasing,
    'customers:write',
    'apikeys:manage',
    'orders:read',
    'pricing:read',
    ...requestCredit,
    // Finance keeps customers and their credit inputs (external ratings, statements) current,
    // also by file; each import still needs the entity's own write permission.
    'imports:run',
  ],
  finance_director: [
    ...readMasterData,
    'dashboard:read',
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
    ...requestCredit,
    'credit:approve',
    'credit:manage',
    'imports:run',
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
  marketing: [
    ...readMasterData,
    'apikeys:manage',
    'crm:read',
    'crm:write',
    'campaigns:read',
    'campaigns:write',
    'marketing:analytics',
  ],
  legal: [...readMasterData, 'audit:read'],
  // A distributor user orders for its own company only (scope), at the prices Pulse resolves.
  // …and reads its own company's invoices, payments and statement.
  // …and its own company's sales overview.
  distributor: [
    'customers:read',
    'products:read',
    'orders:read',
    'orders:write',
    'finance:read',
    'dashboard:read',
  ],
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
