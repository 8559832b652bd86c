import type { Context } from 'fabric-contract-api';
import { canonicalBytes } from './canonical-json';
import { forbidden, invalidArgument } from './errors';
import { decodeStored, type Decoder } from './pagination';
import { checkKey } from './state';

/**
 * Private data collections. Personal and sensitive details live in collections of the
 * organizations entitled to see them; the shared ledger only gets their hashes. Every
 * organization has an implicit collection `_implicit_org_<MSPID>` stored only on its own peers.
 */

/** Prefix of Fabric's implicit per-organization collections. */
export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

/** Name of the implicit collection of organization `mspId`. */
export function implicitCollection(mspId: string): string {
  if (mspId.length === 0) {
    throw invalidArgument('mspId must not be empty');
  }
  return IMPLICIT_COLLECTION_PREFIX + mspId;
}

/** The implicit collection of the caller's organization. */
export function callerImplicitCollection(ctx: Context): string {
  return implicitCollection(ctx.clientIdentity.getMSPID());
}

/**
 * Requires that the endorsing peer belongs to the caller's organization. Writing to or reading
 * from the caller's implicit collection only makes sense on such a peer: another org's peer does
 * not hold that collection, and would be trusted with data it must not see.
 *
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
export function requirePeerOfCallerOrg(ctx: Context): void {
  requirePeerOf(ctx, []);
}

/**
 * Requires that the endorsing peer belongs to the caller's organization or to one of `alsoTrusted`.
 * Transient data (private details on their way to a collection) is visible to every endorsing
 * peer, so a transaction carrying it must be endorsed only by organizations entitled to see it.
 *
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
export function requirePeerOf(ctx: Context, alsoTrusted: readonly string[]): void {
  const clientMsp = ctx.clientIdentity.getMSPID();
  const peerMsp = ctx.stub.getMspID();
  if (clientMsp !== peerMsp && !alsoTrusted.includes(peerMsp)) {
    const allowed = [clientMsp, ...alsoTrusted].join(' or ');
    throw forbidden(`client of ${clientMsp} must use a peer of ${allowed}, not of ${peerMsp}`);
  }
}

function checkCollection(collection: string): void {
  if (typeof collection !== 'string' || collection.length === 0) {
    throw invalidArgument('collection must be a non-empty string');
  }
}

/**
 * Reads and decodes the private JSON value under `key` in `collection`.
 *
 * @returns the value, or `undefined` if there is none
 */
export async function readPrivateJson<T>(
  ctx: Context,
  collection: string,
  key: string,
  decode?: Decoder<T>,
): Promise<T | undefined> {
  checkCollection(collection);
  checkKey(key);
  const bytes = await ctx.stub.getPrivateData(collection, key);
  if (!bytes || bytes.length === 0) {
    return undefined;
  }
  return decodeStored(bytes, key, decode);
}

/** Writes `value` as canonical JSON under `key` in `collection`. */
export async function writePrivateJson(ctx: Context, collection: string, key: string, value: unknown): Promise<void> {
  checkCollection(collection);
  checkKey(key);
  await ctx.stub.putPrivateData(collection, key, canonicalBytes(value));
}

/** Deletes the private value under `key` in `collection`. */
export async function deletePrivate(ctx: Context, collection: string, key: string): Promise<void> {
  checkCollection(collection);
  checkKey(key);
  await ctx.stub.deletePrivateData(collection, key);
}

/**
 * SHA-256 (hex) of the private value under `key` in `collection`, as every peer of the channel
 * knows it, member of the collection or not.
 *
 * @returns the hash, or `undefined` if there is no value
 */
export async function getPrivateDataHashHex(
  ctx: Context,
  collection: string,
  key: string,
): Promise<string | undefined> {
  checkCollection(collection);
  checkKey(key);
  const hash = await ctx.stub.getPrivateDataHash(collection, key);
  if (!hash || hash.length === 0) {
    return undefined;
  }
  return Buffer.from(hash).toString('hex');
}
