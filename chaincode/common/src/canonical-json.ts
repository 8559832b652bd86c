import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as in RFC 8785), no insignificant
 * whitespace, and only JSON values. Every endorsing peer must produce byte-identical write sets,
 * and content hashes of records must be reproducible by anyone, so nothing here may depend on
 * property insertion order or on lenient conversions that `JSON.stringify` performs silently.
 */

/** A value that {@link canonicalJson} accepts. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/**
 * Serializes `value` deterministically.
 *
 * - Object keys are sorted; properties whose value is `undefined` are omitted (optional fields).
 * - `undefined` anywhere else (top level, array element), functions, symbols, bigints,
 *   non-finite numbers, class instances (Date, Map, Buffer, ...) and cycles are rejected with a
 *   `TypeError`, rather than being turned into `null` or `{}` as `JSON.stringify` would.
 * - `-0` is written as `0`.
 *
 * @throws TypeError if the value is not representable as canonical JSON
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$', new Set());
}

/** {@link canonicalJson} as UTF-8 bytes, the form written to the ledger. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/**
 * Parses UTF-8 JSON bytes read from the ledger.
 *
 * @throws SyntaxError if the bytes are not JSON
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonical JSON: ${path} is not a finite number`);
      }
      // JSON.stringify already prints -0 as "0"; ECMAScript number formatting is fully
      // specified, so this is the same on every peer.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON: ${path} has unsupported type ${typeof value}`);
  }
  if (value === null) {
    return 'null';
  }
  if (ancestors.has(value)) {
    throw new TypeError(`canonical JSON: ${path} is a circular reference`);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const parts = value.map((item: unknown, i) => {
        if (item === undefined) {
          throw new TypeError(`canonical JSON: ${path}[${i}] is undefined`);
        }
        return serialize(item, `${path}[${i}]`, ancestors);
      });
      return `[${parts.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonical JSON: ${path} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the RFC 8785 order.
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) {
        continue;
      }
      parts.push(`${JSON.stringify(key)}:${serialize(item, `${path}.${key}`, ancestors)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/** SHA-256 of a string (UTF-8) or bytes, as 64 lowercase hex characters. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * SHA-256 of the canonical JSON of `value`: the commitment put on the shared ledger when the
 * value itself must stay private (PIPL) or off-chain.
 */
export function canonicalSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
