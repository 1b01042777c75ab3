/**
 * What the customers want, independent of what is in stock: each customer's buying profile
 * (product portfolio, order frequency and size, payment habit) and the orders it places day by
 * day over the history, with seasonality (Spring Festival, year-end budgets), regional growth
 * and weekdays. Pure and deterministic for a seed.
 */
import type { Random } from '../random.ts';
import { datesBetween, dayWeight, growthFactor } from './calendar.ts';
import { daysFrom, plusDays } from './days.ts';
import type { World, WorldCustomer, WorldProduct } from './world.ts';

export type PaymentHabit = 'punctual' | 'slow' | 'late' | 'bad' | 'bankrupt';

export interface CustomerProfile {
  customer: WorldCustomer;
  /** Orders per month at the start of the history, before calibration. */
  monthlyOrders: number;
  portfolio: { product: WorldProduct; weight: number }[];
  portfolioWeight: number;
  quantityFactor: number;
  maxLines: number;
  acceptsPartial: number;
  habit: PaymentHabit;
  /** Day of the month the customer pays on (hospitals), or 0 for "any working day". */
  paymentDay: number;
  /** Share of payments made with acceptance bills (承兑汇票). */
  billShare: number;
  /** Tender hospitals buy under yearly contracts. */
  usesContracts: boolean;
  /** The day a customer won during the history first orders, or null: it buys from the start. */
  activeFrom: string | null;
  /** The last day this customer orders (bankruptcy), or null. */
  activeUntil: string | null;
}

export interface DemandLine {
  product: WorldProduct;
  quantity: number;
  /** Manual discount in ten-thousandths (0 = none). */
  discount4: number;
}

export interface DemandOrder {
  profile: CustomerProfile;
  date: string;
  promisedDays: number;
  acceptPartial: boolean;
  /** A special price below our floor, approved by the sales director. */
  isBelowFloorDeal: boolean;
  lines: DemandLine[];
}

/** Units per order line for a mid-size (2A) hospital, and the pack size quantities round to. */
const lineQuantities: Record<string, readonly [number, number, number]> = {
  STENT: [1, 6, 1],
  BALLOON: [1, 8, 1],
  INFUSION: [100, 1000, 50],
  SYRINGE: [200, 3000, 100],
  ORTHO: [1, 4, 1],
  SPINE: [1, 3, 1],
  IVD: [2, 20, 1],
  SURGICAL: [10, 200, 10],
  SUTURE: [12, 144, 12],
  MONITOR: [1, 2, 1],
  DIALYSIS: [10, 60, 10],
  WOUND: [20, 300, 10],
};

export function packSizeOf(product: WorldProduct): number {
  return lineQuantities[product.lineCode]?.[2] ?? 1;
}

const gradeSize: Record<string, number> = {
  '3A': 1.6,
  '3B': 1.25,
  '2A': 1,
  '2B': 0.8,
  '1': 0.5,
  ungraded: 0.4,
};
const gradeOrders: Record<string, number> = {
  '3A': 4.2,
  '3B': 3,
  '2A': 2.2,
  '2B': 1.6,
  '1': 1,
  ungraded: 0.8,
};
const gradeLines: Record<string, readonly [number, number]> = {
  '3A': [7, 10],
  '3B': [5, 8],
  '2A': [4, 7],
  '2B': [3, 5],
  '1': [2, 4],
  ungraded: [2, 3],
};

/** Poisson-distributed count (inversion; fine for the small means used here). */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Could this kind of customer ever buy this product (its qualification type and classes)? */
function canEverBuy(customer: WorldCustomer, product: WorldProduct): boolean {
  if (product.deviceClass === 1) return true;
  if (customer.type === 'hospital' || customer.type === 'clinic') {
    return customer.qualifications.some((q) => q.type === 'medical_institution_licence');
  }
  return customer.qualifications.some((q) => q.coveredClasses.includes(product.deviceClass));
}

/**
 * The day a customer won during the history orders first, or null for one that buys from the
 * start: about one hospital, clinic or agent in twenty-five was won along the way, and one in
 * seventy in the last six weeks — the "new" customers of RFM (DOMAIN §6), whose first order ever
 * is recent. Distributors, few and large, buy from the start: one won late would swing its
 * region's growth.
 */
function wonOn(
  r: Random,
  customer: WorldCustomer,
  isBankrupt: boolean,
  from: string,
  today: string,
): string | null {
  if (isBankrupt || customer.type === 'distributor') return null;
  const roll = r.next();
  if (roll < 0.015) return plusDays(today, -r.int(7, 42));
  const historyDays = daysFrom(from, today);
  if (roll < 0.055 && historyDays > 120) return plusDays(from, r.int(30, historyDays - 60));
  return null;
}

/** Whether the customer orders on `date`: won by then, and not yet bankrupt. */
function isActiveOn(profile: CustomerProfile, date: string): boolean {
  return (
    (profile.activeFrom === null || date >= profile.activeFrom) &&
    (profile.activeUntil === null || date <= profile.activeUntil)
  );
}

export function buildProfiles(random: Random, world: World, from: string, today: string): CustomerProfile[] {
  const byLine = new Map<string, WorldProduct[]>();
  for (const p of world.products) byLine.set(p.lineCode, [...(byLine.get(p.lineCode) ?? []), p]);
  const lineCodes = [...byLine.keys()].sort();
  // One distributor went bankrupt ten months ago; its debts were written off since.
  const bankrupt = world.customers.find((c) => c.type === 'distributor' && c.distributorLevel === 2);

  return world.customers.map((customer) => {
    const r = random.fork(`profile:${customer.code}`);
    const grade = customer.hospitalGrade ?? '2A';
    let monthlyOrders: number;
    let lineCount: readonly [number, number];
    let skusPerLine: readonly [number, number];
    let quantityFactor: number;
    switch (customer.type) {
      case 'hospital':
        monthlyOrders = gradeOrders[grade] ?? 2;
        lineCount = gradeLines[grade] ?? [3, 5];
        skusPerLine = [3, 9];
        quantityFactor = gradeSize[grade] ?? 1;
        break;
      case 'distributor': {
        const level = customer.distributorLevel ?? 2;
        monthlyOrders = [0, 7, 3.6, 2][level]!;
        lineCount = level === 1 ? [9, 12] : level === 2 ? [6, 9] : [3, 6];
        skusPerLine = [6, 20];
        quantityFactor = [0, 5.5, 3, 1.6][level]!;
        break;
      }
      case 'agent':
        monthlyOrders = 1.6;
        lineCount = [2, 4];
        skusPerLine = [4, 10];
        quantityFactor = 2;
        break;
      default:
        monthlyOrders = 0.9;
        lineCount = [2, 4];
        skusPerLine = [2, 5];
        quantityFactor = 0.3;
    }
    monthlyOrders *= 0.7 + r.next() * 0.6;
    const chosenLines = shuffled(r, lineCodes).slice(0, r.int(lineCount[0], lineCount[1]));
    const portfolio: CustomerProfile['portfolio'] = [];
    for (const code of chosenLines.sort()) {
      const eligible = byLine.get(code)!.filter((p) => canEverBuy(customer, p));
      const picked = shuffled(r, eligible).slice(0, r.int(skusPerLine[0], skusPerLine[1]));
      picked.sort((a, b) => a.index - b.index);
      // A few favourites make most of the volume (Zipf-like).
      for (const [rank, product] of picked.entries()) portfolio.push({ product, weight: 1 / (rank + 1) });
    }
    if (portfolio.length === 0) {
      // A clinic whose lines hold nothing it may buy: the class I products of any line.
      const classOne = world.products.filter((p) => p.deviceClass === 1);
      for (const product of shuffled(r, classOne).slice(0, 4)) portfolio.push({ product, weight: 1 });
    }
    const isBankrupt = customer === bankrupt;
    const habitRoll = r.next();
    const habit: PaymentHabit = isBankrupt
      ? 'bankrupt'
      : habitRoll < 0.5
        ? 'punctual'
        : habitRoll < 0.8
          ? 'slow'
          : habitRoll < 0.97
            ? 'late'
            : 'bad';
    const profile: CustomerProfile = {
      customer,
      monthlyOrders,
      portfolio,
      portfolioWeight: portfolio.reduce((sum, p) => sum + p.weight, 0),
      quantityFactor,
      maxLines: Math.min(portfolio.length, customer.type === 'distributor' ? 8 : 5),
      acceptsPartial: customer.type === 'distributor' ? 0.6 : 0.2,
      habit,
      paymentDay: customer.type === 'hospital' ? r.pick([10, 15, 20, 25, 28]) : 0,
      billShare: customer.type === 'clinic' ? 0 : r.pick([0, 0, 0.1, 0.3]),
      usesContracts: customer.channel === 'tender',
      activeFrom: null,
      activeUntil: isBankrupt ? bankruptcyDate(today) : null,
    };
    // Drawn last, so that the draws above are what they were before customers were won.
    profile.activeFrom = wonOn(r, customer, isBankrupt, from, today);
    return profile;
  });
}

/** The bankrupt distributor's last order day. */
export function bankruptcyDate(today: string): string {
  return plusDays(today, -300);
}

function pickWeighted(random: Random, profile: CustomerProfile, taken: Set<number>): WorldProduct {
  for (;;) {
    let roll = random.next() * profile.portfolioWeight;
    for (const item of profile.portfolio) {
      roll -= item.weight;
      if (roll < 0) {
        if (!taken.has(item.product.index)) return item.product;
        break;
      }
    }
  }
}

function lineQuantity(random: Random, profile: CustomerProfile, product: WorldProduct): number {
  const [min, max, pack] = lineQuantities[product.lineCode] ?? [1, 10, 1];
  const base = min + random.next() * (max - min);
  const noisy = base * profile.quantityFactor * Math.exp(random.normal(0, 0.25));
  return Math.max(pack, Math.round(noisy / pack) * pack);
}

/**
 * Every order of the history, day by day. `ordersPerMonth` calibrates the whole: the expected
 * number of orders over the history is that many per month (times the scale), whatever the mix
 * of customers.
 */
export function generateDemand(
  random: Random,
  profiles: CustomerProfile[],
  from: string,
  to: string,
  ordersPerMonth: number,
): DemandOrder[] {
  const dates = datesBetween(from, to);
  const kinds = ['hospital', 'clinic', 'distributor', 'agent'] as const;
  const weights = new Map(kinds.map((k) => [k, dates.map((d) => dayWeight(d, k))]));
  const mean = new Map(
    kinds.map((k) => {
      const w = weights.get(k)!;
      return [k, w.reduce((a, b) => a + b, 0) / w.length];
    }),
  );
  const growth = new Map<string, Float64Array>();
  for (const profile of profiles) {
    const region = profile.customer.salesRegion;
    if (!growth.has(region))
      growth.set(
        region,
        Float64Array.from(dates, (_, i) => growthFactor(region, i)),
      );
  }
  // A customer's expected orders on day i, its curves looked up once (this runs for every
  // customer on every day, twice).
  const intensityOf = (profile: CustomerProfile) => {
    const perDay = profile.monthlyOrders / 30.44;
    const dayWeights = weights.get(profile.customer.type)!;
    const meanWeight = mean.get(profile.customer.type)!;
    const regionGrowth = growth.get(profile.customer.salesRegion)!;
    return (dayIndex: number) => ((perDay * dayWeights[dayIndex]!) / meanWeight) * regionGrowth[dayIndex]!;
  };
  const intensities = profiles.map(intensityOf);
  let expected = 0;
  for (let p = 0; p < profiles.length; p++) {
    const profile = profiles[p]!;
    const intensity = intensities[p]!;
    for (let i = 0; i < dates.length; i++) {
      if (isActiveOn(profile, dates[i]!)) expected += intensity(i);
    }
  }
  const scaleCount = profiles.length / 420;
  const calibration = expected > 0 ? (ordersPerMonth * scaleCount * (dates.length / 30.44)) / expected : 0;

  const orders: DemandOrder[] = [];
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    for (let p = 0; p < profiles.length; p++) {
      const profile = profiles[p]!;
      if (!isActiveOn(profile, date)) continue;
      const count = poisson(random, intensities[p]!(i) * calibration);
      for (let n = 0; n < count; n++) orders.push(demandOrder(random, profile, date));
    }
  }
  return orders;
}

function demandOrder(random: Random, profile: CustomerProfile, date: string): DemandOrder {
  const lineCount = Math.min(
    profile.maxLines,
    1 + poisson(random, profile.customer.type === 'distributor' ? 2.6 : 1.8),
  );
  const taken = new Set<number>();
  const lines: DemandLine[] = [];
  const discounts = profile.customer.channel === 'direct';
  for (let i = 0; i < lineCount; i++) {
    const product = pickWeighted(random, profile, taken);
    taken.add(product.index);
    lines.push({
      product,
      quantity: lineQuantity(random, profile, product),
      discount4: discounts && random.chance(0.08) ? random.int(2, 5) * 100 : 0,
    });
  }
  return {
    profile,
    date,
    promisedDays: profile.customer.type === 'distributor' ? random.int(3, 7) : random.int(1, 5),
    acceptPartial: random.chance(profile.acceptsPartial),
    isBelowFloorDeal: profile.customer.type === 'hospital' && random.chance(0.002),
    lines,
  };
}
