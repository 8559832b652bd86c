import { z } from 'zod';
import { didSchema, idSchema, invalidArgument, parseArgument, sha256HexSchema } from '@ndi/chaincode-common';
import { purposeSchema } from './schemas';

/**
 * Parsers of the plain string arguments (IDs, DIDs, hashes, page sizes). Each throws
 * `INVALID_ARGUMENT` naming the argument, and none touches the ledger, so a transaction can
 * validate everything before its first read.
 */

/** Deepest lineage walk `GetLineage` accepts. */
export const MAX_LINEAGE_DEPTH = 5;

/** An asset or grant identifier. */
export function parseId(value: unknown, name = 'id'): string {
  return parseArgument(idSchema, value, name);
}

/** A DID issued by the suite. */
export function parseDid(value: unknown, name = 'did'): string {
  return parseArgument(didSchema, value, name);
}

/** A purpose identifier. */
export function parsePurpose(value: unknown, name = 'purpose'): string {
  return parseArgument(purposeSchema, value, name);
}

/** A SHA-256 hex digest. */
export function parseHash(value: unknown, name: string): string {
  return parseArgument(sha256HexSchema, value, name);
}

const smallIntegerSchema = z.string().regex(/^[1-9][0-9]{0,2}$/, 'must be a positive integer');

/** Lineage depth: a decimal string 1..{@link MAX_LINEAGE_DEPTH}. */
export function parseDepth(value: unknown): number {
  const depth = Number(parseArgument(smallIntegerSchema, value, 'depth'));
  if (depth > MAX_LINEAGE_DEPTH) {
    throw invalidArgument(`depth: must be at most ${MAX_LINEAGE_DEPTH}`);
  }
  return depth;
}
