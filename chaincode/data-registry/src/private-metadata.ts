import type { Context } from 'fabric-contract-api';
import { REGULATOR_MSP, getTransientBytes, getTransientJson, requirePeerOf } from '@ndi/chaincode-common';
import { MAX_PRIVATE_METADATA_LENGTH, privateMetadataSchema } from './schemas';

/** Transient field that carries an asset's private metadata. */
export const PRIVATE_METADATA_FIELD = 'privateMetadata';

/**
 * The private metadata sent in transient data, or `undefined` if none was sent. It is written
 * to the owner organization's implicit collection, and every endorsing peer sees it in the
 * proposal, so it may only be endorsed by the owner organization's peers and the regulator's:
 * under the channel's MAJORITY policy a client sends such a transaction to exactly those two
 * organizations (`endorsingOrganizations: [ownerMsp, 'RegulatorMSP']`).
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if it is malformed or too large, `FORBIDDEN` if the
 *   endorsing peer is neither of the caller's organization nor the regulator's
 */
export function readPrivateMetadata(ctx: Context): Record<string, unknown> | undefined {
  if (getTransientBytes(ctx, PRIVATE_METADATA_FIELD) === undefined) {
    return undefined;
  }
  const metadata = getTransientJson(ctx, PRIVATE_METADATA_FIELD, privateMetadataSchema, MAX_PRIVATE_METADATA_LENGTH);
  requirePeerOf(ctx, [REGULATOR_MSP]);
  return metadata;
}
