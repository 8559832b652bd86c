import type { Context } from 'fabric-contract-api';
import { ChaincodeError, invokeChaincode } from '@ndi/chaincode-common';
import type { Identity, IdentityStatus, Role } from '@ndi/chaincode-identity';

/**
 * What the data registry needs from the `identity` chaincode, called in the same transaction
 * through the kernel's `invokeChaincode` (so the reads are part of the read set and checked at
 * validation).
 */

/** Name of the identity chaincode on the channel. */
export const IDENTITY_CHAINCODE = 'identity';

/** Roles the data registry asks about. */
export type RegistryRole = Extract<Role, 'data-provider' | 'data-consumer' | 'regulator'>;

/** Lifecycle states of an identity (the identity chaincode's). */
export type { IdentityStatus };

/** The fields of identity's record that the data registry reads (its `GetIdentity` result has more). */
export type IdentitySummary = Pick<Identity, 'did' | 'mspId' | 'kind' | 'status'>;

/** Whether `did` is an active identity currently holding `role` (false for unknown DIDs). */
export async function hasRole(ctx: Context, did: string, role: RegistryRole): Promise<boolean> {
  // Anything but a JSON `true` counts as no.
  return (await invokeChaincode<unknown>(ctx, IDENTITY_CHAINCODE, 'HasRole', [did, role])) === true;
}

/** The identity record of `did`, or `undefined` if the identity chaincode does not know it. */
export async function findIdentity(ctx: Context, did: string): Promise<IdentitySummary | undefined> {
  try {
    return await invokeChaincode<IdentitySummary>(ctx, IDENTITY_CHAINCODE, 'GetIdentity', [did]);
  } catch (error) {
    if (error instanceof ChaincodeError && error.code === 'NOT_FOUND') {
      return undefined;
    }
    throw error;
  }
}
