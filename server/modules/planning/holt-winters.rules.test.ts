import { describe, expect, it } from 'vitest';
import {
  centredMovingAverage,
  decompose,
  filterHoltWinters,
  filterSimpleExponentialSmoothing,
  fitHoltWinters,
  fitSimpleExponentialSmoothing,
  forecastHoltWinters,
  holtWintersStart,
  minimiseInUnitCube,
} from './holt-winters.rules.ts';

/** R's `datasets::AirPassengers`, monthly 1949–1960. */
const AIR_PASSENGERS = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
  133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218,
  230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235,
  227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
  284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404,
  347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
  548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
];

describe('Holt-Winters reproduces R on AirPassengers', () => {
  it("matches R's multiplicative coefficients with R's fitted parameters", () => {
    const fit = filterHoltWinters(AIR_PASSENGERS, 12, 'multiplicative', {
      alpha: 0.2755925,
      beta: 0.03269295,
      gamma: 0.8707292,
    });
    expect(fit.level).toBeCloseTo(469.3232206, 3);
    expect(fit.trend).toBeCloseTo(3.0215391, 4);
    expect(fit.sse).toBeCloseTo(16_570.78, 1);
    const rSeasons = [
      0.9464611, 0.8829239, 0.9717369, 1.0304825, 1.0476884, 1.1805272, 1.3590778, 1.3331706, 1.1083381,
      0.9868813, 0.8361333, 0.9209877,
    ];
    fit.seasonal.forEach((s, i) => {
      expect(s).toBeCloseTo(rSeasons[i]!, 5);
    });
  });

  it("matches R's additive coefficients with R's fitted parameters", () => {
    const fit = filterHoltWinters(AIR_PASSENGERS, 12, 'additive', {
      alpha: 0.2479595,
      beta: 0.03453373,
      gamma: 1,
    });
    expect(fit.level).toBeCloseTo(477.827781, 3);
    expect(fit.trend).toBeCloseTo(3.127627, 4);
    expect(fit.sse).toBeCloseTo(21_860.18, 1);
    const rSeasons = [
      -27.457685, -54.692464, -20.174608, 12.91912, 18.873607, 75.294426, 152.888368, 134.613464, 33.778349,
      -18.37906, -87.772408, -45.827781,
    ];
    fit.seasonal.forEach((s, i) => {
      expect(s).toBeCloseTo(rSeasons[i]!, 3);
    });
  });

  it("fits R's parameters to three decimals, with an SSE no higher than at R's optimum", () => {
    for (const [seasonality, rParameters] of [
      ['multiplicative', { alpha: 0.2755925, beta: 0.03269295, gamma: 0.8707292 }],
      ['additive', { alpha: 0.2479595, beta: 0.03453373, gamma: 1 }],
    ] as const) {
      const fitted = fitHoltWinters(AIR_PASSENGERS, { seasonality });
      const atR = filterHoltWinters(AIR_PASSENGERS, 12, seasonality, rParameters);
      expect(fitted.sse).toBeLessThanOrEqual(atR.sse * (1 + 1e-6));
      expect(fitted.alpha).toBeCloseTo(rParameters.alpha, 3);
      expect(fitted.beta).toBeCloseTo(rParameters.beta, 3);
      expect(fitted.gamma).toBeCloseTo(rParameters.gamma, 3);
    }
  });

  it("forecasts like R's predict: (a + h·b) × s for the multiplicative model", () => {
    const fit = filterHoltWinters(AIR_PASSENGERS, 12, 'multiplicative', {
      alpha: 0.2755925,
      beta: 0.03269295,
      gamma: 0.8707292,
    });
    const [first, , , , , , , , , , , , thirteenth] = forecastHoltWinters(fit, 13);
    expect(first).toBeCloseTo((469.3232206 + 3.0215391) * 0.9464611, 2);
    expect(thirteenth).toBeCloseTo((469.3232206 + 13 * 3.0215391) * 0.9464611, 2);
  });

  it('keeps parameters that are given and fits only the others', () => {
    const fit = fitHoltWinters(AIR_PASSENGERS, { parameters: { beta: 0, gamma: 0.5 } });
    expect(fit.beta).toBe(0);
    expect(fit.gamma).toBe(0.5);
  });

  it('refuses fewer than two seasons, and a multiplicative model on a series with a zero', () => {
    expect(() => fitHoltWinters(AIR_PASSENGERS.slice(0, 23))).toThrow(RangeError);
    expect(() =>
      fitHoltWinters([0, ...AIR_PASSENGERS.slice(1, 30)], { seasonality: 'multiplicative' }),
    ).toThrow(RangeError);
  });
});

describe("Holt-Winters start values (R's decompose of the first two seasons)", () => {
  it('centres a 2×4 moving average on a quarterly series', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    // (0.5·1 + 2 + 3 + 4 + 0.5·5) ÷ 4 = 3 at the third quarter; a line stays a line.
    expect(centredMovingAverage(x, 4)).toEqual([null, null, 3, 4, 5, 6, null, null]);
    expect(centredMovingAverage([3, 6, 9, 12, 15], 3)).toEqual([null, 6, 9, 12, null]);
  });

  it('averages the seasonal figure over the seasons and centres it on zero', () => {
    const x = [10, 20, 30, 40, 12, 22, 32, 42];
    const { figure } = decompose(x, 4, 'additive');
    expect(figure.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    // Trend at index 2: (5 + 20 + 30 + 40 + 6) ÷ 4 = 25.25 → 30 − 25.25 = 4.75 before centring.
    expect(decompose(x, 4, 'additive').trend[2]).toBe(25.25);
  });

  it('starts level and trend from a least-squares line through the trend, like R', () => {
    // A pure line: trend values 3…6 at positions 1…4 → intercept 2, slope 1; seasons 0.
    const start = holtWintersStart([1, 2, 3, 4, 5, 6, 7, 8], 4, 'additive');
    expect(start.level).toBeCloseTo(2, 12);
    expect(start.trend).toBeCloseTo(1, 12);
    start.seasonal.forEach((s) => {
      expect(s).toBeCloseTo(0, 12);
    });
  });
});

describe('simple exponential smoothing', () => {
  it('filters by hand: 10, 12, 11 with α 0.5 → level 11, SSE 4', () => {
    expect(filterSimpleExponentialSmoothing([10, 12, 11], 0.5)).toEqual({
      alpha: 0.5,
      level: 11,
      sse: 4,
      fitted: [10, 11],
    });
  });

  it('forecasts a constant series as that constant with no error', () => {
    const fit = fitSimpleExponentialSmoothing([50, 50, 50, 50, 50, 50]);
    expect(fit.level).toBe(50);
    expect(fit.sse).toBe(0);
  });

  it('fits α close to 1 on a random walk-like step and close to 0 on noise around a mean', () => {
    expect(fitSimpleExponentialSmoothing([10, 10, 10, 20, 20, 20, 30, 30, 30]).alpha).toBeGreaterThan(0.9);
    expect(fitSimpleExponentialSmoothing([10, 12, 8, 11, 9, 10, 12, 8, 10, 11, 9]).alpha).toBeLessThan(0.2);
  });
});

describe('bounded Nelder–Mead', () => {
  it('finds an interior minimum and stays inside the unit cube for one outside it', () => {
    const inside = minimiseInUnitCube(([a, b]) => (a! - 0.3) ** 2 + (b! - 0.7) ** 2, [0.5, 0.5]);
    expect(inside.point[0]).toBeCloseTo(0.3, 4);
    expect(inside.point[1]).toBeCloseTo(0.7, 4);
    const outside = minimiseInUnitCube(([a]) => (a! - 2) ** 2, [0.5]);
    expect(outside.point[0]).toBeCloseTo(1, 12);
  });
});
