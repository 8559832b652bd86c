import type { Context } from 'fabric-contract-api';
import { invokeChaincode } from '@ndi/chaincode-common';
import type { DataAsset } from '@ndi/chaincode-data-registry';

/**
 * What the valuation chaincode needs from the `data-registry` chaincode, called in the same
 * transaction through the kernel's `invokeChaincode`.
 */

/** Name of the data registry chaincode on the channel. */
export const REGISTRY_CHAINCODE = 'data-registry';

/** The fields of a data asset the valuation chaincode reads. */
export type AssetSummary = Pick<DataAsset, 'id' | 'ownerDid' | 'ownerMsp' | 'status' | 'classification'>;

/**
 * The registration record of data asset `id`.
 *
 * @throws ChaincodeError `NOT_FOUND` (the registry's own error) if it is not registered
 */
export async function getDataAsset(ctx: Context, id: string): Promise<AssetSummary> {
  return invokeChaincode<DataAsset>(ctx, REGISTRY_CHAINCODE, 'GetDataAsset', [id]);
}
