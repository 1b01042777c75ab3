import type {
  ChangeStageRequest,
  CreateOpportunityRequest,
  Opportunity,
  OpportunityListQuery,
  OpportunityTimeline,
  UpdateOpportunityRequest,
} from '../../../contracts/crm.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type RequestContext, systemContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import { type Db, isForeignKeyViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { nextDocumentNumber } from '../../platform/numbering.ts';
import { getCustomer } from '../parties/index.ts';
import { findCampaignRef } from './leads.repository.ts';
import * as repo from './opportunities.repository.ts';
import {
  checkStageChange,
  type FunnelStageOfOpportunity,
  furthestStageAfter,
  stageChangeRefusalText,
} from './opportunities.rules.ts';

const en = (ctx: RequestContext) => ctx.lang === 'en';

export async function listOpportunities(
  db: Db,
  ctx: RequestContext,
  query: OpportunityListQuery,
  maxPageSize: number,
) {
  const result = await repo.listOpportunities(db, ctx, query, maxPageSize);
  return { ...result, page: query.page, pageSize: query.pageSize };
}

export async function exportOpportunities(
  db: Db,
  ctx: RequestContext,
  query: Partial<OpportunityListQuery>,
  maxRows: number,
) {
  const rows = await repo.listOpportunitiesForExport(db, ctx, query, maxRows);
  if (rows.length > maxRows) throw new AppError('EXPORT_TOO_LARGE', { max: maxRows });
  return rows;
}

export async function getOpportunity(db: Queryable, ctx: RequestContext, id: number): Promise<Opportunity> {
  const found = await repo.findOpportunity(db, ctx, id);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}

async function checkCampaign(tx: Queryable, ctx: RequestContext, campaignId: number | null | undefined) {
  if (!campaignId) return null;
  const campaign = await findCampaignRef(tx, campaignId);
  if (!campaign)
    throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'campaign' : '市场活动', value: campaignId });
  return campaign;
}

async function checkProducts(tx: Queryable, ctx: RequestContext, products: readonly { productId: number }[]) {
  if (products.length === 0) return;
  const ids = products.map((p) => p.productId);
  if (new Set(ids).size !== ids.length) {
    throw new AppError(
      'BUSINESS_RULE',
      { detail: en(ctx) ? 'a product is listed twice' : '产品重复' },
      { field: 'products' },
    );
  }
  const existing = await repo.findProductsExisting(tx, ids);
  const missing = ids.find((id) => !existing.has(id));
  if (missing !== undefined)
    throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'product' : '产品', value: missing });
}

function translateWriteError(error: unknown, ctx: RequestContext, ownerId: number | null | undefined): never {
  if (isForeignKeyViolation(error)) {
    throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? 'owner' : '负责人', value: ownerId ?? '' });
  }
  throw error;
}

export async function createOpportunity(
  db: Db,
  ctx: RequestContext,
  input: CreateOpportunityRequest,
): Promise<Opportunity> {
  return withTransaction(db, async (tx) => {
    const customer = await getCustomer(tx, ctx, input.customerId).catch(() => null);
    if (!customer) {
      throw new AppError('INVALID_REFERENCE', {
        entity: en(ctx) ? 'customer' : '客户',
        value: input.customerId,
      });
    }
    const campaign = await checkCampaign(tx, ctx, input.campaignId);
    await checkProducts(tx, ctx, input.products);
    const createdBy = ctx.userId > 0 ? ctx.userId : null;
    const ownerId = input.ownerId ?? (ctx.roles.includes('sales_rep') ? createdBy : customer.ownerRepId);
    let id: number;
    try {
      id = await repo.insertOpportunity(tx, {
        number: await nextDocumentNumber(tx, 'OP', businessDate()),
        name: input.name,
        customerId: customer.id,
        regionId: customer.regionId,
        leadId: null,
        ownerId,
        campaignId: input.campaignId,
        channel: input.channel ?? campaign?.channel ?? null,
        amountFen: input.amountFen,
        expectedCloseDate: input.expectedCloseDate,
        tenderNumber: input.tenderNumber,
        tenderBudgetFen: input.tenderBudgetFen,
        tenderDeadline: input.tenderDeadline,
        createdOn: businessDate(),
        createdBy,
      });
    } catch (error) {
      translateWriteError(error, ctx, ownerId);
    }
    await repo.replaceProducts(tx, id, input.products);
    await repo.insertHistory(tx, id, [{ stage: 'opportunity', enteredAt: null, changedBy: createdBy }]);
    const created = (await repo.findOpportunity(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'create', entity: 'opportunity', entityId: id, after: created });
    return created;
  });
}

export async function updateOpportunity(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: UpdateOpportunityRequest,
): Promise<Opportunity> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findOpportunity(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    const { version, products, ...changes } = input;
    await checkCampaign(tx, ctx, changes.campaignId);
    if (products) await checkProducts(tx, ctx, products);
    try {
      if (!(await repo.updateOpportunity(tx, id, version, changes))) throw new AppError('VERSION_CONFLICT');
    } catch (error) {
      if (error instanceof AppError) throw error;
      translateWriteError(error, ctx, changes.ownerId);
    }
    if (products) await repo.replaceProducts(tx, id, products);
    const after = (await repo.findOpportunity(tx, ctx, id))!;
    await recordAudit(tx, ctx, { action: 'update', entity: 'opportunity', entityId: id, before, after });
    return after;
  });
}

async function checkDocument(
  tx: Queryable,
  ctx: RequestContext,
  kind: 'quote' | 'contract' | 'order',
  id: number,
  customerId: number,
) {
  const document = await repo.findSalesDocument(tx, kind, id);
  const names = { quote: ['quote', '报价单'], contract: ['contract', '合同'], order: ['order', '销售订单'] }[
    kind
  ];
  if (!document || document.customerId !== customerId || document.status === 'cancelled') {
    throw new AppError('INVALID_REFERENCE', { entity: en(ctx) ? names[0]! : names[1]!, value: id });
  }
}

/**
 * Moves an opportunity to another stage by the pipeline's rules, linking the quote, contract or
 * order given with it, and records the move in the stage history.
 */
export async function changeStage(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: ChangeStageRequest,
): Promise<Opportunity> {
  return withTransaction(db, async (tx) => {
    const before = await repo.findOpportunity(tx, ctx, id, true);
    if (!before) throw new AppError('NOT_FOUND');
    if (input.quoteId) await checkDocument(tx, ctx, 'quote', input.quoteId, before.customerId);
    if (input.contractId) await checkDocument(tx, ctx, 'contract', input.contractId, before.customerId);
    if (input.orderId) await checkDocument(tx, ctx, 'order', input.orderId, before.customerId);
    const orderId = input.orderId ?? before.orderId;
    const settlement =
      input.stage === 'paid' && orderId !== null
        ? await repo.isOrderSettled(tx, orderId)
        : { settled: false, on: null };
    const refusal = checkStageChange({
      current: before.stage,
      target: input.stage,
      lostReason: input.lostReason,
      hasOrder: orderId !== null,
      isOrderSettled: settlement.settled,
    });
    if (refusal === 'LOST_REASON_REQUIRED')
      throw new AppError('LOST_REASON_REQUIRED', {}, { field: 'lostReason' });
    if (refusal) {
      throw new AppError(
        'STAGE_CHANGE_NOT_ALLOWED',
        {
          from: before.stage,
          to: input.stage,
          reason: stageChangeRefusalText[refusal][en(ctx) ? 'en' : 'zh'],
        },
        { rule: refusal },
      );
    }
    const today = businessDate();
    const changes: repo.OpportunityChanges = {
      stage: input.stage,
      furthestStage: furthestStageAfter(before.furthestStage as FunnelStageOfOpportunity, input.stage),
      ...(input.quoteId ? { quoteId: input.quoteId } : {}),
      ...(input.contractId ? { contractId: input.contractId } : {}),
      ...(input.orderId ? { orderId: input.orderId } : {}),
    };
    if (input.stage === 'lost')
      Object.assign(changes, { lostReason: input.lostReason, lostNote: input.note, lostOn: today });
    else if (before.stage === 'lost')
      Object.assign(changes, { lostReason: null, lostNote: null, lostOn: null });
    if (input.stage === 'won') changes.wonOn = today;
    if (input.stage === 'paid') changes.paidOn = settlement.on ?? today;
    if (!(await repo.updateOpportunity(tx, id, input.version, changes)))
      throw new AppError('VERSION_CONFLICT');
    await repo.insertHistory(tx, id, [
      {
        stage: input.stage,
        enteredAt: null,
        lostReason: input.stage === 'lost' ? input.lostReason : null,
        note: input.note,
        changedBy: ctx.userId > 0 ? ctx.userId : null,
      },
    ]);
    const after = (await repo.findOpportunity(tx, ctx, id))!;
    await recordAudit(tx, ctx, {
      action: 'change_stage',
      entity: 'opportunity',
      entityId: id,
      before,
      after,
      reason: input.note,
    });
    await emitEvent(tx, 'opportunity.stage_changed', {
      opportunityId: id,
      from: before.stage,
      to: input.stage,
    });
    return after;
  });
}

const stageNames: Record<string, { en: string; zh: string }> = {
  lead: { en: 'Lead', zh: '线索' },
  opportunity: { en: 'Opportunity', zh: '商机' },
  quote: { en: 'Quote', zh: '报价' },
  contract: { en: 'Contract', zh: '合同' },
  won: { en: 'Won', zh: '赢单' },
  paid: { en: 'Paid', zh: '已回款' },
  lost: { en: 'Lost', zh: '丢单' },
};

/** Stage history and the touches of the opportunity's lead and customer, in time order. */
export async function getTimeline(db: Db, ctx: RequestContext, id: number): Promise<OpportunityTimeline> {
  const opportunity = await getOpportunity(db, ctx, id);
  const [history, touches] = await Promise.all([
    repo.listHistory(db, id),
    repo.listTouchesForTimeline(db, opportunity.leadId, opportunity.customerId),
  ]);
  const lang = en(ctx) ? 'en' : 'zh';
  const items: OpportunityTimeline['items'] = [
    ...history.map((h) => ({
      at: h.at,
      kind: 'stage' as const,
      stage: h.stage as OpportunityTimeline['items'][number]['stage'],
      title: stageNames[h.stage]?.[lang] ?? h.stage,
      detail: [h.lostReason, h.note].filter(Boolean).join(' · ') || null,
      by: h.by,
    })),
    ...touches.map((t) => ({
      at: t.at,
      kind: 'touch' as const,
      stage: null,
      title: t.campaign,
      detail: [t.kind, t.channel, t.note].filter(Boolean).join(' · '),
      by: null,
    })),
  ];
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { items };
}

/**
 * Reaction to `invoice.paid`: paid = the order's invoices settled. Won opportunities linked to
 * that order move to paid once every invoice of the order is settled.
 */
export async function markPaidForInvoice(db: Db, invoiceId: number): Promise<number> {
  return withTransaction(db, async (tx) => {
    const won = await repo.findWonOpportunitiesOfInvoice(tx, invoiceId);
    let moved = 0;
    for (const opportunity of won) {
      const settlement = await repo.isOrderSettled(tx, opportunity.orderId);
      if (!settlement.settled) continue;
      const before = await repo.findOpportunity(tx, null, opportunity.id, true);
      if (before?.stage !== 'won') continue;
      await repo.updateOpportunity(tx, opportunity.id, before.version, {
        stage: 'paid',
        furthestStage: 'paid',
        paidOn: settlement.on ?? businessDate(),
      });
      await repo.insertHistory(tx, opportunity.id, [
        { stage: 'paid', enteredAt: null, note: `invoice ${invoiceId}`, changedBy: null },
      ]);
      await recordAudit(tx, systemContext(), {
        action: 'change_stage',
        entity: 'opportunity',
        entityId: opportunity.id,
        before: { stage: 'won' },
        after: { stage: 'paid', invoiceId },
      });
      moved++;
    }
    return moved;
  });
}
