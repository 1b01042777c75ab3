/**
 * For the import tests: a request context no built-in role produces — the right to import
 * together with a regional scope — so a test can show that the import service itself keeps
 * rows of other regions out, whatever roles may one day be given.
 */

import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import type { Permission } from '../../platform/permissions.ts';

export async function regionalImporterContext(
  db: Queryable,
  username: string,
  regionIds: number[],
  permissions: Permission[],
): Promise<RequestContext> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
  if (!rows[0]) throw new Error(`no test user ${username}`);
  return {
    ...systemContext('en'),
    userId: rows[0].id,
    username,
    displayName: username,
    roles: ['sales_rep'],
    permissions: ['imports:run', ...permissions],
    isCompanyWide: false,
    regionIds,
    via: 'session',
  };
}
