import { rebuildRollupsConcurrently } from '../server/modules/analytics/index.ts';
import type { Db } from '../server/platform/db.ts';

/**
 * Builds the analytics rollups from the loaded documents once the load has committed, on two
 * connections at once (the loading transaction is one backend, on one core). The bulk inserts
 * left every day and every customer marked dirty, so until each rollup is built, and for good
 * should the process stop before that, analytics sum those days from the documents and the
 * scheduled refresh builds them: the answers are exact either way.
 */
export async function buildAnalyticsRollups(db: Db): Promise<void> {
  await rebuildRollupsConcurrently(db, 2);
}
