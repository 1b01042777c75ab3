/**
 * Pure rules of KPI alerts: when to notify, whom, and how a threshold is stored. No I/O.
 */
import { yuanToFen } from '../rfm.rules.ts';

/**
 * Edge-triggered: notify when the condition holds now and did not at the last evaluation
 * (or there was none). A condition that stays true notifies once; after it was false it may
 * notify again.
 */
export function shouldNotify(previousState: boolean | null, isCrossed: boolean): boolean {
  return isCrossed && previousState !== true;
}

/**
 * Threshold as entered → as compared with the analytics result. Money is entered in yuan and
 * the semantic layer answers in fen; every other type is already in its unit (rates are
 * fractions). Throws RangeError for yuan with more than two decimals.
 */
export function toThresholdValue(measureType: string, threshold: number): number {
  if (measureType !== 'money') return threshold;
  const sign = threshold < 0 ? -1 : 1;
  return sign * Number(yuanToFen(Math.abs(threshold)));
}

/** Threshold as stored → as entered (fen → yuan for money). */
export function toEnteredThreshold(measureType: string, thresholdValue: number): number {
  return measureType === 'money' ? thresholdValue / 100 : thresholdValue;
}

/** What of a user's scope matters for deciding whether they may read an alert's figures. */
export interface ScopeView {
  isCompanyWide: boolean;
  /** Regions with their descendants (empty when company-wide or a distributor). */
  regionIds: readonly number[];
  distributorId: number | null;
}

/**
 * Whether `reader` sees every row the `owner` sees, so that a figure computed in the owner's
 * scope tells the reader nothing they could not query themselves. Roles to notify are a
 * convenience, never a way around scope.
 */
export function seesEverythingOf(owner: ScopeView, reader: ScopeView): boolean {
  if (reader.distributorId !== null) return owner.distributorId === reader.distributorId;
  if (reader.isCompanyWide) return true;
  // A regional reader cannot be shown company-wide or a distributor's figures (where that
  // distributor sits is not known here; err on the side of not telling).
  if (owner.isCompanyWide || owner.distributorId !== null) return false;
  const readable = new Set(reader.regionIds);
  return owner.regionIds.every((id) => readable.has(id));
}
