import { compositeKey } from '@ndi/chaincode-common';

/**
 * Key layout of the data registry. Every key is a composite key built by the kernel, so its
 * parts are validated and partial-key range queries find them. Indexes hold small values and
 * are scanned only by prefix, never by a full-namespace range.
 */

/** Object types (the first composite-key part) of the data registry. */
export const KEY_TYPES = {
  /** `dataAsset ~ id` → `DataAsset`. */
  asset: 'dataAsset',
  /** `dataAssetVersion ~ id ~ version (10 digits)` → `AssetVersion`. */
  version: 'dataAssetVersion',
  /** `dataAssetHash ~ id ~ contentHash` → `{ version }`: the latest version with that hash. */
  hash: 'dataAssetHash',
  /** `dataAssetByOwner ~ ownerDid ~ id` → `{ id }`. */
  byOwner: 'dataAssetByOwner',
  /** `dataAssetByCategory ~ category ~ id` → `{ id }`. */
  byCategory: 'dataAssetByCategory',
  /** `derived ~ parentId ~ childId` → `{ parent, child }`: children of an asset without a scan. */
  derived: 'derived',
  /** `accessGrant ~ assetId ~ grantId` → `AccessGrant` (active and revoked); paged by `ListAccessGrants`. */
  grant: 'accessGrant',
  /** `accessGrantByDid ~ assetId ~ granteeDid ~ grantId` → copy of an active grant. */
  grantByDid: 'accessGrantByDid',
  /** `accessGrantByMsp ~ assetId ~ granteeMsp ~ grantId` → copy of an active grant. */
  grantByMsp: 'accessGrantByMsp',
  /** `accessRecord ~ assetId ~ recordedAt ~ txId` → `AccessRecord`, chronological per asset. */
  accessRecord: 'accessRecord',
  /** Private collection key of a version of an asset's metadata: `dataAssetPrivate ~ id ~ privateMetadataHash`. */
  privateMetadata: 'dataAssetPrivate',
} as const;

/** Width of zero-padded version numbers, so key order is numeric order. */
const VERSION_WIDTH = 10;

/** Key of an asset record. */
export function assetKey(id: string): string {
  return compositeKey(KEY_TYPES.asset, [id]);
}

/** Key of one content version of an asset. */
export function versionKey(id: string, version: number): string {
  return compositeKey(KEY_TYPES.version, [id, String(version).padStart(VERSION_WIDTH, '0')]);
}

/** Key of the hash index entry of an asset. */
export function hashKey(id: string, contentHash: string): string {
  return compositeKey(KEY_TYPES.hash, [id, contentHash]);
}

/** Key of an asset in the owner index. */
export function ownerIndexKey(ownerDid: string, id: string): string {
  return compositeKey(KEY_TYPES.byOwner, [ownerDid, id]);
}

/** Key of an asset in the category index. */
export function categoryIndexKey(category: string, id: string): string {
  return compositeKey(KEY_TYPES.byCategory, [category, id]);
}

/** Key of a derivation in the reverse lineage index. */
export function derivedKey(parentId: string, childId: string): string {
  return compositeKey(KEY_TYPES.derived, [parentId, childId]);
}

/** Key of a grant record. */
export function grantKey(assetId: string, grantId: string): string {
  return compositeKey(KEY_TYPES.grant, [assetId, grantId]);
}

/** Key of an active grant in the grantee-DID index. */
export function grantByDidKey(assetId: string, granteeDid: string, grantId: string): string {
  return compositeKey(KEY_TYPES.grantByDid, [assetId, granteeDid, grantId]);
}

/** Key of an active grant in the grantee-MSP index. */
export function grantByMspKey(assetId: string, granteeMsp: string, grantId: string): string {
  return compositeKey(KEY_TYPES.grantByMsp, [assetId, granteeMsp, grantId]);
}

/** Key of an access record. */
export function accessRecordKey(assetId: string, recordedAt: string, txId: string): string {
  return compositeKey(KEY_TYPES.accessRecord, [assetId, recordedAt, txId]);
}

/**
 * Key of one version of an asset's private metadata in its owner's implicit collection, by its hash (the
 * `privateMetadataHash` a record names): written by `StorePrivateMetadata`, before the record names it.
 */
export function privateMetadataKey(id: string, privateMetadataHash: string): string {
  return compositeKey(KEY_TYPES.privateMetadata, [id, privateMetadataHash]);
}
