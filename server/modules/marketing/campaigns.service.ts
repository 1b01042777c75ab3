import type {
  Campaign,
  CampaignListQuery,
  CreateAfterSalesCostRequest,
  CreateCampaignCostRequest,
  CreateCampaignRequest,
  CreateSalesSpendRequest,
  MarketingSettings,
  UpdateCampaignRequest,
  UpdateMarketingSettingsRequest,
} from '../../../contracts/marketing.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import {
  type Db,
  isForeignKeyViolation,
  isUniqueViolation,
  type Queryable,
  withTransaction,
} from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isInScope } from '../../platform/scope.ts';
import * as repo from './campaigns.repository.ts';
import * as settingsRepo from './settings.repository.ts';

const en = (ctx: RequestContext) => ctx.lang === 'en';

export async function listCampaigns(
  db: Db,
  ctx: RequestContext,
  query: CampaignListQuery,
  maxPageSize: number,
) {
  const result = await repo.listCampaigns(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function exportCampaigns(
  db: Db,
  ctx: RequestContext,
  query: Partial<CampaignListQuery>,
  maxRows: number,
) {
  const rows = await repo.listCampaignsForExport(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}

export async function getCampaign(db: Queryable, ctx: RequestContext, id: number): Promise<Campaign> {
  const campaign = await repo.findCampaign(db, ctx, id);
  if (!campaign) throw new AppError('NOT_FOUND');
  return campaign;
}

function checkPeriod(startsOn: string, endsOn: string) {
  if (endsOn < startsOn)
    throw new AppError('INVALID_DATE_RANGE', { from: startsOn, to: endsOn }, { field: 'endsOn' });
}

async function checkRegion(tx: Queryable, ctx: RequestContext, regionId: number | null) {
  if (regionId === null) {
    // A national campaign concerns everybody: only company-wide users create one.
    if (!ctx.isCompanyWide) throw new AppError('OUT_OF_SCOPE');
    return;
  }
  const { rows } = await tx.query('SELECT 1 FROM regions WHERE id = $1', [regionId]);
  if (rows.length === 0) {
    throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'region' : '区域', value: regionId });
  }
  if (!isInScope(ctx, regionId)) throw new AppError('OUT_OF_SCOPE');
}

function translateWriteError(
  error: unknown,
  ctx: RequestContext,
  input: Partial<CreateCampaignRequest>,
): never {
  if (isUniqueViolation(error)) {
    const isUtm = String((error as { constraint?: string }).constraint).includes('utm');
    throw new AppError(
      'DUPLICATE',
      {
        entity: en(ctx) ? 'Campaign' : '市场活动',
        value: String((isUtm ? input.utmCampaign : input.code) ?? ''),
      },
      { field: isUtm ? 'utmCampaign' : 'code' },
    );
  }
  if (isForeignKeyViolation(error)) {
    throw new AppError('INVALID_REFERENCE', {
      entity: en(ctx) ? 'owner' : '负责人',
      value: input.ownerId ?? '',
    });
  }
  throw error;
}

export async function createCampaign(
  db: Db,
  ctx: RequestContext,
  input: CreateCampaignRequest,
): Promise<Campaign> {
  checkPeriod(input.startsOn, input.endsOn);
  return withTransaction(db, async (tx) => {
    await checkRegion(tx, ctx, input.regionId);
    let id: number;
    try {
      id = await repo.insertCampaign(tx, input);
    } catch (error) {
      translateWriteError(error, ctx, input);
    }
    const created = (await repo.findCampaign(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'campaign', entityId: id, after: created });
    return created;
  });
}

export async function updateCampaign(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateCampaignRequest,
): Promise<Campaign> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findCampaign(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, ...changes } = input;
    checkPeriod(changes.startsOn ?? before.startsOn, changes.endsOn ?? before.endsOn);
    if (changes.regionId !== undefined) await checkRegion(tx, ctx, changes.regionId);
    try {
      if (!(await repo.updateCampaign(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes);
    }
    const after = (await repo.findCampaign(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'campaign', entityId: id, before, after });
    return after;
  });
}

export async function deleteCampaign(db: Db, ctx: RequestContext, id: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    const before = await repo.findCampaign(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    try {
      await repo.deleteCampaign(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('IN_USE', {
          detail: en(ctx) ? 'leads, touches or opportunities' : '线索、触点或商机',
        });
      }
      throw error;
    }
    await recordAudit(tx, ctx, { action: 'delete', entity: 'campaign', entityId: id, before });
  });
}

export async function listCosts(db: Db, ctx: RequestContext, campaignId: number) {
  await getCampaign(db, ctx, campaignId);
  const items = await repo.listCosts(db, campaignId);
  return { items, totalFen: items.reduce((sum, c) => sum + c.amountFen, 0) };
}

export async function addCost(
  db: Db,
  ctx: RequestContext,
  campaignId: number,
  input: CreateCampaignCostRequest,
) {
  return withTransaction(db, async (tx) => {
    if (!(await repo.findCampaign(tx, ctx, campaignId, true))) throw new AppError('NOT_FOUND');
    const id = await repo.insertCost(tx, campaignId, input, ctx.userId > 0 ? ctx.userId : null);
    const created = (await repo.findCost(tx, campaignId, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'campaign_cost', entityId: id, after: created });
    return created;
  });
}

export async function deleteCost(db: Db, ctx: RequestContext, campaignId: number, costId: number) {
  await withTransaction(db, async (tx) => {
    if (!(await repo.findCampaign(tx, ctx, campaignId, true))) throw new AppError('NOT_FOUND');
    const before = await repo.findCost(tx, campaignId, costId);
    if (!before || !(await repo.deleteCost(tx, campaignId, costId))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, { action: 'delete', entity: 'campaign_cost', entityId: costId, before });
  });
}

export async function listSalesSpend(
  db: Db,
  ctx: RequestContext,
  range: { from?: string | undefined; to?: string | undefined },
) {
  const items = await repo.listSalesSpend(db, ctx, range);
  return { items, totalFen: items.reduce((sum, s) => sum + s.amountFen, 0) };
}

export async function addSalesSpend(db: Db, ctx: RequestContext, input: CreateSalesSpendRequest) {
  return withTransaction(db, async (tx) => {
    await checkRegion(tx, ctx, input.regionId);
    const id = await repo.insertSalesSpend(tx, input, ctx.userId > 0 ? ctx.userId : null);
    const created = { id, ...input };
    await recordAudit(tx, ctx, { action: 'create', entity: 'sales_spend', entityId: id, after: created });
    return created;
  });
}

export async function addAfterSalesCost(db: Db, ctx: RequestContext, input: CreateAfterSalesCostRequest) {
  return withTransaction(db, async (tx) => {
    const order = await repo.findOrderRef(tx, input.orderId);
    if (!order || !isInScope(ctx, order.regionId, order.customerId)) {
      throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'order' : '订单', value: input.orderId });
    }
    const id = await repo.insertAfterSalesCost(tx, input, ctx.userId > 0 ? ctx.userId : null);
    const created = { id, ...input };
    await recordAudit(tx, ctx, {
      action: 'create',
      entity: 'after_sales_cost',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export function getSettings(db: Queryable): Promise<MarketingSettings> {
  return settingsRepo.getSettings(db);
}

export async function updateSettings(
  db: Db,
  ctx: RequestContext,
  input: UpdateMarketingSettingsRequest,
): Promise<MarketingSettings> {
  return withTransaction(db, async (tx) => {
    const before = await settingsRepo.getSettings(tx);
    if (!(await settingsRepo.updateSettings(tx, input))) throw new AppError('VERSION_CONFLICT');
    const after = await settingsRepo.getSettings(tx);
    await recordAudit(tx, ctx, { action: 'update', entity: 'marketing_settings', before, after });
    return after;
  });
}
