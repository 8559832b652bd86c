import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import {
  getTransientBytes,
  getTransientJson,
  invalidArgument,
  isoTimestampSchema,
  mspIdSchema,
  parseArgument,
  type TxTime,
} from '@ndi/chaincode-common';

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
