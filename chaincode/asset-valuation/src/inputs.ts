import { z } from 'zod';
import {
  boundedString,
  boundedText,
  currencySchema,
  idSchema,
  isoTimestampSchema,
  moneyAmountSchema,
  sha256HexSchema,
} from '@ndi/chaincode-common';
import {
  DEFAULT_CURRENCY,
  DEFAULT_MAX_SPREAD_BP,
  DEFAULT_MIN_APPRAISALS,
  MIN_APPRAISALS_LOWER,
  MIN_APPRAISALS_UPPER,
  VALUATION_METHODS,
  type AppraisalInput,
  type ValuationRequestInput,
} from './model';

/**
 * Validation of every argument and transient field, as zod schemas. Strict objects: a misspelt
 * field is refused, never silently dropped.
 */

/** Longest reason text of a resolution. */
export const MAX_REASON_LENGTH = 500;
/** Cap on the raw JSON of the transient `evidence` field. */
export const MAX_EVIDENCE_LENGTH = 16 * 1024;
/** Most top-level fields of the transient `evidence` object. */
export const MAX_EVIDENCE_FIELDS = 50;

/** A purpose: a kebab-case identifier such as `listing` or `collateral` (as in data-registry). */
export const purposeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase kebab-case identifier');

/** `RequestValuation` argument, defaults applied. */
export const valuationRequestInputSchema = z.strictObject({
  id: idSchema,
  assetId: idSchema,
  purpose: purposeSchema,
  currency: currencySchema.default(DEFAULT_CURRENCY),
  minAppraisals: z.number().int().min(MIN_APPRAISALS_LOWER).max(MIN_APPRAISALS_UPPER).default(DEFAULT_MIN_APPRAISALS),
  maxSpreadBp: z.number().int().min(0).max(DEFAULT_MAX_SPREAD_BP).default(DEFAULT_MAX_SPREAD_BP),
}) satisfies z.ZodType<Required<ValuationRequestInput>, ValuationRequestInput>;

/** `SubmitAppraisal` argument (`validUntil` is checked against the transaction time separately). */
export const appraisalInputSchema = z.strictObject({
  method: z.enum(VALUATION_METHODS),
  value: moneyAmountSchema,
  currency: currencySchema,
  evidenceHash: sha256HexSchema,
  validUntil: isoTimestampSchema,
}) satisfies z.ZodType<AppraisalInput>;

/** Transient `evidence` of `SubmitAppraisal`: a non-empty JSON object of at most 50 fields. */
export const evidenceSchema = z
  .record(boundedString(64), z.json())
  .refine((value) => Object.keys(value).length > 0, 'must not be empty')
  .refine(
    (value) => Object.keys(value).length <= MAX_EVIDENCE_FIELDS,
    `must have at most ${MAX_EVIDENCE_FIELDS} fields`,
  );

/** A request ID or asset ID (kernel ID alphabet: no key delimiters, no control characters). */
export const requestIdSchema = idSchema;
/** An amount of money in minor units. */
export const moneySchema = moneyAmountSchema;
/** Reason text of a resolution: public, so it must carry no personal data. */
export const reasonSchema = boundedText(MAX_REASON_LENGTH);

/** `evidenceHash` of `StoreAppraisalEvidence`: the report document's SHA-256, as in the appraisal. */
export const reportHashSchema = sha256HexSchema;
