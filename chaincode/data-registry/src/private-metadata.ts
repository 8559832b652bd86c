import type { Context } from 'fabric-contract-api';
import {
  failedPrecondition,
  getPrivateDataHashHex,
  getTransientBytes,
  getTransientJson,
  invalidArgument,
} from '@ndi/chaincode-common';
import { privateMetadataKey } from './keys';
import { MAX_PRIVATE_METADATA_LENGTH, privateMetadataSchema } from './schemas';

/**
 * Private metadata travels on its own: `StorePrivateMetadata` carries it in transient data and writes it, and
 * nothing else, to the owner organization's implicit collection, which Fabric validates against that
 * organization's own endorsement policy, so the owner's peers alone endorse it and no other organization's peer
 * sees it. `RegisterDataAsset` / `UpdateDataAsset` then name it by its hash, which every peer can check.
 */

/** Transient field that carries an asset's private metadata. */
export const PRIVATE_METADATA_FIELD = 'privateMetadata';

/**
 * The private metadata `StorePrivateMetadata` received.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if it is missing, malformed or too large
 */
export function readPrivateMetadata(ctx: Context): Record<string, unknown> {
  return getTransientJson(ctx, PRIVATE_METADATA_FIELD, privateMetadataSchema, MAX_PRIVATE_METADATA_LENGTH);
}

/**
 * Refuses private metadata sent along with a public write: it would reach every endorsing peer.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming the way to send it
 */
export function refusePrivateMetadataTransient(ctx: Context): void {
  if (getTransientBytes(ctx, PRIVATE_METADATA_FIELD) !== undefined) {
    throw invalidArgument(
      `transient.${PRIVATE_METADATA_FIELD}: not accepted here; store it first with StorePrivateMetadata ` +
        '(endorsed by peers of the owner organization only) and name it by privateMetadataHash',
    );
  }
}

/**
 * Requires that the owner organization's collection holds the private metadata `privateMetadataHash` names for
 * `assetId` (a hashed read: any peer can make it).
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` otherwise
 */
export async function requireStoredPrivateMetadata(
  ctx: Context,
  collection: string,
  assetId: string,
  privateMetadataHash: string,
): Promise<void> {
  const stored = await getPrivateDataHashHex(ctx, collection, privateMetadataKey(assetId, privateMetadataHash));
  if (stored !== privateMetadataHash) {
    throw failedPrecondition(
      `privateMetadataHash: no private metadata ${privateMetadataHash} of data asset '${assetId}' in ${collection}; ` +
        'store it first with StorePrivateMetadata',
    );
  }
}
