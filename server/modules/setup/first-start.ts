import { systemContext } from '../../platform/auth-context.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { countUsers, createUser } from '../users/index.ts';

export const DEMO_PASSWORD = 'Pulse-demo-2026';

export interface FirstStartResult {
  createdAdmin: boolean;
}

/**
 * On an empty database, create the `admin` user (unless PULSE_DEMO=0) so that a new
 * installation can be signed into at once. Later slices add the demo company here.
 */
export async function runFirstStart(
  db: Db,
  options: { loadDemo: boolean; logger: Logger },
): Promise<FirstStartResult> {
  if (!options.loadDemo || (await countUsers(db)) > 0) return { createdAdmin: false };
  await createUser(db, systemContext(), {
    username: 'admin',
    displayName: '系统管理员',
    password: DEMO_PASSWORD,
    roles: ['admin'],
    regionIds: [],
    distributorId: null,
    managerId: null,
    email: null,
    phone: null,
    language: null,
  });
  return { createdAdmin: true };
}
