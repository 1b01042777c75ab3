/**
 * Saved reports: create, change, share, delete and run. A report is checked against the
 * semantic layer when it is saved (so a bad name is refused with the layer's own codes, not
 * discovered by whoever opens it later) and is run through the same `runAnalyticsQuery` as any
 * ad-hoc query, with the runner's scope — sharing a report never shares the sharer's data.
 */
import type { AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import { analyticsQuery } from '../../../../contracts/analytics-query.ts';
import {
  analyticsQueryOfReport,
  type CreateSavedReportRequest,
  type ReportLayout,
  type ReportQuery,
  type SavedReport,
  type UpdateSavedReportRequest,
} from '../../../../contracts/saved-reports.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { StoreResponse } from '../../../platform/idempotency.ts';
import { planQuery, runAnalyticsQuery } from '../semantic/semantic.service.ts';
import * as repo from './saved-reports.repository.ts';

/**
 * Where a field of the derived analytics query came from in the report, so that an error
 * names `layout.columns[0]` rather than `dimensions[1]`, a field the client never sent.
 */
export function reportFieldOf(field: string, layout: ReportLayout): string {
  const match = /^(measures|dimensions|filters)\[(\d+)\](.*)$/.exec(field);
  if (!match) return field;
  const [, list, index, rest] = match as unknown as [string, string, string, string];
  const i = Number(index);
  if (list === 'measures') return `layout.values[${i}]${rest}`;
  if (list === 'filters') return `query.filters[${i}]${rest}`;
  return i < layout.rows.length
    ? `layout.rows[${i}]${rest}`
    : `layout.columns[${i - layout.rows.length}]${rest}`;
}

/** Refuses a report the semantic layer could not run for its author (unknown names, bad period). */
function checkAgainstCatalogue(ctx: RequestContext, report: { query: ReportQuery; layout: ReportLayout }) {
  const today = businessDate();
  try {
    planQuery(ctx, analyticsQuery.parse(analyticsQueryOfReport(report, today)), today);
  } catch (error) {
    if (error instanceof AppError && typeof error.details?.field === 'string') {
      throw new AppError(error.code, error.params, {
        ...error.details,
        field: reportFieldOf(error.details.field, report.layout),
      });
    }
    throw error;
  }
}

function translateWriteError(error: unknown, ctx: RequestContext, name: string | undefined): never {
  if (isUniqueViolation(error, 'saved_reports_owner_name_key')) {
    throw new AppError(
      'DUPLICATE',
      { entity: ctx.lang === 'en' ? 'Report' : '报表', value: name ?? '' },
      { field: 'name' },
    );
  }
  throw error;
}

export async function listSavedReports(db: Queryable, ctx: RequestContext) {
  return { items: await repo.listSavedReports(db, ctx) };
}

export async function getSavedReport(db: Queryable, ctx: RequestContext, id: number): Promise<SavedReport> {
  const report = await repo.findSavedReport(db, ctx, id);
  // A report the caller may not see does not exist for them.
  if (!report) throw new AppError('NOT_FOUND');
  return report;
}

export async function createSavedReport(
  db: Db,
  ctx: RequestContext,
  input: CreateSavedReportRequest,
  options: { store?: StoreResponse } = {},
): Promise<SavedReport> {
  checkAgainstCatalogue(ctx, input);
  return withTransaction(db, async (tx) => {
    let id: number;
    try {
      id = await repo.insertSavedReport(tx, ctx.userId, input);
    } catch (error) {
      translateWriteError(error, ctx, input.name);
    }
    const created = (await repo.findSavedReport(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'saved_report', entityId: id, after: created });
    await options.store?.(tx, 201, created);
    return created;
  });
}

/** Only the owner (or an admin) changes or deletes a report; others it is shared with may only run it. */
function checkCanEdit(report: SavedReport) {
  if (!report.canEdit) throw new AppError('FORBIDDEN');
}

export async function updateSavedReport(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateSavedReportRequest,
): Promise<SavedReport> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findSavedReport(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    checkCanEdit(before);
    const { version, ...changes } = input;
    if (changes.query || changes.layout) {
      checkAgainstCatalogue(ctx, {
        query: changes.query ?? before.query,
        layout: changes.layout ?? before.layout,
      });
    }
    try {
      if (!(await repo.updateSavedReport(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes.name);
    }
    const after = (await repo.findSavedReport(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'saved_report', entityId: id, before, after });
    return after;
  });
}

export async function deleteSavedReport(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findSavedReport(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    checkCanEdit(before);
    if (!(await repo.deleteSavedReport(tx, id))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, { action: 'delete', entity: 'saved_report', entityId: id, before });
  });
}

/** Runs a report as the caller: their scope, their measure permissions, today's period. */
export async function runSavedReport(
  db: Db,
  ctx: RequestContext,
  id: number,
  today = businessDate(),
): Promise<AnalyticsResult> {
  const report = await getSavedReport(db, ctx, id);
  return runAnalyticsQuery(db, ctx, analyticsQuery.parse(analyticsQueryOfReport(report, today)), today);
}

/**
 * Puts a report the caller may see on their own dashboard, or takes it off. Only the caller's
 * dashboard changes (a pin is no change to the report: no version, no audit entry).
 */
export async function pinSavedReport(
  db: Db,
  ctx: RequestContext,
  id: number,
  pinned: boolean,
): Promise<SavedReport> {
  await getSavedReport(db, ctx, id);
  await repo.setPinned(db, ctx.userId, id, pinned);
  return getSavedReport(db, ctx, id);
}

export async function listPinnedSavedReports(db: Db, ctx: RequestContext): Promise<{ items: SavedReport[] }> {
  return { items: await repo.listPinnedSavedReports(db, ctx) };
}
