/**
 * The company's prices over the history: yearly channel price lists (per distributor level
 * too), agreement price lists for key accounts and yearly tender contracts, and the exact
 * candidate set the pricing repository would load for an order line, so that the pure rule
 * (`resolvePrice`) picks the same price the service would.
 */
import {
  type ContractPrice,
  type PriceListPrice,
  type ResolvedPrice,
  resolvePrice,
} from '../../server/modules/sales/pricing/pricing.rules.ts';
import type { Random } from '../random.ts';
import { plusDays } from './days.ts';
import type { CustomerProfile } from './demand.ts';
import type { WorldCustomer, WorldProduct } from './world.ts';

type Channel = WorldCustomer['channel'];

export interface PriceList {
  /** Local id (1…n); the writer adds the table's id offset. */
  id: number;
  code: string;
  name: string;
  kind: 'channel' | 'customer';
  channel: Channel | null;
  distributorLevel: number | null;
  customerId: number | null;
  validFrom: string;
  validUntil: string | null;
  items: { productId: number; unitPrice: number }[];
}

export interface Contract {
  id: number;
  number: string;
  customer: WorldCustomer;
  signedOn: string;
  validFrom: string;
  validUntil: string;
  lines: { productId: number; unitPrice: number }[];
}

/** Share of the list price per channel list (DOMAIN §10: our own selling prices only). */
const channelShare: { key: string; channel: Channel; level: number | null; share: number; nameZh: string }[] =
  [
    { key: 'DIRECT', channel: 'direct', level: null, share: 0.95, nameZh: '直销医院价' },
    { key: 'TENDER', channel: 'tender', level: null, share: 0.86, nameZh: '招标挂网价' },
    { key: 'AGENT', channel: 'agent', level: null, share: 0.85, nameZh: '代理商价' },
    { key: 'DIST', channel: 'distributor', level: null, share: 0.82, nameZh: '经销商价' },
    { key: 'DIST-L1', channel: 'distributor', level: 1, share: 0.76, nameZh: '一级经销商价' },
    { key: 'DIST-L2', channel: 'distributor', level: 2, share: 0.8, nameZh: '二级经销商价' },
    { key: 'DIST-L3', channel: 'distributor', level: 3, share: 0.84, nameZh: '三级经销商价' },
  ];

/** Yearly price change of a line: volume-based procurement keeps cutting implant prices. */
const yearlyCut: Record<string, number> = {
  STENT: 0.03,
  BALLOON: 0.025,
  ORTHO: 0.02,
  SPINE: 0.02,
  IVD: 0.015,
};

function roundPrice(fen: number): number {
  // Whole yuan above 100 yuan, 0.1 yuan below: what a price list looks like.
  return fen >= 10_000 ? Math.round(fen / 100) * 100 : Math.max(10, Math.round(fen / 10) * 10);
}

function priceFor(product: WorldProduct, share: number, yearsBack: number, noise: number): number {
  const cut = yearlyCut[product.lineCode] ?? 0.01;
  const price = roundPrice(product.listPriceFen * share * (1 + cut) ** yearsBack * noise);
  return Math.max(price, product.floorPriceFen ?? 0);
}

export interface PriceBook {
  lists: PriceList[];
  contracts: Contract[];
  /** The contract a customer orders under on a date. */
  contractOn(customer: WorldCustomer, date: string): Contract | undefined;
  resolve(customer: WorldCustomer, product: WorldProduct, date: string, quantity: number): ResolvedPrice;
}

export function buildPriceBook(
  random: Random,
  products: WorldProduct[],
  profiles: CustomerProfile[],
  from: string,
  today: string,
): PriceBook {
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const lists: PriceList[] = [];
  const contracts: Contract[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const yearsBack = lastYear - year;
    const validFrom = `${year}-01-01`;
    const validUntil = year === lastYear ? null : `${year}-12-31`;
    for (const c of channelShare) {
      const r = random.fork(`list:${year}:${c.key}`);
      lists.push({
        id: lists.length + 1,
        code: `PL-${year}-${c.key}`,
        name: `${year}年${c.nameZh}`,
        kind: 'channel',
        channel: c.channel,
        distributorLevel: c.level,
        customerId: null,
        validFrom,
        validUntil,
        // A few new products are not on the list yet: they sell at list price.
        items: products
          .filter(() => !r.chance(0.02))
          .map((p) => ({
            productId: p.id,
            unitPrice: priceFor(p, c.share, yearsBack, 0.98 + r.next() * 0.04),
          })),
      });
    }
    for (const profile of profiles) {
      const customer = profile.customer;
      const isKeyAccount =
        customer.distributorLevel === 1 || (customer.hospitalGrade === '3A' && customer.channel === 'direct');
      const r = random.fork(`agreement:${year}:${customer.code}`);
      if (isKeyAccount && (customer.distributorLevel === 1 || r.chance(0.15))) {
        const base = channelShare.find(
          (c) => c.channel === customer.channel && c.level === customer.distributorLevel,
        )!;
        lists.push({
          id: lists.length + 1,
          code: `PL-${year}-${customer.code}`,
          name: `${customer.name} ${year}年协议价`,
          kind: 'customer',
          channel: null,
          distributorLevel: null,
          customerId: customer.id,
          validFrom,
          validUntil,
          items: profile.portfolio
            .filter(() => r.chance(0.6))
            .map(({ product }) => ({
              productId: product.id,
              unitPrice: priceFor(product, base.share * 0.97, yearsBack, 1),
            })),
        });
      }
      if (profile.usesContracts) {
        const signedOn = plusDays(validFrom, -r.int(8, 20));
        contracts.push({
          id: contracts.length + 1,
          number: '', // numbered by the caller, by signing date
          customer,
          signedOn,
          validFrom,
          validUntil: `${year}-12-31`,
          lines: profile.portfolio
            .filter(() => r.chance(0.7))
            .map(({ product }) => ({
              productId: product.id,
              unitPrice: priceFor(product, 0.84, yearsBack, 1),
            })),
        });
      }
    }
  }
  return makeBook(lists, contracts);
}

/** Candidates filed by an outer key (channel or customer), then by product: no string keys. */
class Filed<Outer, T> {
  private readonly byOuter = new Map<Outer, Map<number, T[]>>();

  add(outer: Outer, productId: number, item: T): void {
    let byProduct = this.byOuter.get(outer);
    if (!byProduct) {
      byProduct = new Map();
      this.byOuter.set(outer, byProduct);
    }
    const items = byProduct.get(productId);
    if (items) items.push(item);
    else byProduct.set(productId, [item]);
  }

  get(outer: Outer, productId: number): T[] | undefined {
    return this.byOuter.get(outer)?.get(productId);
  }
}

function makeBook(lists: PriceList[], contracts: Contract[]): PriceBook {
  // Candidates as the repository loads them: per channel, per customer, per contract customer.
  const channelPrices = new Filed<Channel | null, PriceListPrice>();
  const customerPrices = new Filed<number | null, PriceListPrice>();
  for (const list of lists) {
    for (const item of list.items) {
      const price: PriceListPrice = {
        priceListId: list.id,
        kind: list.kind,
        channel: list.channel,
        distributorLevel: list.distributorLevel,
        customerId: list.customerId,
        productId: item.productId,
        unitPrice: item.unitPrice,
        currency: 'CNY',
        validFrom: list.validFrom,
        validUntil: list.validUntil,
        isActive: true,
      };
      if (list.kind === 'channel') channelPrices.add(list.channel, item.productId, price);
      else customerPrices.add(list.customerId, item.productId, price);
    }
  }
  const contractPrices = new Filed<number, ContractPrice>();
  const contractsOf = new Map<number, Contract[]>();
  for (const contract of contracts) {
    contractsOf.set(contract.customer.id, [...(contractsOf.get(contract.customer.id) ?? []), contract]);
    for (const line of contract.lines) {
      contractPrices.add(contract.customer.id, line.productId, {
        contractId: contract.id,
        customerId: contract.customer.id,
        productId: line.productId,
        unitPrice: line.unitPrice,
        currency: 'CNY',
        validFrom: contract.validFrom,
        validUntil: contract.validUntil,
        isActive: true,
      });
    }
  }
  const valid = <T extends { validFrom: string; validUntil: string | null }>(
    items: T[] | undefined,
    date: string,
  ) => (items ?? []).filter((i) => i.validFrom <= date && (i.validUntil === null || i.validUntil >= date));

  const contractOn = (customer: WorldCustomer, date: string) =>
    contractsOf.get(customer.id)?.find((c) => c.validFrom <= date && date <= c.validUntil);

  // Every list and contract is valid for whole calendar years, so the candidates (and with no
  // promotions, the quantity does not matter) are the same all year: the rule's answer is cached
  // by product and year in one small integer (building a string key for each order line cost
  // more than the rule itself). A product that the customer has no list price or contract price
  // of its own for has only its channel's lists as candidates, so the rule answers the same for
  // every customer of that channel and distributor level: they share one cache. (Per customer,
  // most products are ordered too seldom in a year for a cache of its own to be hit, the more so
  // the larger the scale.)
  const byChannel = new Map<string, Map<number, ResolvedPrice>>();
  const channelCacheOf = new Map<number, Map<number, ResolvedPrice>>();
  const ownCacheOf = new Map<number, Map<number, ResolvedPrice>>();
  const cacheFor = (customer: WorldCustomer, productId: number) => {
    const ofOwn =
      customerPrices.get(customer.id, productId) !== undefined ||
      contractPrices.get(customer.id, productId) !== undefined;
    const caches = ofOwn ? ownCacheOf : channelCacheOf;
    let cache = caches.get(customer.id);
    if (!cache) {
      if (ofOwn) cache = new Map();
      else {
        const channelKey = `${customer.channel}/${customer.distributorLevel}`;
        cache = byChannel.get(channelKey) ?? new Map();
        byChannel.set(channelKey, cache);
      }
      caches.set(customer.id, cache);
    }
    return cache;
  };
  return {
    lists,
    contracts,
    contractOn,
    resolve(customer, product, date, quantity) {
      const cache = cacheFor(customer, product.id);
      const key = product.id * 10_000 + Number(date.slice(0, 4));
      const cached = cache.get(key);
      if (cached) return cached;
      const contract = contractOn(customer, date);
      const price = resolvePrice(
        {
          customer: {
            id: customer.id,
            channel: customer.channel,
            distributorLevel: customer.distributorLevel,
          },
          product: { id: product.id, listPrice: product.listPriceFen },
          date,
          currency: 'CNY',
          quantity,
          contractId: contract?.id ?? null,
        },
        {
          contracts: valid(contractPrices.get(customer.id, product.id), date),
          promotions: [],
          priceLists: [
            ...valid(customerPrices.get(customer.id, product.id), date),
            ...valid(channelPrices.get(customer.channel, product.id), date),
          ],
        },
      );
      cache.set(key, price);
      return price;
    },
  };
}
