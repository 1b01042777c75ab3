/**
 * Holt-Winters filtering and forecasting as R's `stats::HoltWinters` does it (DOMAIN §9), and
 * simple exponential smoothing (R's `HoltWinters(x, beta = FALSE, gamma = FALSE)`). Pure
 * numeric code on demand quantities (units, plain numbers — not money).
 *
 * Initialisation, as R (start.periods = 2):
 * - `decompose` the first two seasons: a centred moving average of order `period` (for an even
 *   period the 2×period MA with half weights at both ends) is the trend; the seasonal figure is
 *   the mean over the seasons of x − trend (additive) or x ÷ trend (multiplicative), centred to
 *   sum 0 or to average 1.
 * - Start level and trend are the intercept and slope of a least-squares line through the
 *   non-missing trend values against 1, 2, 3, …; start seasons are the figure.
 * - Filtering starts with the first observation of the second season; the sum of squared
 *   one-step errors (SSE) is taken over those observations.
 * SES starts from level x[1] and filters from x[2].
 *
 * Parameter fitting (α, β, γ in [0, 1]) minimises the SSE. R uses L-BFGS-B from (0.3, 0.1,
 * 0.1); here a coarse grid (every combination of 0.1, 0.3, 0.5, 0.7, 0.9, plus R's start)
 * picks the best start, then a bounded Nelder–Mead (points clamped to the unit cube) refines
 * it. This finds R's optimum or a better one (lower SSE) on the cases tested. SES fits α by a
 * grid of 0.01 steps refined with golden-section search.
 */

export type Seasonality = 'additive' | 'multiplicative';

export interface SmoothingParameters {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersFit {
  seasonality: Seasonality;
  period: number;
  alpha: number;
  beta: number;
  gamma: number;
  /** R's coefficients a (level), b (trend) and s1…sp (seasons) at the end of the series. */
  level: number;
  trend: number;
  seasonal: number[];
  /** Sum of squared one-step errors over the filtered observations. */
  sse: number;
  /** One-step forecasts of x[period], x[period + 1], … (0-based). */
  fitted: number[];
}

export interface SesFit {
  alpha: number;
  level: number;
  sse: number;
  /** One-step forecasts of x[1], x[2], … (0-based). */
  fitted: number[];
}

/** R's `filter(x, sides = 2)` with the `decompose` weights; null where the window runs off the ends. */
export function centredMovingAverage(x: readonly number[], period: number): (number | null)[] {
  const weights =
    period % 2 === 0
      ? [0.5, ...Array<number>(period - 1).fill(1), 0.5].map((w) => w / period)
      : Array<number>(period).fill(1 / period);
  const shift = Math.floor(weights.length / 2);
  return x.map((_, i) => {
    if (i + shift - (weights.length - 1) < 0 || i + shift >= x.length) return null;
    return weights.reduce((sum, w, j) => sum + w * x[i + shift - j]!, 0);
  });
}

/** R's `decompose`: the moving-average trend and the seasonal figure (one value per season position). */
export function decompose(
  x: readonly number[],
  period: number,
  seasonality: Seasonality,
): { trend: (number | null)[]; figure: number[] } {
  if (period < 2 || x.length < 2 * period) throw new RangeError('decompose needs at least two full seasons');
  const trend = centredMovingAverage(x, period);
  const figure = Array.from({ length: period }, (_, position) => {
    const values: number[] = [];
    for (let i = position; i < x.length; i += period) {
      const t = trend[i];
      if (t !== null && t !== undefined) values.push(seasonality === 'additive' ? x[i]! - t : x[i]! / t);
    }
    return values.reduce((a, b) => a + b, 0) / values.length;
  });
  const mean = figure.reduce((a, b) => a + b, 0) / period;
  return { trend, figure: figure.map((f) => (seasonality === 'additive' ? f - mean : f / mean)) };
}

/** R's start values from the first two seasons. */
export function holtWintersStart(
  x: readonly number[],
  period: number,
  seasonality: Seasonality,
): { level: number; trend: number; seasonal: number[] } {
  const { trend, figure } = decompose(x.slice(0, 2 * period), period, seasonality);
  const points = trend.filter((t): t is number => t !== null);
  const n = points.length;
  const meanT = (n + 1) / 2;
  const meanY = points.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  points.forEach((y, i) => {
    sxy += (i + 1 - meanT) * (y - meanY);
    sxx += (i + 1 - meanT) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { level: meanY - slope * meanT, trend: slope, seasonal: figure };
}

/** The Holt-Winters filter with fixed parameters (R's C routine). */
export function filterHoltWinters(
  x: readonly number[],
  period: number,
  seasonality: Seasonality,
  { alpha, beta, gamma }: SmoothingParameters,
  start = holtWintersStart(x, period, seasonality),
): HoltWintersFit {
  const isAdditive = seasonality === 'additive';
  let level = start.level;
  let trend = start.trend;
  const seasons = [...start.seasonal];
  const fitted: number[] = [];
  let sse = 0;
  for (let i = period; i < x.length; i++) {
    const season = seasons[seasons.length - period]!;
    const xhat = isAdditive ? level + trend + season : (level + trend) * season;
    fitted.push(xhat);
    sse += (x[i]! - xhat) ** 2;
    const previousLevel = level;
    level = alpha * (isAdditive ? x[i]! - season : x[i]! / season) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    seasons.push(gamma * (isAdditive ? x[i]! - level : x[i]! / level) + (1 - gamma) * season);
  }
  return {
    seasonality,
    period,
    alpha,
    beta,
    gamma,
    level,
    trend,
    seasonal: seasons.slice(-period),
    sse,
    fitted,
  };
}

type Point = number[];

/** Nelder–Mead on the unit cube: every trial point is clamped into [0, 1]ⁿ. */
export function minimiseInUnitCube(
  f: (p: Point) => number,
  start: Point,
  { step = 0.1, maxIterations = 2_000, tolerance = 1e-12 } = {},
): { point: Point; value: number } {
  const clamp = (p: Point) => p.map((v) => Math.min(1, Math.max(0, v)));
  const combine = (a: Point, b: Point, t: number) => clamp(a.map((v, i) => v + t * (b[i]! - v)));
  let simplex: Point[] = [clamp(start)];
  start.forEach((v, i) => {
    const p = [...start];
    p[i] = v + step > 1 ? v - step : v + step;
    simplex.push(clamp(p));
  });
  let values = simplex.map(f);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const best = values[0]!;
    const worst = values[values.length - 1]!;
    if (worst - best <= tolerance * (Math.abs(best) + tolerance)) break;
    const n = simplex.length - 1;
    const centroid = simplex[0]!.map((_, d) => simplex.slice(0, n).reduce((s, p) => s + p[d]!, 0) / n);
    const worstPoint = simplex[n]!;
    const reflected = combine(centroid, worstPoint, -1);
    const fr = f(reflected);
    if (fr < best) {
      const expanded = combine(centroid, worstPoint, -2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < worst ? combine(centroid, reflected, 0.5) : combine(centroid, worstPoint, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        simplex = simplex.map((p, i) => (i === 0 ? p : combine(simplex[0]!, p, 0.5)));
        values = simplex.map((p, i) => (i === 0 ? best : f(p)));
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { point: simplex[bestIndex]!, value: values[bestIndex]! };
}

/**
 * Fits Holt-Winters to a series of at least two full seasons. Parameters given are kept;
 * the others are fitted by minimising the SSE.
 */
export function fitHoltWinters(
  x: readonly number[],
  {
    period = 12,
    seasonality = 'additive',
    parameters = {},
  }: { period?: number; seasonality?: Seasonality; parameters?: Partial<SmoothingParameters> } = {},
): HoltWintersFit {
  if (x.length < 2 * period) throw new RangeError('Holt-Winters needs at least two full seasons of history');
  if (seasonality === 'multiplicative' && x.some((v) => v <= 0)) {
    throw new RangeError('multiplicative Holt-Winters needs positive values');
  }
  const start = holtWintersStart(x, period, seasonality);
  const keys = (['alpha', 'beta', 'gamma'] as const).filter((k) => parameters[k] === undefined);
  const toParameters = (p: Point): SmoothingParameters => {
    const full = { ...parameters } as Partial<SmoothingParameters>;
    keys.forEach((k, i) => {
      full[k] = p[i]!;
    });
    return full as SmoothingParameters;
  };
  if (keys.length === 0) return filterHoltWinters(x, period, seasonality, toParameters([]), start);
  const sseOf = (p: Point) => {
    const sse = filterHoltWinters(x, period, seasonality, toParameters(p), start).sse;
    return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
  };
  const rStart: Record<(typeof keys)[number], number> = { alpha: 0.3, beta: 0.1, gamma: 0.1 };
  const candidates: Point[] = [keys.map((k) => rStart[k])];
  const grid = [0.1, 0.3, 0.5, 0.7, 0.9];
  const addGrid = (prefix: Point) => {
    if (prefix.length === keys.length) candidates.push(prefix);
    else for (const g of grid) addGrid([...prefix, g]);
  };
  addGrid([]);
  const scored = candidates.map((p) => ({ p, value: sseOf(p) })).sort((a, b) => a.value - b.value);
  let best = minimiseInUnitCube(sseOf, scored[0]!.p);
  // A restart from the result guards against a simplex that collapsed early.
  const again = minimiseInUnitCube(sseOf, best.point, { step: 0.05 });
  if (again.value < best.value) best = again;
  return filterHoltWinters(x, period, seasonality, toParameters(best.point), start);
}

/** R's `predict`: a + h·b + s[(h − 1) mod p], or (a + h·b) × s[(h − 1) mod p]. */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => {
    const base = fit.level + (i + 1) * fit.trend;
    const season = fit.seasonal[i % fit.period]!;
    return fit.seasonality === 'additive' ? base + season : base * season;
  });
}

/** Simple exponential smoothing with fixed α. */
export function filterSimpleExponentialSmoothing(x: readonly number[], alpha: number): SesFit {
  if (x.length === 0) throw new RangeError('exponential smoothing needs at least one observation');
  let level = x[0]!;
  let sse = 0;
  const fitted: number[] = [];
  for (let i = 1; i < x.length; i++) {
    fitted.push(level);
    sse += (x[i]! - level) ** 2;
    level = alpha * x[i]! + (1 - alpha) * level;
  }
  return { alpha, level, sse, fitted };
}

/** SES with α fitted by minimising the SSE (or given). */
export function fitSimpleExponentialSmoothing(x: readonly number[], alpha?: number): SesFit {
  if (alpha !== undefined) return filterSimpleExponentialSmoothing(x, alpha);
  const sseOf = (a: number) => filterSimpleExponentialSmoothing(x, a).sse;
  let bestAlpha = 0;
  for (let k = 0; k <= 100; k++) if (sseOf(k / 100) < sseOf(bestAlpha)) bestAlpha = k / 100;
  let lo = Math.max(0, bestAlpha - 0.01);
  let hi = Math.min(1, bestAlpha + 0.01);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (sseOf(a) <= sseOf(b)) hi = b;
    else lo = a;
  }
  const refined = (lo + hi) / 2;
  return filterSimpleExponentialSmoothing(x, sseOf(refined) < sseOf(bestAlpha) ? refined : bestAlpha);
}
