import { Object as FabricObject, Property } from 'fabric-contract-api';

/**
 * The records and results of the asset-valuation chaincode. The classes double as TypeScript
 * types for the gateway client and the transaction-certificates chaincode (one source of truth)
 * and, through `@Object`/`@Property`, as the schemas `org.hyperledger.fabric:GetMetadata`
 * publishes. They are never instantiated: records are plain objects written as canonical JSON by
 * the kernel.
 *
 * Money is always an integer count of minor units written as a decimal string (`"1250000"` is
 * 12,500.00 CNY), never a JSON number.
 */

/** Valuation methods an appraiser may use. */
export const VALUATION_METHODS = ['cost', 'market', 'income'] as const;
/** One of {@link VALUATION_METHODS}. */
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

/** Lifecycle of a valuation request: `open` → `finalized`, or `open` → `disputed` → `finalized`. */
export const REQUEST_STATUSES = ['open', 'disputed', 'finalized'] as const;
/** One of {@link REQUEST_STATUSES}. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Lifecycle of an appraisal: `withdrawn` until the same valuer submits again. */
export const APPRAISAL_STATUSES = ['submitted', 'withdrawn'] as const;
/** One of {@link APPRAISAL_STATUSES}. */
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];

/** How a finalized value came about: the appraisals' median, or a regulator's resolution. */
export type ValuationBasis = 'consensus' | 'regulator';

/** Fewest appraisals a request may ask for: with one there is no consensus to speak of. */
export const MIN_APPRAISALS_LOWER = 2;
/** Most appraisals a request may ask for. */
export const MIN_APPRAISALS_UPPER = 9;
/** Appraisals a request asks for when it does not say. */
export const DEFAULT_MIN_APPRAISALS = 2;
/** Largest spread (basis points of the median) that still finalizes; above it the request is disputed. */
export const DEFAULT_MAX_SPREAD_BP = 3000;
/** Most appraisal records (one per valuer, withdrawn ones included) a request may hold. */
export const MAX_APPRAISALS_PER_REQUEST = 50;
/** Currency of a request that does not name one. */
export const DEFAULT_CURRENCY = 'CNY';

// --- inputs ----------------------------------------------------------------------------------

/** Argument of `RequestValuation`. */
export interface ValuationRequestInput {
  /** Request ID (kernel ID alphabet), unique on the channel. */
  id: string;
  /** The data asset to value (must exist in `data-registry`, be active and owned by the caller). */
  assetId: string;
  /** Why the valuation is wanted, a kebab-case identifier such as `listing` or `collateral`. */
  purpose: string;
  /** ISO 4217 code every appraisal must use; default {@link DEFAULT_CURRENCY}. */
  currency?: string;
  /** Appraisals needed before finalization, {@link MIN_APPRAISALS_LOWER}..{@link MIN_APPRAISALS_UPPER}; default 2. */
  minAppraisals?: number;
  /** Dispute threshold in basis points, 0..{@link DEFAULT_MAX_SPREAD_BP} (a request may only be stricter); default 3000. */
  maxSpreadBp?: number;
}

/** Argument of `SubmitAppraisal`. */
export interface AppraisalInput {
  /** The method used. */
  method: ValuationMethod;
  /** The appraised value in minor units, decimal string. */
  value: string;
  /** ISO 4217 code; must equal the request's currency. */
  currency: string;
  /** SHA-256 (hex) of the off-chain appraisal report document. */
  evidenceHash: string;
  /** End of the appraisal's validity (exclusive), ISO-8601 UTC, after the transaction time. */
  validUntil: string;
}

// --- private records -------------------------------------------------------------------------

/**
 * Value in the valuer org's implicit collection under `appraisalEvidence`; its SHA-256 (canonical
 * JSON, i.e. the private data hash every peer holds) is `Appraisal.evidenceDetailHash`.
 */
export interface AppraisalEvidenceRecord {
  /** The request. */
  requestId: string;
  /** The valuer. */
  valuerDid: string;
  /** SHA-256 of the report document, as in the public appraisal. */
  evidenceHash: string;
  /** The evidence detail sent in transient field `evidence`. */
  evidence: Record<string, unknown>;
}

// --- public records and results -------------------------------------------------------------

/**
 * What `StoreAppraisalEvidence` returns (and its event `AppraisalEvidenceStored` carries): where
 * the private record went and its hash, which `SubmitAppraisal` will publish as the appraisal's
 * `evidenceDetailHash`. No evidence detail: only IDs and hashes.
 */
@FabricObject()
export class AppraisalEvidenceReceipt {
  /** The request. */
  @Property('requestId', 'string')
  requestId!: string;
  /** The asset being valued. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The valuer. */
  @Property('valuerDid', 'string')
  valuerDid!: string;
  /** The valuer's organization, whose implicit collection holds the record. */
  @Property('valuerMsp', 'string')
  valuerMsp!: string;
  /** The collection, `_implicit_org_<valuerMsp>`. */
  @Property('collection', 'string')
  collection!: string;
  /** SHA-256 of the report document, as the appraisal will state it. */
  @Property('evidenceHash', 'string')
  evidenceHash!: string;
  /** SHA-256 of the private record (canonical JSON): the private data hash every peer holds. */
  @Property('evidenceDetailHash', 'string')
  evidenceDetailHash!: string;
  /** Transaction time. */
  @Property('storedAt', 'string')
  storedAt!: string;
}

/** How many appraisals of each method a summary used. */
@FabricObject()
export class MethodCounts {
  /** Cost-method appraisals. */
  @Property('cost', 'number')
  cost!: number;
  /** Market-method appraisals. */
  @Property('market', 'number')
  market!: number;
  /** Income-method appraisals. */
  @Property('income', 'number')
  income!: number;
}

/** What `FinalizeValuation` computed from the appraisals it used. */
@FabricObject()
export class AppraisalSummary {
  /** Number of appraisals used (submitted, unexpired, valuer still accredited). */
  @Property('appraisalCount', 'number')
  appraisalCount!: number;
  /** DIDs of their valuers, sorted. */
  @Property('valuerDids', 'string[]')
  valuerDids!: string[];
  /** Appraisals per method. */
  @Property('methodCounts', 'MethodCounts')
  methodCounts!: MethodCounts;
  /** Lowest value, minor units. */
  @Property('minValue', 'string')
  minValue!: string;
  /** Highest value, minor units. */
  @Property('maxValue', 'string')
  maxValue!: string;
  /** Median (lower middle for an even count), minor units. */
  @Property('medianValue', 'string')
  medianValue!: string;
  /** `floor((max - min) * 10000 / max(median, 1))`, decimal string (it can exceed 2^53). */
  @Property('spreadBp', 'string')
  spreadBp!: string;
  /** Earliest `validUntil` of the appraisals used. */
  @Property('validUntil', 'string')
  validUntil!: string;
}

/** A regulator's decision on a disputed request. */
@FabricObject()
export class Resolution {
  /** The value decided, minor units. */
  @Property('value', 'string')
  value!: string;
  /** Public reason (no personal data). */
  @Property('reason', 'string')
  reason!: string;
  /** DID of the regulator. */
  @Property('resolvedBy', 'string')
  resolvedBy!: string;
  /** Transaction time. */
  @Property('resolvedAt', 'string')
  resolvedAt!: string;
}

/** A valuation request, keyed by its ID. */
@FabricObject()
export class ValuationRequest {
  /** Request ID. */
  @Property('id', 'string')
  id!: string;
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** DID of the requester, the asset's owner at request time. */
  @Property('ownerDid', 'string')
  ownerDid!: string;
  /** The owner's MSP: its valuers are refused (conflict of interest). */
  @Property('ownerMsp', 'string')
  ownerMsp!: string;
  /** Purpose identifier. */
  @Property('purpose', 'string')
  purpose!: string;
  /** ISO 4217 code of every appraisal and of the result. */
  @Property('currency', 'string')
  currency!: string;
  /** Appraisals needed before finalization. */
  @Property('minAppraisals', 'number')
  minAppraisals!: number;
  /** Dispute threshold in basis points: a spread above it disputes the request. */
  @Property('maxSpreadBp', 'number')
  maxSpreadBp!: number;
  /** Lifecycle state. */
  @Property('status', 'string')
  status!: RequestStatus;
  /** Transaction time of the request. */
  @Property('requestedAt', 'string')
  requestedAt!: string;
  /** Transaction time of the last change. */
  @Property('updatedAt', 'string')
  updatedAt!: string;
  /** Set by `FinalizeValuation` (both outcomes). */
  @Property('summary', 'AppraisalSummary')
  summary?: AppraisalSummary;
  /** When `FinalizeValuation` disputed the request. */
  @Property('disputedAt', 'string')
  disputedAt?: string;
  /** Set by `ResolveValuation`. */
  @Property('resolution', 'Resolution')
  resolution?: Resolution;
  /** The final value, minor units (finalized only). */
  @Property('value', 'string')
  value?: string;
  /** End of the final value's validity, exclusive (finalized only). */
  @Property('validUntil', 'string')
  validUntil?: string;
  /** When the request was finalized. */
  @Property('finalizedAt', 'string')
  finalizedAt?: string;
}

/** One valuer's appraisal for a request (one record per valuer and request). */
@FabricObject()
export class Appraisal {
  /** The request. */
  @Property('requestId', 'string')
  requestId!: string;
  /** The asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** DID of the accredited valuer. */
  @Property('valuerDid', 'string')
  valuerDid!: string;
  /** The valuer's MSP (its implicit collection holds the evidence detail). */
  @Property('valuerMsp', 'string')
  valuerMsp!: string;
  /** Method used. */
  @Property('method', 'string')
  method!: ValuationMethod;
  /** Appraised value, minor units. */
  @Property('value', 'string')
  value!: string;
  /** ISO 4217 code (the request's). */
  @Property('currency', 'string')
  currency!: string;
  /** SHA-256 of the off-chain report document. */
  @Property('evidenceHash', 'string')
  evidenceHash!: string;
  /** SHA-256 of the private evidence record in `_implicit_org_<valuerMsp>`. */
  @Property('evidenceDetailHash', 'string')
  evidenceDetailHash!: string;
  /** End of validity, exclusive. */
  @Property('validUntil', 'string')
  validUntil!: string;
  /** `submitted`, or `withdrawn` by its valuer. */
  @Property('status', 'string')
  status!: AppraisalStatus;
  /** Transaction time of the (latest) submission. */
  @Property('submittedAt', 'string')
  submittedAt!: string;
  /** Transaction time of the withdrawal. */
  @Property('withdrawnAt', 'string')
  withdrawnAt?: string;
}

/**
 * A finalized valuation: what `GetCurrentValuation` answers and what other chaincodes (e.g.
 * transaction-certificates checking listing prices) rely on.
 */
@FabricObject()
export class Valuation {
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The request that produced it. */
  @Property('requestId', 'string')
  requestId!: string;
  /** The value, minor units, decimal string. */
  @Property('value', 'string')
  value!: string;
  /** ISO 4217 code. */
  @Property('currency', 'string')
  currency!: string;
  /** End of validity, exclusive: the earliest `validUntil` of the appraisals used. */
  @Property('validUntil', 'string')
  validUntil!: string;
  /** Transaction time of the finalization or resolution. */
  @Property('finalizedAt', 'string')
  finalizedAt!: string;
  /** `consensus` (median of the appraisals) or `regulator` (dispute resolved). */
  @Property('basis', 'string')
  basis!: ValuationBasis;
  /** The request's purpose. */
  @Property('purpose', 'string')
  purpose!: string;
  /** Number of appraisals used. */
  @Property('appraisalCount', 'number')
  appraisalCount!: number;
  /** Appraisals per method. */
  @Property('methodCounts', 'MethodCounts')
  methodCounts!: MethodCounts;
  /** Median of the appraisals, minor units (equals `value` for `consensus`). */
  @Property('medianValue', 'string')
  medianValue!: string;
  /** Spread of the appraisals in basis points, decimal string. */
  @Property('spreadBp', 'string')
  spreadBp!: string;
  /** DID of the regulator, for `regulator` valuations. */
  @Property('resolvedBy', 'string')
  resolvedBy?: string;
}

/** Answer of `ListAppraisals`: every appraisal record of a request, in valuer-DID order. */
@FabricObject()
export class AppraisalList {
  /** The request. */
  @Property('requestId', 'string')
  requestId!: string;
  /** The records, withdrawn ones included. */
  @Property('items', 'Appraisal[]')
  items!: Appraisal[];
}

/** One page of `ListValuations`. */
@FabricObject()
export class ValuationRequestPage {
  /** Requests of the asset, oldest first. */
  @Property('items', 'ValuationRequest[]')
  items!: ValuationRequest[];
  /** Pass to the next call; `''` after the last page. */
  @Property('bookmark', 'string')
  bookmark!: string;
  /** Records on this page. */
  @Property('fetchedCount', 'number')
  fetchedCount!: number;
}

/** One version of a request record, from `GetValuationHistory`. */
@FabricObject()
export class ValuationHistoryEntry {
  /** The transaction that wrote it. */
  @Property('txId', 'string')
  txId!: string;
  /** Its time. */
  @Property('timestamp', 'string')
  timestamp!: string;
  /** Whether it deleted the record (the chaincode never does). */
  @Property('isDelete', 'boolean')
  isDelete!: boolean;
  /** The record as written. */
  @Property('value', 'ValuationRequest')
  value?: ValuationRequest;
}

/** Answer of `GetValuationHistory`: newest first, at most `HISTORY_LIMIT` entries. */
@FabricObject()
export class ValuationHistory {
  /** The versions, newest first. */
  @Property('entries', 'ValuationHistoryEntry[]')
  entries!: ValuationHistoryEntry[];
  /** Whether older versions were left out. */
  @Property('truncated', 'boolean')
  truncated!: boolean;
}
