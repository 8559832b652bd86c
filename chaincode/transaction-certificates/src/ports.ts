import type { Context } from 'fabric-contract-api';
import { ChaincodeError, invokeChaincode } from '@ndi/chaincode-common';
import type { AccessGrant, DataAsset, TradeGrantInput } from '@ndi/chaincode-data-registry';

/**
 * What this chaincode needs from the others, called in the same transaction through the kernel's
 * `invokeChaincode`: their reads join this transaction's read set (checked at validation) and
 * their writes (the trade's grant) commit or fail with it. Callee errors keep their codes.
 */

/** Chaincode names on the channel. */
export const CHAINCODES = {
  identity: 'identity',
  registry: 'data-registry',
  valuation: 'asset-valuation',
} as const;

/** Roles this chaincode asks about. */
export type MarketRole = 'data-consumer' | 'exchange-operator' | 'regulator';

/** The fields of identity's record read here. */
export interface IdentitySummary {
  /** The DID. */
  did: string;
  /** Its organization. */
  mspId: string;
  /** `active`, `suspended` or `revoked`. */
  status: string;
}

/** The fields of asset-valuation's `Valuation` read here. */
export interface ValuationSummary {
  /** The data asset. */
  assetId: string;
  /** The request that produced it. */
  requestId: string;
  /** Value, minor units, decimal string. */
  value: string;
  /** ISO 4217 code. */
  currency: string;
  /** End of validity, exclusive. */
  validUntil: string;
}

/** Whether `did` is an active identity currently holding `role`. */
export async function hasRole(ctx: Context, did: string, role: MarketRole): Promise<boolean> {
  return (await invokeChaincode<unknown>(ctx, CHAINCODES.identity, 'HasRole', [did, role])) === true;
}

/** The identity record of `did`, or `undefined` if the identity chaincode does not know it. */
export async function findIdentity(ctx: Context, did: string): Promise<IdentitySummary | undefined> {
  return orUndefinedIfNotFound(invokeChaincode<IdentitySummary>(ctx, CHAINCODES.identity, 'GetIdentity', [did]));
}

/** The data asset record (`NOT_FOUND` from the registry if there is none). */
export async function getDataAsset(ctx: Context, assetId: string): Promise<DataAsset> {
  return invokeChaincode<DataAsset>(ctx, CHAINCODES.registry, 'GetDataAsset', [assetId]);
}

/** Grants a trade's buyer access through the registry's `GrantAccessForTrade`. */
export async function grantAccessForTrade(ctx: Context, assetId: string, grant: TradeGrantInput): Promise<AccessGrant> {
  return invokeChaincode<AccessGrant>(ctx, CHAINCODES.registry, 'GrantAccessForTrade', [
    assetId,
    JSON.stringify(grant),
  ]);
}

/**
 * The asset's current valuation, or `undefined` if it has none (asset-valuation answers
 * `NOT_FOUND` for no valuation and for an expired one; an expired answer is ignored here too).
 */
export async function currentValuation(
  ctx: Context,
  assetId: string,
  nowMillis: number,
): Promise<ValuationSummary | undefined> {
  const valuation = await orUndefinedIfNotFound(
    invokeChaincode<ValuationSummary>(ctx, CHAINCODES.valuation, 'GetCurrentValuation', [assetId]),
  );
  if (valuation === undefined || Date.parse(valuation.validUntil) <= nowMillis) {
    return undefined;
  }
  return valuation;
}

async function orUndefinedIfNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ChaincodeError && error.code === 'NOT_FOUND') {
      return undefined;
    }
    throw error;
  }
}
