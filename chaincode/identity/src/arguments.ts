import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import {
  bookmarkSchema,
  getTransientBytes,
  getTransientJson,
  invalidArgument,
  isoTimestampSchema,
  mspIdSchema,
  parseArgument,
  resolvePageSize,
  type PageRequest,
  type TxTime,
} from '@ndi/chaincode-common';
import { pageSizeArgSchema } from './inputs';

/**
 * Parsing of plain-string transaction arguments and optional transient fields, on top of the
 * kernel's validation. Everything here runs before the first state read.
 */

/**
 * An optional expiry argument: `''` or absent for none, else an ISO-8601 UTC timestamp strictly
 * after the transaction time. Returned normalized to millisecond ISO form.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `name` for a malformed or past expiry
 */
export function parseExpiry(value: string | undefined, name: string, now: TxTime): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const iso = parseArgument(isoTimestampSchema, value, name);
  const millis = Date.parse(iso);
  if (millis <= now.epochMillis) {
    throw invalidArgument(`${name}: must be after the transaction time ${now.iso}`);
  }
  return new Date(millis).toISOString();
}

/**
 * The paging arguments of a list query: page size as a decimal string (`''` for the default,
 * larger than the kernel's maximum is clamped to it) and a bookmark, which must start with the
 * listing's key `prefix`: on LevelDB a bookmark is the key to resume from, so a bookmark of
 * another listing would page through someone else's keys; it is refused.
 */
export function parsePageArgs(pageSize: string, bookmark: string, prefix: string): Required<PageRequest> {
  const size = parseArgument(pageSizeArgSchema, pageSize, 'pageSize');
  const from = parseArgument(bookmarkSchema, bookmark, 'bookmark');
  if (from !== '' && !from.startsWith(prefix)) {
    throw invalidArgument('bookmark: does not belong to this listing');
  }
  return { pageSize: resolvePageSize(size === '' ? undefined : Number(size)), bookmark: from };
}

/** An MSP ID argument. */
export function parseMspId(value: unknown, name = 'mspId'): string {
  return parseArgument(mspIdSchema, value, name);
}

/** Transient field `field` parsed with `schema`, or `undefined` if the client did not send it. */
export function optionalTransient<S extends z.ZodType>(
  ctx: Context,
  field: string,
  schema: S,
): z.output<S> | undefined {
  return getTransientBytes(ctx, field) === undefined ? undefined : getTransientJson(ctx, field, schema);
}

/**
 * Refuses a transient field that the transaction does not use, so personal data sent by mistake
 * is not silently ignored (the client would believe it was stored).
 */
export function refuseTransient(ctx: Context, field: string, why: string): void {
  if (getTransientBytes(ctx, field) !== undefined) {
    throw invalidArgument(`transient.${field}: ${why}`);
  }
}
