import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  canonicalJson,
  canonicalSha256,
  compositeKey,
  emitEvent,
  failedPrecondition,
  forbidden,
  getCaller,
  getKeyHistory,
  implicitCollection,
  invalidArgument,
  keyExists,
  NdiContract,
  notFound,
  parseArgument,
  parseJsonArgument,
  parsePageArguments,
  readPrivateJson,
  requireInvokedThrough,
  requirePeerOfCallerOrg,
  txTime,
  writePrivateJson,
} from '@ndi/chaincode-common';
import type {
  DataAsset,
  DataAssetHistory,
  IntegrityResult,
  PrivateMetadataReceipt,
  PrivateMetadataView,
} from './model';
import {
  assetFilterSchema,
  assetPatchSchema,
  grantSchema,
  reasonSchema,
  registerAssetSchema,
  tradeGrantSchema,
} from './schemas';
import { parseDepth, parseDid, parseHash, parseId, parsePurpose } from './arguments';
import { assetKey, KEY_TYPES, privateMetadataKey } from './keys';
import { describeAsset, findVersionOfHash, queryAssetIndex, readAsset, requireAsset } from './asset-store';
import { queryAccessRecords, queryGrants } from './consent-store';
import { patchedFields, registerAsset, retireAsset, transferAsset, updateAsset } from './asset-operations';
import { createGrant, grantAccess, recordAccess, revokeAccess } from './consent-operations';
import { policyViolations, requireFuture } from './policy';
import { evaluateAccess } from './access';
import { buildLineage } from './lineage';
import { findIdentity, hasRole } from './identity-port';
import { requireActiveOwner, requireAuditReader, requireNotRetired } from './guards';
import { readPrivateMetadata, refusePrivateMetadataTransient, requireStoredPrivateMetadata } from './private-metadata';

/** The only chaincode through which `GrantAccessForTrade` may be reached. */
export const TRADE_CHAINCODE = 'transaction-certificates';

/** How many changes `GetDataAssetHistory` returns at most (newest first). */
export const MAX_HISTORY_ENTRIES = 50;

/**
 * The data registry: registration of data assets (content hash, owner, sector, tier, lineage,
 * usage policy), their versions and transfers, consent (grants) and the access audit trail.
 *
 * Each transaction validates every argument first, then reads state, then checks who is
 * calling, and hands the state change to the operations modules. Results are canonical JSON
 * strings; `@Returns` names the model class a string encodes, so that `GetMetadata` describes
 * the result (fabric-contract-api passes strings through unchanged). Every state-changing
 * transaction emits exactly one event.
 */
@Info({
  title: 'data-registry',
  description: 'Registration, lineage, integrity, consent and access audit of data assets',
})
export class DataRegistryContract extends NdiContract {
  constructor() {
    super('data-registry');
  }

  // --- asset lifecycle -------------------------------------------------------------------------

  /**
   * First step of attaching private metadata (transient `privateMetadata`, a JSON object of at
   * most 16 KiB) to an asset, registered or about to be: it goes to the caller organization's
   * implicit collection under its hash, and nothing public is written, so peers of the caller's
   * organization alone endorse it (Fabric validates a write to `_implicit_org_<MSP>` against that
   * organization's own policy) and are the only ones that accept it. The caller must be the
   * asset's active owner, or, for an asset not registered yet, an active `data-provider`. Then
   * `RegisterDataAsset` or `UpdateDataAsset` names it by `privateMetadataHash`. Returns the
   * {@link PrivateMetadataReceipt}.
   */
  @Transaction()
  @Returns('PrivateMetadataReceipt')
  public async StorePrivateMetadata(ctx: Context, id: string): Promise<string> {
    const assetId = parseId(id);
    const metadata = readPrivateMetadata(ctx);
    requirePeerOfCallerOrg(ctx);
    const caller = getCaller(ctx);
    const asset = await readAsset(ctx, assetId);
    if (asset === undefined) {
      if (!(await hasRole(ctx, caller.did, 'data-provider'))) {
        throw forbidden(
          'storing private metadata of a new data asset requires an active identity with the data-provider role',
        );
      }
    } else {
      await requireActiveOwner(ctx, asset, 'storing private metadata');
      requireNotRetired(asset);
    }
    const collection = implicitCollection(caller.mspId);
    const privateMetadataHash = canonicalSha256(metadata);
    await writePrivateJson(ctx, collection, privateMetadataKey(assetId, privateMetadataHash), metadata);
    const receipt: PrivateMetadataReceipt = {
      assetId,
      mspId: caller.mspId,
      collection,
      privateMetadataHash,
      storedAt: txTime(ctx).iso,
    };
    emitEvent(ctx, 'PrivateMetadataStored', { ...receipt });
    return canonicalJson(receipt);
  }

  /**
   * Registers a data asset owned by the caller, who must hold `data-provider`. Optional
   * `privateMetadataHash` names private metadata stored before with `StorePrivateMetadata` in the
   * caller's implicit collection (`FAILED_PRECONDITION` if it is not there); private metadata in
   * transient data is refused. Returns the {@link DataAsset}.
   */
  @Transaction()
  @Returns('DataAsset')
  public async RegisterDataAsset(ctx: Context, assetJson: string): Promise<string> {
    const input = parseJsonArgument(registerAssetSchema, assetJson, { name: 'asset' });
    const violations = policyViolations(input.policy, input.classification);
    if (violations.length > 0) {
      throw invalidArgument(violations.join('; '));
    }
    const now = txTime(ctx);
    if (input.policy.expiresAt !== undefined) {
      requireFuture(input.policy.expiresAt, now.epochMillis, 'policy.expiresAt');
    }
    refusePrivateMetadataTransient(ctx);
    const caller = getCaller(ctx);
    if (!(await hasRole(ctx, caller.did, 'data-provider'))) {
      throw forbidden('registering a data asset requires an active identity with the data-provider role');
    }
    return canonicalJson(await registerAsset(ctx, input, caller, now));
  }

  /**
   * Changes an asset (owner only). A new `contentHash` makes a new version (older hashes stay
   * verifiable); other fields change the record only. A new `privateMetadataHash` names private
   * metadata stored before with `StorePrivateMetadata` and replaces the old one, which is deleted.
   * Returns the updated {@link DataAsset}.
   */
  @Transaction()
  @Returns('DataAsset')
  public async UpdateDataAsset(ctx: Context, id: string, patchJson: string): Promise<string> {
    const assetId = parseId(id);
    const patch = parseJsonArgument(assetPatchSchema, patchJson, { name: 'patch' });
    if (patchedFields(patch).length === 0) {
      throw invalidArgument('patch: must change at least one field');
    }
    const now = txTime(ctx);
    if (patch.policy?.expiresAt !== undefined) {
      requireFuture(patch.policy.expiresAt, now.epochMillis, 'policy.expiresAt');
    }
    refusePrivateMetadataTransient(ctx);
    const asset = await requireAsset(ctx, assetId);
    const ownerDid = await requireActiveOwner(ctx, asset, 'updating a data asset');
    requireNotRetired(asset);
    if (patch.privateMetadataHash !== undefined) {
      await requireStoredPrivateMetadata(ctx, implicitCollection(asset.ownerMsp), assetId, patch.privateMetadataHash);
    }
    return canonicalJson(await updateAsset(ctx, asset, patch, ownerDid, now));
  }

  /**
   * Hands an asset to another active identity (owner only); the key-level endorsement moves to
   * the new owner's organization. Returns the updated {@link DataAsset}.
   */
  @Transaction()
  @Returns('DataAsset')
  public async TransferDataAsset(ctx: Context, id: string, newOwnerDid: string): Promise<string> {
    const assetId = parseId(id);
    const toDid = parseDid(newOwnerDid, 'newOwnerDid');
    const asset = await requireAsset(ctx, assetId);
    await requireActiveOwner(ctx, asset, 'transferring a data asset');
    requireNotRetired(asset);
    if (toDid === asset.ownerDid) {
      throw failedPrecondition(`newOwnerDid: already owns ${describeAsset(assetId)}`);
    }
    const newOwner = await findIdentity(ctx, toDid);
    if (newOwner === undefined) {
      throw notFound(`newOwnerDid: identity '${toDid}' does not exist`);
    }
    if (newOwner.status !== 'active') {
      throw failedPrecondition(`newOwnerDid: identity '${toDid}' is ${newOwner.status}`);
    }
    return canonicalJson(await transferAsset(ctx, asset, { ...newOwner, did: toDid }, txTime(ctx)));
  }

  /** Retires an asset (owner only): it stays readable, but refuses updates, grants and access. */
  @Transaction()
  @Returns('DataAsset')
  public async RetireDataAsset(ctx: Context, id: string, reason: string): Promise<string> {
    const assetId = parseId(id);
    const why = parseArgument(reasonSchema, reason, 'reason');
    const asset = await requireAsset(ctx, assetId);
    await requireActiveOwner(ctx, asset, 'retiring a data asset');
    requireNotRetired(asset);
    return canonicalJson(await retireAsset(ctx, asset, why, txTime(ctx)));
  }

  // --- asset queries ---------------------------------------------------------------------------

  /** The {@link DataAsset} record; `NOT_FOUND` if there is none. */
  @Transaction(false)
  @Returns('DataAsset')
  public async GetDataAsset(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await requireAsset(ctx, parseId(id)));
  }

  /** `true` or `false`. */
  @Transaction(false)
  @Returns('boolean')
  public async DataAssetExists(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await keyExists(ctx, assetKey(parseId(id))));
  }

  /** Whether `contentHash` is the current content, an older version's, or unknown: an {@link IntegrityResult}. */
  @Transaction(false)
  @Returns('IntegrityResult')
  public async VerifyDataIntegrity(ctx: Context, id: string, contentHash: string): Promise<string> {
    const assetId = parseId(id);
    const hash = parseHash(contentHash, 'contentHash');
    const asset = await requireAsset(ctx, assetId);
    let result: IntegrityResult;
    if (asset.contentHash === hash) {
      result = { match: 'current', version: asset.version };
    } else {
      const version = await findVersionOfHash(ctx, assetId, hash);
      result = version === undefined ? { match: 'none' } : { match: 'previous', version };
    }
    return canonicalJson(result);
  }

  /** Ancestors and descendants up to `depth` (1..5) derivation steps: a {@link Lineage}. */
  @Transaction(false)
  @Returns('Lineage')
  public async GetLineage(ctx: Context, id: string, depth: string): Promise<string> {
    const assetId = parseId(id);
    const steps = parseDepth(depth);
    return canonicalJson(await buildLineage(ctx, await requireAsset(ctx, assetId), steps));
  }

  /**
   * One page of the assets of one owner (`{"ownerDid": ...}`) or one sector
   * (`{"category": ...}`), through the owner or category index: a {@link DataRegistryPage}.
   */
  @Transaction(false)
  @Returns('string')
  public async ListDataAssets(ctx: Context, filterJson: string, pageSize: string, bookmark: string): Promise<string> {
    const filter = parseJsonArgument(assetFilterSchema, filterJson, { name: 'filter' });
    const [objectType, attributes] =
      filter.ownerDid !== undefined
        ? [KEY_TYPES.byOwner, [filter.ownerDid]]
        : [KEY_TYPES.byCategory, [filter.category as string]];
    const page = parsePageArguments(pageSize, bookmark, compositeKey(objectType, attributes));
    return canonicalJson(await queryAssetIndex(ctx, objectType, attributes, page.pageSize, page.bookmark));
  }

  /** The newest changes of the asset record (at most 50), from the peer's history database. */
  @Transaction(false)
  @Returns('string')
  public async GetDataAssetHistory(ctx: Context, id: string): Promise<string> {
    const assetId = parseId(id);
    await requireAsset(ctx, assetId);
    const history = await getKeyHistory<DataAsset>(ctx, assetKey(assetId), MAX_HISTORY_ENTRIES);
    const result: DataAssetHistory = {
      id: assetId,
      entries: history.entries.map((entry) => ({
        txId: entry.txId,
        timestamp: entry.timestamp,
        isDelete: entry.isDelete,
        asset: entry.value,
      })),
      truncated: history.truncated,
    };
    return canonicalJson(result);
  }

  /**
   * The asset's private metadata, for active identities and admins of the owner's organization, on
   * a peer of that organization (the only peers holding it): a {@link PrivateMetadataView}.
   */
  @Transaction(false)
  @Returns('PrivateMetadataView')
  public async GetPrivateMetadata(ctx: Context, id: string): Promise<string> {
    const assetId = parseId(id);
    requirePeerOfCallerOrg(ctx);
    const caller = getCaller(ctx);
    const asset = await requireAsset(ctx, assetId);
    if (caller.mspId !== asset.ownerMsp) {
      throw forbidden(`reading private metadata of ${describeAsset(assetId)} requires being of ${asset.ownerMsp}`);
    }
    // An organization's admin answers for its data; any other reader must be a registered, active identity:
    // suspending or revoking an identity takes its access to the organization's private details away too.
    if (!caller.isAdmin) {
      const identity = await findIdentity(ctx, caller.did);
      if (identity?.status !== 'active') {
        throw forbidden(
          `reading private metadata of ${describeAsset(assetId)} requires an active identity of ${asset.ownerMsp} ` +
            `or an admin of it; ${caller.did} is ${identity === undefined ? 'not registered' : identity.status}`,
        );
      }
    }
    const collection = implicitCollection(asset.ownerMsp);
    const metadata =
      asset.privateMetadataHash === undefined
        ? undefined
        : await readPrivateJson<Record<string, unknown>>(
            ctx,
            collection,
            privateMetadataKey(assetId, asset.privateMetadataHash),
          );
    if (metadata === undefined) {
      throw notFound(`private metadata of ${describeAsset(assetId)} does not exist`);
    }
    const view: PrivateMetadataView = { id: assetId, collection, metadata, hash: canonicalSha256(metadata) };
    return canonicalJson(view);
  }

  // --- consent and audit -----------------------------------------------------------------------

  /**
   * Grants one identity (`granteeDid`) or one organization (`granteeMsp`) access for some of the
   * policy's purposes until `expiresAt` (owner only). Returns the {@link AccessGrant}.
   */
  @Transaction()
  @Returns('AccessGrant')
  public async GrantAccess(ctx: Context, id: string, grantJson: string): Promise<string> {
    const assetId = parseId(id);
    const input = parseJsonArgument(grantSchema, grantJson, { name: 'grant' });
    const now = txTime(ctx);
    requireFuture(input.expiresAt, now.epochMillis, 'expiresAt');
    const asset = await requireAsset(ctx, assetId);
    const ownerDid = await requireActiveOwner(ctx, asset, 'granting access');
    requireNotRetired(asset);
    return canonicalJson(await grantAccess(ctx, asset, input, ownerDid, now));
  }

  /**
   * Grants a trade's buyer (`granteeDid`) access for some of the policy's purposes until
   * `expiresAt`, on an active tradable asset: the access part of a settlement. Accepted only
   * when the client invoked the `transaction-certificates` chaincode, which calls this in the
   * same transaction after checking the seller and moving the shares; a client calling it
   * directly gets `FORBIDDEN`. The grant records the seller (the submitter) as `grantedBy` and
   * the `tradeId`. No event: only the top-level chaincode's event reaches the block, and the
   * trade's event names the grant. Returns the {@link AccessGrant}.
   */
  @Transaction()
  @Returns('AccessGrant')
  public async GrantAccessForTrade(ctx: Context, id: string, grantJson: string): Promise<string> {
    const assetId = parseId(id);
    const input = parseJsonArgument(tradeGrantSchema, grantJson, { name: 'grant' });
    const now = txTime(ctx);
    requireFuture(input.expiresAt, now.epochMillis, 'expiresAt');
    requireInvokedThrough(ctx, TRADE_CHAINCODE, 'granting access for a trade');
    const asset = await requireAsset(ctx, assetId);
    requireNotRetired(asset);
    if (!asset.policy.tradable) {
      throw failedPrecondition(`${describeAsset(assetId)} is not tradable`);
    }
    const { tradeId, ...grant } = input;
    return canonicalJson(await createGrant(ctx, asset, grant, getCaller(ctx).did, now, tradeId));
  }

  /** Revokes a grant (owner only; also on a retired asset). Returns the revoked {@link AccessGrant}. */
  @Transaction()
  @Returns('AccessGrant')
  public async RevokeAccess(ctx: Context, id: string, grantId: string): Promise<string> {
    const assetId = parseId(id);
    const grant = parseId(grantId, 'grantId');
    const asset = await requireAsset(ctx, assetId);
    const ownerDid = await requireActiveOwner(ctx, asset, 'revoking access');
    return canonicalJson(await revokeAccess(ctx, asset, grant, ownerDid, txTime(ctx)));
  }

  /** Whether `requesterDid` may use the asset for `purpose` now: an {@link AccessDecision}. */
  @Transaction(false)
  @Returns('AccessDecision')
  public async CheckAccess(ctx: Context, id: string, requesterDid: string, purpose: string): Promise<string> {
    const assetId = parseId(id);
    const did = parseDid(requesterDid, 'requesterDid');
    const why = parsePurpose(purpose);
    const asset = await requireAsset(ctx, assetId);
    return canonicalJson(await evaluateAccess(ctx, asset, did, why, txTime(ctx).epochMillis));
  }

  /**
   * Logs an access the caller makes for `purpose`, with the hash of its off-chain details;
   * `FORBIDDEN` unless `CheckAccess` would allow it. Returns the {@link AccessRecord}.
   */
  @Transaction()
  @Returns('AccessRecord')
  public async RecordAccess(ctx: Context, id: string, purpose: string, detailsHash: string): Promise<string> {
    const assetId = parseId(id);
    const why = parsePurpose(purpose);
    const hash = parseHash(detailsHash, 'detailsHash');
    const caller = getCaller(ctx);
    const now = txTime(ctx);
    const asset = await requireAsset(ctx, assetId);
    requireNotRetired(asset);
    const decision = await evaluateAccess(ctx, asset, caller.did, why, now.epochMillis);
    if (!decision.allowed) {
      throw forbidden(`access to ${describeAsset(assetId)} for purpose '${why}' is not allowed: ${decision.reason}`);
    }
    const claim = { did: caller.did, mspId: caller.mspId, purpose: why, detailsHash: hash };
    return canonicalJson(await recordAccess(ctx, asset, claim, decision, now));
  }

  /**
   * One page of the asset's access records, oldest first, for its owner, admins of the owner's
   * organization and regulators: a {@link DataRegistryPage} of {@link AccessRecord}.
   */
  @Transaction(false)
  @Returns('string')
  public async ListAccessRecords(ctx: Context, id: string, pageSize: string, bookmark: string): Promise<string> {
    const assetId = parseId(id);
    const page = parsePageArguments(pageSize, bookmark, compositeKey(KEY_TYPES.accessRecord, [assetId]));
    const asset = await requireAsset(ctx, assetId);
    await requireAuditReader(ctx, asset);
    return canonicalJson(await queryAccessRecords(ctx, assetId, page.pageSize, page.bookmark));
  }

  /**
   * One page of the asset's grants, active and revoked (with who revoked them and when), in
   * grant-ID order, for the same readers as the access records: its owner, admins of the owner's
   * organization and regulators. A grant holds IDs, DIDs, purposes and times only (no personal
   * data): a {@link DataRegistryPage} of {@link AccessGrant}.
   */
  @Transaction(false)
  @Returns('string')
  public async ListAccessGrants(ctx: Context, id: string, pageSize: string, bookmark: string): Promise<string> {
    const assetId = parseId(id);
    const page = parsePageArguments(pageSize, bookmark, compositeKey(KEY_TYPES.grant, [assetId]));
    const asset = await requireAsset(ctx, assetId);
    await requireAuditReader(ctx, asset, 'access grants');
    return canonicalJson(await queryGrants(ctx, assetId, page.pageSize, page.bookmark));
  }
}
