import type { Context } from 'fabric-contract-api';
import { ChaincodeError, forbidden, invokeChaincode } from '@ndi/chaincode-common';
import type { Identity, Role } from '@ndi/chaincode-identity';

/**
 * What the valuation chaincode needs from the `identity` chaincode, called in the same
 * transaction through the kernel's `invokeChaincode` (so the reads are part of the read set and
 * checked at validation).
 */

/** Name of the identity chaincode on the channel. */
export const IDENTITY_CHAINCODE = 'identity';

/** Whether `did` is an active identity holding `role` unexpired now (false for unknown DIDs). */
export async function hasRole(ctx: Context, did: string, role: Role): Promise<boolean> {
  const answer = await invokeChaincode<unknown>(ctx, IDENTITY_CHAINCODE, 'HasRole', [did, role]);
  return answer === true || answer === 'true';
}

/**
 * Requires `did` to be a registered, active identity.
 *
 * @param action - what the caller tries to do, for the error message
 * @throws ChaincodeError `FORBIDDEN` if it is unregistered, suspended or revoked
 */
export async function requireActiveIdentity(ctx: Context, did: string, action: string): Promise<Identity> {
  let identity: Identity;
  try {
    identity = await invokeChaincode<Identity>(ctx, IDENTITY_CHAINCODE, 'GetIdentity', [did]);
  } catch (error) {
    if (error instanceof ChaincodeError && error.code === 'NOT_FOUND') {
      throw forbidden(`${action} requires a registered identity; ${did} is not registered`);
    }
    throw error;
  }
  if (identity.status !== 'active') {
    throw forbidden(`${action} requires an active identity; ${did} is ${identity.status}`);
  }
  return identity;
}
