/**
 * Price resolution for a customer (DOMAIN §10), pure: given every candidate price that could
 * apply, pick the one that does. The order is
 *
 *   contract price → promotion → customer-level price list → channel price list → list price
 *
 * and the first source with an applicable price wins. Among promotions the lowest price wins,
 * unless one is marked exclusive (then the lowest exclusive one wins). Within one source the
 * most specific and then the most recent (latest valid-from, then highest id) wins; a channel
 * list for the customer's distributor level is more specific than one for the whole channel.
 *
 * Promotions are an extension point: the marketing module will supply them; until then the
 * repository passes none. The floor check (never below our floor without an approval) is
 * not here: it applies to the final, discounted price of an order line (see orders).
 */
import type { PriceSource } from '../../../../contracts/pricing.ts';

export interface PricingCustomer {
  id: number;
  channel: 'direct' | 'distributor' | 'agent' | 'tender';
  distributorLevel: number | null;
}

export interface PricingProduct {
  id: number;
  /** Our list price, already in the document currency. */
  listPrice: number;
}

interface Validity {
  /** YYYY-MM-DD, inclusive */
  validFrom: string;
  /** YYYY-MM-DD inclusive, or null for open-ended */
  validUntil: string | null;
}

export interface ContractPrice extends Validity {
  contractId: number;
  customerId: number;
  productId: number;
  unitPrice: number;
  currency: string;
  isActive: boolean;
}

export interface PromotionPrice extends Validity {
  promotionId: number;
  productId: number;
  unitPrice: number;
  currency: string;
  isExclusive: boolean;
  /** Conditions; null means "any". */
  customerId: number | null;
  channel: PricingCustomer['channel'] | null;
  distributorLevel: number | null;
  minQuantity: number;
}

export interface PriceListPrice extends Validity {
  priceListId: number;
  kind: 'channel' | 'customer';
  channel: PricingCustomer['channel'] | null;
  distributorLevel: number | null;
  customerId: number | null;
  productId: number;
  unitPrice: number;
  currency: string;
  isActive: boolean;
}

export interface PriceCandidates {
  contracts: readonly ContractPrice[];
  promotions: readonly PromotionPrice[];
  priceLists: readonly PriceListPrice[];
}

export interface PriceRequest {
  customer: PricingCustomer;
  product: PricingProduct;
  /** YYYY-MM-DD, the document date */
  date: string;
  currency: string;
  quantity: number;
  /** When the order names a contract, only that contract's prices count. */
  contractId?: number | null;
}

export interface ResolvedPrice {
  unitPrice: number;
  source: Exclude<PriceSource, 'manual'>;
  referenceId: number | null;
}

export function isValidOn(validity: Validity, date: string): boolean {
  return validity.validFrom <= date && (validity.validUntil === null || date <= validity.validUntil);
}

/** Latest valid-from first, then the highest id: the newest agreement wins a tie. */
function newestFirst<T extends Validity>(id: (item: T) => number) {
  return (a: T, b: T) => b.validFrom.localeCompare(a.validFrom) || id(b) - id(a);
}

export function resolvePrice(request: PriceRequest, candidates: PriceCandidates): ResolvedPrice {
  const { customer, product, date, currency } = request;

  const contract = candidates.contracts
    .filter(
      (c) =>
        c.isActive &&
        c.customerId === customer.id &&
        c.productId === product.id &&
        c.currency === currency &&
        isValidOn(c, date) &&
        (request.contractId == null || c.contractId === request.contractId),
    )
    .sort(newestFirst((c) => c.contractId))[0];
  if (contract)
    return { unitPrice: contract.unitPrice, source: 'contract', referenceId: contract.contractId };

  const promotion = pickPromotion(
    candidates.promotions.filter(
      (p) =>
        p.productId === product.id &&
        p.currency === currency &&
        isValidOn(p, date) &&
        (p.customerId === null || p.customerId === customer.id) &&
        (p.channel === null || p.channel === customer.channel) &&
        (p.distributorLevel === null || p.distributorLevel === customer.distributorLevel) &&
        request.quantity >= p.minQuantity,
    ),
  );
  if (promotion)
    return { unitPrice: promotion.unitPrice, source: 'promotion', referenceId: promotion.promotionId };

  const lists = candidates.priceLists.filter(
    (l) => l.isActive && l.productId === product.id && l.currency === currency && isValidOn(l, date),
  );
  const customerList = lists
    .filter((l) => l.kind === 'customer' && l.customerId === customer.id)
    .sort(newestFirst((l) => l.priceListId))[0];
  if (customerList) {
    return {
      unitPrice: customerList.unitPrice,
      source: 'customer_price_list',
      referenceId: customerList.priceListId,
    };
  }

  const channelLists = lists.filter(
    (l) =>
      l.kind === 'channel' &&
      l.channel === customer.channel &&
      (l.distributorLevel === null || l.distributorLevel === customer.distributorLevel),
  );
  const channelList =
    channelLists.filter((l) => l.distributorLevel !== null).sort(newestFirst((l) => l.priceListId))[0] ??
    channelLists.filter((l) => l.distributorLevel === null).sort(newestFirst((l) => l.priceListId))[0];
  if (channelList) {
    return {
      unitPrice: channelList.unitPrice,
      source: 'channel_price_list',
      referenceId: channelList.priceListId,
    };
  }

  return { unitPrice: product.listPrice, source: 'list_price', referenceId: null };
}

/** The lowest applicable promotion, unless one is exclusive: then the lowest exclusive one. */
export function pickPromotion(applicable: readonly PromotionPrice[]): PromotionPrice | undefined {
  const exclusive = applicable.filter((p) => p.isExclusive);
  const pool = exclusive.length > 0 ? exclusive : applicable;
  return [...pool].sort((a, b) => a.unitPrice - b.unitPrice || a.promotionId - b.promotionId)[0];
}

/**
 * Is the line's final price below our floor? Compared in the company currency: the line's
 * net CNY amount against floor × quantity. A product without a floor is never below it.
 */
export function isBelowFloor(line: {
  quantity: number;
  netCnyFen: number;
  floorPriceFen: number | null;
}): boolean {
  return line.floorPriceFen !== null && line.netCnyFen < line.floorPriceFen * line.quantity;
}
