/**
 * Customer value (DOMAIN §6): every customer in the caller's scope with an order is placed in
 * a segment by the pure rules (../rfm.rules.ts), fixed thresholds (default, editable per
 * request) or quintiles. Each segment's revenue share uses the semantic layer's revenue over
 * the F/M window, so it agrees with every other revenue figure.
 */
import type {
  CustomerValue,
  CustomerValueQuery,
  RfmThresholdsInput,
} from '../../../../contracts/analytics-insights.ts';
import { fixedSegments, quintileSegments, rfmThresholds } from '../../../../contracts/analytics-insights.ts';
import { recordAudit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays, businessDate, daysBetween, isIsoDate } from '../../../platform/dates.ts';
import { type Db, type Queryable, withTransaction } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  defaultRfmThresholds,
  type RfmFigures,
  type RfmThresholds,
  segmentByQuintiles,
  segmentOfFigures,
} from '../rfm.rules.ts';
import { labelLang, runAnalyticsQuery } from '../semantic/semantic.service.ts';
import * as repo from './customer-value.repository.ts';

type Label = { zh: string; en: string };

export const segmentLabels: Record<string, Label> = {
  high_value: { zh: '高价值', en: 'High value' },
  new: { zh: '新客户', en: 'New' },
  churn_risk: { zh: '流失风险', en: 'Churn risk' },
  low_value: { zh: '低价值', en: 'Low value' },
  potential: { zh: '潜力客户', en: 'Potential' },
  regular: { zh: '一般客户', en: 'Regular' },
  champions: { zh: '冠军客户', en: 'Champions' },
  loyal: { zh: '忠诚客户', en: 'Loyal' },
  at_risk: { zh: '风险客户', en: 'At risk' },
  hibernating: { zh: '休眠客户', en: 'Hibernating' },
  others: { zh: '其他', en: 'Others' },
};

/** What the owner reps should do with each segment (from the seeds). */
export const segmentActions: Record<string, Label> = {
  high_value: { zh: 'VIP 服务，交叉销售', en: 'VIP service and cross-sell' },
  new: { zh: '新客户引导（培训、首单回访）', en: 'Onboarding: training and a first-order follow-up' },
  churn_risk: { zh: '挽回：拜访了解原因，给出方案', en: 'Win back: visit, find the reason, make an offer' },
  low_value: { zh: '低成本维护（线上、经销商覆盖）', en: 'Low-touch: online or through distributors' },
  potential: { zh: '培育：提升频次与客单价', en: 'Nurture: raise frequency and order value' },
  regular: { zh: '常规跟进', en: 'Regular follow-up' },
  champions: { zh: 'VIP 服务，交叉销售', en: 'VIP service and cross-sell' },
  loyal: { zh: '提升客单价，推荐新品', en: 'Up-sell and introduce new products' },
  at_risk: { zh: '挽回：拜访了解原因，给出方案', en: 'Win back: visit, find the reason, make an offer' },
  hibernating: { zh: '低成本唤醒', en: 'Low-touch reactivation' },
  others: { zh: '培育', en: 'Nurture' },
};

/** A customer placed in its segment as of a day, with the figures that placed it. */
export interface SegmentedCustomer {
  customerId: number;
  segment: string;
  recencyDays: number;
  frequency: number;
  monetaryCnyFen: number;
  scores: { r: number; f: number; m: number } | null;
}

/**
 * Every customer in the caller's scope with an order on or before `asOf`, in its segment by
 * the pure rules (../rfm.rules.ts): fixed thresholds, or quintiles among those customers. The
 * one segmentation of the customer-value page, segment movement and segment tasks.
 */
export async function segmentCustomersAsOf(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  options: { mode: 'fixed' | 'quintile'; thresholds: RfmThresholds },
): Promise<SegmentedCustomer[]> {
  const figures = await repo.listCustomerRfm(db, ctx, asOf, {
    frequencyDays: options.thresholds.frequencyWindowDays,
    churnDays: options.thresholds.churnRisk.windowDays,
  });
  let placed: SegmentedCustomer[] = figures.map((row) => {
    const rfm: RfmFigures = {
      recencyDays: daysBetween(row.lastOrderDate, asOf),
      frequency: row.frequency,
      monetaryFen: BigInt(row.monetaryFen),
      firstOrderDate: row.firstOrderDate,
      lastOrderDate: row.lastOrderDate,
      ordersInChurnWindow: row.ordersInChurnWindow,
    };
    return {
      customerId: Number(row.customerId),
      segment: segmentOfFigures(rfm, asOf, options.thresholds),
      recencyDays: rfm.recencyDays,
      frequency: rfm.frequency,
      monetaryCnyFen: Number(rfm.monetaryFen),
      scores: null,
    };
  });
  if (options.mode === 'quintile') {
    const scored = new Map(
      segmentByQuintiles(
        placed.map((p) => ({
          customerId: String(p.customerId),
          recencyDays: p.recencyDays,
          frequency: p.frequency,
          monetaryFen: BigInt(p.monetaryCnyFen),
        })),
      ).map((q) => [Number(q.customerId), q]),
    );
    placed = placed.map((p) => {
      const q = scored.get(p.customerId)!;
      return { ...p, segment: q.segment, scores: { r: q.r, f: q.f, m: q.m } };
    });
  }
  return placed;
}

export async function getCustomerValue(
  db: Queryable,
  ctx: RequestContext,
  query: CustomerValueQuery,
  today = businessDate(),
): Promise<CustomerValue> {
  const lang = labelLang(ctx);
  const asOf = query.asOf ?? today;
  if (!isIsoDate(asOf)) throw new AppError('INVALID_PERIOD', { detail: asOf });
  const thresholds: RfmThresholds = query.thresholds ?? (await getRfmThresholds(db));
  const known: readonly string[] = query.mode === 'fixed' ? fixedSegments : quintileSegments;
  if (query.segment !== undefined && !known.includes(query.segment)) {
    throw new AppError(
      'ANALYTICS_UNKNOWN_FIELD',
      { kind: lang === 'en' ? 'segment' : '客户分群', field: query.segment },
      { field: 'segment' },
    );
  }

  const window = { from: addDays(asOf, -(thresholds.frequencyWindowDays - 1)), to: asOf };
  const [segmented, revenue] = await Promise.all([
    segmentCustomersAsOf(db, ctx, asOf, { mode: query.mode, thresholds }),
    runAnalyticsQuery(db, ctx, {
      measures: ['revenue'],
      dimensions: ['customer'],
      filters: [],
      sort: [],
      limit: 10_000,
      timeRange: window,
    }),
  ]);
  const revenueOf = new Map(revenue.rows.map((r) => [Number(r.keys[0]), r.values.revenue ?? 0]));
  const placed = segmented.map((p) => ({ ...p, revenueCnyFen: revenueOf.get(p.customerId) ?? 0 }));

  const totalRevenue = revenue.totals.values.revenue ?? 0;
  const segments = known.map((segment) => {
    const members = placed.filter((p) => p.segment === segment);
    const segmentRevenue = members.reduce((sum, p) => sum + p.revenueCnyFen, 0);
    return {
      segment,
      label: segmentLabels[segment]![lang],
      customers: members.length,
      customerShare: placed.length ? members.length / placed.length : null,
      revenueCnyFen: segmentRevenue,
      revenueShare: totalRevenue > 0 ? segmentRevenue / totalRevenue : null,
      action: segmentActions[segment]![lang],
    };
  });

  const listed = placed
    .filter((p) => query.segment === undefined || p.segment === query.segment)
    .sort((a, b) => b.monetaryCnyFen - a.monetaryCnyFen || a.customerId - b.customerId)
    .slice(0, query.limit);
  const names = new Map(
    (
      await repo.listCustomerNames(
        db,
        listed.map((p) => p.customerId),
      )
    ).map((n) => [n.id, n]),
  );
  return {
    asOf,
    mode: query.mode,
    thresholds,
    customersWithOrders: placed.length,
    revenueWindow: window,
    totalRevenueCnyFen: totalRevenue,
    segments,
    customers: listed.map((p) => ({
      ...p,
      name: names.get(p.customerId)?.name ?? '',
      ownerRepName: names.get(p.customerId)?.ownerRepName ?? null,
    })),
  };
}

/** The thresholds in force: the stored ones, else DOMAIN §6's defaults. */
export async function getRfmThresholds(db: Queryable): Promise<RfmThresholds> {
  const stored = rfmThresholds.safeParse(await repo.getStoredThresholds(db));
  return stored.success ? stored.data : defaultRfmThresholds;
}

/** Replaces the stored thresholds (audited); every later segmentation uses them. */
export async function updateRfmThresholds(
  db: Db,
  ctx: RequestContext,
  thresholds: RfmThresholdsInput,
): Promise<RfmThresholds> {
  return withTransaction(db, async (tx) => {
    const before = await getRfmThresholds(tx);
    await repo.storeThresholds(tx, thresholds, ctx.userId > 0 ? ctx.userId : null);
    await recordAudit(tx, ctx, { action: 'update', entity: 'rfm_thresholds', before, after: thresholds });
    return thresholds;
  });
}
