import { invalidArgument } from './errors';

/**
 * Ledger keys. Composite keys use exactly the encoding of fabric-shim's `createCompositeKey`
 * (`\u0000` + objectType + `\u0000` + each attribute + `\u0000`), so keys built here and keys built
 * by the stub are interchangeable, and partial-key range queries see both.
 */

/** Namespace prefix of composite keys (also their attribute separator). */
export const COMPOSITE_KEY_NAMESPACE = '\u0000';
/** The largest code point; Fabric appends it to a partial key to form the range end. */
export const MAX_UNICODE_RUNE = '\u{10ffff}';
/** Longest allowed key part (object type or attribute), in UTF-16 code units. */
export const MAX_KEY_PART_LENGTH = 256;
/** Longest allowed full key, in UTF-16 code units. */
export const MAX_KEY_LENGTH = 1024;

// C0 and C1 control characters (which include U+0000) and DEL: never meaningful in an identifier,
// and U+0000 would break the composite-key encoding.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// Lone surrogates cannot be encoded as UTF-8, so the peer would store a different key.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks one part of a key (object type or attribute).
 *
 * @param part - the value to check
 * @param label - how to name the part in the error message
 * @throws ChaincodeError `INVALID_ARGUMENT` if the part is empty, too long, contains control
 *   characters, U+10FFFF or unpaired surrogates
 */
export function validateKeyPart(part: string, label = 'key part'): void {
  if (typeof part !== 'string' || part.length === 0) {
    throw invalidArgument(`${label} must be a non-empty string`);
  }
  if (part.length > MAX_KEY_PART_LENGTH) {
    throw invalidArgument(`${label} must be at most ${MAX_KEY_PART_LENGTH} characters`);
  }
  if (CONTROL_CHARS.test(part)) {
    throw invalidArgument(`${label} must not contain control characters`);
  }
  if (part.includes(MAX_UNICODE_RUNE)) {
    throw invalidArgument(`${label} must not contain U+10FFFF`);
  }
  if (LONE_SURROGATE.test(part)) {
    throw invalidArgument(`${label} must not contain unpaired surrogates`);
  }
}

/**
 * Builds a composite key from validated parts.
 *
 * @param objectType - the record type, e.g. `asset`
 * @param attributes - the key attributes, most significant first; may be empty
 * @throws ChaincodeError `INVALID_ARGUMENT` for an invalid part or a key over {@link MAX_KEY_LENGTH}
 */
export function compositeKey(objectType: string, attributes: readonly string[] = []): string {
  validateKeyPart(objectType, 'object type');
  attributes.forEach((attribute, i) => validateKeyPart(attribute, `key attribute ${i}`));
  const key =
    COMPOSITE_KEY_NAMESPACE +
    objectType +
    COMPOSITE_KEY_NAMESPACE +
    attributes.map((a) => a + COMPOSITE_KEY_NAMESPACE).join('');
  if (key.length > MAX_KEY_LENGTH) {
    throw invalidArgument(`key must be at most ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

/** A composite key split into its object type and attributes. */
export interface SplitKey {
  /** The record type. */
  objectType: string;
  /** The attributes, most significant first. */
  attributes: string[];
}

/**
 * Splits a composite key built by {@link compositeKey} or the stub.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if `key` is not a composite key
 */
export function splitCompositeKey(key: string): SplitKey {
  if (!isCompositeKey(key)) {
    throw invalidArgument('not a composite key');
  }
  const parts = key.slice(1, -1).split(COMPOSITE_KEY_NAMESPACE);
  const [objectType, ...attributes] = parts as [string, ...string[]];
  return { objectType, attributes };
}

/** Whether `key` has the composite-key shape (`\u0000type\u0000(attr\u0000)*`). */
export function isCompositeKey(key: string): boolean {
  return key.length >= 3 && key.startsWith(COMPOSITE_KEY_NAMESPACE) && key.endsWith(COMPOSITE_KEY_NAMESPACE);
}

/**
 * Checks a simple (non-composite) key: same rules as a key part (at most
 * {@link MAX_KEY_PART_LENGTH} characters, no control characters, no U+10FFFF). Simple keys can never start with U+0000, so they cannot collide with composite keys.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if the key is invalid
 */
export function validateSimpleKey(key: string, label = 'key'): void {
  validateKeyPart(key, label);
}
