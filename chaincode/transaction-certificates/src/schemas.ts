import { z } from 'zod';
import {
  boundedString,
  boundedText,
  currencySchema,
  DECIMAL_INTEGER_PATTERN,
  didSchema,
  idSchema,
  isoTimestampSchema,
  positiveQuantitySchema,
} from '@ndi/chaincode-common';
import { MAX_PRICE_PER_SHARE, MAX_SHARES } from './model';

/**
 * Input schemas. Objects are strict (a misspelt field is refused, not dropped); quantities and
 * prices are positive decimal-integer strings without leading zeros, with upper bounds so that
 * every product stays exact and below 10^30.
 */

/** Most purposes in a listing. */
export const MAX_PURPOSES = 20;
/** Longest payment reference. */
export const MAX_PAYMENT_REF_LENGTH = 128;
/** Longest revocation reason. */
export const MAX_REASON_LENGTH = 500;

/** A positive decimal string not above `max`. */
function boundedPositive(max: bigint, what: string) {
  // The pattern check runs first but does not stop later checks: guard BigInt against bad text.
  return positiveQuantitySchema.refine(
    (v) => !DECIMAL_INTEGER_PATTERN.test(v) || BigInt(v) <= max,
    `must be at most ${what}`,
  );
}

/** A share quantity: 1..10^18. */
export const sharesSchema = boundedPositive(MAX_SHARES, '10^18');

/** A price per share in minor units: 1..10^11. */
export const pricePerShareSchema = boundedPositive(MAX_PRICE_PER_SHARE, '10^11');

/** A purpose, as in the data registry: lowercase kebab-case. */
export const purposeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase kebab-case identifier');

/** A timestamp argument, normalized to ISO-8601 UTC with milliseconds. */
export const timestampSchema = isoTimestampSchema.transform((value) => new Date(value).toISOString());

/** `CreateListing` argument. */
export const listingInputSchema = z.strictObject({
  id: idSchema,
  assetId: idSchema,
  shares: sharesSchema,
  pricePerShare: pricePerShareSchema,
  currency: currencySchema,
  expiresAt: timestampSchema,
  purposes: z
    .array(purposeSchema)
    .min(1)
    .max(MAX_PURPOSES)
    .refine((values) => new Set(values).size === values.length, 'must not contain duplicates'),
});

/** `PlaceOrder` argument. */
export const orderInputSchema = z.strictObject({
  id: idSchema,
  listingId: idSchema,
  shares: sharesSchema,
});

/** `ListCertificates` filter: exactly one of `assetId`, `partyDid`. */
export const certificateFilterSchema = z
  .strictObject({ assetId: idSchema.optional(), partyDid: didSchema.optional() })
  .refine((f) => (f.assetId === undefined) !== (f.partyDid === undefined), {
    message: 'exactly one of assetId and partyDid is required',
  });

/** The seller's reference of the off-chain payment. */
export const paymentRefSchema = boundedString(MAX_PAYMENT_REF_LENGTH);

/** Public revocation reason: no personal data. */
export const reasonSchema = boundedText(MAX_REASON_LENGTH);
