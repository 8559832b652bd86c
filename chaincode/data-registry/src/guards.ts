import type { Context } from 'fabric-contract-api';
import { failedPrecondition, forbidden, getCaller } from '@ndi/chaincode-common';
import type { DataAsset } from './model';
import { describeAsset } from './asset-store';
import { findIdentity, hasRole } from './identity-port';

/**
 * Access checks shared by the transactions. Each names what is missing (ownership, role,
 * identity status) in its `FORBIDDEN` message.
 */

/**
 * Requires the caller to be the asset's owner and still an active identity: a suspended owner
 * may no longer change its assets or hand out consent.
 *
 * @returns the owner's DID
 * @throws ChaincodeError `FORBIDDEN` naming the ownership or the identity status
 */
export async function requireActiveOwner(ctx: Context, asset: DataAsset, action: string): Promise<string> {
  const caller = getCaller(ctx);
  if (caller.did !== asset.ownerDid) {
    throw forbidden(`${action} requires being the owner of ${describeAsset(asset.id)}`);
  }
  const identity = await findIdentity(ctx, caller.did);
  if (identity?.status !== 'active') {
    throw forbidden(`${action} requires an active identity; ${caller.did} is ${identity?.status ?? 'not registered'}`);
  }
  return caller.did;
}

/**
 * Requires the asset not to be retired.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` otherwise
 */
export function requireNotRetired(asset: DataAsset): void {
  if (asset.status === 'retired') {
    throw failedPrecondition(`${describeAsset(asset.id)} is retired`);
  }
}

/**
 * Requires the caller to be entitled to the asset's audit records (access records, grants): its
 * owner, an admin of the owner's organization (who answers for the organization's data), or a
 * regulator.
 *
 * @param what - what is being listed, for the error message
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
export async function requireAuditReader(ctx: Context, asset: DataAsset, what = 'access records'): Promise<void> {
  const caller = getCaller(ctx);
  if (caller.did === asset.ownerDid || (caller.isAdmin && caller.mspId === asset.ownerMsp)) {
    return;
  }
  if (await hasRole(ctx, caller.did, 'regulator')) {
    return;
  }
  throw forbidden(
    `listing ${what} of ${describeAsset(asset.id)} requires being its owner, an admin of ${asset.ownerMsp}, or the regulator role`,
  );
}
