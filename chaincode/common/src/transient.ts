import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { invalidArgument } from './errors';
import { MAX_JSON_ARGUMENT_LENGTH, parseJsonArgument } from './validation';

/**
 * Transient data: proposal fields that reach the chaincode but never the ledger or the block,
 * the only proper channel for private inputs (personal data headed for a private collection).
 */

/** The raw bytes of transient field `field`, or `undefined` if the client did not send it. */
export function getTransientBytes(ctx: Context, field: string): Uint8Array | undefined {
  const map = ctx.stub.getTransient();
  const bytes = map?.get(field);
  return bytes && bytes.length > 0 ? bytes : undefined;
}

/**
 * Parses transient field `field` as JSON and validates it against `schema`. Errors name the
 * field, e.g. `INVALID_ARGUMENT: transient.person.name: ...`.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if the field is missing, malformed or invalid
 */
export function getTransientJson<S extends z.ZodType>(
  ctx: Context,
  field: string,
  schema: S,
  maxLength = MAX_JSON_ARGUMENT_LENGTH,
): z.output<S> {
  const bytes = getTransientBytes(ctx, field);
  if (bytes === undefined) {
    throw invalidArgument(`transient field '${field}' is required`);
  }
  return parseJsonArgument(schema, Buffer.from(bytes).toString('utf8'), {
    name: `transient.${field}`,
    pathPrefix: `transient.${field}`,
    maxLength,
  });
}
