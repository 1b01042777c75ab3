/**
 * Adds up order attributions per campaign and per channel under all five models. Pure: the SQL
 * gathers each order's amounts and touches set-based, the splitting is attribution.rules.ts.
 */
import { splitByWeights } from '../shared/money-split.ts';
import {
  type AttributionModel,
  type AttributionSettings,
  attributeOrder,
  attributionModels,
  modelWeights,
  type Touch,
} from './attribution.rules.ts';

export interface CampaignTouch extends Touch {
  campaignId: number;
  channel: string;
}

/** A touch already selected for its order (in the window, in attribution order), with its age. */
export interface SelectedTouch extends CampaignTouch {
  ageDays: number;
}

export interface OrderForAttribution {
  orderId: string;
  orderDate: string;
  revenueFen: bigint;
  grossProfitFen: bigint;
  collectedCashFen: bigint;
  afterSalesCostFen: bigint;
  touches: CampaignTouch[];
}

export interface Amounts {
  revenueFen: bigint;
  grossProfitFen: bigint;
  collectedCashFen: bigint;
  afterSalesCostFen: bigint;
}

export type ModelTotals = Record<AttributionModel, Amounts>;

export interface AttributionTotals {
  orders: number;
  attributed: number;
  unattributed: number;
  /** Every order's amounts, attributed or not. */
  all: Amounts;
  byCampaign: Map<number, { models: ModelTotals; ordersTouched: number }>;
  byChannel: Map<string, ModelTotals>;
}

const zero = (): Amounts => ({
  revenueFen: 0n,
  grossProfitFen: 0n,
  collectedCashFen: 0n,
  afterSalesCostFen: 0n,
});
export const emptyModelTotals = (): ModelTotals =>
  Object.fromEntries(attributionModels.map((m) => [m, zero()])) as ModelTotals;

export function emptyTotals(): AttributionTotals {
  return {
    orders: 0,
    attributed: 0,
    unattributed: 0,
    all: zero(),
    byCampaign: new Map(),
    byChannel: new Map(),
  };
}

function add(target: Amounts, revenue: bigint, gp: bigint, cash: bigint, afterSales: bigint) {
  target.revenueFen += revenue;
  target.grossProfitFen += gp;
  target.collectedCashFen += cash;
  target.afterSalesCostFen += afterSales;
}

/** One order's shares under one model, with the after-sales cost split by the same weights. */
export function attributeOrderWithAfterSales(
  order: OrderForAttribution,
  model: AttributionModel,
  settings: AttributionSettings,
) {
  const result = attributeOrder(order, order.touches, model, settings);
  if (result.status === 'unattributed') return null;
  const weights = modelWeights(
    model,
    result.shares.map((s) => s.ageDays),
    settings.halfLifeDays,
  );
  const afterSales = splitByWeights(order.afterSalesCostFen, weights);
  return result.shares.map((share, i) => ({ ...share, afterSalesCostFen: afterSales[i]! }));
}

/**
 * splitByWeights with shortcuts for the shapes the bulk path meets millions of times, each
 * giving exactly what the general rule gives: a zero amount (all shares zero); a single weighted
 * share (first and last touch, any model with one touch: it takes the whole); equal weights
 * (linear: the whole divided evenly, the leftover fen to the earliest shares, as ties go).
 */
function splitExactly(total: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  if (total === 0n && n > 0) return weights.map(() => 0n);
  let only = -1;
  let isEqual = true;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (w !== weights[0]) isEqual = false;
    if (w === 0n) continue;
    only = only === -1 ? i : -2;
  }
  if (only >= 0) return weights.map((_, i) => (i === only ? total : 0n));
  if (isEqual && n > 0 && weights[0]! > 0n) {
    const negative = total < 0n;
    const whole = negative ? -total : total;
    const each = whole / BigInt(n);
    const leftover = Number(whole - each * BigInt(n));
    return weights.map((_, i) => {
      const share = i < leftover ? each + 1n : each;
      return negative ? -share : share;
    });
  }
  return splitByWeights(total, weights);
}

/**
 * The bulk path: the order's touches come already selected and ordered by the database (the same
 * window and order as selectTouches), with their ages, so only the weights and the splitting of
 * attribution.rules.ts and money-split.ts remain — once per model, four amounts each.
 */
export function splitSelectedTouches(
  order: Omit<OrderForAttribution, 'touches'> & { touches: readonly SelectedTouch[] },
  model: AttributionModel,
  halfLifeDays: number,
) {
  if (order.touches.length === 0) return null;
  const weights = modelWeights(
    model,
    order.touches.map((t) => t.ageDays),
    halfLifeDays,
  );
  const revenue = splitExactly(order.revenueFen, weights);
  const grossProfit = splitExactly(order.grossProfitFen, weights);
  const cash = splitExactly(order.collectedCashFen, weights);
  const afterSales = splitExactly(order.afterSalesCostFen, weights);
  return order.touches.map((touch, i) => ({
    touch,
    ageDays: touch.ageDays,
    revenueFen: revenue[i]!,
    grossProfitFen: grossProfit[i]!,
    collectedCashFen: cash[i]!,
    afterSalesCostFen: afterSales[i]!,
  }));
}

export interface SelectedOrder extends Omit<OrderForAttribution, 'touches'> {
  touches: SelectedTouch[];
}

/** Adds a batch of orders (touches selected by the database) to running totals. */
export function addOrders(
  totals: AttributionTotals,
  orders: readonly SelectedOrder[],
  settings: AttributionSettings,
): void {
  for (const order of orders) {
    totals.orders += 1;
    add(totals.all, order.revenueFen, order.grossProfitFen, order.collectedCashFen, order.afterSalesCostFen);
    let touchedCampaigns: Set<number> | null = null;
    for (const model of attributionModels) {
      const shares = splitSelectedTouches(order, model, settings.halfLifeDays);
      if (!shares) break;
      if (!touchedCampaigns) {
        touchedCampaigns = new Set(shares.map((s) => s.touch.campaignId));
        for (const campaignId of touchedCampaigns) {
          let entry = totals.byCampaign.get(campaignId);
          if (!entry) {
            entry = { models: emptyModelTotals(), ordersTouched: 0 };
            totals.byCampaign.set(campaignId, entry);
          }
          entry.ordersTouched += 1;
        }
      }
      for (const share of shares) {
        add(
          totals.byCampaign.get(share.touch.campaignId)!.models[model],
          share.revenueFen,
          share.grossProfitFen,
          share.collectedCashFen,
          share.afterSalesCostFen,
        );
        let channel = totals.byChannel.get(share.touch.channel);
        if (!channel) {
          channel = emptyModelTotals();
          totals.byChannel.set(share.touch.channel, channel);
        }
        add(
          channel[model],
          share.revenueFen,
          share.grossProfitFen,
          share.collectedCashFen,
          share.afterSalesCostFen,
        );
      }
    }
    if (touchedCampaigns) totals.attributed += 1;
    else totals.unattributed += 1;
  }
}
