import type {
  AccessDecision,
  AccessGrant,
  AccessRecord,
  DataAsset,
  DataAssetFilter,
  DataAssetHistory,
  DataRegistryPage,
  IntegrityResult,
  Lineage,
  PrivateMetadataReceipt,
  PrivateMetadataView,
  UsagePolicy,
} from '@ndi/chaincode-data-registry';
import {
  type CallOptions,
  type ChaincodeContract,
  ContractCaller,
  pageArguments,
  type PageRequest,
  type PrivateDataClientOptions,
  type Submitted,
  type TransientCallOptions,
} from './typed-contract';
import { afterPrivateWrite, privateStep } from './private-writes';

// The chaincode validates its inputs with zod schemas whose types it does not export; these are derived from its
// exported record types instead, so a renamed or retyped field still fails compilation here.

/** Argument of `RegisterDataAsset`: the registrant's part of a {@link DataAsset} record. */
export type DataAssetInput = Pick<
  DataAsset,
  'id' | 'title' | 'category' | 'classification' | 'contentHash' | 'sizeBytes' | 'format' | 'storageUri'
> &
  Partial<Pick<DataAsset, 'description' | 'derivedFrom' | 'privateMetadataHash'>> & {
    /** The usage policy (timestamps ISO-8601 UTC). */
    readonly policy: UsagePolicy;
  };

/**
 * Argument of `UpdateDataAsset`: the fields to change. A new `contentHash` makes a new version; `sizeBytes` and
 * `format` change only together with it. Category, classification, lineage and owner are not patchable.
 */
export type DataAssetPatch = Partial<
  Pick<
    DataAsset,
    'title' | 'description' | 'contentHash' | 'sizeBytes' | 'format' | 'storageUri' | 'policy' | 'privateMetadataHash'
  >
>;

/** Argument of `GrantAccess`: exactly one grantee, an identity or a whole organization. */
export type AccessGrantInput = Pick<AccessGrant, 'grantId' | 'purposes' | 'expiresAt'> &
  (
    | {
        /** The one identity granted access: a suite DID `did:ndi:<mspId>:<hex>`. */
        readonly granteeDid: string;
        /** Absent: an identity grant names no organization. */
        readonly granteeMsp?: undefined;
      }
    | {
        /** The organization granted access, by MSP ID: any of its active data consumers may access the asset. */
        readonly granteeMsp: string;
        /** Absent: an organization grant names no identity. */
        readonly granteeDid?: undefined;
      }
  );

/** Private details of `registerDataAsset` and `updateDataAsset`. */
export interface DataAssetTransient {
  /**
   * Private metadata (a non-empty JSON object, at most 16 KiB): stored first, by `StorePrivateMetadata` endorsed
   * by peers of the caller's organization alone, in its implicit collection; the public record then names it by
   * its hash (`privateMetadataHash`).
   */
  readonly privateMetadata?: Record<string, unknown>;
}

/** What `registerDataAsset` and `updateDataAsset` committed: the record, and the private metadata stored first. */
export type DataAssetSubmitted = Submitted<DataAsset> & {
  /** `StorePrivateMetadata`, when private metadata was sent. */
  readonly privateMetadata?: Submitted<PrivateMetadataReceipt>;
};

/** Options of a {@link DataRegistryClient}: `mspId` lets writes carrying private metadata pick their endorsers. */
export type DataRegistryClientOptions = PrivateDataClientOptions;

/**
 * The `data-registry` chaincode, typed: one method per transaction function a client may call (`GrantAccessForTrade`
 * is reached only through the `transaction-certificates` chaincode's settlement, so it has none). Writes are submitted and retried
 * per the retry policy and resolve to {@link Submitted}; reads are evaluated and resolve to the parsed result.
 * Business refusals reject with the typed errors (`NotFoundError`, `ForbiddenError`, ...).
 *
 * @example
 * ```typescript
 * const registry = client.dataRegistry();
 * const { result: asset, transactionId } = await registry.registerDataAsset(input, {
 *     transient: { privateMetadata: { contactDesk: 'data-office' } },
 * });
 * const { match } = await registry.verifyDataIntegrity(asset.id, sha256OfFile); // 'current'
 * ```
 */
export class DataRegistryClient {
  /** The chaincode's default name. */
  public static readonly CHAINCODE = 'data-registry';
  readonly #calls: ContractCaller;
  readonly #mspId: string | undefined;

  /**
   * @param contract - the `data-registry` chaincode, e.g. `ndiClient.contract('data-registry')`
   * @param options - retry policy and hook for every call
   */
  constructor(contract: ChaincodeContract, options?: DataRegistryClientOptions) {
    this.#calls = new ContractCaller(contract, options);
    this.#mspId = options?.mspId;
  }

  // --- asset lifecycle -------------------------------------------------------------------------

  /**
   * Stores private metadata of an asset (registered, or about to be) in the caller organization's implicit
   * collection, and nothing public: endorsed by the caller's organization alone (unless `endorsingOrganizations`
   * says otherwise), so no other organization's peer sees it. Name it afterwards by the receipt's
   * `privateMetadataHash`; {@link DataRegistryClient.registerDataAsset} and
   * {@link DataRegistryClient.updateDataAsset} do both steps when given `privateMetadata`.
   *
   * @param id - the asset
   * @param privateMetadata - a non-empty JSON object of at most 16 KiB
   * @throws `ForbiddenError` unless the caller owns the asset (or, for a new one, holds `data-provider`)
   */
  public storePrivateMetadata(
    id: string,
    privateMetadata: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<Submitted<PrivateMetadataReceipt>> {
    const endorsers = options.endorsingOrganizations ?? (this.#mspId === undefined ? undefined : [this.#mspId]);
    return this.#calls.submit('StorePrivateMetadata', [id], {
      ...options,
      ...(endorsers && { endorsingOrganizations: endorsers }),
      transient: { privateMetadata },
    });
  }

  /**
   * Registers a data asset owned by the caller (who must hold `data-provider`). With `privateMetadata` it stores
   * that first ({@link DataRegistryClient.storePrivateMetadata}) and registers the record naming it.
   *
   * @param asset - the registration record's fields
   * @param options - `privateMetadata`; call options of the public write (the private step goes to the caller's
   *   organization alone)
   * @throws `AlreadyExistsError` if the ID is taken, `ForbiddenError` without the role
   */
  public registerDataAsset(
    asset: DataAssetInput,
    options?: TransientCallOptions<DataAssetTransient>,
  ): Promise<DataAssetSubmitted> {
    return this.#withPrivateMetadata(asset.id, options, (call, privateMetadataHash) =>
      this.#calls.submit<DataAsset>(
        'RegisterDataAsset',
        [JSON.stringify(privateMetadataHash === undefined ? asset : { ...asset, privateMetadataHash })],
        call,
      ),
    );
  }

  /**
   * Changes an asset (owner only). With `privateMetadata` it stores that first and the patch names it, replacing
   * the old private metadata.
   *
   * @param id - the asset
   * @param patch - the fields to change (may be empty if `privateMetadata` is sent)
   * @param options - `privateMetadata`; call options of the public write (the private step goes to the caller's
   *   organization alone)
   */
  public updateDataAsset(
    id: string,
    patch: DataAssetPatch,
    options?: TransientCallOptions<DataAssetTransient>,
  ): Promise<DataAssetSubmitted> {
    return this.#withPrivateMetadata(id, options, (call, privateMetadataHash) =>
      this.#calls.submit<DataAsset>(
        'UpdateDataAsset',
        [id, JSON.stringify(privateMetadataHash === undefined ? patch : { ...patch, privateMetadataHash })],
        call,
      ),
    );
  }

  /** Stores the private metadata, if any, then runs the public write naming it. */
  async #withPrivateMetadata(
    id: string,
    options: TransientCallOptions<DataAssetTransient> | undefined,
    write: (call: CallOptions, privateMetadataHash?: string) => Promise<Submitted<DataAsset>>,
  ): Promise<DataAssetSubmitted> {
    const { transient, ...call } = options ?? {};
    if (transient?.privateMetadata === undefined) {
      return write(call);
    }
    // The private step goes to the caller's organization alone; the call's options are the public write's.
    const stored = await this.storePrivateMetadata(id, transient.privateMetadata, privateStep(call));
    const submitted = await afterPrivateWrite(
      () => write(call, stored.result.privateMetadataHash),
      /^privateMetadataHash: no private metadata /,
    );
    return { ...submitted, privateMetadata: stored };
  }

  /**
   * Hands an asset to another active identity (owner only).
   *
   * @param id - the asset
   * @param newOwnerDid - the new owner
   */
  public transferDataAsset(id: string, newOwnerDid: string, options?: CallOptions): Promise<Submitted<DataAsset>> {
    return this.#calls.submit('TransferDataAsset', [id, newOwnerDid], options);
  }

  /**
   * Retires an asset (owner only): kept for lineage and audit, frozen otherwise.
   *
   * @param id - the asset
   * @param reason - public reason (no personal data)
   */
  public retireDataAsset(id: string, reason: string, options?: CallOptions): Promise<Submitted<DataAsset>> {
    return this.#calls.submit('RetireDataAsset', [id, reason], options);
  }

  // --- asset queries ---------------------------------------------------------------------------

  /**
   * A data asset's registration record.
   *
   * @param id - the asset
   * @throws `NotFoundError` if there is none
   */
  public getDataAsset(id: string, options?: CallOptions): Promise<DataAsset> {
    return this.#calls.evaluate('GetDataAsset', [id], options);
  }

  /**
   * Whether a data asset is registered.
   *
   * @param id - the asset
   */
  public dataAssetExists(id: string, options?: CallOptions): Promise<boolean> {
    return this.#calls.evaluate('DataAssetExists', [id], options);
  }

  /**
   * Whether a content hash is the asset's current content, an older version's, or unknown.
   *
   * @param id - the asset
   * @param contentHash - SHA-256 (hex) of the file to check
   */
  public verifyDataIntegrity(id: string, contentHash: string, options?: CallOptions): Promise<IntegrityResult> {
    return this.#calls.evaluate('VerifyDataIntegrity', [id, contentHash], options);
  }

  /**
   * Ancestors and descendants of an asset.
   *
   * @param id - the asset
   * @param depth - derivation steps to walk, 1..5
   */
  public getLineage(id: string, depth: number, options?: CallOptions): Promise<Lineage> {
    return this.#calls.evaluate('GetLineage', [id, String(depth)], options);
  }

  /**
   * One page of the assets of one owner or one sector.
   *
   * @param filter - exactly one of `ownerDid`, `category`
   * @param page - page size and the previous page's bookmark
   */
  public listDataAssets(
    filter: DataAssetFilter,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<DataRegistryPage<DataAsset>> {
    return this.#calls.evaluate('ListDataAssets', [JSON.stringify(filter), ...pageArguments(page)], options);
  }

  /**
   * The newest changes of an asset record (at most 50), newest first.
   *
   * @param id - the asset
   */
  public getDataAssetHistory(id: string, options?: CallOptions): Promise<DataAssetHistory> {
    return this.#calls.evaluate('GetDataAssetHistory', [id], options);
  }

  /**
   * An asset's private metadata: for clients of the owner's organization, answered by a peer of it (pass
   * `endorsingOrganizations: [ownerMsp]` if the gateway peer belongs to another organization).
   *
   * @param id - the asset
   * @throws `ForbiddenError` for other organizations, `NotFoundError` if there is none
   */
  public getPrivateMetadata(id: string, options?: CallOptions): Promise<PrivateMetadataView> {
    return this.#calls.evaluate('GetPrivateMetadata', [id], options);
  }

  // --- consent and audit -----------------------------------------------------------------------

  /**
   * Grants an identity or organization access for some of the policy's purposes (owner only).
   *
   * @param id - the asset
   * @param grant - grant ID, grantee, purposes, expiry
   */
  public grantAccess(id: string, grant: AccessGrantInput, options?: CallOptions): Promise<Submitted<AccessGrant>> {
    return this.#calls.submit('GrantAccess', [id, JSON.stringify(grant)], options);
  }

  /**
   * Revokes a grant (owner only).
   *
   * @param id - the asset
   * @param grantId - the grant
   */
  public revokeAccess(id: string, grantId: string, options?: CallOptions): Promise<Submitted<AccessGrant>> {
    return this.#calls.submit('RevokeAccess', [id, grantId], options);
  }

  /**
   * Whether an identity may use the asset for a purpose now, and why.
   *
   * @param id - the asset
   * @param requesterDid - who would access it
   * @param purpose - what for
   */
  public checkAccess(
    id: string,
    requesterDid: string,
    purpose: string,
    options?: CallOptions,
  ): Promise<AccessDecision> {
    return this.#calls.evaluate('CheckAccess', [id, requesterDid, purpose], options);
  }

  /**
   * Logs an access the caller makes.
   *
   * @param id - the asset
   * @param purpose - what for
   * @param detailsHash - SHA-256 (hex) of the off-chain access details
   * @throws `ForbiddenError` unless {@link DataRegistryClient.checkAccess} allows it
   */
  public recordAccess(
    id: string,
    purpose: string,
    detailsHash: string,
    options?: CallOptions,
  ): Promise<Submitted<AccessRecord>> {
    return this.#calls.submit('RecordAccess', [id, purpose, detailsHash], options);
  }

  /**
   * One page of an asset's access records, oldest first (owner, owner's org admins, regulators).
   *
   * @param id - the asset
   * @param page - page size and the previous page's bookmark
   */
  public listAccessRecords(
    id: string,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<DataRegistryPage<AccessRecord>> {
    return this.#calls.evaluate('ListAccessRecords', [id, ...pageArguments(page)], options);
  }

  /**
   * One page of an asset's grants, active and revoked (with who revoked them and when), in grant-ID order: grants
   * by the owner and grants made by trade settlements (`tradeId`). For the same readers as the access records (owner,
   * owner's org admins, regulators).
   *
   * @param id - the asset
   * @param page - page size and the previous page's bookmark
   * @throws `ForbiddenError` for other callers, `NotFoundError` if the asset is not registered
   */
  public listAccessGrants(
    id: string,
    page?: PageRequest,
    options?: CallOptions,
  ): Promise<DataRegistryPage<AccessGrant>> {
    return this.#calls.evaluate('ListAccessGrants', [id, ...pageArguments(page)], options);
  }
}
