import type { Context } from 'fabric-contract-api';
import { failedPrecondition, forbidden, getCaller, notFound, readJson, type Caller } from '@ndi/chaincode-common';
import type { DataAsset } from '@ndi/chaincode-data-registry';
import type { Tokenization } from './model';
import { tokenizationKey } from './keys';
import { findIdentity, hasRole, type MarketRole } from './ports';

/**
 * Checks shared by the transactions: who is calling (identity status, roles) and whether an
 * asset may be traded. Each names what is missing in its message.
 */

/**
 * The caller, who must be a registered, active identity: a suspended or revoked identity no
 * longer trades.
 *
 * @throws ChaincodeError `FORBIDDEN` naming the status
 */
export async function requireActiveCaller(ctx: Context, action: string): Promise<Caller> {
  const caller = getCaller(ctx);
  const identity = await findIdentity(ctx, caller.did);
  if (identity?.status !== 'active') {
    throw forbidden(`${action} requires an active identity; ${caller.did} is ${identity?.status ?? 'not registered'}`);
  }
  return caller;
}

/**
 * The caller, who must hold `role` (active identity, unexpired role).
 *
 * @throws ChaincodeError `FORBIDDEN` naming the role
 */
export async function requireCallerRole(ctx: Context, role: MarketRole, action: string): Promise<Caller> {
  const caller = getCaller(ctx);
  if (!(await hasRole(ctx, caller.did, role))) {
    throw forbidden(`${action} requires an active identity with the ${role} role`);
  }
  return caller;
}

/**
 * Requires an active asset whose policy allows trading (never `core` data).
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` naming the obstacle
 */
export function requireTradable(asset: DataAsset): void {
  if (asset.classification === 'core') {
    throw failedPrecondition(`data asset '${asset.id}' is core data, which is never traded`);
  }
  if (asset.status !== 'active') {
    throw failedPrecondition(`data asset '${asset.id}' is ${asset.status}`);
  }
  if (!asset.policy.tradable) {
    throw failedPrecondition(`data asset '${asset.id}' is not tradable under its policy`);
  }
}

/** The asset's tokenization, or `NOT_FOUND`. */
export async function requireTokenization(ctx: Context, assetId: string): Promise<Tokenization> {
  const tokenization = await readJson<Tokenization>(ctx, tokenizationKey(assetId));
  if (tokenization === undefined) {
    throw notFound(`data asset '${assetId}' is not tokenized`);
  }
  return tokenization;
}
