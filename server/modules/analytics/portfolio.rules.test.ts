import { describe, expect, it } from 'vitest';
import { classifyPortfolio, type PortfolioLine, quadrantOf } from './portfolio.rules.ts';

const yuan = (n: number) => BigInt(Math.round(n * 100));
const line = (lineId: string, sales: number, prior: number | null): PortfolioLine => ({
  lineId,
  salesFen: yuan(sales),
  priorYearSalesFen: prior === null ? null : yuan(prior),
});

describe('product portfolio: relative share and growth', () => {
  const portfolio = classifyPortfolio([
    line('ultrasound', 5_000_000, 4_000_000),
    line('monitors', 2_500_000, 2_400_000),
    line('catheters', 1_000_000, 800_000),
    line('dressings', 500_000, 520_000),
  ]);

  it('divides the largest line by the second largest, and every other line by the largest', () => {
    expect(portfolio.map((p) => p.relativeShare)).toEqual([2, 0.5, 0.2, 0.1]);
  });

  it('measures growth year over year', () => {
    const expected = [0.25, 100_000 / 2_400_000, 0.25, -20_000 / 520_000];
    portfolio.forEach((p, i) => {
      expect(p.growth).toBeCloseTo(expected[i]!, 12);
    });
  });

  it('calls the leader growing 25% a star, a fast-growing small line a question mark and the rest dogs', () => {
    expect(portfolio.map((p) => p.quadrant)).toEqual(['star', 'dog', 'question_mark', 'dog']);
  });

  it('calls a leader growing less than 10% a cash cow', () => {
    const result = classifyPortfolio([
      line('ultrasound', 5_000_000, 4_800_000),
      line('monitors', 1_000_000, 900_000),
    ]);
    expect(result.map((p) => p.quadrant)).toEqual(['cash_cow', 'question_mark']);
  });
});

describe('product portfolio cut-offs (inclusive, compared exactly)', () => {
  it('counts growth of exactly 10% as high growth and 9.99999% as low', () => {
    const result = classifyPortfolio([line('a', 1_100_000, 1_000_000), line('b', 1_099_999.99, 1_000_000)]);
    expect(result.map((p) => p.isHighGrowth)).toEqual([true, false]);
  });

  it('counts two lines tied for the largest as relative share 1.0 each, which is high share', () => {
    const result = classifyPortfolio([line('a', 3_000_000, 2_000_000), line('b', 3_000_000, 3_000_000)]);
    expect(result.map((p) => [p.relativeShare, p.quadrant])).toEqual([
      [1, 'star'],
      [1, 'cash_cow'],
    ]);
  });

  it('calls a line one fen short of the leader low share', () => {
    const result = classifyPortfolio([line('a', 3_000_000, 1), line('b', 2_999_999.99, 1)]);
    expect(result.map((p) => p.isHighShare)).toEqual([true, false]);
  });

  it('reads the cut-offs from configuration', () => {
    const result = classifyPortfolio([line('a', 2_000_000, 1_900_000), line('b', 1_600_000, 1_000_000)], {
      relativeShareBp: 7_500,
      growthBp: 500,
    });
    // a: share 1.25, growth 5.26% → star; b: share 0.8 ≥ 0.75, growth 60% → star.
    expect(result.map((p) => p.quadrant)).toEqual(['star', 'star']);
  });
});

describe('product portfolio edge cases', () => {
  it('leaves growth undefined for a line without prior-year sales and treats it as high growth', () => {
    const [leader, launched] = classifyPortfolio([line('a', 4_000_000, 4_000_000), line('b', 300_000, null)]);
    expect(launched).toMatchObject({
      growth: null,
      isNewLine: true,
      isHighGrowth: true,
      quadrant: 'question_mark',
    });
    expect(leader).toMatchObject({ growth: 0, quadrant: 'cash_cow' });
  });

  it('treats prior-year sales of zero like no prior year', () => {
    expect(classifyPortfolio([line('a', 100, 0)])[0]).toMatchObject({ growth: null, isNewLine: true });
  });

  it('gives a line with no sales in either year growth 0 and calls it a dog', () => {
    const [, idle] = classifyPortfolio([line('a', 100, 100), line('b', 0, null)]);
    expect(idle).toMatchObject({ relativeShare: 0, growth: 0, isNewLine: false, quadrant: 'dog' });
  });

  it('leaves the relative share of a single line undefined and counts it as high share', () => {
    expect(classifyPortfolio([line('only', 1_000_000, 800_000)])[0]).toMatchObject({
      relativeShare: null,
      isHighShare: true,
      quadrant: 'star',
    });
  });

  it('treats a leader whose every rival sold nothing like a single line', () => {
    const [leader, rival] = classifyPortfolio([line('a', 1_000_000, 1_000_000), line('b', 0, 50)]);
    expect(leader).toMatchObject({ relativeShare: null, quadrant: 'cash_cow' });
    expect(rival).toMatchObject({ relativeShare: 0, growth: -1, quadrant: 'dog' });
  });

  it('returns nothing for an empty portfolio', () => {
    expect(classifyPortfolio([])).toEqual([]);
  });

  it('maps share and growth to the four quadrants', () => {
    expect([
      quadrantOf(true, true),
      quadrantOf(true, false),
      quadrantOf(false, true),
      quadrantOf(false, false),
    ]).toEqual(['star', 'cash_cow', 'question_mark', 'dog']);
  });
});
