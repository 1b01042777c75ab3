/** Audit codes the screen has words for; others (from modules added later) show as the code itself. */
export const auditActions = [
  'create',
  'update',
  'delete',
  'login',
  'login_failed',
  'logout',
  'change_password',
  'revoke',
  'import',
  'export_personal_data',
  'authz_denied',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntities = [
  'customer',
  'customers',
  'customer_qualification',
  'product',
  'products',
  'product_line',
  'supplier',
  'warehouse',
  'region',
  'user',
  'session',
  'api_key',
  'import_job',
  'route',
] as const;
export type AuditEntity = (typeof auditEntities)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

export function isAuditEntity(value: string): value is AuditEntity {
  return (auditEntities as readonly string[]).includes(value);
}

export const actionColours: Record<AuditAction, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login: 'default',
  login_failed: 'orange',
  logout: 'default',
  change_password: 'purple',
  revoke: 'magenta',
  import: 'cyan',
  export_personal_data: 'gold',
  authz_denied: 'volcano',
};
