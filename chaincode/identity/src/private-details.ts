import type { Context } from 'fabric-contract-api';
import {
  failedPrecondition,
  forbidden,
  getCaller,
  getPrivateDataHashHex,
  implicitCollection,
  invalidArgument,
  readJson,
  requirePeerOfCallerOrg,
  txTime,
  writePrivateJson,
} from '@ndi/chaincode-common';
import { optionalTransient } from './arguments';
import { privateRecordHash, realNameCommitment } from './commitments';
import { contactInputSchema, personProfileInputSchema, realNameInputSchema } from './inputs';
import { identityKey, organizationContactKey, personProfileKey, realNameKey } from './keys';
import type { ContactRecord, Identity, IdentityDetailsReceipt, PersonProfileRecord, RealNameRecord } from './model';

/**
 * Personal details travel on their own: `StoreIdentityDetails` carries them in transient data and writes them, and
 * nothing public, to the caller organization's implicit collection, which Fabric validates against that
 * organization's own endorsement policy, so its peers alone endorse it and no other organization's peer sees them.
 * `RegisterOrganization` and `RegisterIdentity` then name the records by their hashes, which any peer can check.
 */

/** The transient fields that carry personal details. */
const DETAIL_FIELDS = ['contact', 'person', 'realName'] as const;

/**
 * Stores the details sent (at least one of `contact`, `person`, `realName`) and returns their hashes.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` for none or malformed ones, `FORBIDDEN` on another organization's peer
 *   or for a contact sent by a non-admin
 */
export async function storeIdentityDetails(ctx: Context): Promise<IdentityDetailsReceipt> {
  const contact = optionalTransient(ctx, 'contact', contactInputSchema);
  const person = optionalTransient(ctx, 'person', personProfileInputSchema);
  const realName = optionalTransient(ctx, 'realName', realNameInputSchema);
  if (contact === undefined && person === undefined && realName === undefined) {
    throw invalidArgument('transient: send at least one of contact, person, realName');
  }
  requirePeerOfCallerOrg(ctx);
  const caller = getCaller(ctx);
  // A suspended or revoked identity cannot act, its personal details included.
  const own = await readJson<Identity>(ctx, identityKey(caller.did));
  if (own !== undefined && own.status !== 'active') {
    throw forbidden(`caller identity ${caller.did} is ${own.status}`);
  }
  if (contact !== undefined && !caller.isAdmin) {
    throw forbidden(`storing the contact of organization ${caller.mspId} requires an admin of ${caller.mspId}`);
  }
  const collection = implicitCollection(caller.mspId);
  const receipt: IdentityDetailsReceipt = {
    mspId: caller.mspId,
    did: caller.did,
    collection,
    storedAt: txTime(ctx).iso,
  };
  if (contact !== undefined) {
    const record: ContactRecord = { ...contact, mspId: caller.mspId };
    receipt.contactHash = privateRecordHash(record);
    await writePrivateJson(ctx, collection, organizationContactKey(caller.mspId, receipt.contactHash), record);
  }
  if (person !== undefined) {
    const record: PersonProfileRecord = { did: caller.did, ...person };
    receipt.displayNameHash = privateRecordHash(record);
    await writePrivateJson(ctx, collection, personProfileKey(caller.did, receipt.displayNameHash), record);
  }
  if (realName !== undefined) {
    const record: RealNameRecord = { did: caller.did, realNameCommitment: realNameCommitment(realName) };
    receipt.realNameCommitment = record.realNameCommitment;
    await writePrivateJson(ctx, collection, realNameKey(caller.did, privateRecordHash(record)), record);
  }
  return receipt;
}

/**
 * Refuses personal details sent along with a public write: they would reach every endorsing peer.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming the way to send them
 */
export function refuseDetailsTransient(ctx: Context): void {
  const map = ctx.stub.getTransient();
  for (const field of DETAIL_FIELDS) {
    const bytes = map?.get(field);
    if (bytes !== undefined && bytes.length > 0) {
      throw invalidArgument(
        `transient.${field}: not accepted here; store it first with StoreIdentityDetails (endorsed by peers of ` +
          "the caller's organization only) and name it by its hash",
      );
    }
  }
}

/**
 * Requires that the caller organization's collection holds the record `hash` names under `key` (a hashed read: any
 * peer can make it).
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` naming `field` otherwise
 */
export async function requireStoredDetail(
  ctx: Context,
  mspId: string,
  key: string,
  hash: string,
  field: string,
): Promise<void> {
  const collection = implicitCollection(mspId);
  if ((await getPrivateDataHashHex(ctx, collection, key)) !== hash) {
    throw failedPrecondition(`${field}: no such record in ${collection}; store it first with StoreIdentityDetails`);
  }
}

/** The hash of the private record behind a real-name commitment of `did`. */
export function realNameRecordHash(did: string, commitment: string): string {
  const record: RealNameRecord = { did, realNameCommitment: commitment };
  return privateRecordHash(record);
}
