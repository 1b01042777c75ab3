import { describe, expect, it } from 'vitest';
import {
  backtestForecast,
  defaultForecastSettings,
  forecastDemand,
  mape,
  mase,
  reorderPoint,
  safetyStock,
  wape,
} from './planning.rules.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

describe('safety stock and reorder point', () => {
  const example = { dailyDemandMean: 20, dailyDemandSd: 6, leadTimeDays: 10, leadTimeSdDays: 2 };

  it('computes safety stock 73.05 and reorder point 273.05 for d 20, σd 6, L 10, σL 2 at z 1.65', () => {
    const result = reorderPoint(example);
    expect(round2(result.safetyStock)).toBe(73.05);
    expect(round2(result.reorderPoint)).toBe(273.05);
  });

  it('takes the service factor z from configuration', () => {
    // 2.33 × √1960 = 103.15…
    expect(round2(safetyStock({ ...example, z: 2.33 }))).toBe(103.15);
  });

  it('needs no safety stock when neither demand nor lead time varies', () => {
    expect(reorderPoint({ ...example, dailyDemandSd: 0, leadTimeSdDays: 0 })).toEqual({
      safetyStock: 0,
      reorderPoint: 200,
    });
  });

  it('rejects negative inputs', () => {
    expect(() => safetyStock({ ...example, dailyDemandSd: -1 })).toThrow(RangeError);
  });
});

describe('backtest accuracy measures', () => {
  const actual = [100, 200, 0, 50];
  const forecast = [110, 180, 10, 50];

  it('computes MAPE over the months with demand: (10/100 + 20/200 + 0/50) ÷ 3', () => {
    expect(mape(actual, forecast)).toBeCloseTo(0.2 / 3, 12);
  });

  it('computes WAPE as Σ|actual − forecast| ÷ Σ|actual| = 40 ÷ 350', () => {
    expect(wape(actual, forecast)).toBeCloseTo(40 / 350, 12);
  });

  it('computes MASE against the naive forecast of the training months: (40 ÷ 4) ÷ (7 ÷ 3)', () => {
    expect(mase(actual, forecast, [10, 12, 11, 15])).toBeCloseTo(10 / (7 / 3), 12);
  });

  it('scales MASE by the seasonal naive error when given a season length', () => {
    // Training 1,2,3,5,7,9 with m = 3: |5−1| + |7−2| + |9−3| = 15 over 3 → 5; MAE 10 → 2.
    expect(mase(actual, forecast, [1, 2, 3, 5, 7, 9], 3)).toBe(2);
  });

  it('has no MAPE or WAPE when every actual is 0, and no MASE on a constant training series', () => {
    expect(mape([0, 0], [1, 2])).toBeNull();
    expect(wape([0, 0], [1, 2])).toBeNull();
    expect(mase([1], [2], [5, 5, 5])).toBeNull();
    expect(mase([1], [2], [5])).toBeNull();
  });

  it('refuses actual and forecast of different lengths', () => {
    expect(() => wape([1, 2], [1])).toThrow(RangeError);
  });
});

/** 48 months: level 200, +3 a month, ±25% yearly season, deterministic noise of a few units. */
function syntheticDemand(months: number): number[] {
  let seed = 42;
  const noise = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (seed / 2_147_483_648 - 0.5) * 10;
  };
  return Array.from({ length: months }, (_, t) => {
    const base = 200 + 3 * t;
    return Math.round(base * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12)) + noise());
  });
}

describe('demand forecast', () => {
  it('uses simple exponential smoothing under 24 months and forecasts a constant series as that constant', () => {
    const result = forecastDemand(Array<number>(23).fill(40), 3);
    expect(result).toMatchObject({ method: 'simple_exponential_smoothing', fallbackReason: 'short_history' });
    expect(result.forecast).toEqual([40, 40, 40]);
  });

  it('uses Holt-Winters from 24 months of history', () => {
    expect(forecastDemand(syntheticDemand(24), 6).method).toBe('holt_winters_additive');
  });

  it('falls back to the additive model when a month had no demand', () => {
    const history = syntheticDemand(36);
    history[5] = 0;
    const result = forecastDemand(history, 3, { ...defaultForecastSettings, seasonality: 'multiplicative' });
    expect(result).toMatchObject({ method: 'holt_winters_additive', fallbackReason: 'non_positive_values' });
  });

  it('never forecasts negative demand', () => {
    const falling = Array.from({ length: 30 }, (_, t) => Math.max(0, 300 - 12 * t + (t % 12 === 0 ? 20 : 0)));
    expect(forecastDemand(falling, 12).forecast.every((v) => v >= 0)).toBe(true);
  });

  it('beats the naive forecast on a seasonal series with trend, additive and multiplicative', () => {
    for (const seasonality of ['additive', 'multiplicative'] as const) {
      const result = backtestForecast(syntheticDemand(48), 12, { ...defaultForecastSettings, seasonality });
      expect(result.method).toBe(`holt_winters_${seasonality}`);
      expect(result.mape!).toBeLessThan(result.naive.mape! / 2);
      expect(result.wape!).toBeLessThan(result.naive.wape! / 2);
      expect(result.mase!).toBeLessThan(result.naive.mase!);
      expect(result.wape!).toBeLessThan(0.05);
    }
  });

  it('needs at least one training month in a backtest', () => {
    expect(() => backtestForecast([1, 2, 3], 3)).toThrow(RangeError);
    expect(() => backtestForecast([1, 2, 3], 0)).toThrow(RangeError);
  });
});
