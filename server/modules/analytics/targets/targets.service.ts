/**
 * Revenue targets: the year's grid, one target changed or removed at a time (optimistic
 * concurrency on the version), and whole files imported all or nothing (targets.import.ts).
 *
 * Who may change them: admin, general manager and sales director anywhere; a regional manager
 * inside their own regions. Everyone else with analytics access reads the targets of their
 * scope only (a rep or manager: their regions' targets and their reps' quotas).
 */
import type {
  RevenueTarget,
  TargetImportResult,
  TargetYear,
  UpsertTargetRequest,
} from '../../../../contracts/targets.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { type Db, isUniqueViolation, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError, localized } from '../../../platform/errors.ts';
import { isInScope } from '../../../platform/scope.ts';
import type { ImportLimits } from '../../imports/index.ts';
import { readTargetFile, resolveTargetRows } from './targets.import.ts';
import * as repo from './targets.repository.ts';

const labelLang = (ctx: RequestContext): 'zh' | 'en' => (ctx.lang === 'en' ? 'en' : 'zh');

/** Roles that set targets for any region. */
const companyEditors = new Set(['admin', 'general_manager', 'sales_director']);

/** Whether the caller may change targets of this sales region. */
export function canEditRegion(ctx: RequestContext, regionId: number): boolean {
  if (ctx.distributorId !== null) return false;
  if (ctx.roles.some((r) => companyEditors.has(r))) return true;
  return ctx.roles.includes('regional_manager') && isInScope(ctx, regionId);
}

const toResponse = (ctx: RequestContext, row: repo.TargetRow): RevenueTarget => {
  const { regionNameZh, regionNameEn, ...rest } = row;
  return { ...rest, regionName: labelLang(ctx) === 'en' ? regionNameEn : regionNameZh };
};

export async function getTargetYear(db: Queryable, ctx: RequestContext, year: number): Promise<TargetYear> {
  const lang = labelLang(ctx);
  const [regions, reps, targets] = await Promise.all([
    repo.listSalesRegions(db, ctx),
    repo.listReps(db, ctx),
    repo.listTargets(db, ctx, year),
  ]);
  const visible = new Set(regions.map((r) => r.id));
  return {
    year,
    regions: regions.map((r) => ({ id: r.id, code: r.code, name: lang === 'en' ? r.nameEn : r.nameZh })),
    reps: reps.map((r) => ({
      id: r.id,
      username: r.username,
      name: r.name,
      regionId: r.regionIds.find((id) => visible.has(id)) ?? r.regionIds[0]!,
    })),
    targets: targets.map((t) => toResponse(ctx, t)),
    editableRegionIds: regions.filter((r) => canEditRegion(ctx, r.id)).map((r) => r.id),
  };
}

/** A sales region the caller may edit, and (for a quota) a rep who works in it; else an error. */
async function checkTargetKey(db: Queryable, ctx: RequestContext, regionId: number, repId: number | null) {
  const regions = await repo.listSalesRegions(db, ctx);
  // Out of scope and missing look the same.
  if (!regions.some((r) => r.id === regionId)) throw new AppError('NOT_FOUND');
  if (!canEditRegion(ctx, regionId)) throw new AppError('FORBIDDEN');
  if (repId === null) return;
  const rep = (await repo.listReps(db, ctx)).find((r) => r.id === repId);
  if (!rep) throw new AppError('NOT_FOUND');
  if (!rep.regionIds.includes(regionId)) {
    throw new AppError('VALIDATION_FAILED', {
      detail: localized(`${rep.name} does not work in that sales region`, `${rep.name} 不在该大区工作`),
    });
  }
}

/**
 * Creates (version null) or changes the target of this key: the region's own target for the
 * month, or the rep's quota for the month (which may also move to another region they work in).
 */
export async function upsertTarget(
  db: Db,
  ctx: RequestContext,
  input: UpsertTargetRequest,
): Promise<RevenueTarget> {
  return withTransaction(db, async (tx) => {
    await checkTargetKey(tx, ctx, input.regionId, input.repId);
    const existing = await repo.findTargetByKey(tx, input);
    let id: number;
    if (existing) {
      // A quota moving out of a region is a change to that region too.
      if (!canEditRegion(ctx, existing.regionId)) throw new AppError('FORBIDDEN');
      if (input.version === null || input.version !== existing.version)
        throw new AppError('VERSION_CONFLICT');
      if (!(await repo.updateTarget(tx, ctx, existing.id, input.version, input))) {
        throw new AppError('VERSION_CONFLICT');
      }
      id = existing.id;
    } else {
      // Someone removed it since it was read, or it never existed and a version was sent.
      if (input.version !== null) throw new AppError('VERSION_CONFLICT');
      try {
        id = await repo.insertTarget(tx, ctx, input);
      } catch (error) {
        // Someone created the same target a moment ago.
        if (isUniqueViolation(error)) throw new AppError('VERSION_CONFLICT');
        throw error;
      }
    }
    const saved = (await repo.findTarget(tx, id))!;
    await recordAudit(tx, ctx, {
      action: existing ? 'update' : 'create',
      entity: 'revenue_target',
      entityId: id,
      before: existing ? auditShape(existing) : undefined,
      after: auditShape(saved),
    });
    return toResponse(ctx, saved);
  });
}

const auditShape = (t: repo.TargetRow) => ({
  month: t.month,
  regionId: t.regionId,
  repId: t.repId,
  amountFen: t.amountFen,
});

export async function deleteTarget(db: Db, ctx: RequestContext, id: number, version: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const existing = await repo.findTarget(tx, id, true);
    if (!existing || !isInScope(ctx, existing.regionId)) throw new AppError('NOT_FOUND');
    if (!canEditRegion(ctx, existing.regionId)) throw new AppError('FORBIDDEN');
    if (!(await repo.deleteTarget(tx, id, version))) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, ctx, {
      action: 'delete',
      entity: 'revenue_target',
      entityId: id,
      before: auditShape(existing),
    });
  });
}

/**
 * Imports a file of targets: every row is checked first (format, known region or rep, the
 * caller may edit that region, no key twice); any problem and nothing is written. Otherwise
 * all rows are written in one transaction, as one audit entry.
 */
export async function importTargets(
  db: Db,
  ctx: RequestContext,
  content: Buffer,
  limits: ImportLimits,
): Promise<TargetImportResult> {
  if (
    !ctx.roles.some((r) => companyEditors.has(r) || r === 'regional_manager') ||
    ctx.distributorId !== null
  ) {
    throw new AppError('FORBIDDEN');
  }
  const rows = await readTargetFile(content, limits);
  return withTransaction(db, async (tx) => {
    const [regions, reps] = await Promise.all([repo.listSalesRegions(tx, ctx), repo.listReps(tx, ctx)]);
    const resolved = resolveTargetRows(rows, {
      regions,
      reps,
      canEdit: (regionId) => canEditRegion(ctx, regionId),
      lang: labelLang(ctx),
    });
    // A quota that now counts in a region the caller may not edit cannot be moved by them.
    const held = await repo.listTargetRegionsOfKeys(
      tx,
      resolved.targets.flatMap((t) => (t.repId === null ? [] : [{ month: t.month, repId: t.repId }])),
    );
    for (const h of held) {
      if (canEditRegion(ctx, h.regionId)) continue;
      const row = resolved.targets.find((t) => t.repId === h.repId && t.month === h.month)!;
      resolved.problems.push({
        rowNumber: row.rowNumber,
        column: null,
        code: 'OUT_OF_SCOPE',
        message:
          labelLang(ctx) === 'en'
            ? "this rep's quota for the month is held by a region you may not edit"
            : '该代表本月指标属于您无权修改的大区',
      });
    }
    const problems = resolved.problems.sort((a, b) => a.rowNumber - b.rowNumber).slice(0, 1000);
    if (resolved.problems.length > 0) {
      return { isCommitted: false, rowCount: rows.length, created: 0, updated: 0, problems };
    }
    const counts = await repo.upsertTargets(tx, ctx, resolved.targets);
    await recordAudit(tx, ctx, {
      action: 'import',
      entity: 'revenue_target',
      after: { rows: rows.length, ...counts },
    });
    return { isCommitted: true, rowCount: rows.length, ...counts, problems: [] };
  });
}
