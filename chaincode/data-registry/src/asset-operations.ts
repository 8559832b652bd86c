import type { Context } from 'fabric-contract-api';
import {
  alreadyExists,
  deletePrivate,
  emitEvent,
  failedPrecondition,
  implicitCollection,
  keyExists,
  notFound,
  setKeyEndorsers,
  type Caller,
  type TxTime,
} from '@ndi/chaincode-common';
import type { DataAsset } from './model';
import type { AssetPatch, RegisterAssetInput } from './schemas';
import type { IdentitySummary } from './identity-port';
import { assetKey, privateMetadataKey } from './keys';
import { describeAsset, indexNewAsset, moveOwnerIndex, readAsset, writeAsset, writeVersion } from './asset-store';
import { policyViolations } from './policy';
import { requireStoredPrivateMetadata } from './private-metadata';

/**
 * The state changes of the asset lifecycle: register, update, transfer, retire. The contract
 * has validated the arguments and checked who is calling; these functions check what the
 * stored state allows, write, and emit the transaction's one event.
 */

/** Registers a new asset owned by `caller`. */
export async function registerAsset(
  ctx: Context,
  input: RegisterAssetInput,
  caller: Caller,
  now: TxTime,
): Promise<DataAsset> {
  if (await keyExists(ctx, assetKey(input.id))) {
    throw alreadyExists(`${describeAsset(input.id)} already exists`);
  }
  if (input.privateMetadataHash !== undefined) {
    await requireStoredPrivateMetadata(ctx, implicitCollection(caller.mspId), input.id, input.privateMetadataHash);
  }
  // Parents must exist (so lineage never dangles) and be active: deriving from withdrawn data
  // would be a new use of it.
  const derivedFrom = input.derivedFrom ?? [];
  for (const [index, parentId] of derivedFrom.entries()) {
    const parent = await readAsset(ctx, parentId);
    if (parent === undefined) {
      throw notFound(`derivedFrom[${index}]: ${describeAsset(parentId)} does not exist`);
    }
    if (parent.status === 'retired') {
      throw failedPrecondition(`derivedFrom[${index}]: ${describeAsset(parentId)} is retired`);
    }
  }
  const asset: DataAsset = {
    ...input,
    derivedFrom,
    ownerDid: caller.did,
    ownerMsp: caller.mspId,
    status: 'active',
    version: 1,
    registeredBy: caller.did,
    registeredAt: now.iso,
    updatedAt: now.iso,
  };
  await writeAsset(ctx, asset);
  await writeVersion(ctx, asset, caller.did);
  await indexNewAsset(ctx, asset);
  // From now on the owner's organization must endorse every change of the record.
  await setKeyEndorsers(ctx, assetKey(asset.id), [asset.ownerMsp]);
  emitEvent(ctx, 'DataAssetRegistered', {
    id: asset.id,
    ownerDid: asset.ownerDid,
    ownerMsp: asset.ownerMsp,
    category: asset.category,
    classification: asset.classification,
    contentHash: asset.contentHash,
    derivedFrom: asset.derivedFrom,
  });
  return asset;
}

/** The names of the fields a patch sets, sorted, for the update event. */
export function patchedFields(patch: AssetPatch): string[] {
  return Object.keys(patch)
    .filter((key) => patch[key as keyof AssetPatch] !== undefined)
    .sort();
}

/** Applies a patch by the owner; a new content hash makes a new version. */
export async function updateAsset(
  ctx: Context,
  asset: DataAsset,
  patch: AssetPatch,
  ownerDid: string,
  now: TxTime,
): Promise<DataAsset> {
  if (patch.policy !== undefined) {
    const violations = policyViolations(patch.policy, asset.classification);
    if (violations.length > 0) {
      throw failedPrecondition(violations.join('; '));
    }
  }
  if (patch.privateMetadataHash !== undefined && patch.privateMetadataHash === asset.privateMetadataHash) {
    throw failedPrecondition(
      'privateMetadataHash: equals the current private metadata; name new metadata or leave it out',
    );
  }
  if (patch.contentHash === asset.contentHash) {
    throw failedPrecondition('contentHash: equals the current content hash; a new version needs new content');
  }
  const newVersion = patch.contentHash !== undefined;
  const updated: DataAsset = {
    ...asset,
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    version: newVersion ? asset.version + 1 : asset.version,
    updatedAt: now.iso,
  };
  await writeAsset(ctx, updated);
  // One version of the private metadata at a time: the one the record names.
  const replaced = asset.privateMetadataHash;
  if (patch.privateMetadataHash !== undefined && replaced !== undefined && replaced !== patch.privateMetadataHash) {
    await deletePrivate(ctx, implicitCollection(asset.ownerMsp), privateMetadataKey(asset.id, replaced));
  }
  if (newVersion) {
    await writeVersion(ctx, updated, ownerDid);
  }
  emitEvent(ctx, 'DataAssetUpdated', {
    id: asset.id,
    version: updated.version,
    contentHash: updated.contentHash,
    newVersion,
    fields: patchedFields(patch),
  });
  return updated;
}

/**
 * Hands the asset to `newOwner` (an active identity). The key-level endorsement and the owner
 * index move with it. Private metadata lives in the old organization's implicit collection,
 * which the new organization's peers do not hold: when the organization changes it is deleted
 * there (data minimization) and the public hash dropped; the new owner may attach new metadata
 * with an update.
 */
export async function transferAsset(
  ctx: Context,
  asset: DataAsset,
  newOwner: IdentitySummary,
  now: TxTime,
): Promise<DataAsset> {
  const dropPrivate = newOwner.mspId !== asset.ownerMsp && asset.privateMetadataHash !== undefined;
  const updated: DataAsset = {
    ...asset,
    ownerDid: newOwner.did,
    ownerMsp: newOwner.mspId,
    privateMetadataHash: dropPrivate ? undefined : asset.privateMetadataHash,
    updatedAt: now.iso,
  };
  await writeAsset(ctx, updated);
  await moveOwnerIndex(ctx, asset.id, asset.ownerDid, newOwner.did);
  await setKeyEndorsers(ctx, assetKey(asset.id), [updated.ownerMsp]);
  if (dropPrivate && asset.privateMetadataHash !== undefined) {
    await deletePrivate(
      ctx,
      implicitCollection(asset.ownerMsp),
      privateMetadataKey(asset.id, asset.privateMetadataHash),
    );
  }
  emitEvent(ctx, 'DataAssetTransferred', {
    id: asset.id,
    fromDid: asset.ownerDid,
    toDid: newOwner.did,
    fromMsp: asset.ownerMsp,
    toMsp: updated.ownerMsp,
    privateMetadataRemoved: dropPrivate,
  });
  return updated;
}

/** Retires the asset: kept for lineage and audit, frozen for everything else. */
export async function retireAsset(ctx: Context, asset: DataAsset, reason: string, now: TxTime): Promise<DataAsset> {
  const retired: DataAsset = {
    ...asset,
    status: 'retired',
    retiredAt: now.iso,
    retiredReason: reason,
    updatedAt: now.iso,
  };
  await writeAsset(ctx, retired);
  emitEvent(ctx, 'DataAssetRetired', { id: asset.id, ownerDid: asset.ownerDid, reason });
  return retired;
}
