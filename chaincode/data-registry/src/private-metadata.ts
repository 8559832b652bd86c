import type { Context } from 'fabric-contract-api';
import { getTransientBytes, getTransientJson, requirePeerOfCallerOrg } from '@ndi/chaincode-common';
import { MAX_PRIVATE_METADATA_LENGTH, privateMetadataSchema } from './schemas';

/** Transient field that carries an asset's private metadata. */
export const PRIVATE_METADATA_FIELD = 'privateMetadata';

/**
 * The private metadata sent in transient data, or `undefined` if none was sent. It is written
 * to the owner organization's implicit collection, so it may only be endorsed by that
 * organization's peers: another organization's peer would see it in the proposal.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if it is malformed or too large, `FORBIDDEN` if the
 *   endorsing peer is not of the caller's organization
 */
export function readPrivateMetadata(ctx: Context): Record<string, unknown> | undefined {
  if (getTransientBytes(ctx, PRIVATE_METADATA_FIELD) === undefined) {
    return undefined;
  }
  const metadata = getTransientJson(ctx, PRIVATE_METADATA_FIELD, privateMetadataSchema, MAX_PRIVATE_METADATA_LENGTH);
  requirePeerOfCallerOrg(ctx);
  return metadata;
}
