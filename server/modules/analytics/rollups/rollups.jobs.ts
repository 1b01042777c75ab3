import type { AppDeps } from '../../../platform/http.ts';
import { refreshRollups } from './rollups.refresh.ts';

export const REFRESH_ROLLUPS_JOB = 'analytics.refresh_rollups';

/** Every minute: answers never wait for it (dirty days are read raw), it only keeps them few. */
export function nextRollupRefresh(from: Date): Date {
  return new Date(from.getTime() + 60_000);
}

export function registerRollupJobs(deps: AppDeps) {
  deps.jobs.registerRecurring(
    REFRESH_ROLLUPS_JOB,
    async (_job, db) => {
      await refreshRollups(db);
    },
    nextRollupRefresh,
  );
}
