import type { Context } from 'fabric-contract-api';
import { alreadyExists, emitEvent, failedPrecondition, notFound, type TxTime } from '@ndi/chaincode-common';
import type { AccessDecision, AccessGrant, AccessRecord, DataAsset } from './model';
import type { GrantInput } from './schemas';
import { describeAsset } from './asset-store';
import {
  describeGrant,
  insertAccessRecord,
  insertGrant,
  MAX_ACTIVE_GRANTS_PER_GRANTEE,
  pruneExpiredGrants,
  readGrant,
  storeRevokedGrant,
} from './consent-store';
import { findIdentity } from './identity-port';
import { grantPolicyConflict } from './policy';

/**
 * The state changes of consent: grants, revocations, and access records. Like the asset
 * operations, they run after the contract checked the arguments and the caller.
 */

/**
 * The organization of the grantee: the named MSP, or the MSP of the named identity, which must
 * be registered, active and not the owner.
 */
async function granteeOrganization(ctx: Context, asset: DataAsset, input: GrantInput): Promise<string> {
  if (input.granteeDid === undefined) {
    return input.granteeMsp as string;
  }
  if (input.granteeDid === asset.ownerDid) {
    throw failedPrecondition('granteeDid: the owner needs no grant');
  }
  const grantee = await findIdentity(ctx, input.granteeDid);
  if (grantee === undefined) {
    throw notFound(`granteeDid: identity '${input.granteeDid}' does not exist`);
  }
  if (grantee.status !== 'active') {
    throw failedPrecondition(`granteeDid: identity '${input.granteeDid}' is ${grantee.status}`);
  }
  return grantee.mspId;
}

/**
 * Stores a new grant on an active asset within its policy, without an event: the shared part of
 * `GrantAccess` and `GrantAccessForTrade`.
 *
 * @param grantedBy - DID recorded as the grantor (the owner, or the seller settling a trade)
 * @param tradeId - the trade the grant settles, if any
 */
export async function createGrant(
  ctx: Context,
  asset: DataAsset,
  input: GrantInput,
  grantedBy: string,
  now: TxTime,
  tradeId?: string,
): Promise<AccessGrant> {
  if ((await readGrant(ctx, asset.id, input.grantId)) !== undefined) {
    throw alreadyExists(`${describeGrant(asset.id, input.grantId)} already exists`);
  }
  const granteeMsp = await granteeOrganization(ctx, asset, input);
  const granteeField = input.granteeDid !== undefined ? 'granteeDid' : 'granteeMsp';
  const conflict = grantPolicyConflict(
    { purposes: input.purposes, expiresAt: input.expiresAt, granteeMsp, granteeField },
    asset.policy,
  );
  if (conflict !== undefined) {
    throw failedPrecondition(conflict);
  }
  const [kind, grantee] =
    input.granteeDid !== undefined ? (['did', input.granteeDid] as const) : (['msp', granteeMsp] as const);
  if ((await pruneExpiredGrants(ctx, asset.id, kind, grantee, now.epochMillis)) >= MAX_ACTIVE_GRANTS_PER_GRANTEE) {
    throw failedPrecondition(
      `${granteeField}: already holds ${MAX_ACTIVE_GRANTS_PER_GRANTEE} active grants on ${describeAsset(asset.id)}`,
    );
  }
  const grant: AccessGrant = {
    assetId: asset.id,
    grantId: input.grantId,
    granteeDid: input.granteeDid,
    granteeMsp: input.granteeMsp,
    purposes: input.purposes,
    expiresAt: input.expiresAt,
    status: 'active',
    grantedBy,
    grantedAt: now.iso,
    tradeId,
  };
  await insertGrant(ctx, grant);
  return grant;
}

/** Grants access on an active asset within its policy (the owner's `GrantAccess`). */
export async function grantAccess(
  ctx: Context,
  asset: DataAsset,
  input: GrantInput,
  ownerDid: string,
  now: TxTime,
): Promise<AccessGrant> {
  const grant = await createGrant(ctx, asset, input, ownerDid, now);
  emitEvent(ctx, 'AccessGranted', {
    assetId: asset.id,
    grantId: grant.grantId,
    granteeDid: grant.granteeDid,
    granteeMsp: grant.granteeMsp,
    purposes: grant.purposes,
    expiresAt: grant.expiresAt,
  });
  return grant;
}

/** Revokes an active grant. Allowed on retired assets too: it only takes access away. */
export async function revokeAccess(
  ctx: Context,
  asset: DataAsset,
  grantId: string,
  ownerDid: string,
  now: TxTime,
): Promise<AccessGrant> {
  const grant = await readGrant(ctx, asset.id, grantId);
  if (grant === undefined) {
    throw notFound(`${describeGrant(asset.id, grantId)} does not exist`);
  }
  if (grant.status === 'revoked') {
    throw failedPrecondition(`${describeGrant(asset.id, grantId)} is already revoked`);
  }
  const revoked: AccessGrant = { ...grant, status: 'revoked', revokedBy: ownerDid, revokedAt: now.iso };
  await storeRevokedGrant(ctx, revoked);
  emitEvent(ctx, 'AccessRevoked', { assetId: asset.id, grantId, revokedBy: ownerDid });
  return revoked;
}

/** What `RecordAccess` logs: who, why, and the hash of the off-chain details. */
export interface AccessClaim {
  /** The accessor's DID. */
  did: string;
  /** The accessor's organization. */
  mspId: string;
  /** The purpose. */
  purpose: string;
  /** SHA-256 of the access details. */
  detailsHash: string;
}

/** Appends the access record of an allowed access. */
export async function recordAccess(
  ctx: Context,
  asset: DataAsset,
  claim: AccessClaim,
  decision: AccessDecision,
  now: TxTime,
): Promise<AccessRecord> {
  const record: AccessRecord = {
    assetId: asset.id,
    txId: ctx.stub.getTxID(),
    accessorDid: claim.did,
    accessorMsp: claim.mspId,
    purpose: claim.purpose,
    detailsHash: claim.detailsHash,
    basis: decision.reason === 'owner' ? 'owner' : 'grant',
    grantId: decision.grantId,
    recordedAt: now.iso,
  };
  await insertAccessRecord(ctx, record);
  emitEvent(ctx, 'AccessRecorded', {
    assetId: asset.id,
    txId: record.txId,
    accessorDid: record.accessorDid,
    purpose: record.purpose,
    detailsHash: record.detailsHash,
    grantId: record.grantId,
  });
  return record;
}
