import {
  didSchema,
  idSchema,
  invalidArgument,
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
