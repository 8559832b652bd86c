import { formatDecimalInteger, parseDecimalInteger } from '@ndi/chaincode-common';
import { VALUATION_METHODS, type Appraisal, type AppraisalSummary, type MethodCounts } from './model';

/**
 * The consensus rules, as pure functions of appraisal values (bigint minor units: no floats
 * anywhere near money).
 *
 * - **Median**: the values sorted ascending; an odd count takes the middle one, an even count the
 *   **lower** of the two middle ones. The result is always one of the appraised values, needs no
 *   rounding, and errs on the side of prudence.
 * - **Spread**: `floor((max - min) * 10000 / max(median, 1))` basis points. A median of 0 counts as
 *   1 minor unit, so all-zero appraisals have spread 0 and any other spread around a zero median
 *   is huge (and disputes the request).
 * - **Dispute**: a spread strictly above the request's threshold (default 3000 bp) disputes the
 *   request; exactly at the threshold finalizes it.
 */

/** Basis points in one whole. */
export const BASIS_POINTS = 10000n;

/**
 * The median of `values` (the lower middle for an even count).
 *
 * @throws Error for an empty list (callers check the minimum count first)
 */
export function medianOf(values: readonly bigint[]): bigint {
  if (values.length === 0) {
    throw new Error('median of an empty list');
  }
  const sorted = sortValues(values);
  return sorted[Math.floor((sorted.length - 1) / 2)] as bigint;
}

/** `floor((max - min) * 10000 / max(median, 1))`. */
export function spreadBasisPoints(min: bigint, max: bigint, median: bigint): bigint {
  const denominator = median > 0n ? median : 1n;
  return ((max - min) * BASIS_POINTS) / denominator;
}

/** Whether a spread disputes a request with threshold `maxSpreadBp` (strictly above it). */
export function isDisputed(spreadBp: bigint, maxSpreadBp: number): boolean {
  return spreadBp > BigInt(maxSpreadBp);
}

/** The values sorted ascending (a copy). */
export function sortValues(values: readonly bigint[]): bigint[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Summarizes the appraisals a finalization uses: count, valuers, methods, min, max, median,
 * spread and the earliest `validUntil`.
 *
 * @throws Error for an empty list
 */
export function summarize(appraisals: readonly Appraisal[]): AppraisalSummary {
  const values = appraisals.map((a) => parseDecimalInteger(a.value, 'appraisal value'));
  const sorted = sortValues(values);
  const median = medianOf(sorted);
  const min = sorted[0] as bigint;
  const max = sorted[sorted.length - 1] as bigint;
  const methodCounts = Object.fromEntries(VALUATION_METHODS.map((m) => [m, 0])) as unknown as MethodCounts;
  for (const appraisal of appraisals) {
    methodCounts[appraisal.method] += 1;
  }
  // Normalized ISO timestamps of equal length compare correctly as strings.
  const validUntil = appraisals.map((a) => a.validUntil).sort()[0] as string;
  return {
    appraisalCount: appraisals.length,
    valuerDids: appraisals.map((a) => a.valuerDid).sort(),
    methodCounts,
    minValue: formatDecimalInteger(min),
    maxValue: formatDecimalInteger(max),
    medianValue: formatDecimalInteger(median),
    spreadBp: spreadBasisPoints(min, max, median).toString(),
    validUntil,
  };
}
