import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays, daysBetween } from '../../../platform/dates.ts';
import { comparisonOf, compileSourceQuery, minusYear } from './semantic.compiler.ts';
import { type BaseMeasure, dimensions, measures, sources } from './semantic.definitions.ts';

const eastRep: RequestContext = {
  userId: 5,
  username: 'rep.east',
  displayName: 'East',
  roles: ['sales_rep'],
  permissions: [],
  isCompanyWide: false,
  regionIds: [2, 4],
  distributorId: null,
  lang: 'en',
  ip: null,
  via: 'session',
};

describe('compiling a query', () => {
  it('puts filter values and dates only into parameters, never into the SQL text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 3 }),
        (values) => {
          const { text, values: params } = compileSourceQuery(eastRep, {
            source: sources.sales,
            measures: [measures.get('revenue') as BaseMeasure],
            dimensions: [dimensions.get('customer')!],
            filters: [{ dimension: dimensions.get('product_line')!, op: 'in', values }],
            range: { from: '2026-01-01', to: '2026-06-30' },
            shift: { kind: 'none' },
            lang: 'en',
            maxGroups: 10,
          });
          expect(params).toContainEqual(values);
          expect(params).toContainEqual([2, 4]);
          expect(text).not.toContain('2026-01-01');
          expect(text).toMatch(/f\.region_id = ANY\(\$1::bigint\[\]\)/);
        },
      ),
    );
  });

  it('scopes a distributor user to its own company, and gives it no stock at all', () => {
    const dealer = { ...eastRep, roles: ['distributor' as const], distributorId: 77 };
    const sales = compileSourceQuery(dealer, {
      source: sources.sales,
      measures: [measures.get('revenue') as BaseMeasure],
      dimensions: [],
      filters: [],
      range: { from: '2026-01-01', to: '2026-06-30' },
      shift: { kind: 'none' },
      lang: 'zh',
      maxGroups: 10,
    });
    expect(sales.text).toContain('f.customer_id = $1');
    expect(sales.values[0]).toBe(77);
    const stock = compileSourceQuery(dealer, {
      source: sources.inventory,
      measures: [measures.get('inventory_value') as BaseMeasure],
      dimensions: [],
      filters: [],
      range: { from: '2026-01-01', to: '2026-06-30' },
      shift: { kind: 'none' },
      lang: 'zh',
      maxGroups: 10,
    });
    // NULL customer: the condition never holds.
    expect(stock.text).toContain('f.customer_id = $2');
  });
});

describe('compiling the customer segment and the average inventory', () => {
  const base = {
    filters: [],
    range: { from: '2026-01-01', to: '2026-03-31' },
    shift: { kind: 'none' as const },
    lang: 'en' as const,
    maxGroups: 10,
  };

  it('passes the customers’ segments and labels as parameters, never as SQL', () => {
    const label = "Churn risk'); DROP TABLE customers; --";
    const { text, values } = compileSourceQuery(eastRep, {
      ...base,
      source: sources.orders,
      measures: [measures.get('orders') as BaseMeasure],
      dimensions: [dimensions.get('customer_segment')!],
      customerSegments: { customerIds: [7, 8], segments: ['churn_risk', 'new'], labels: [label, 'New'] },
    });
    expect(values).toContainEqual([7, 8]);
    expect(values).toContainEqual(['churn_risk', 'new']);
    expect(values).toContainEqual([label, 'New']);
    expect(text).not.toContain('DROP');
    expect(text).not.toContain('{segment');
    expect(text).toMatch(/unnest\(\$\d+::bigint\[\], \$\d+::text\[\], \$\d+::text\[\]\)/);
  });

  it('refuses to compile a segment query without the segments', () => {
    expect(() =>
      compileSourceQuery(eastRep, {
        ...base,
        source: sources.orders,
        measures: [measures.get('orders') as BaseMeasure],
        dimensions: [dimensions.get('customer_segment')!],
      }),
    ).toThrow(/segments/);
  });

  it('reads the stock ledger from before the range to its last day, both days as parameters', () => {
    const { text, values } = compileSourceQuery(eastRep, {
      ...base,
      source: sources.inventory_days,
      measures: [measures.get('average_inventory_value') as BaseMeasure],
      dimensions: [],
    });
    expect(values.slice(0, 2)).toEqual(['2026-03-31', '2026-01-01']);
    expect(text).toContain('greatest(f.fact_date, $2::date)');
    expect(text).toContain('f.fact_date <= $1::date');
    expect(text).not.toContain('2026-');
  });
});

describe('comparison ranges', () => {
  it('takes the previous period of the same length, ending the day before', () => {
    expect(
      comparisonOf({ from: '2026-03-01', to: '2026-03-31' }, 'previous_period', daysBetween, addDays),
    ).toEqual({
      range: { from: '2026-01-29', to: '2026-02-28' },
      shift: { kind: 'days', days: 31 },
    });
  });

  it('takes the same dates a year earlier, 29 February becoming 28 February', () => {
    expect(minusYear('2028-02-29')).toBe('2027-02-28');
    expect(
      comparisonOf({ from: '2026-01-01', to: '2026-06-30' }, 'same_period_last_year', daysBetween, addDays),
    ).toEqual({
      range: { from: '2025-01-01', to: '2025-06-30' },
      shift: { kind: 'year' },
    });
  });
});
