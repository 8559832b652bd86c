import { z } from 'zod';
import { invalidArgument } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

/** Longest identifier accepted by {@link idSchema}. */
export const MAX_ID_LENGTH = 64;

/**
 * Identifier of a ledger object: 1..64 of `[A-Za-z0-9._:-]`. The alphabet excludes the
 * composite-key delimiters and anything that needs escaping in URLs or logs.
 */
export const idSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must contain only letters, digits, ".", "_", ":" and "-"');

/** Fabric MSP ID, e.g. `Org1MSP`: 1..64 of `[A-Za-z0-9._-]`. */
export const mspIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "_" and "-"');

/** DID issued by this suite: `did:ndi:<mspId>:<32 lowercase hex>` (see `deriveDid`). */
export const didSchema = z
  .string()
  .max(128)
  .regex(/^did:ndi:[A-Za-z0-9._-]{1,64}:[0-9a-f]{32}$/, 'must be a did:ndi:<mspId>:<32 hex> DID');

/** SHA-256 digest as 64 lowercase hex characters. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

/** ISO-8601 UTC timestamp with `Z` offset, e.g. `2025-01-31T12:00:00.000Z`. */
export const isoTimestampSchema = z.iso.datetime();

/** Pattern of non-negative decimal integers without leading zeros, up to 30 digits. */
export const DECIMAL_INTEGER_PATTERN = /^(0|[1-9][0-9]{0,29})$/;

/**
 * A non-negative integer carried as a decimal string (money in minor units, share quantities).
 * Strings, because JSON numbers lose precision above 2^53 and invite floats.
 */
export const decimalIntegerSchema = z
  .string()
  .regex(DECIMAL_INTEGER_PATTERN, 'must be a non-negative decimal integer string without leading zeros');

/** An amount of money in integer minor units (e.g. fen, cents), as a decimal string. */
export const moneyAmountSchema = decimalIntegerSchema;

/** A quantity (e.g. of shares), as a decimal string. */
export const quantitySchema = decimalIntegerSchema;

/** A strictly positive quantity, as a decimal string. */
export const positiveQuantitySchema = decimalIntegerSchema.refine((v) => v !== '0', 'must be greater than zero');

/** ISO 4217 alphabetic currency code, e.g. `CNY`. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code (3 uppercase letters)');

/** Page size of a paginated query: integer 1..{@link MAX_PAGE_SIZE}. */
export const pageSizeSchema = z.number().int().min(1).max(MAX_PAGE_SIZE);

/**
 * Bookmark returned by a previous page, or `''` for the first page. Bookmarks are ledger keys
 * and may contain U+0000, so only the length is limited.
 */
export const bookmarkSchema = z.string().max(2048);

/** Optional pagination fields of a query request; `pageSize` defaults to {@link DEFAULT_PAGE_SIZE}. */
export const pageRequestSchema = z.strictObject({
  /** Records per page, 1..{@link MAX_PAGE_SIZE}; {@link DEFAULT_PAGE_SIZE} when absent. */
  pageSize: pageSizeSchema.default(DEFAULT_PAGE_SIZE),
  /** Bookmark of the previous page (at most 2048 characters); `''` when absent, i.e. the first page. */
  bookmark: bookmarkSchema.default(''),
});

/**
 * Characters that make text display other than it reads ("Trojan Source", CVE-2021-42574): the bidirectional
 * embedding, override and isolate controls; invisible characters that split or join words unseen (zero-width
 * space, word joiner, byte-order mark, invisible operators, deprecated format controls); the noncharacters
 * U+FFFE/U+FFFF; and lone UTF-16 surrogates, which cannot be written as UTF-8 and so would not survive the
 * ledger's bytes. Zero-width (non-)joiners and the directional marks stay allowed: scripts such as Persian and
 * emoji sequences need them.
 */
const DECEPTIVE_CHARACTERS = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufffe\uffff]|\p{Cs}/u;

/** Adds the rules every free text shares: no deceptive or invisible characters, and Unicode NFC. */
function wellFormedText(schema: z.ZodString): z.ZodString {
  return schema
    .refine((v) => !DECEPTIVE_CHARACTERS.test(v), {
      message: 'must not contain bidirectional controls, invisible characters or lone surrogates',
    })
    .refine((v) => v === v.normalize('NFC'), { message: 'must be in Unicode normalization form C (NFC)' });
}

/**
 * A non-empty string of at most `max` characters (UTF-16 code units), with no control characters, no
 * deceptive or invisible characters, in Unicode NFC.
 */
export function boundedString(max: number): z.ZodString {
  return wellFormedText(
    z
      .string()
      .min(1)
      .max(max)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters'),
  );
}

/**
 * A non-empty free text of at most `max` characters (UTF-16 code units); newlines and tabs allowed, other
 * control characters not; no deceptive or invisible characters; in Unicode NFC.
 */
export function boundedText(max: number): z.ZodString {
  return wellFormedText(
    z
      .string()
      .min(1)
      .max(max)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters'),
  );
}

/**
 * Parses a decimal-integer string into a bigint.
 *
 * @param label - how to name the value in the error message
 * @throws ChaincodeError `INVALID_ARGUMENT` if `value` does not match {@link DECIMAL_INTEGER_PATTERN}
 */
export function parseDecimalInteger(value: string, label = 'value'): bigint {
  if (!DECIMAL_INTEGER_PATTERN.test(value)) {
    throw invalidArgument(`${label}: must be a non-negative decimal integer string without leading zeros`);
  }
  return BigInt(value);
}

/**
 * Formats a non-negative bigint as a decimal-integer string (the inverse of
 * {@link parseDecimalInteger}).
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if the value is negative or has more than 30 digits
 */
export function formatDecimalInteger(value: bigint, label = 'value'): string {
  const text = value.toString();
  if (!DECIMAL_INTEGER_PATTERN.test(text)) {
    throw invalidArgument(`${label}: must be between 0 and 10^30 - 1`);
  }
  return text;
}
