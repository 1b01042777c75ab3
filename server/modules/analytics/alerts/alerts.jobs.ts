import type { AppDeps } from '../../../platform/http.ts';
import { evaluateActiveAlerts } from './alerts.service.ts';

export const EVALUATE_ALERTS_JOB = 'analytics.evaluate_kpi_alerts';

/**
 * Daily at 07:30 in Shanghai (23:30 UTC the day before), before the working day starts, so the
 * notifications are waiting in the morning. PULSE_KPI_ALERT_INTERVAL_MINUTES=n evaluates every
 * n minutes instead (for companies that want to hear sooner).
 */
export function nextAlertRun(
  from: Date,
  intervalMinutes = Number(process.env.PULSE_KPI_ALERT_INTERVAL_MINUTES),
): Date {
  if (Number.isSafeInteger(intervalMinutes) && intervalMinutes > 0) {
    return new Date(from.getTime() + intervalMinutes * 60_000);
  }
  const next = new Date(from);
  next.setUTCHours(23, 30, 0, 0);
  if (next <= from) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export function registerAlertJobs(deps: AppDeps) {
  deps.jobs.registerRecurring(
    EVALUATE_ALERTS_JOB,
    async (_job, db) => {
      const summary = await evaluateActiveAlerts(db);
      deps.logger.info(summary, 'KPI alerts evaluated');
    },
    (from) => nextAlertRun(from),
  );
}
