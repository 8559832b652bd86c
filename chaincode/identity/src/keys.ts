import { compositeKey, DID_PREFIX, invalidArgument } from '@ndi/chaincode-common';

/**
 * Ledger keys of the identity chaincode. Identities are keyed by MSP first, so the primary key is
 * also the "identities of an MSP" index that `ListIdentities` pages through: no second index to
 * keep consistent.
 */

/** Object types of the composite keys (public state unless noted). */
export const KEY_TYPES = {
  /** `organization` [mspId] → `Organization`. */
  organization: 'organization',
  /** `organizationByCreditCode` [creditCode] → `{ mspId }`: one MSP per unified social credit code. */
  organizationByCreditCode: 'organizationByCreditCode',
  /** `identity` [mspId, did] → `Identity` (roles embedded); doubles as the identities-of-an-MSP index. */
  identity: 'identity',
  /** `credential` [id] → `Credential`. */
  credential: 'credential',
  /** In the org's implicit collection: `personProfile` [did, displayNameHash] → `PersonProfileRecord`. */
  personProfile: 'personProfile',
  /** In the org's implicit collection: `organizationContact` [mspId, contactHash] → `ContactRecord`. */
  organizationContact: 'organizationContact',
  /** In the org's implicit collection: `realNameCommitment` [did, recordHash] → `RealNameRecord`. */
  realName: 'realNameCommitment',
} as const;

/** Longest key history `GetIdentityHistory` returns. */
export const HISTORY_LIMIT = 100;

/**
 * The MSP ID inside a DID `did:ndi:<mspId>:<hex>`. MSP IDs cannot contain `:`, so the last `:`
 * separates them from the hash.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` if `did` is not a suite DID
 */
export function didMspId(did: string): string {
  const end = did.lastIndexOf(':');
  if (!did.startsWith(DID_PREFIX) || end <= DID_PREFIX.length) {
    throw invalidArgument(`did: ${JSON.stringify(did)} is not a did:ndi DID`);
  }
  return did.slice(DID_PREFIX.length, end);
}

/** `organization` [mspId]. */
export function organizationKey(mspId: string): string {
  return compositeKey(KEY_TYPES.organization, [mspId]);
}

/** `organizationByCreditCode` [creditCode]: keeps a credit code to one MSP. */
export function creditCodeKey(creditCode: string): string {
  return compositeKey(KEY_TYPES.organizationByCreditCode, [creditCode]);
}

/** `identity` [mspId, did]. */
export function identityKey(did: string): string {
  return compositeKey(KEY_TYPES.identity, [didMspId(did), did]);
}

/** `credential` [id]. */
export function credentialKey(id: string): string {
  return compositeKey(KEY_TYPES.credential, [id]);
}

/** `personProfile` [did, displayNameHash], in the implicit collection of the identity's MSP. */
export function personProfileKey(did: string, displayNameHash: string): string {
  return compositeKey(KEY_TYPES.personProfile, [did, displayNameHash]);
}

/** `organizationContact` [mspId, contactHash], in the implicit collection of that MSP. */
export function organizationContactKey(mspId: string, contactHash: string): string {
  return compositeKey(KEY_TYPES.organizationContact, [mspId, contactHash]);
}

/** `realNameCommitment` [did, recordHash], in the implicit collection of the identity's MSP. */
export function realNameKey(did: string, recordHash: string): string {
  return compositeKey(KEY_TYPES.realName, [did, recordHash]);
}
