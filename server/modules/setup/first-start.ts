import { DEMO_PASSWORD, loadSampleData } from '../../../demo/sample.ts';
import { systemContext } from '../../platform/auth-context.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { runDataQuality } from '../dataquality/index.ts';
import { countUsers, createUser } from '../users/index.ts';

export { DEMO_PASSWORD };

export interface FirstStartResult {
  createdAdmin: boolean;
}

/**
 * On an empty database (no users yet), unless PULSE_DEMO=0: create the `admin` user and load
 * the sample data (region tree, one user per role, customers with qualifications), so that a
 * new installation can be signed into and explored at once.
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
  await loadSampleData(db);
  await runDataQuality(db, 'first-start');
  options.logger.info('first start: admin user and sample data loaded');
  return { createdAdmin: true };
}
