/**
 * Planning rules of DOMAIN §9: safety stock and reorder point, the monthly demand forecast
 * (Holt-Winters, falling back to simple exponential smoothing under 24 months of history)
 * and its backtest accuracy (MAPE, WAPE, MASE). Pure functions on quantities in units
 * (plain numbers, not money); error measures are fractions (0.1 = 10%).
 */
import {
  fitHoltWinters,
  fitSimpleExponentialSmoothing,
  forecastHoltWinters,
  type Seasonality,
} from './holt-winters.rules.ts';

export {
  decompose,
  filterHoltWinters,
  filterSimpleExponentialSmoothing,
  fitHoltWinters,
  fitSimpleExponentialSmoothing,
  forecastHoltWinters,
  type HoltWintersFit,
  holtWintersStart,
  type Seasonality,
  type SesFit,
  type SmoothingParameters,
} from './holt-winters.rules.ts';

// ---------------------------------------------------------------------------------------------
// Safety stock and reorder point

export interface ReplenishmentInputs {
  /** d: mean daily demand, units. */
  dailyDemandMean: number;
  /** σd: standard deviation of daily demand, units. */
  dailyDemandSd: number;
  /** L: mean lead time, days. */
  leadTimeDays: number;
  /** σL: standard deviation of the lead time, days. */
  leadTimeSdDays: number;
  /** Service factor; DOMAIN's default 1.65 is a 95% cycle service level (configurable). */
  z?: number;
}

export const DEFAULT_SERVICE_Z = 1.65;

/** Safety stock = z × √(L × σd² + d² × σL²), units (unrounded). */
export function safetyStock({
  dailyDemandMean: d,
  dailyDemandSd: sd,
  leadTimeDays: l,
  leadTimeSdDays: sl,
  z = DEFAULT_SERVICE_Z,
}: ReplenishmentInputs): number {
  if ([d, sd, l, sl, z].some((v) => !Number.isFinite(v) || v < 0)) {
    throw new RangeError('demand, lead time, their deviations and z must be non-negative numbers');
  }
  return z * Math.sqrt(l * sd * sd + d * d * sl * sl);
}

/** Reorder point = d × L + safety stock, units (unrounded). */
export function reorderPoint(inputs: ReplenishmentInputs): { safetyStock: number; reorderPoint: number } {
  const stock = safetyStock(inputs);
  return { safetyStock: stock, reorderPoint: inputs.dailyDemandMean * inputs.leadTimeDays + stock };
}

// ---------------------------------------------------------------------------------------------
// Accuracy measures

function assertSameLength(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length !== forecast.length)
    throw new RangeError('actual and forecast must have the same length');
}

/**
 * MAPE = mean of |a − f| ÷ |a| over the periods whose actual is not 0 (a period with no demand
 * has no percentage error and is left out); null when every actual is 0.
 */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  assertSameLength(actual, forecast);
  const errors = actual.flatMap((a, i) => (a === 0 ? [] : [Math.abs(a - forecast[i]!) / Math.abs(a)]));
  return errors.length === 0 ? null : errors.reduce((s, e) => s + e, 0) / errors.length;
}

/** WAPE = Σ|a − f| ÷ Σ|a|; null when Σ|a| is 0. */
export function wape(actual: readonly number[], forecast: readonly number[]): number | null {
  assertSameLength(actual, forecast);
  const totalActual = actual.reduce((s, a) => s + Math.abs(a), 0);
  if (totalActual === 0) return null;
  return actual.reduce((s, a, i) => s + Math.abs(a - forecast[i]!), 0) / totalActual;
}

/**
 * MASE = mean |a − f| over the test periods ÷ the in-sample mean absolute error of the naive
 * forecast on the training series (y[t] − y[t − m], m = 1, or the season length for the
 * seasonal variant). Below 1 the forecast beats the naive one. Null when the naive error is 0
 * or the training series is too short.
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  training: readonly number[],
  seasonalPeriod = 1,
): number | null {
  assertSameLength(actual, forecast);
  if (actual.length === 0 || training.length <= seasonalPeriod) return null;
  let naiveError = 0;
  for (let t = seasonalPeriod; t < training.length; t++) {
    naiveError += Math.abs(training[t]! - training[t - seasonalPeriod]!);
  }
  naiveError /= training.length - seasonalPeriod;
  if (naiveError === 0) return null;
  const mae = actual.reduce((s, a, i) => s + Math.abs(a - forecast[i]!), 0) / actual.length;
  return mae / naiveError;
}

// ---------------------------------------------------------------------------------------------
// Demand forecast

/** Configuration stored as data; DOMAIN's defaults. */
export interface ForecastSettings {
  /** Season length in months. */
  period: number;
  seasonality: Seasonality;
  /** Under this many months of history, simple exponential smoothing is used. */
  minMonthsForHoltWinters: number;
}

export const defaultForecastSettings: ForecastSettings = {
  period: 12,
  seasonality: 'additive',
  minMonthsForHoltWinters: 24,
};

export type ForecastMethod =
  | 'holt_winters_additive'
  | 'holt_winters_multiplicative'
  | 'simple_exponential_smoothing';

export interface DemandForecast {
  method: ForecastMethod;
  /** Why the configured method was not used, if it was not. */
  fallbackReason: 'short_history' | 'non_positive_values' | null;
  alpha: number;
  beta: number | null;
  gamma: number | null;
  /** Units per month for the next `horizon` months; never negative (demand cannot be). */
  forecast: number[];
}

/**
 * Forecasts monthly demand. Under `minMonthsForHoltWinters` months (or two full seasons),
 * SES; otherwise Holt-Winters of the configured seasonality. A multiplicative model needs
 * positive demand in every month, so a history with a zero month uses the additive model.
 */
export function forecastDemand(
  history: readonly number[],
  horizon: number,
  settings: ForecastSettings = defaultForecastSettings,
): DemandForecast {
  if (!Number.isInteger(horizon) || horizon < 0)
    throw new RangeError('horizon must be a whole number of months');
  const clamp = (values: number[]) => values.map((v) => Math.max(0, v));
  const minMonths = Math.max(settings.minMonthsForHoltWinters, 2 * settings.period);
  if (history.length < minMonths) {
    const fit = fitSimpleExponentialSmoothing(history);
    return {
      method: 'simple_exponential_smoothing',
      fallbackReason: 'short_history',
      alpha: fit.alpha,
      beta: null,
      gamma: null,
      forecast: clamp(Array<number>(horizon).fill(fit.level)),
    };
  }
  const canMultiply = history.every((v) => v > 0);
  const seasonality =
    settings.seasonality === 'multiplicative' && !canMultiply ? 'additive' : settings.seasonality;
  const fit = fitHoltWinters(history, { period: settings.period, seasonality });
  return {
    method: seasonality === 'additive' ? 'holt_winters_additive' : 'holt_winters_multiplicative',
    fallbackReason: seasonality === settings.seasonality ? null : 'non_positive_values',
    alpha: fit.alpha,
    beta: fit.beta,
    gamma: fit.gamma,
    forecast: clamp(forecastHoltWinters(fit, horizon)),
  };
}

export interface BacktestResult {
  method: ForecastMethod;
  actual: number[];
  forecast: number[];
  mape: number | null;
  wape: number | null;
  mase: number | null;
  /** The same measures for the naive forecast (the last training month repeated), for comparison. */
  naive: { forecast: number[]; mape: number | null; wape: number | null; mase: number | null };
}

/**
 * Holds out the last `holdoutMonths` of the history, forecasts them from the months before,
 * and reports the accuracy; MASE is scaled by the one-step naive error of the training months.
 */
export function backtestForecast(
  history: readonly number[],
  holdoutMonths: number,
  settings: ForecastSettings = defaultForecastSettings,
): BacktestResult {
  if (holdoutMonths < 1 || holdoutMonths >= history.length) {
    throw new RangeError('the holdout must leave at least one month to train on');
  }
  const training = history.slice(0, history.length - holdoutMonths);
  const actual = history.slice(history.length - holdoutMonths);
  const result = forecastDemand(training, holdoutMonths, settings);
  const naiveForecast = Array<number>(holdoutMonths).fill(training[training.length - 1]!);
  return {
    method: result.method,
    actual,
    forecast: result.forecast,
    mape: mape(actual, result.forecast),
    wape: wape(actual, result.forecast),
    mase: mase(actual, result.forecast, training),
    naive: {
      forecast: naiveForecast,
      mape: mape(actual, naiveForecast),
      wape: wape(actual, naiveForecast),
      mase: mase(actual, naiveForecast, training),
    },
  };
}
