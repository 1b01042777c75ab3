/**
 * The demo company's business calendar: the real Chinese New Year dates, public holidays,
 * weekdays, the hospitals' year-end budget peak and each sales region's growth. Pure.
 */
import { daysFrom, plusDays, weekdayOf } from './days.ts';

/** 春节 (first day of the first lunar month), Gregorian dates. */
const chineseNewYear: Record<number, string> = {
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

export function chineseNewYearOf(year: number): string {
  const date = chineseNewYear[year];
  if (!date) throw new RangeError(`no Chinese New Year date on file for ${year}`);
  return date;
}

export type CustomerKind = 'hospital' | 'clinic' | 'distributor' | 'agent';

/** Days around the Spring Festival: distributors stock up before it, everyone stops during it. */
function springFestivalFactor(date: string, kind: CustomerKind): number {
  const year = Number(date.slice(0, 4));
  // The festival of this year or of the next one (late December is before next year's).
  const offsets = [year, year + 1].map((y) => daysFrom(chineseNewYearOf(y), date));
  const d = offsets.find((o) => o >= -30 && o <= 30);
  if (d === undefined) return 1;
  if (d >= -21 && d <= -8) return kind === 'distributor' || kind === 'agent' ? 1.35 : 1.05;
  if (d >= -7 && d <= -1) return 0.4;
  if (d >= 0 && d <= 6) return 0.04;
  if (d >= 7 && d <= 14) return 0.45;
  if (d >= 15 && d <= 21) return 0.85;
  return 1;
}

/** Hospitals spend what is left of the year's budget in November and December. */
const hospitalMonth = [1.0, 1.0, 1.06, 1.0, 0.98, 1.04, 0.94, 0.92, 1.03, 0.95, 1.2, 1.42];
const tradeMonth = [1.0, 1.0, 1.06, 1.02, 1.0, 1.04, 0.96, 0.95, 1.04, 0.97, 1.1, 1.2];

const weekdayFactor = [0.1, 1, 1, 1, 1, 1, 0.28]; // Sunday … Saturday

function holidayFactor(date: string): number {
  const md = date.slice(5);
  if (md >= '10-01' && md <= '10-07') return 0.2; // National Day golden week
  if (md >= '05-01' && md <= '05-05') return 0.45; // Labour Day
  if (md === '01-01') return 0.2;
  return 1;
}

/** Relative order intensity of one day for one kind of customer (1 ≈ an ordinary weekday). */
export function dayWeight(date: string, kind: CustomerKind): number {
  const weekday = weekdayOf(date);
  const month = Number(date.slice(5, 7)) - 1;
  const season = kind === 'hospital' || kind === 'clinic' ? hospitalMonth[month]! : tradeMonth[month]!;
  return weekdayFactor[weekday]! * holidayFactor(date) * springFestivalFactor(date, kind) * season;
}

/**
 * Yearly growth of the number of orders in each sales region (fastest in the southwest). Prices
 * fall a few per cent a year (volume-based procurement), so order value grows some 15 %.
 */
export const regionGrowth: Record<string, number> = {
  EAST: 1.2,
  NORTH: 1.18,
  SOUTH: 1.23,
  CENTRAL: 1.22,
  SOUTHWEST: 1.28,
  NORTHWEST: 1.16,
  NORTHEAST: 1.11,
};

export function growthFactor(regionCode: string, daysFromStart: number): number {
  return (regionGrowth[regionCode] ?? 1.2) ** (daysFromStart / 365);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) dates.push(d);
  return dates;
}

/** The first day of the month `months` months before the month of `date`. */
export function monthStartBefore(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - months;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
