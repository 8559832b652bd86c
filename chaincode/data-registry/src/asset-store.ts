import type { Context } from 'fabric-contract-api';
import {
  deleteKey,
  listByPartialKey,
  notFound,
  queryPageByPartialKey,
  readJson,
  writeJson,
  type BoundedList,
  type Page,
} from '@ndi/chaincode-common';
import type { AssetVersion, DataAsset } from './model';
import { assetKey, categoryIndexKey, derivedKey, hashKey, KEY_TYPES, ownerIndexKey, versionKey } from './keys';

/**
 * Ledger access for asset records, their versions and their indexes. Every function goes through
 * the kernel (canonical JSON, validated keys); none scans more than a bounded prefix.
 */

/** An index entry's value: the indexed asset. */
interface IndexEntry {
  id: string;
}

/** How an error names an asset. */
export function describeAsset(id: string): string {
  return `data asset '${id}'`;
}

/** The asset record, or `undefined`. */
export async function readAsset(ctx: Context, id: string): Promise<DataAsset | undefined> {
  return readJson<DataAsset>(ctx, assetKey(id));
}

/**
 * The asset record.
 *
 * @throws ChaincodeError `NOT_FOUND` if there is none
 */
export async function requireAsset(ctx: Context, id: string): Promise<DataAsset> {
  const asset = await readAsset(ctx, id);
  if (asset === undefined) {
    throw notFound(`${describeAsset(id)} does not exist`);
  }
  return asset;
}

/** Writes the asset record (create or replace). */
export async function writeAsset(ctx: Context, asset: DataAsset): Promise<void> {
  await writeJson(ctx, assetKey(asset.id), asset);
}

/** Records the asset's current content as a version and points its hash at it. */
export async function writeVersion(ctx: Context, asset: DataAsset, recordedBy: string): Promise<AssetVersion> {
  const version: AssetVersion = {
    assetId: asset.id,
    version: asset.version,
    contentHash: asset.contentHash,
    sizeBytes: asset.sizeBytes,
    format: asset.format,
    storageUri: asset.storageUri,
    recordedBy,
    recordedAt: asset.updatedAt,
    txId: ctx.stub.getTxID(),
  };
  await writeJson(ctx, versionKey(asset.id, asset.version), version);
  await writeJson(ctx, hashKey(asset.id, asset.contentHash), { version: asset.version });
  return version;
}

/** The latest version whose content had `contentHash`, or `undefined`. */
export async function findVersionOfHash(ctx: Context, id: string, contentHash: string): Promise<number | undefined> {
  const entry = await readJson<{ version: number }>(ctx, hashKey(id, contentHash));
  return entry?.version;
}

/** Adds a new asset to the owner and category indexes and the reverse lineage index. */
export async function indexNewAsset(ctx: Context, asset: DataAsset): Promise<void> {
  const entry: IndexEntry = { id: asset.id };
  await writeJson(ctx, ownerIndexKey(asset.ownerDid, asset.id), entry);
  await writeJson(ctx, categoryIndexKey(asset.category, asset.id), entry);
  for (const parent of asset.derivedFrom) {
    await writeJson(ctx, derivedKey(parent, asset.id), { parent, child: asset.id });
  }
}

/** Moves an asset from one owner's index entry to another's. */
export async function moveOwnerIndex(ctx: Context, id: string, fromDid: string, toDid: string): Promise<void> {
  await deleteKey(ctx, ownerIndexKey(fromDid, id));
  await writeJson(ctx, ownerIndexKey(toDid, id), { id } satisfies IndexEntry);
}

/** Up to `limit` assets derived directly from `id`, in key order. */
export async function listChildren(ctx: Context, id: string, limit: number): Promise<BoundedList<string>> {
  return listByPartialKey(ctx, KEY_TYPES.derived, [id], limit, (value) => (value as { child: string }).child);
}

/**
 * One page of an asset index (`byOwner` or `byCategory`), resolved to the asset records.
 * Read-only transactions only (paginated query).
 */
export async function queryAssetIndex(
  ctx: Context,
  objectType: string,
  attributes: readonly string[],
  pageSize: number,
  bookmark: string,
): Promise<Page<DataAsset>> {
  const page = await queryPageByPartialKey<IndexEntry>(ctx, objectType, attributes, { pageSize, bookmark });
  const items: DataAsset[] = [];
  for (const entry of page.items) {
    // Index entries are written with their asset and assets are never deleted.
    items.push(await requireAsset(ctx, entry.id));
  }
  return { items, bookmark: page.bookmark, fetchedCount: items.length };
}
