import type { Context } from 'fabric-contract-api';
import { parseJsonBytes } from './canonical-json';
import { invalidArgument } from './errors';
import { compositeKey, validateSimpleKey } from './keys';

/** Page size used when a request does not name one. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a query may return; keeps endorsement time and response size bounded. */
export const MAX_PAGE_SIZE = 100;

/** One page of query results. */
export interface Page<T> {
  /** The records of this page, in key order. */
  items: T[];
  /** Pass back to get the next page; `''` when there are no more records. */
  bookmark: string;
  /** How many records the peer fetched for this page (= `items.length`). */
  fetchedCount: number;
}

/** Paging parameters of a query. */
export interface PageRequest {
  /** Records per page, 1..{@link MAX_PAGE_SIZE}; default {@link DEFAULT_PAGE_SIZE}. */
  pageSize?: number;
  /** Bookmark from the previous page; `''` or absent for the first page. */
  bookmark?: string;
}

/** Turns a stored JSON value (already parsed) and its key into a result item. */
export type Decoder<T> = (value: unknown, key: string) => T;

/** The minimal iterator shape shared by fabric-shim's state and history iterators. */
export interface LedgerIterator<V> {
  /** Next result; `done` with no value at the end. */
  next(): Promise<{
    /** The result; absent at the end. */
    value?: V;
    /** `true` once the iterator is exhausted. */
    done?: boolean;
  }>;
  /** Releases the peer-side iterator. */
  close(): Promise<void>;
}

/**
 * Clamps a requested page size into 1..{@link MAX_PAGE_SIZE}.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if `pageSize` is not a positive integer
 */
export function resolvePageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw invalidArgument('pageSize: must be a positive integer');
  }
  return Math.min(pageSize, MAX_PAGE_SIZE);
}

/**
 * Decodes a stored value: parses its JSON and applies `decode`.
 *
 * @throws Error if the stored bytes are not JSON (corrupt state, not a client error)
 */
export function decodeStored<T>(bytes: Uint8Array, key: string, decode?: Decoder<T>): T {
  let value: unknown;
  try {
    value = parseJsonBytes(bytes);
  } catch {
    throw new Error(`stored value under key ${JSON.stringify(key)} is not JSON`);
  }
  return decode ? decode(value, key) : (value as T);
}

/**
 * Drains at most `limit` results from a ledger iterator and always closes it.
 *
 * @returns the results and whether more remained
 */
export async function drainIterator<V>(
  iterator: LedgerIterator<V>,
  limit: number,
): Promise<{
  /** The first `limit` results at most, in iterator order. */
  values: V[];
  /** `true` if the iterator held more than `limit` results; the rest are dropped, not returned. */
  truncated: boolean;
}> {
  const values: V[] = [];
  let truncated = false;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || next.value === undefined) {
        break;
      }
      if (values.length >= limit) {
        truncated = true;
        break;
      }
      values.push(next.value);
    }
  } finally {
    await iterator.close();
  }
  return { values, truncated };
}

interface KvLike {
  key: string;
  value: Uint8Array;
}

async function toPage<T>(
  response: { iterator: LedgerIterator<KvLike>; metadata: { fetchedRecordsCount?: number; bookmark?: string } },
  decode: Decoder<T> | undefined,
): Promise<Page<T>> {
  const { values } = await drainIterator(response.iterator, MAX_PAGE_SIZE);
  const items = values.map((kv) => decodeStored(kv.value, kv.key, decode));
  return {
    items,
    bookmark: response.metadata.bookmark ?? '',
    fetchedCount: response.metadata.fetchedRecordsCount ?? items.length,
  };
}

/**
 * One page of records whose composite key starts with `objectType` and `attributes`.
 *
 * Fabric refuses paginated queries in transactions that write (phantom reads would go
 * undetected), so use this only in evaluate (read-only) transactions.
 */
export async function queryPageByPartialKey<T>(
  ctx: Context,
  objectType: string,
  attributes: readonly string[],
  request: PageRequest = {},
  decode?: Decoder<T>,
): Promise<Page<T>> {
  compositeKey(objectType, attributes); // validates the parts
  const response = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
    objectType,
    [...attributes],
    resolvePageSize(request.pageSize),
    request.bookmark ?? '',
  );
  return toPage(response, decode);
}

/**
 * One page of records with simple keys in `[startKey, endKey)`; `''` leaves a side open.
 * Read-only transactions only, like {@link queryPageByPartialKey}.
 */
export async function queryPageByRange<T>(
  ctx: Context,
  startKey: string,
  endKey: string,
  request: PageRequest = {},
  decode?: Decoder<T>,
): Promise<Page<T>> {
  if (startKey !== '') validateSimpleKey(startKey, 'startKey');
  if (endKey !== '') validateSimpleKey(endKey, 'endKey');
  const response = await ctx.stub.getStateByRangeWithPagination(
    startKey,
    endKey,
    resolvePageSize(request.pageSize),
    request.bookmark ?? '',
  );
  return toPage(response, decode);
}

/** A bounded, non-paginated listing. */
export interface BoundedList<T> {
  /** At most `limit` records in key order. */
  items: T[];
  /** Whether more records matched than were returned. */
  truncated: boolean;
}

/**
 * Up to `limit` records whose composite key starts with `objectType` and `attributes`. Unlike
 * {@link queryPageByPartialKey} this may be used in transactions that write (Fabric re-checks
 * such range reads at validation), so it is the way to read a small set before updating it.
 */
export async function listByPartialKey<T>(
  ctx: Context,
  objectType: string,
  attributes: readonly string[],
  limit: number,
  decode?: Decoder<T>,
): Promise<BoundedList<T>> {
  compositeKey(objectType, attributes);
  const iterator = await ctx.stub.getStateByPartialCompositeKey(objectType, [...attributes]);
  const { values, truncated } = await drainIterator(iterator, limit);
  return { items: values.map((kv) => decodeStored(kv.value, kv.key, decode)), truncated };
}
