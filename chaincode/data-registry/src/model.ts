import { Object as FabricObject, Property } from 'fabric-contract-api';

/**
 * The data registry's records as they appear on the ledger and in transaction results. The
 * gateway client imports these types from `@ndi/chaincode-data-registry` instead of copying
 * them, so this file is the one source of truth for their shape. Records and results are
 * classes with `@Object`/`@Property` only so that `org.hyperledger.fabric:GetMetadata`
 * describes them; the chaincode never instantiates them (it writes plain canonical JSON).
 */

/** Sectors named in the national plans; every data asset belongs to exactly one. */
export const CATEGORIES = [
  'healthcare',
  'finance',
  'transport',
  'tax',
  'social-insurance',
  'civil-status',
  'property',
  'tourism',
  'energy',
  'manufacturing',
  'logistics',
] as const;

/** The sector of a data asset, one of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** Data Security Law tiers, least to most protected. */
export const CLASSIFICATIONS = ['general', 'important', 'core'] as const;

/** The security tier of a data asset, one of {@link CLASSIFICATIONS}. */
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Lifecycle states of a data asset. A retired asset is kept (for lineage and audit) but frozen. */
export const ASSET_STATUSES = ['active', 'retired'] as const;

/** The lifecycle state of a data asset, one of {@link ASSET_STATUSES}. */
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** How the owner allows the asset to be used. */
@FabricObject()
export class UsagePolicy {
  /** Purposes the data may be used for (kebab-case identifiers, e.g. `credit-scoring`). */
  @Property('purposes', 'string[]')
  purposes!: string[];
  /** If set, only organizations (MSP IDs) in this list may be granted access. */
  @Property('allowedMsps', 'string[]')
  allowedMsps?: string[];
  /** If set, no access is allowed after this instant (ISO-8601 UTC). */
  @Property('expiresAt', 'string')
  expiresAt?: string;
  /** Whether the asset may be listed and traded on the market. Always false for `core` data. */
  @Property('tradable', 'boolean')
  tradable!: boolean;
  /** Whether the asset may be provided across borders. Always false for `core` data. */
  @Property('crossBorder', 'boolean')
  crossBorder!: boolean;
}

/** The registration record of a data asset (public ledger; no payload, no personal data). */
@FabricObject()
export class DataAsset {
  /** Registry-wide identifier chosen by the registrant. */
  @Property('id', 'string')
  id!: string;
  /** Short public title. */
  @Property('title', 'string')
  title!: string;
  /** Optional public description. */
  @Property('description', 'string')
  description?: string;
  /** Sector. Fixed at registration. */
  @Property('category', 'string')
  category!: Category;
  /** Security tier. Fixed at registration. */
  @Property('classification', 'string')
  classification!: Classification;
  /** SHA-256 of the current content, 64 lowercase hex. */
  @Property('contentHash', 'string')
  contentHash!: string;
  /** Size of the current content in bytes, as a decimal integer string (assets may exceed 2^53 bytes). */
  @Property('sizeBytes', 'string')
  sizeBytes!: string;
  /** Format of the content, e.g. `text/csv` or `parquet`. */
  @Property('format', 'string')
  format!: string;
  /** Where the owner keeps the content (the ledger never holds it). */
  @Property('storageUri', 'string')
  storageUri!: string;
  /** Registered assets this one was derived from. Fixed at registration, so lineage has no cycles. */
  @Property('derivedFrom', 'string[]')
  derivedFrom!: string[];
  /** The usage policy. */
  @Property('policy', 'UsagePolicy')
  policy!: UsagePolicy;
  /** DID of the current owner. */
  @Property('ownerDid', 'string')
  ownerDid!: string;
  /** MSP ID of the current owner's organization; its peers must endorse every change of the record. */
  @Property('ownerMsp', 'string')
  ownerMsp!: string;
  /** Lifecycle state. */
  @Property('status', 'string')
  status!: AssetStatus;
  /** Content version, starting at 1; increases when the content hash changes. */
  @Property('version', 'number')
  version!: number;
  /** SHA-256 of the canonical JSON of the private metadata held in `_implicit_org_<ownerMsp>`, if any. */
  @Property('privateMetadataHash', 'string')
  privateMetadataHash?: string;
  /** DID of the registrant. */
  @Property('registeredBy', 'string')
  registeredBy!: string;
  /** Transaction time of the registration. */
  @Property('registeredAt', 'string')
  registeredAt!: string;
  /** Transaction time of the last change. */
  @Property('updatedAt', 'string')
  updatedAt!: string;
  /** Transaction time of the retirement. */
  @Property('retiredAt', 'string')
  retiredAt?: string;
  /** Why the owner retired the asset (public text: no personal data). */
  @Property('retiredReason', 'string')
  retiredReason?: string;
}

/** One content version of a data asset, kept so that older copies can still be verified. */
@FabricObject()
export class AssetVersion {
  /** The asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** Version number, 1 for the registered content. */
  @Property('version', 'number')
  version!: number;
  /** SHA-256 of that content. */
  @Property('contentHash', 'string')
  contentHash!: string;
  /** Its size in bytes, decimal integer string. */
  @Property('sizeBytes', 'string')
  sizeBytes!: string;
  /** Its format. */
  @Property('format', 'string')
  format!: string;
  /** Where it was stored. */
  @Property('storageUri', 'string')
  storageUri!: string;
  /** DID of the owner who recorded it. */
  @Property('recordedBy', 'string')
  recordedBy!: string;
  /** Transaction time. */
  @Property('recordedAt', 'string')
  recordedAt!: string;
  /** Transaction that recorded it. */
  @Property('txId', 'string')
  txId!: string;
}

/** Lifecycle states of an access grant. */
export const GRANT_STATUSES = ['active', 'revoked'] as const;

/** The state of an access grant, one of {@link GRANT_STATUSES}. */
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** The owner's consent for one identity (`granteeDid`) or one whole organization (`granteeMsp`). */
@FabricObject()
export class AccessGrant {
  /** The asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** Identifier of the grant, unique per asset. */
  @Property('grantId', 'string')
  grantId!: string;
  /** The identity granted access (exactly one of `granteeDid`, `granteeMsp`). */
  @Property('granteeDid', 'string')
  granteeDid?: string;
  /** The organization granted access: any active data consumer of it. */
  @Property('granteeMsp', 'string')
  granteeMsp?: string;
  /** Purposes granted, a subset of the policy's purposes. */
  @Property('purposes', 'string[]')
  purposes!: string[];
  /** End of the grant (ISO-8601 UTC), never after the policy's `expiresAt`. */
  @Property('expiresAt', 'string')
  expiresAt!: string;
  /** Lifecycle state. */
  @Property('status', 'string')
  status!: GrantStatus;
  /** DID of the owner who granted it, or of the seller whose trade settlement granted it. */
  @Property('grantedBy', 'string')
  grantedBy!: string;
  /** The trade (transaction-certificates order) whose settlement granted it, if any. */
  @Property('tradeId', 'string')
  tradeId?: string;
  /** Transaction time of the grant. */
  @Property('grantedAt', 'string')
  grantedAt!: string;
  /** DID of the owner who revoked it. */
  @Property('revokedBy', 'string')
  revokedBy?: string;
  /** Transaction time of the revocation. */
  @Property('revokedAt', 'string')
  revokedAt?: string;
}

/** Why access was granted: as the owner, or under a grant. */
export type AccessBasis = 'owner' | 'grant';

/** One logged access to a data asset: the audit trail regulators read. */
@FabricObject()
export class AccessRecord {
  /** The asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** Transaction that recorded the access (unique). */
  @Property('txId', 'string')
  txId!: string;
  /** DID of the identity that accessed the data. */
  @Property('accessorDid', 'string')
  accessorDid!: string;
  /** Its organization. */
  @Property('accessorMsp', 'string')
  accessorMsp!: string;
  /** Purpose of the access. */
  @Property('purpose', 'string')
  purpose!: string;
  /** SHA-256 of the off-chain access details (query, rows, delivery receipt). */
  @Property('detailsHash', 'string')
  detailsHash!: string;
  /** Why the access was allowed. */
  @Property('basis', 'string')
  basis!: AccessBasis;
  /** The grant used, when `basis` is `grant`. */
  @Property('grantId', 'string')
  grantId?: string;
  /** Transaction time. */
  @Property('recordedAt', 'string')
  recordedAt!: string;
}

/** Every reason an access decision can give. */
export const ACCESS_REASONS = [
  'owner',
  'grant',
  'asset-retired',
  'purpose-not-in-policy',
  'policy-expired',
  'requester-unknown',
  'requester-inactive',
  'requester-not-consumer',
  'msp-not-allowed',
  'no-grant',
  'grant-expired',
  'purpose-not-granted',
] as const;

/** The reason of an {@link AccessDecision}. */
export type AccessReason = (typeof ACCESS_REASONS)[number];

/** Answer of `CheckAccess`. */
@FabricObject()
export class AccessDecision {
  /** Whether the requester may use the asset for the purpose now. */
  @Property('allowed', 'boolean')
  allowed!: boolean;
  /** Why: `owner` or `grant` when allowed, otherwise the first rule that refused. */
  @Property('reason', 'string')
  reason!: AccessReason;
  /** The grant that allows access, when `reason` is `grant`. */
  @Property('grantId', 'string')
  grantId?: string;
}

/** Answer of `VerifyDataIntegrity`. */
@FabricObject()
export class IntegrityResult {
  /** Whether the hash is the current content's, an older version's, or unknown. */
  @Property('match', 'string')
  match!: 'current' | 'previous' | 'none';
  /** The matching version (the latest one with that hash), unless `match` is `none`. */
  @Property('version', 'number')
  version?: number;
}

/** One asset reached by a lineage walk. */
@FabricObject()
export class LineageNode {
  /** The asset. */
  @Property('id', 'string')
  id!: string;
  /** Number of derivation steps from the asset the walk started at (1 = direct parent/child). */
  @Property('distance', 'number')
  distance!: number;
  /** The neighbour through which the walk first reached it. */
  @Property('via', 'string')
  via!: string;
  /** Its title. */
  @Property('title', 'string')
  title!: string;
  /** Its owner. */
  @Property('ownerDid', 'string')
  ownerDid!: string;
  /** Its classification. */
  @Property('classification', 'string')
  classification!: Classification;
  /** Its lifecycle state. */
  @Property('status', 'string')
  status!: AssetStatus;
}

/** A derivation: `child` was derived from `parent`. */
@FabricObject()
export class LineageEdge {
  /** The source asset. */
  @Property('parent', 'string')
  parent!: string;
  /** The derived asset. */
  @Property('child', 'string')
  child!: string;
}

/** Answer of `GetLineage`: provenance (ancestors) and derivatives (descendants) up to a depth. */
@FabricObject()
export class Lineage {
  /** The asset the walk started at. */
  @Property('id', 'string')
  id!: string;
  /** The depth asked for. */
  @Property('depth', 'number')
  depth!: number;
  /** Assets it derives from, breadth first. */
  @Property('ancestors', 'LineageNode[]')
  ancestors!: LineageNode[];
  /** Assets derived from it, breadth first. */
  @Property('descendants', 'LineageNode[]')
  descendants!: LineageNode[];
  /** Derivations among the returned assets and the start asset. */
  @Property('edges', 'LineageEdge[]')
  edges!: LineageEdge[];
  /** Whether more lineage exists than returned (beyond `depth` or beyond the breadth caps). */
  @Property('truncated', 'boolean')
  truncated!: boolean;
}

/** Filter of `ListDataAssets`: exactly one of the two. */
export interface DataAssetFilter {
  /** Assets currently owned by this DID. */
  ownerDid?: string;
  /** Assets of this sector. */
  category?: Category;
}

/** One page of a listing. */
export interface DataRegistryPage<T> {
  /** The records, in key order. */
  items: T[];
  /** Pass back for the next page; `''` when there are no more. */
  bookmark: string;
  /** Number of records in this page. */
  fetchedCount: number;
}

/** One change of an asset record, from the peer's history database. */
export interface DataAssetHistoryEntry {
  /** Transaction that changed it. */
  txId: string;
  /** Its time. */
  timestamp: string;
  /** Whether it deleted the record (never done by this chaincode). */
  isDelete: boolean;
  /** The record as written. */
  asset?: DataAsset;
}

/** Answer of `GetDataAssetHistory`: the newest changes first. */
export interface DataAssetHistory {
  /** The asset. */
  id: string;
  /** Changes, newest first. */
  entries: DataAssetHistoryEntry[];
  /** Whether older changes were left out. */
  truncated: boolean;
}

/**
 * What `StorePrivateMetadata` returns (and its event `PrivateMetadataStored` carries): where the private metadata
 * went and its hash, to be named as `privateMetadataHash` by `RegisterDataAsset` or `UpdateDataAsset`. No metadata:
 * only IDs and a hash.
 */
@FabricObject()
export class PrivateMetadataReceipt {
  /** The data asset (registered or not yet). */
  @Property('assetId', 'string')
  assetId!: string;
  /** The organization whose implicit collection holds it. */
  @Property('mspId', 'string')
  mspId!: string;
  /** The collection, `_implicit_org_<mspId>`. */
  @Property('collection', 'string')
  collection!: string;
  /** SHA-256 of its canonical JSON: the private data hash every peer holds. */
  @Property('privateMetadataHash', 'string')
  privateMetadataHash!: string;
  /** Transaction time. */
  @Property('storedAt', 'string')
  storedAt!: string;
}

/** Answer of `GetPrivateMetadata`. */
@FabricObject()
export class PrivateMetadataView {
  /** The asset. */
  @Property('id', 'string')
  id!: string;
  /** The collection it was read from. */
  @Property('collection', 'string')
  collection!: string;
  /** The metadata. */
  metadata!: Record<string, unknown>;
  /** SHA-256 of its canonical JSON, equal to the public `privateMetadataHash`. */
  @Property('hash', 'string')
  hash!: string;
}
