import type { Context } from 'fabric-contract-api';
import { canonicalBytes } from './canonical-json';
import { alreadyExists, invalidArgument, notFound } from './errors';
import { isCompositeKey, MAX_KEY_LENGTH, validateSimpleKey } from './keys';
import { decodeStored, drainIterator, MAX_PAGE_SIZE, type Decoder } from './pagination';
import { timestampToTxTime, type TimestampLike } from './time';

/**
 * Typed JSON access to the world state. Values are always written as canonical JSON, so every
 * endorser produces the same bytes. Note Fabric's read semantics: within one transaction a read
 * returns the committed value, never the transaction's own earlier write.
 */

/** Checks a whole key: composite keys were validated part by part when built. */
export function checkKey(key: string): void {
  if (typeof key === 'string' && isCompositeKey(key)) {
    if (key.length > MAX_KEY_LENGTH) {
      throw invalidArgument(`key must be at most ${MAX_KEY_LENGTH} characters`);
    }
    return;
  }
  validateSimpleKey(key);
}

/** Whether a value is stored under `key`. */
export async function keyExists(ctx: Context, key: string): Promise<boolean> {
  checkKey(key);
  const bytes = await ctx.stub.getState(key);
  return bytes !== undefined && bytes.length > 0;
}

/**
 * Reads and decodes the JSON value under `key`.
 *
 * @param decode - validates/converts the parsed JSON (e.g. `(v) => schema.parse(v)`)
 * @returns the value, or `undefined` if the key has no value
 */
export async function readJson<T>(ctx: Context, key: string, decode?: Decoder<T>): Promise<T | undefined> {
  checkKey(key);
  const bytes = await ctx.stub.getState(key);
  if (!bytes || bytes.length === 0) {
    return undefined;
  }
  return decodeStored(bytes, key, decode);
}

/**
 * Reads the JSON value under `key`, which must exist.
 *
 * @param what - names the object in the error, e.g. `data asset 'abc'`
 * @throws ChaincodeError `NOT_FOUND: <what> does not exist`
 */
export async function readJsonOrThrow<T>(ctx: Context, key: string, what: string, decode?: Decoder<T>): Promise<T> {
  const value = await readJson(ctx, key, decode);
  if (value === undefined) {
    throw notFound(`${what} does not exist`);
  }
  return value;
}

/** Writes `value` as canonical JSON under `key` (create or replace). */
export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
  checkKey(key);
  await ctx.stub.putState(key, canonicalBytes(value));
}

/**
 * Writes `value` under `key`, which must not hold a value yet.
 *
 * @param what - names the object in the error
 * @throws ChaincodeError `ALREADY_EXISTS: <what> already exists`
 */
export async function insertJson(ctx: Context, key: string, value: unknown, what: string): Promise<void> {
  if (await keyExists(ctx, key)) {
    throw alreadyExists(`${what} already exists`);
  }
  await writeJson(ctx, key, value);
}

/** Deletes the value under `key` (a no-op on the ledger if there is none). */
export async function deleteKey(ctx: Context, key: string): Promise<void> {
  checkKey(key);
  await ctx.stub.deleteState(key);
}

/** One modification of a key, from {@link getKeyHistory}. */
export interface HistoryEntry<T> {
  /** The transaction that wrote it. */
  txId: string;
  /** Transaction time, ISO-8601. */
  timestamp: string;
  /** Transaction time, epoch milliseconds. */
  epochMillis: number;
  /** Whether the transaction deleted the key. */
  isDelete: boolean;
  /** The value written; absent for deletions. */
  value?: T;
}

/** Result of {@link getKeyHistory}. */
export interface KeyHistory<T> {
  /** Modifications in the order the peer returns them (newest first in Fabric 2.x). */
  entries: HistoryEntry<T>[];
  /** Whether older modifications were left out because of `limit`. */
  truncated: boolean;
}

interface KeyModificationLike {
  txId: string;
  timestamp: TimestampLike;
  isDelete: boolean;
  value: Uint8Array;
}

/**
 * Reads up to `limit` modifications of `key` (newest first). History needs the peer's history
 * database; regulators use it for audit trails.
 */
export async function getKeyHistory<T>(
  ctx: Context,
  key: string,
  limit = MAX_PAGE_SIZE,
  decode?: Decoder<T>,
): Promise<KeyHistory<T>> {
  checkKey(key);
  const iterator = await ctx.stub.getHistoryForKey(key);
  const { values, truncated } = await drainIterator<KeyModificationLike>(iterator, Math.max(1, limit));
  const entries = values.map((m): HistoryEntry<T> => {
    const time = timestampToTxTime(m.timestamp);
    const entry: HistoryEntry<T> = {
      txId: m.txId,
      timestamp: time.iso,
      epochMillis: time.epochMillis,
      isDelete: m.isDelete,
    };
    if (!m.isDelete && m.value && m.value.length > 0) {
      entry.value = decodeStored(m.value, key, decode);
    }
    return entry;
  });
  return { entries, truncated };
}
