/**
 * KPI alerts: CRUD (owner or admin), "evaluate now", and the scheduled evaluation of every
 * active alert. An alert is always evaluated as its owner — the semantic layer applies the
 * owner's scope and measure permissions — whoever triggers the evaluation. It is checked
 * against the semantic layer when saved, so a bad measure or filter is refused with the
 * layer's own codes rather than discovered by the job.
 */
import { analyticsQuery } from '../../../../contracts/analytics-query.ts';
import {
  type CreateKpiAlertRequest,
  isConditionMet,
  type KpiAlert,
  type KpiAlertEvaluation,
  resolveAlertPeriod,
  type UpdateKpiAlertRequest,
} from '../../../../contracts/kpi-alerts.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { isCompanyWide } from '../../../platform/permissions.ts';
import { findUserById } from '../../auth/auth.repository.ts';
import { buildContext } from '../../auth/auth.service.ts';
import { notify } from '../../workflow/index.ts';
import { measures } from '../semantic/semantic.definitions.ts';
import { labelLang, planQuery, runAnalyticsQuery } from '../semantic/semantic.service.ts';
import * as repo from './alerts.repository.ts';
import { seesEverythingOf, shouldNotify, toEnteredThreshold, toThresholdValue } from './alerts.rules.ts';

export const KPI_ALERT_NOTIFICATION = 'kpi_alert';

const measureTypeOf = (name: string) => measures.get(name)?.type ?? 'count';

function present(ctx: RequestContext, row: repo.AlertRow): KpiAlert {
  const { lastState, ...rest } = row;
  const type = measureTypeOf(row.measure);
  return {
    ...rest,
    measureLabel: measures.get(row.measure)?.label[labelLang(ctx)] ?? row.measure,
    measureType: type,
    threshold: toEnteredThreshold(type, row.thresholdValue),
    isCrossed: lastState,
    canEdit: ctx.roles.includes('admin') || row.ownerId === ctx.userId,
  };
}

type AlertQuestion = Pick<CreateKpiAlertRequest, 'measure' | 'filters' | 'period'>;

/** The analytics query an alert asks: its one measure, as a total over the resolved period. */
function analyticsQueryOf(alert: AlertQuestion, today: string) {
  return analyticsQuery.parse({
    measures: [alert.measure],
    filters: alert.filters,
    timeRange: resolveAlertPeriod(alert.period, today),
    limit: 1,
  });
}

/**
 * Refuses an alert its owner could not run (unknown measure or filter, a measure the owner's
 * role may not use), naming the alert's field rather than the derived query's.
 */
function checkAgainstSemanticLayer(owner: RequestContext, alert: AlertQuestion) {
  const today = businessDate();
  try {
    planQuery(owner, analyticsQueryOf(alert, today), today);
  } catch (error) {
    if (error instanceof AppError && typeof error.details?.field === 'string') {
      const field = error.details.field.replace(/^measures\[0\]/, 'measure');
      throw new AppError(error.code, error.params, { ...error.details, field });
    }
    throw error;
  }
}

/** Yuan → fen for money measures; a third decimal of a yuan is refused rather than rounded. */
function thresholdValueOf(ctx: RequestContext, measure: string, threshold: number): number {
  try {
    return toThresholdValue(measureTypeOf(measure), threshold);
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      { detail: ctx.lang === 'en' ? 'at most two decimals of a yuan' : '金额最多两位小数' },
      { field: 'threshold' },
    );
  }
}

/** The owner's request context, as if they had signed in: their roles, regions and language. */
async function ownerContext(db: Db, ownerId: number): Promise<RequestContext | null> {
  const user = await findUserById(db, ownerId);
  if (!user?.isActive) return null;
  return buildContext(db, user, { lang: user.language ?? 'zh-CN', ip: null, via: 'system' });
}

export async function listKpiAlerts(db: Queryable, ctx: RequestContext) {
  return { items: (await repo.listAlerts(db, ctx)).map((row) => present(ctx, row)) };
}

export async function getKpiAlert(db: Queryable, ctx: RequestContext, id: number): Promise<KpiAlert> {
  const row = await repo.findAlert(db, ctx, id);
  // An alert the caller may not see does not exist for them.
  if (!row) throw new AppError('NOT_FOUND');
  return present(ctx, row);
}

export async function createKpiAlert(
  db: Db,
  ctx: RequestContext,
  input: CreateKpiAlertRequest,
): Promise<KpiAlert> {
  checkAgainstSemanticLayer(ctx, input);
  const thresholdValue = thresholdValueOf(ctx, input.measure, input.threshold);
  return withTransaction(db, async (tx) => {
    const id = await repo.insertAlert(tx, ctx.userId, {
      ...input,
      filters: JSON.stringify(input.filters),
      thresholdValue,
    });
    const created = present(ctx, (await repo.findAlert(tx, ctx, id))!);
    await recordAudit(tx, ctx, { action: 'create', entity: 'kpi_alert', entityId: id, after: created });
    return created;
  });
}

export async function updateKpiAlert(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateKpiAlertRequest,
): Promise<KpiAlert> {
  const current = await repo.findAlert(db, ctx, id);
  if (!current) throw new AppError('NOT_FOUND');
  const { version, threshold, filters, ...changes } = input;
  const question = {
    measure: changes.measure ?? current.measure,
    filters: filters ?? current.filters,
    period: changes.period ?? current.period,
  };
  // The alert runs as its owner, so it is checked with the owner's permissions (an admin may
  // edit someone else's alert, but not give it a measure the owner may not see).
  const owner = current.ownerId === ctx.userId ? ctx : await ownerContext(db, current.ownerId);
  if (owner) checkAgainstSemanticLayer({ ...owner, lang: ctx.lang }, question);
  // A changed measure changes the threshold's unit: the threshold is converted again.
  const enteredThreshold =
    threshold ?? toEnteredThreshold(measureTypeOf(current.measure), current.thresholdValue);
  const thresholdValue =
    threshold !== undefined || changes.measure !== undefined
      ? thresholdValueOf(ctx, question.measure, enteredThreshold)
      : undefined;
  const isConditionChanged =
    thresholdValue !== undefined ||
    [changes.measure, filters, changes.period, changes.operator].some((v) => v !== undefined);

  return withTransaction(db, async (tx) => {
    const before = await repo.findAlert(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const updated = await repo.updateAlert(tx, id, version, {
      ...changes,
      ...(filters ? { filters: JSON.stringify(filters) } : {}),
      ...(thresholdValue !== undefined ? { thresholdValue } : {}),
    });
    if (!updated) throw new AppError('VERSION_CONFLICT');
    // A new condition starts afresh: if it holds at the next evaluation, that is news.
    if (isConditionChanged) await repo.resetAlertState(tx, id);
    const after = present(ctx, (await repo.findAlert(tx, ctx, id))!);
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'kpi_alert',
      entityId: id,
      before: present(ctx, before),
      after,
    });
    return after;
  });
}

export async function deleteKpiAlert(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findAlert(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (!(await repo.deleteAlert(tx, id))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, {
      action: 'delete',
      entity: 'kpi_alert',
      entityId: id,
      before: present(ctx, before),
    });
  });
}

/** The alert's measure now, in the owner's scope; nothing is stored or sent. */
async function evaluate(
  db: Queryable,
  owner: RequestContext,
  alert: repo.AlertRow,
  today: string,
): Promise<KpiAlertEvaluation> {
  const query = analyticsQueryOf(alert, today);
  const result = await runAnalyticsQuery(db, owner, query, today);
  const value = result.totals.values[alert.measure] ?? null;
  return {
    alertId: alert.id,
    timeRange: result.timeRange,
    value,
    thresholdValue: alert.thresholdValue,
    isCrossed: isConditionMet(value, alert.operator, alert.thresholdValue),
  };
}

/**
 * "Evaluate now" from the alerts page: the current value, as the owner sees it. It neither
 * changes the stored state nor notifies — crossings are the job's to detect, so a look at the
 * page never swallows the notification the owner is waiting for.
 */
export async function evaluateKpiAlertNow(
  db: Db,
  ctx: RequestContext,
  id: number,
  today = businessDate(),
): Promise<KpiAlertEvaluation> {
  const alert = await repo.findAlert(db, ctx, id);
  if (!alert) throw new AppError('NOT_FOUND');
  const owner = alert.ownerId === ctx.userId ? ctx : await ownerContext(db, alert.ownerId);
  if (!owner) {
    const isEn = ctx.lang === 'en';
    throw new AppError('INVALID_STATUS', {
      entity: isEn ? 'owner' : '负责人',
      status: isEn ? 'deactivated' : '停用',
    });
  }
  return evaluate(db, owner, alert, today);
}

/** The owner, and the holders of the alert's roles who see at least what the owner sees. */
async function recipientsOf(db: Queryable, owner: RequestContext, alert: repo.AlertRow): Promise<number[]> {
  const candidates = await repo.listUsersWithRoles(db, alert.notifyRoles);
  const readers = candidates.filter((c) =>
    seesEverythingOf(owner, {
      isCompanyWide: c.distributorId === null && isCompanyWide(c.roles),
      regionIds: c.regionIds,
      distributorId: c.distributorId,
    }),
  );
  return [owner.userId, ...readers.map((r) => r.id)];
}

const formatForMessage = (type: string, value: number | null): string => {
  if (value === null) return '—';
  if (type === 'money') return `¥${(value / 100).toLocaleString('en', { maximumFractionDigits: 2 })}`;
  if (type === 'rate') return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString('en', { maximumFractionDigits: 2 });
};

async function sendCrossingNotification(
  tx: Queryable,
  owner: RequestContext,
  alert: repo.AlertRow,
  evaluation: KpiAlertEvaluation,
  now: Date,
) {
  const measure = measures.get(alert.measure);
  const type = measure?.type ?? 'count';
  const condition = `${formatForMessage(type, evaluation.value)} ${alert.operator} ${formatForMessage(type, alert.thresholdValue)}`;
  const range = `${evaluation.timeRange.from} – ${evaluation.timeRange.to}`;
  await notify(
    tx,
    {
      userIds: await recipientsOf(tx, owner, alert),
      kind: KPI_ALERT_NOTIFICATION,
      title: { zh: `指标预警：${alert.name}`, en: `KPI alert: ${alert.name}` },
      body: {
        zh: `${measure?.label.zh ?? alert.measure}（${range}）：${condition}`,
        en: `${measure?.label.en ?? alert.measure} (${range}): ${condition}`,
      },
      link: `/analytics/alerts?id=${alert.id}`,
    },
    now,
  );
}

export interface AlertRunSummary {
  evaluated: number;
  fired: number;
  failed: number;
}

/**
 * The job: every active alert, each as its owner, in a transaction of its own (one failing
 * alert neither stops nor undoes the others). Notifies on a crossing only (shouldNotify).
 */
export async function evaluateActiveAlerts(
  db: Db,
  options: { today?: string; now?: Date } = {},
): Promise<AlertRunSummary> {
  const now = options.now ?? new Date();
  const today = options.today ?? businessDate(now);
  const summary: AlertRunSummary = { evaluated: 0, fired: 0, failed: 0 };
  const owners = new Map<number, RequestContext | null>();
  for (const id of await repo.listActiveAlertIds(db)) {
    try {
      await withTransaction(db, async (tx) => {
        const alert = await repo.lockAlertForEvaluation(tx, id);
        if (!alert) return; // deactivated or deleted since the list was read
        if (!owners.has(alert.ownerId)) owners.set(alert.ownerId, await ownerContext(db, alert.ownerId));
        const owner = owners.get(alert.ownerId)!;
        if (!owner) {
          await repo.recordEvaluationError(tx, id, 'the owner is deactivated');
          summary.failed++;
          return;
        }
        const evaluation = await evaluate(tx, owner, alert, today);
        const hasFired = shouldNotify(alert.lastState, evaluation.isCrossed);
        if (hasFired) await sendCrossingNotification(tx, owner, alert, evaluation, now);
        await repo.recordEvaluation(tx, id, {
          isCrossed: evaluation.isCrossed,
          value: evaluation.value,
          hasFired,
        });
        summary.evaluated++;
        if (hasFired) summary.fired++;
      });
    } catch (error) {
      // E.g. the owner's role no longer allows the measure: shown on the alert, state kept.
      summary.failed++;
      await repo.recordEvaluationError(db, id, error instanceof Error ? error.message : String(error));
    }
  }
  return summary;
}
