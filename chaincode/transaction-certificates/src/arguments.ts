import { z } from 'zod';
import {
  bookmarkSchema,
  DEFAULT_PAGE_SIZE,
  didSchema,
  idSchema,
  invalidArgument,
  MAX_PAGE_SIZE,
  parseArgument,
  sha256HexSchema,
  type TxTime,
} from '@ndi/chaincode-common';

/**
 * Parsers of plain string arguments. Each throws `INVALID_ARGUMENT` naming the argument and none
 * touches the ledger, so every transaction validates all its arguments before its first read.
 */

/** An asset, listing, order or certificate identifier. */
export function parseId(value: unknown, name: string): string {
  return parseArgument(idSchema, value, name);
}

/** A DID issued by the suite. */
export function parseDid(value: unknown, name: string): string {
  return parseArgument(didSchema, value, name);
}

/** A SHA-256 hex digest. */
export function parseHash(value: unknown, name: string): string {
  return parseArgument(sha256HexSchema, value, name);
}

const smallIntegerSchema = z.string().regex(/^[1-9][0-9]{0,2}$/, 'must be a positive integer');

/** Page size: a decimal string 1..{@link MAX_PAGE_SIZE}, or `''` for the default. */
export function parsePageSize(value: unknown): number {
  if (value === '') {
    return DEFAULT_PAGE_SIZE;
  }
  const pageSize = Number(parseArgument(smallIntegerSchema, value, 'pageSize'));
  if (pageSize > MAX_PAGE_SIZE) {
    throw invalidArgument(`pageSize: must be at most ${MAX_PAGE_SIZE}`);
  }
  return pageSize;
}

/**
 * A bookmark from a previous page of the listing whose keys start with `prefix`, or `''`. On
 * LevelDB a bookmark is the key to resume from, so one from another listing is refused.
 */
export function parseBookmark(value: unknown, prefix: string): string {
  const bookmark = parseArgument(bookmarkSchema, value, 'bookmark');
  if (bookmark !== '' && !bookmark.startsWith(prefix)) {
    throw invalidArgument('bookmark: does not belong to this listing');
  }
  return bookmark;
}

/**
 * Requires an instant after the transaction time.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `field` otherwise
 */
export function requireFuture(iso: string, now: TxTime, field: string): void {
  if (Date.parse(iso) <= now.epochMillis) {
    throw invalidArgument(`${field}: must be after the transaction time ${now.iso}`);
  }
}
