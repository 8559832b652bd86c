import type { Context } from 'fabric-contract-api';
import {
  deleteKey,
  insertJson,
  listByPartialKey,
  queryPageByPartialKey,
  readJson,
  writeJson,
  type Page,
} from '@ndi/chaincode-common';
import type { AccessGrant, AccessRecord } from './model';
import { accessRecordKey, grantByDidKey, grantByMspKey, grantKey, KEY_TYPES } from './keys';

/**
 * Ledger access for grants and access records. Active grants are also copied into per-grantee
 * indexes (by DID and by MSP) so that an access check reads only the requester's few grants;
 * revocation removes the copy, and the grant record keeps the revocation for audit.
 */

/**
 * Most unexpired active grants one grantee may hold on one asset. Together with pruning of
 * expired copies on every new grant, this bounds what `CheckAccess` has to read.
 */
export const MAX_ACTIVE_GRANTS_PER_GRANTEE = 10;

/** Whether a grantee is named by DID or by organization. */
export type GranteeKind = 'did' | 'msp';

/** How an error names a grant. */
export function describeGrant(assetId: string, grantId: string): string {
  return `grant '${grantId}' of data asset '${assetId}'`;
}

function granteeIndexKey(grant: AccessGrant): string {
  return grant.granteeDid !== undefined
    ? grantByDidKey(grant.assetId, grant.granteeDid, grant.grantId)
    : grantByMspKey(grant.assetId, grant.granteeMsp as string, grant.grantId);
}

/** The grant record, or `undefined`. */
export async function readGrant(ctx: Context, assetId: string, grantId: string): Promise<AccessGrant | undefined> {
  return readJson<AccessGrant>(ctx, grantKey(assetId, grantId));
}

/**
 * Stores a new grant and its index copy.
 *
 * @throws ChaincodeError `ALREADY_EXISTS` if the grant ID is taken for this asset
 */
export async function insertGrant(ctx: Context, grant: AccessGrant): Promise<void> {
  await insertJson(ctx, grantKey(grant.assetId, grant.grantId), grant, describeGrant(grant.assetId, grant.grantId));
  await writeJson(ctx, granteeIndexKey(grant), grant);
}

/** Stores the revoked grant and removes its index copy. */
export async function storeRevokedGrant(ctx: Context, grant: AccessGrant): Promise<void> {
  await writeJson(ctx, grantKey(grant.assetId, grant.grantId), grant);
  await deleteKey(ctx, granteeIndexKey(grant));
}

/** The active (not revoked) grants of one grantee on one asset, expired ones included. */
export async function listGranteeGrants(
  ctx: Context,
  assetId: string,
  kind: GranteeKind,
  grantee: string,
): Promise<AccessGrant[]> {
  const objectType = kind === 'did' ? KEY_TYPES.grantByDid : KEY_TYPES.grantByMsp;
  const list = await listByPartialKey<AccessGrant>(ctx, objectType, [assetId, grantee], MAX_ACTIVE_GRANTS_PER_GRANTEE);
  return list.items;
}

/**
 * Deletes the index copies of the grantee's expired grants (their records stay) and returns how
 * many unexpired ones remain.
 */
export async function pruneExpiredGrants(
  ctx: Context,
  assetId: string,
  kind: GranteeKind,
  grantee: string,
  nowMillis: number,
): Promise<number> {
  let remaining = 0;
  for (const grant of await listGranteeGrants(ctx, assetId, kind, grantee)) {
    if (Date.parse(grant.expiresAt) <= nowMillis) {
      await deleteKey(ctx, granteeIndexKey(grant));
    } else {
      remaining += 1;
    }
  }
  return remaining;
}

/**
 * One page of an asset's grants (active and revoked, the revocation kept on the record), in grant-ID
 * order, straight from the primary `accessGrant ~ assetId ~ grantId` keys: no extra index needed.
 * Read-only transactions only.
 */
export async function queryGrants(
  ctx: Context,
  assetId: string,
  pageSize: number,
  bookmark: string,
): Promise<Page<AccessGrant>> {
  return queryPageByPartialKey<AccessGrant>(ctx, KEY_TYPES.grant, [assetId], { pageSize, bookmark });
}

/** Appends an access record. Keys sort by time, so the audit trail pages chronologically. */
export async function insertAccessRecord(ctx: Context, record: AccessRecord): Promise<void> {
  // The transaction ID makes the key unique: no existence check (and no extra read) needed.
  await writeJson(ctx, accessRecordKey(record.assetId, record.recordedAt, record.txId), record);
}

/** One page of an asset's access records, oldest first. Read-only transactions only. */
export async function queryAccessRecords(
  ctx: Context,
  assetId: string,
  pageSize: number,
  bookmark: string,
): Promise<Page<AccessRecord>> {
  return queryPageByPartialKey<AccessRecord>(ctx, KEY_TYPES.accessRecord, [assetId], { pageSize, bookmark });
}
