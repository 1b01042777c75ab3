import type {
  AttributionModelName,
  AttributionQuery,
  AttributionReport,
  MarketingChannel,
  OrderAttribution,
} from '../../../contracts/marketing.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { daysBetween } from '../../platform/dates.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './attribution.repository.ts';
import {
  type AttributionSettings,
  attributionModels,
  campaignRoi,
  customerAcquisitionCostFen,
  lifetimeValueFen,
} from './attribution.rules.ts';
import {
  type AttributionTotals,
  addOrders,
  attributeOrderWithAfterSales,
  emptyModelTotals,
  emptyTotals,
  type ModelTotals,
  type OrderForAttribution,
  type SelectedOrder,
} from './attribution.totals.ts';
import { getSettings } from './settings.repository.ts';

/** Orders fetched from the cursor per round trip: keeps memory flat for any period. */
export const ATTRIBUTION_BATCH = 10_000;

async function attributionSettings(db: Queryable, lookbackDays?: number): Promise<AttributionSettings> {
  const settings = await getSettings(db);
  return {
    lookbackDays: lookbackDays ?? settings.attributionLookbackDays,
    halfLifeDays: settings.timeDecayHalfLifeDays,
  };
}

function checkRange(from: string, to: string) {
  if (to < from) throw new AppError('INVALID_DATE_RANGE', { from, to }, { field: 'to' });
}

/** Touch ids of the same date and time are ordered as numbers (attribution.rules compares text). */
const sortableTouchId = (id: string | number) => String(id).padStart(20, '0');

function toOrder(row: repo.OrderBatchRow): SelectedOrder {
  return {
    orderId: String(row.id),
    orderDate: row.orderDate,
    revenueFen: BigInt(row.revenueFen),
    grossProfitFen: BigInt(row.grossProfitFen),
    collectedCashFen: BigInt(row.collectedCashFen),
    afterSalesCostFen: BigInt(row.afterSalesCostFen),
    touches: (row.touches ?? []).map(([touchId, ageDays, date, time, campaignId, channel]) => ({
      touchId: sortableTouchId(touchId),
      ageDays,
      date,
      time,
      campaignId,
      channel,
    })),
  };
}

/** Attributes every order of the period, streamed in batches (the bench calls this too). */
export async function attributeOrders(
  db: Db,
  ctx: RequestContext,
  query: AttributionQuery,
  settings: AttributionSettings,
  batchSize = ATTRIBUTION_BATCH,
): Promise<AttributionTotals> {
  const totals = emptyTotals();
  await repo.streamOrders(db, ctx, query, settings.lookbackDays, batchSize, (rows) =>
    addOrders(totals, rows.map(toOrder), settings),
  );
  return totals;
}

function modelResults(totals: ModelTotals, costFen: bigint) {
  return Object.fromEntries(
    attributionModels.map((model) => {
      const t = totals[model];
      return [
        model,
        {
          revenueFen: Number(t.revenueFen),
          grossProfitFen: Number(t.grossProfitFen),
          collectedCashFen: Number(t.collectedCashFen),
          afterSalesCostFen: Number(t.afterSalesCostFen),
          roi: campaignRoi(t.grossProfitFen, costFen, t.afterSalesCostFen),
        },
      ];
    }),
  ) as AttributionReport['campaigns'][number]['models'];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const perUnit = (fen: number, units: number) =>
  units > 0 ? Number(customerAcquisitionCostFen(BigInt(fen), 0n, units)) : null;

export async function getAttributionReport(
  db: Db,
  ctx: RequestContext,
  query: AttributionQuery,
): Promise<AttributionReport> {
  checkRange(query.from, query.to);
  const settings = await attributionSettings(db, query.lookbackDays);
  const [totals, campaignStats, newCustomers, spend, years, stored] = await Promise.all([
    attributeOrders(db, ctx, query, settings),
    repo.listCampaignStats(db, ctx, query),
    repo.countNewCustomers(db, ctx, query, settings.lookbackDays),
    repo.sumSpend(db, ctx, query),
    repo.readCustomerYears(db, ctx, query, query.to),
    getSettings(db),
  ]);

  const campaigns = campaignStats
    .filter((c) => c.costFen !== 0 || c.leads > 0 || totals.byCampaign.has(c.campaignId))
    .map((c) => {
      const attributed = totals.byCampaign.get(c.campaignId);
      const won = newCustomers.byCampaign.get(c.campaignId) ?? 0;
      return {
        campaignId: c.campaignId,
        code: c.code,
        name: c.name,
        type: c.type as AttributionReport['campaigns'][number]['type'],
        channel: c.channel as MarketingChannel,
        costFen: c.costFen,
        leads: c.leads,
        opportunities: c.opportunities,
        leadToOpportunity: ratio(c.opportunities, c.leads),
        costPerLeadFen: perUnit(c.costFen, c.leads),
        ordersTouched: attributed?.ordersTouched ?? 0,
        newCustomers: won,
        cacFen: perUnit(c.costFen, won),
        models: modelResults(attributed?.models ?? emptyModelTotals(), BigInt(c.costFen)),
      };
    });

  // Channels: attributed amounts by the touch's channel; costs and leads by the campaign's.
  const channelKeys = new Set<string>([...totals.byChannel.keys(), ...campaigns.map((c) => c.channel)]);
  const channels = [...channelKeys]
    .filter((channel) => !query.channel || channel === query.channel)
    .sort()
    .map((channel) => {
      const own = campaigns.filter((c) => c.channel === channel);
      const costFen = own.reduce((sum, c) => sum + c.costFen, 0);
      const leads = own.reduce((sum, c) => sum + c.leads, 0);
      const opportunities = own.reduce((sum, c) => sum + c.opportunities, 0);
      return {
        channel: channel as MarketingChannel,
        costFen,
        leads,
        opportunities,
        leadToOpportunity: ratio(opportunities, leads),
        costPerLeadFen: perUnit(costFen, leads),
        models: modelResults(totals.byChannel.get(channel) ?? emptyModelTotals(), BigInt(costFen)),
      };
    });

  const cac = customerAcquisitionCostFen(
    BigInt(spend.marketingFen),
    BigInt(spend.salesFen),
    newCustomers.total,
  );
  const averageYearlyGp =
    years.activeCustomers > 0 ? BigInt(Math.round(years.grossProfitFen / years.activeCustomers)) : null;
  const churnBp =
    stored.yearlyChurnBp ??
    (years.priorCustomers > 0 ? Math.round((years.churned * 10_000) / years.priorCustomers) : null);
  const ltv =
    averageYearlyGp !== null && churnBp !== null ? lifetimeValueFen(averageYearlyGp, churnBp) : null;

  return {
    from: query.from,
    to: query.to,
    lookbackDays: settings.lookbackDays,
    orders: {
      total: totals.orders,
      attributed: totals.attributed,
      unattributed: totals.unattributed,
      revenueFen: Number(totals.all.revenueFen),
      grossProfitFen: Number(totals.all.grossProfitFen),
      collectedCashFen: Number(totals.all.collectedCashFen),
    },
    campaigns: query.campaignId ? campaigns.filter((c) => c.campaignId === query.campaignId) : campaigns,
    channels,
    economics: {
      marketingSpendFen: spend.marketingFen,
      salesSpendFen: spend.salesFen,
      newCustomers: newCustomers.total,
      cacFen: cac === null ? null : Number(cac),
      averageYearlyGrossProfitFen: averageYearlyGp === null ? null : Number(averageYearlyGp),
      yearlyChurnBp: churnBp,
      ltvFen: ltv === null ? null : Number(ltv),
      ltvToCac: ltv !== null && cac !== null && cac > 0n ? Number(ltv) / Number(cac) : null,
    },
  };
}

/** One order under all five models side by side, share by share. */
export async function getOrderAttribution(
  db: Queryable,
  ctx: RequestContext,
  orderId: number,
  lookbackDays?: number,
): Promise<OrderAttribution> {
  const settings = await attributionSettings(db, lookbackDays);
  const order = await repo.findOrderWithAmounts(db, ctx, orderId);
  if (!order) throw new AppError('NOT_FOUND');
  const touches = await repo.listTouchesInWindow(
    db,
    order.customerId,
    order.orderDate,
    settings.lookbackDays,
  );
  const forRules: OrderForAttribution = {
    orderId: String(order.id),
    orderDate: order.orderDate,
    revenueFen: BigInt(order.revenueFen),
    grossProfitFen: BigInt(order.grossProfitFen),
    collectedCashFen: BigInt(order.collectedCashFen),
    afterSalesCostFen: BigInt(order.afterSalesCostFen),
    touches: touches.map((t) => ({
      touchId: sortableTouchId(t.touchId),
      date: t.date,
      time: t.time,
      campaignId: t.campaignId,
      channel: t.channel,
    })),
  };
  const models = attributionModels.map((model) => {
    const shares = attributeOrderWithAfterSales(forRules, model, settings) ?? [];
    return {
      model: model as AttributionModelName,
      shares: shares.map((s) => ({
        touchId: Number(s.touch.touchId),
        revenueFen: Number(s.revenueFen),
        grossProfitFen: Number(s.grossProfitFen),
        collectedCashFen: Number(s.collectedCashFen),
        afterSalesCostFen: Number(s.afterSalesCostFen),
      })),
    };
  });
  return {
    order,
    lookbackDays: settings.lookbackDays,
    status: touches.length > 0 ? 'attributed' : 'unattributed',
    touches: touches.map((t) => ({
      touchId: t.touchId,
      date: t.date,
      time: t.time,
      ageDays: daysBetween(t.date, order.orderDate),
      kind: t.kind,
      channel: t.channel as MarketingChannel,
      campaignId: t.campaignId,
      campaignName: t.campaignName,
    })),
    models,
  };
}
