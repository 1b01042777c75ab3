import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../platform/dates.ts';
import { attributionModels, defaultAttributionSettings, selectTouches } from './attribution.rules.ts';
import {
  addOrders,
  attributeOrderWithAfterSales,
  emptyTotals,
  type OrderForAttribution,
  type SelectedOrder,
  splitSelectedTouches,
} from './attribution.totals.ts';

const touchArb = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  time: fc.constantFrom('08:00:00', '12:30:00', '18:45:10'),
  campaignId: fc.integer({ min: 1, max: 6 }),
  channel: fc.constantFrom('exhibition', 'academic', 'search'),
});

const orderArb = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  revenue: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  gp: fc.bigInt({ min: -(10n ** 11n), max: 10n ** 12n }),
  cash: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  afterSales: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  touches: fc.array(touchArb, { maxLength: 25 }),
});

type RawOrder = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;

function toOrder(o: RawOrder, index: number): OrderForAttribution {
  return {
    orderId: String(index),
    orderDate: addDays('2026-01-01', o.day),
    revenueFen: o.revenue,
    grossProfitFen: o.gp,
    collectedCashFen: o.cash,
    afterSalesCostFen: o.afterSales,
    touches: o.touches.map((t, i) => ({
      touchId: String(1000 + i),
      date: addDays('2026-01-01', t.day),
      time: t.time,
      campaignId: t.campaignId,
      channel: t.channel,
    })),
  };
}

/** What the database hands the bulk path: the touches in the window, ordered, with their ages. */
function selected(order: OrderForAttribution): SelectedOrder {
  return {
    ...order,
    touches: selectTouches(order.touches, order.orderDate).map((t) => ({
      ...t,
      ageDays: daysBetween(t.date, order.orderDate),
    })),
  };
}

describe('attribution totals', () => {
  it('splits in bulk exactly as attributeOrder does for one order (property)', () => {
    fc.assert(
      fc.property(orderArb, (raw) => {
        const order = toOrder(raw, 1);
        for (const model of attributionModels) {
          const one = attributeOrderWithAfterSales(order, model, defaultAttributionSettings);
          const bulk = splitSelectedTouches(selected(order), model, defaultAttributionSettings.halfLifeDays);
          const strip = (shares: typeof one) =>
            shares?.map((s) => [
              s.touch.touchId,
              s.revenueFen,
              s.grossProfitFen,
              s.collectedCashFen,
              s.afterSalesCostFen,
            ]);
          expect(strip(bulk)).toEqual(strip(one));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits every amount of every order exactly, under every model (property)', () => {
    fc.assert(
      fc.property(orderArb, (raw) => {
        const order = toOrder(raw, 1);
        for (const model of attributionModels) {
          const shares = attributeOrderWithAfterSales(order, model, defaultAttributionSettings);
          if (!shares) continue;
          const sum = (key: 'revenueFen' | 'grossProfitFen' | 'collectedCashFen' | 'afterSalesCostFen') =>
            shares.reduce((s, x) => s + x[key], 0n);
          expect(sum('revenueFen')).toBe(order.revenueFen);
          expect(sum('grossProfitFen')).toBe(order.grossProfitFen);
          expect(sum('collectedCashFen')).toBe(order.collectedCashFen);
          expect(sum('afterSalesCostFen')).toBe(order.afterSalesCostFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('adds up per campaign and per channel to exactly the attributed orders, for every model (property)', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 20 }), (raws) => {
        const orders = raws.map(toOrder);
        const totals = emptyTotals();
        addOrders(totals, orders.map(selected), defaultAttributionSettings);
        const attributed = orders.filter((o) =>
          attributeOrderWithAfterSales(o, 'linear', defaultAttributionSettings),
        );
        expect(totals.attributed).toBe(attributed.length);
        expect(totals.attributed + totals.unattributed).toBe(orders.length);
        const expectedGp = attributed.reduce((s, o) => s + o.grossProfitFen, 0n);
        for (const model of attributionModels) {
          const byCampaign = [...totals.byCampaign.values()].reduce(
            (s, c) => s + c.models[model].grossProfitFen,
            0n,
          );
          const byChannel = [...totals.byChannel.values()].reduce((s, c) => s + c[model].grossProfitFen, 0n);
          expect(byCampaign).toBe(expectedGp);
          expect(byChannel).toBe(expectedGp);
        }
      }),
      { numRuns: 200 },
    );
  });
});
