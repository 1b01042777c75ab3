import { rebuildRollups } from '../server/modules/analytics/index.ts';
import type { DemoSection } from './company.ts';

/**
 * Builds the analytics rollups from the loaded documents, in the loading transaction, so the
 * company opens with them complete (the bulk inserts left every day of the history dirty).
 */
export const analyticsRollupsSection: DemoSection = {
  name: 'analytics rollups',
  run: async (demo) => {
    await rebuildRollups(demo.tx);
  },
};
