import { loadDemoCompany } from '../../../demo/company.ts';
import { DEMO_PASSWORD, loadSampleData } from '../../../demo/sample.ts';
import { systemContext } from '../../platform/auth-context.ts';
import type { DemoData } from '../../platform/config.ts';
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
 * the demo company (regions, one user per role, customers, catalog and three years of history)
 * — or, for the tests, the small sample set — so that a new installation can be signed into and
 * explored at once.
 */
export async function runFirstStart(
  db: Db,
  options: { demoData: DemoData; logger: Logger },
): Promise<FirstStartResult> {
  if (options.demoData === 'none' || (await countUsers(db)) > 0) return { createdAdmin: false };
  const started = Date.now();
  if (options.demoData === 'company') {
    // The demo company creates `admin` with its other users, in the same transaction.
    // Progress comes in per mille; one log line per tenth keeps the start-up log readable.
    let lastTenth = -1;
    await loadDemoCompany(db, {
      onProgress: (step, done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        options.logger.info({ step, percent: tenth * 10 }, 'first start: loading the demo company');
      },
    });
  } else {
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
  }
  await runDataQuality(db, 'first-start');
  options.logger.info(
    { demoData: options.demoData, seconds: (Date.now() - started) / 1000 },
    'first start: admin user and demo data loaded',
  );
  return { createdAdmin: true };
}
