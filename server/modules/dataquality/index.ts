import type { AppDeps } from '../../platform/http.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { runDataQuality } from './dataquality.service.ts';

export { registerDataQualityRoutes } from './dataquality.routes.ts';
export { runDataQuality } from './dataquality.service.ts';

/** Events after which the rules run again (debounced: one queued refresh at a time). */
export const masterDataChangeEvents = [
  'customer.changed',
  'qualification.changed',
  'product.changed',
  'supplier.changed',
  'import.committed',
];

/** Next 02:00 in Shanghai (18:00 UTC), when nobody is working. */
export function nextNightlyRun(from: Date): Date {
  const next = new Date(from);
  next.setUTCHours(18, 0, 0, 0);
  if (next <= from) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export function registerDataQualityJobs(deps: AppDeps) {
  deps.jobs.registerRecurring(
    'dataquality.nightly',
    async (_job, db) => {
      await runDataQuality(db, 'nightly');
    },
    nextNightlyRun,
  );
  deps.jobs.register('dataquality.refresh', async (_job, db) => {
    await runDataQuality(db, 'change');
  });
  for (const type of masterDataChangeEvents) {
    deps.events.on(type, async (_event, db) => {
      await enqueueJob(
        db,
        'dataquality.refresh',
        {},
        { uniqueKey: 'dataquality.refresh', runAt: new Date(Date.now() + 5000) },
      );
    });
  }
}
