import type { SalesOverview } from '../../../../contracts/analytics.ts';
import type { Language } from '../../../../contracts/auth.ts';
import { channels } from '../../../../contracts/customers.ts';
import { formatAxisValue, formatPercent } from '../../shared/format.ts';
import type { OverviewParams } from './dashboard.api.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's filters from the address bar (so a drill-down is a link and Back undoes it). */
export function filtersFromSearch(search: URLSearchParams): OverviewParams {
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const regionId = Number(search.get('regionId'));
  const channel = search.get('channel') ?? '';
  return {
    ...(DATE.test(from) ? { from } : {}),
    ...(DATE.test(to) ? { to } : {}),
    ...(Number.isSafeInteger(regionId) && regionId > 0 ? { regionId } : {}),
    ...((channels as readonly string[]).includes(channel) ? { channel } : {}),
  };
}

export function searchFromFilters(filters: OverviewParams): Record<string, string> {
  const result: Record<string, string> = {};
  if (filters.from) result.from = filters.from;
  if (filters.to) result.to = filters.to;
  if (filters.regionId) result.regionId = String(filters.regionId);
  if (filters.channel) result.channel = filters.channel;
  return result;
}

/**
 * Whether the overview shows gross profit and margin: the server sends them as null to a role
 * that may not see cost (a distributor), and then no card, series or column of them is drawn.
 * Before the first answer the page is laid out as for the internal users most of it is for.
 */
export function isCostShown(kpis: Pick<SalesOverview['kpis'], 'grossProfitCnyFen'> | undefined): boolean {
  return kpis === undefined || kpis.grossProfitCnyFen !== null;
}

/**
 * Grid spans of the KPI card at `index` of `count`: two to a row on a phone (an odd last card
 * takes the whole row), all in one row on a wide screen.
 */
export function kpiCardSpan(index: number, count: number): { xs: number; xlFlex: string } {
  const isLoneLast = count % 2 === 1 && index === count - 1;
  return { xs: isLoneLast ? 24 : 12, xlFlex: `${Math.round(10_000 / count) / 100}%` };
}

export type ChangeTone = 'up' | 'down' | 'flat' | 'none';

/** Which way a year-over-year change points; under half a hundredth of a percent is flat. */
export function changeTone(change: number | null): ChangeTone {
  if (change === null || !Number.isFinite(change)) return 'none';
  if (Math.abs(change) < 0.00005) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** +12.3% / −4.5%, the sign always shown. */
export function formatChange(change: number, lang: Language): string {
  const text = formatPercent(Math.abs(change), lang);
  if (changeTone(change) === 'flat') return text;
  return `${change > 0 ? '+' : '−'}${text}`;
}

/** A change of margin in percentage points: 0.0234 → +2.3. */
export function formatPoints(points: number, lang: Language): string {
  const value = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.abs(points * 100));
  if (changeTone(points) === 'flat') return value;
  return `${points > 0 ? '+' : '−'}${value}`;
}

/** Each item's share of the total positive revenue (negative revenue, a net credit, has no share). */
export function revenueShares<T extends { revenueCnyFen: number }>(items: readonly T[]): number[] {
  const total = items.reduce((sum, item) => sum + Math.max(0, item.revenueCnyFen), 0);
  return items.map((item) => (total > 0 ? Math.max(0, item.revenueCnyFen) / total : 0));
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(days)}`;
}

export type PresetKey = 'thisMonth' | 'thisQuarter' | 'yearToDate' | 'last12Months' | 'lastYear';

/** Quick periods relative to today's business date (YYYY-MM-DD). */
export function periodPresets(today: string): { key: PresetKey; from: string; to: string }[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarterStart = month - ((month - 1) % 3);
  const twelveBack = month === 12 ? { y: year, m: 1 } : { y: year - 1, m: month + 1 };
  return [
    { key: 'thisMonth', from: `${year}-${pad(month)}-01`, to: today },
    { key: 'thisQuarter', from: `${year}-${pad(quarterStart)}-01`, to: today },
    { key: 'yearToDate', from: `${year}-01-01`, to: today },
    { key: 'last12Months', from: `${twelveBack.y}-${pad(twelveBack.m)}-01`, to: lastDayOfMonth(year, month) },
    { key: 'lastYear', from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
  ];
}

const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** '2026-03' → zh: 3月 / 26年3月, en: Mar / Mar 26 (the year when the chart spans more than one). */
export function monthLabel(month: string, lang: Language, withYear: boolean): string {
  const m = Number(month.slice(5, 7));
  const yy = month.slice(2, 4);
  if (lang === 'en') return withYear ? `${monthNames[m - 1]} ${yy}` : (monthNames[m - 1] ?? month);
  return withYear ? `${yy}年${m}月` : `${m}月`;
}

/** The label of a period's year(s) for the chart legend: 2026, or 2025–2026. */
export function yearsLabel(from: string, to: string): string {
  const a = from.slice(0, 4);
  const b = to.slice(0, 4);
  return a === b ? a : `${a}–${b}`;
}

/** Axis labels in yuan, compact and without fen: 9,000 / 1.5万 / 12K. */
export function axisYuan(fen: number, lang: Language): string {
  return formatAxisValue(fen / 100, lang, 0);
}
