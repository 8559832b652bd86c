import type { PriceReference } from './model';

/**
 * The price band: when the asset has a current valuation, a listing must price the whole asset
 * within 50%..200% of it, both bounds inclusive. The compared product is the implied asset value
 * `pricePerShare × totalShares` (the price of all shares at the listing's rate), not the
 * listing's own total `pricePerShare × shares`: a listing of 1% of the shares at a fair rate is
 * as fair as one of 100%. Everything is exact bigint arithmetic on minor units.
 */

/** Lower bound of the band, in percent of the valuation (inclusive). */
export const PRICE_BAND_MIN_PERCENT = 50n;
/** Upper bound of the band, in percent of the valuation (inclusive). */
export const PRICE_BAND_MAX_PERCENT = 200n;

/** The band for one asset: implied-value and per-share bounds, all inclusive. */
export interface PriceBand {
  /** Lowest implied asset value: ceil(value × 50 / 100). */
  minImpliedValue: bigint;
  /** Highest implied asset value: floor(value × 200 / 100). */
  maxImpliedValue: bigint;
  /** Lowest acceptable price per share: ceil(minImpliedValue / totalShares). */
  minPricePerShare: bigint;
  /** Highest acceptable price per share: floor(maxImpliedValue / totalShares). */
  maxPricePerShare: bigint;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The band around `value` for an asset of `totalShares` shares (`totalShares` > 0). */
export function priceBand(value: bigint, totalShares: bigint): PriceBand {
  const minImpliedValue = ceilDiv(value * PRICE_BAND_MIN_PERCENT, 100n);
  const maxImpliedValue = (value * PRICE_BAND_MAX_PERCENT) / 100n;
  return {
    minImpliedValue,
    maxImpliedValue,
    minPricePerShare: ceilDiv(minImpliedValue, totalShares),
    maxPricePerShare: maxImpliedValue / totalShares,
  };
}

/**
 * Why a listing's price conflicts with the valuation, or `undefined` if it does not (or there is
 * no valuation). The message names the currency or the bounds.
 */
export function priceBandViolation(
  pricePerShare: bigint,
  currency: string,
  totalShares: bigint,
  valuation: PriceReference | undefined,
): string | undefined {
  if (valuation === undefined) {
    return undefined;
  }
  if (currency !== valuation.currency) {
    return `currency: must be ${valuation.currency}, the currency of the asset's current valuation`;
  }
  const value = BigInt(valuation.value);
  const implied = pricePerShare * totalShares;
  const band = priceBand(value, totalShares);
  if (implied >= band.minImpliedValue && implied <= band.maxImpliedValue) {
    return undefined;
  }
  return (
    `pricePerShare: implies an asset value of ${implied} ${currency} (pricePerShare × ${totalShares} total shares), ` +
    `outside ${PRICE_BAND_MIN_PERCENT}%..${PRICE_BAND_MAX_PERCENT}% of the current valuation ${value} ${currency}: ` +
    `the implied value must be between ${band.minImpliedValue} and ${band.maxImpliedValue} inclusive, ` +
    `i.e. pricePerShare between ${band.minPricePerShare} and ${band.maxPricePerShare}`
  );
}
