import { z } from 'zod';
import {
  bookmarkSchema,
  invalidArgument,
  isoTimestampSchema,
  parseArgument,
  resolvePageSize,
  type PageRequest,
  type TxTime,
} from '@ndi/chaincode-common';

/**
 * Parsing of plain-string transaction arguments on top of the kernel's validation. Nothing here
 * touches the ledger, so a transaction can validate everything before its first read.
 */

/** Optional page size argument: `''` for the default, else 1..9999 (clamped by the kernel to 100). */
export const pageSizeArgSchema = z.string().regex(/^(|[1-9][0-9]{0,3})$/, 'must be a positive integer or empty');

/**
 * A timestamp strictly after the transaction time, returned normalized to millisecond ISO form.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `name` for a malformed or past timestamp
 */
export function parseFutureTime(value: unknown, name: string, now: TxTime): string {
  const iso = parseArgument(isoTimestampSchema, value, name);
  const millis = Date.parse(iso);
  if (millis <= now.epochMillis) {
    throw invalidArgument(`${name}: must be after the transaction time ${now.iso}`);
  }
  return new Date(millis).toISOString();
}

/**
 * The paging arguments of a listing whose keys start with `prefix`: page size as a decimal
 * string (`''` for the default) and a bookmark. On LevelDB a bookmark is the key to resume from,
 * so a bookmark of another listing would page through someone else's keys; it is refused.
 */
export function parsePageArgs(pageSize: unknown, bookmark: unknown, prefix: string): Required<PageRequest> {
  const size = parseArgument(pageSizeArgSchema, pageSize, 'pageSize');
  const from = parseArgument(bookmarkSchema, bookmark, 'bookmark');
  if (from !== '' && !from.startsWith(prefix)) {
    throw invalidArgument('bookmark: does not belong to this listing');
  }
  return { pageSize: resolvePageSize(size === '' ? undefined : Number(size)), bookmark: from };
}
