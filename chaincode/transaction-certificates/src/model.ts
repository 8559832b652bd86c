import { Object as FabricObject, Property } from 'fabric-contract-api';

/**
 * The records and results of the transaction-certificates chaincode: fractional ownership
 * (tokenizations and share holdings), the market (listings and orders) and certificates. The
 * gateway client imports these types from `@ndi/chaincode-transaction-certificates`; the classes
 * carry `@Object`/`@Property` only so that `GetMetadata` describes them. The chaincode never
 * instantiates them: it writes plain canonical JSON.
 *
 * Share quantities and money are non-negative integers written as decimal strings (money in
 * minor units), computed with bigint arithmetic: never floats.
 */

/** Largest number of shares an asset can be split into (and so any share quantity): 10^18. */
export const MAX_SHARES = 10n ** 18n;
/** Largest price per share, in minor units: 10^11 (so every total stays below 10^30). */
export const MAX_PRICE_PER_SHARE = 10n ** 11n;

/** Lifecycle of a listing: `open` until fully sold (`sold`) or withdrawn (`cancelled`). */
export const LISTING_STATUSES = ['open', 'sold', 'cancelled'] as const;
/** One of {@link LISTING_STATUSES}. */
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Lifecycle of an order: `pending` (shares reserved) until `settled` or `cancelled`. */
export const ORDER_STATUSES = ['pending', 'settled', 'cancelled'] as const;
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Kinds of certificate. */
export const CERTIFICATE_TYPES = ['transaction', 'registration'] as const;
/** One of {@link CERTIFICATE_TYPES}. */
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

/** Lifecycle of a certificate; `revoked` (by a regulator) is final. */
export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
/** One of {@link CERTIFICATE_STATUSES}. */
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** The role a party plays in a certificate. */
export type PartyRole = 'seller' | 'buyer' | 'owner';

/** Why `VerifyCertificate` answered as it did. */
export const VERIFICATION_REASONS = ['valid', 'revoked', 'hash-mismatch', 'record-corrupted'] as const;
/** One of {@link VERIFICATION_REASONS}. */
export type VerificationReason = (typeof VERIFICATION_REASONS)[number];

// --- fractional ownership ------------------------------------------------------------------------

/** A data asset split into shares (`TokenizeAsset`); the total never changes. */
@FabricObject()
export class Tokenization {
  /** The data asset (data-registry ID). */
  @Property('assetId', 'string')
  assetId!: string;
  /** Total number of shares, decimal string 1..10^18. */
  @Property('totalShares', 'string')
  totalShares!: string;
  /** DID of the registry owner who tokenized it (and received all shares). */
  @Property('tokenizedBy', 'string')
  tokenizedBy!: string;
  /** Its organization. */
  @Property('tokenizerMsp', 'string')
  tokenizerMsp!: string;
  /** Transaction time. */
  @Property('tokenizedAt', 'string')
  tokenizedAt!: string;
  /** Transaction that tokenized it. */
  @Property('txId', 'string')
  txId!: string;
}

/** A holder's shares of one asset as stored; the key is deleted when the balance reaches zero. */
@FabricObject()
export class ShareHolding {
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The holder. */
  @Property('holderDid', 'string')
  holderDid!: string;
  /** Shares held (including those locked in open listings), decimal string ≥ 1. */
  @Property('balance', 'string')
  balance!: string;
  /** Shares locked in the holder's open listings, decimal string ≤ balance. */
  @Property('listed', 'string')
  listed!: string;
}

/** Answer of `GetBalance` and an item of `ListShareholders`. */
@FabricObject()
export class ShareBalance {
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The holder. */
  @Property('holderDid', 'string')
  holderDid!: string;
  /** Shares held, listed ones included. */
  @Property('balance', 'string')
  balance!: string;
  /** Shares locked in open listings. */
  @Property('listed', 'string')
  listed!: string;
  /** `balance - listed`: what the holder may transfer or list. */
  @Property('available', 'string')
  available!: string;
}

/** Why shares moved: minted to the owner at tokenization, a direct transfer, or a trade settlement. */
export const SHARE_MOVEMENT_REASONS = ['tokenize', 'transfer', 'settlement'] as const;
/** One of {@link SHARE_MOVEMENT_REASONS}. */
export type ShareMovementReason = (typeof SHARE_MOVEMENT_REASONS)[number];

/**
 * One movement of shares, written once by the transaction that made it and never changed: the
 * audit record of fractional ownership (balances alone are a snapshot). Item of
 * `ListShareMovements`, in time order per asset.
 */
@FabricObject()
export class ShareMovement {
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** Why the shares moved. */
  @Property('reason', 'string')
  reason!: ShareMovementReason;
  /** The holder the shares left; absent when they were minted (`tokenize`). */
  @Property('fromDid', 'string')
  fromDid?: string;
  /** The holder the shares went to. */
  @Property('toDid', 'string')
  toDid!: string;
  /** Shares moved, decimal string 1..10^18. */
  @Property('quantity', 'string')
  quantity!: string;
  /** Transaction that moved them. */
  @Property('txId', 'string')
  txId!: string;
  /** Position among the movements of that transaction, from 0. */
  @Property('index', 'number')
  index!: number;
  /** Transaction time. */
  @Property('at', 'string')
  at!: string;
  /** The settled order (`settlement` only). */
  @Property('orderId', 'string')
  orderId?: string;
  /** The settlement's transaction certificate (`settlement` only). */
  @Property('certificateId', 'string')
  certificateId?: string;
}

// --- market --------------------------------------------------------------------------------------

/** The valuation a listing's price was checked against (the price band). */
@FabricObject()
export class PriceReference {
  /** The valuation request that produced the valuation. */
  @Property('requestId', 'string')
  requestId!: string;
  /** The valuation, minor units. */
  @Property('value', 'string')
  value!: string;
  /** Its currency. */
  @Property('currency', 'string')
  currency!: string;
}

/**
 * An offer of shares. `shares = remaining + reserved + sold` always holds; the seller's
 * `listed` amount counts `remaining + reserved` while the listing is open.
 */
@FabricObject()
export class Listing {
  /** Listing ID, chosen by the seller. */
  @Property('id', 'string')
  id!: string;
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The seller (a shareholder). */
  @Property('sellerDid', 'string')
  sellerDid!: string;
  /** Its organization. */
  @Property('sellerMsp', 'string')
  sellerMsp!: string;
  /** Shares offered in total. */
  @Property('shares', 'string')
  shares!: string;
  /** Shares neither reserved by a pending order nor sold. */
  @Property('remaining', 'string')
  remaining!: string;
  /** Shares reserved by pending orders. */
  @Property('reserved', 'string')
  reserved!: string;
  /** Shares sold (settled orders). */
  @Property('sold', 'string')
  sold!: string;
  /** Price of one share, minor units. */
  @Property('pricePerShare', 'string')
  pricePerShare!: string;
  /** ISO 4217 code. */
  @Property('currency', 'string')
  currency!: string;
  /** Purposes a buyer is granted, a subset of the asset's policy purposes. */
  @Property('purposes', 'string[]')
  purposes!: string[];
  /** No order may be placed at or after this instant. */
  @Property('expiresAt', 'string')
  expiresAt!: string;
  /** Lifecycle state. */
  @Property('status', 'string')
  status!: ListingStatus;
  /** The valuation the price was checked against, if the asset had one. */
  @Property('priceReference', 'PriceReference')
  priceReference?: PriceReference;
  /** Transaction time of creation. */
  @Property('createdAt', 'string')
  createdAt!: string;
  /** Transaction time of the last change. */
  @Property('updatedAt', 'string')
  updatedAt!: string;
}

/** A buyer's order against a listing; its shares are reserved while it is pending. */
@FabricObject()
export class Order {
  /** Order ID, chosen by the buyer; also the trade ID of its settlement. */
  @Property('id', 'string')
  id!: string;
  /** The listing. */
  @Property('listingId', 'string')
  listingId!: string;
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The buyer (an active data consumer). */
  @Property('buyerDid', 'string')
  buyerDid!: string;
  /** Its organization. */
  @Property('buyerMsp', 'string')
  buyerMsp!: string;
  /** The seller, copied from the listing. */
  @Property('sellerDid', 'string')
  sellerDid!: string;
  /** Shares ordered. */
  @Property('shares', 'string')
  shares!: string;
  /** Price of one share at the time of the order. */
  @Property('pricePerShare', 'string')
  pricePerShare!: string;
  /** `shares × pricePerShare`, minor units. */
  @Property('totalPrice', 'string')
  totalPrice!: string;
  /** ISO 4217 code. */
  @Property('currency', 'string')
  currency!: string;
  /** Lifecycle state. */
  @Property('status', 'string')
  status!: OrderStatus;
  /** Transaction time of the order. */
  @Property('placedAt', 'string')
  placedAt!: string;
  /** Transaction time of the last change. */
  @Property('updatedAt', 'string')
  updatedAt!: string;
  /** The seller's reference of the off-chain payment, set at settlement. */
  @Property('paymentRef', 'string')
  paymentRef?: string;
  /** The transaction certificate of the settlement. */
  @Property('certificateId', 'string')
  certificateId?: string;
  /** The data-registry grant of the settlement (absent if the buyer owns the asset). */
  @Property('grantId', 'string')
  grantId?: string;
  /** Who cancelled it. */
  @Property('cancelledBy', 'string')
  cancelledBy?: string;
}

// --- certificates --------------------------------------------------------------------------------

/** A party named in a certificate. */
@FabricObject()
export class CertificateParty {
  /** Its role. */
  @Property('role', 'string')
  role!: PartyRole;
  /** Its DID. */
  @Property('did', 'string')
  did!: string;
  /** Its organization. */
  @Property('mspId', 'string')
  mspId!: string;
}

/** The terms of a settled trade, as certified. */
@FabricObject()
export class TradeTerms {
  /** The order (trade ID). */
  @Property('orderId', 'string')
  orderId!: string;
  /** The listing. */
  @Property('listingId', 'string')
  listingId!: string;
  /** Shares transferred. */
  @Property('shares', 'string')
  shares!: string;
  /** Of the asset's total shares. */
  @Property('totalShares', 'string')
  totalShares!: string;
  /** Price of one share, minor units. */
  @Property('pricePerShare', 'string')
  pricePerShare!: string;
  /** `shares × pricePerShare`, minor units. */
  @Property('price', 'string')
  price!: string;
  /** ISO 4217 code. */
  @Property('currency', 'string')
  currency!: string;
  /** Purposes the buyer was granted. */
  @Property('purposes', 'string[]')
  purposes!: string[];
  /** The seller's payment reference. */
  @Property('paymentRef', 'string')
  paymentRef!: string;
  /** The data-registry grant, absent if the buyer owns the asset. */
  @Property('grantId', 'string')
  grantId?: string;
  /** End of the granted access. */
  @Property('accessExpiresAt', 'string')
  accessExpiresAt?: string;
}

/** Who revoked a certificate, when and why. */
@FabricObject()
export class Revocation {
  /** The regulator's DID. */
  @Property('revokedBy', 'string')
  revokedBy!: string;
  /** Transaction time. */
  @Property('revokedAt', 'string')
  revokedAt!: string;
  /** Public reason (no personal data). */
  @Property('reason', 'string')
  reason!: string;
}

/**
 * A certificate of a trade (`transaction`) or of a data asset's registration (`registration`).
 * `certHash` is the SHA-256 of the canonical JSON of every field except `status`, `revocation`
 * and `certHash` itself (see `computeCertificateHash`), so anyone holding a copy can check it
 * against the ledger, and revocation does not change it.
 */
@FabricObject()
export class Certificate {
  /** `cert-` + 32 hex characters derived from the transaction ID and the type. */
  @Property('id', 'string')
  id!: string;
  /** Kind. */
  @Property('type', 'string')
  type!: CertificateType;
  /** The data asset. */
  @Property('assetId', 'string')
  assetId!: string;
  /** The asset's content version at issuance. */
  @Property('assetVersion', 'number')
  assetVersion!: number;
  /** The asset's content hash at issuance. */
  @Property('contentHash', 'string')
  contentHash!: string;
  /** Seller and buyer (transaction) or owner (registration). */
  @Property('parties', 'CertificateParty[]')
  parties!: CertificateParty[];
  /** The trade's terms (transaction certificates only). */
  @Property('terms', 'TradeTerms')
  terms?: TradeTerms;
  /** Transaction time of issuance. */
  @Property('issuedAt', 'string')
  issuedAt!: string;
  /** Transaction that issued it. */
  @Property('txId', 'string')
  txId!: string;
  /** Organization of the submitter who caused the issuance (seller or exchange operator). */
  @Property('issuerMsp', 'string')
  issuerMsp!: string;
  /** DID of that submitter. */
  @Property('issuerDid', 'string')
  issuerDid!: string;
  /** Lifecycle state (not covered by `certHash`). */
  @Property('status', 'string')
  status!: CertificateStatus;
  /** Set when revoked (not covered by `certHash`). */
  @Property('revocation', 'Revocation')
  revocation?: Revocation;
  /** SHA-256 hex of the canonical JSON of the other fields. */
  @Property('certHash', 'string')
  certHash!: string;
}

/** Answer of `VerifyCertificate`. */
@FabricObject()
export class CertificateVerification {
  /** Whether the hash matches and the certificate is not revoked. */
  @Property('valid', 'boolean')
  valid!: boolean;
  /** The stored certificate's status. */
  @Property('status', 'string')
  status!: CertificateStatus;
  /** Why: `valid`, `revoked`, `hash-mismatch`, or `record-corrupted` (stored record fails its own hash). */
  @Property('reason', 'string')
  reason!: VerificationReason;
}

// --- results and inputs --------------------------------------------------------------------------

/** One page of a listing query. */
export interface TradePage<T> {
  /** Records in key order. */
  items: T[];
  /** Pass back for the next page; `''` after the last page. */
  bookmark: string;
  /** Number of records in this page. */
  fetchedCount: number;
}

/** Argument of `CreateListing`. */
export interface ListingInput {
  /** Listing ID. */
  id: string;
  /** The data asset. */
  assetId: string;
  /** Shares offered, positive decimal string. */
  shares: string;
  /** Price of one share, minor units, positive decimal string. */
  pricePerShare: string;
  /** ISO 4217 code. */
  currency: string;
  /** ISO-8601 UTC, after the transaction time. */
  expiresAt: string;
  /** Purposes, non-empty, no duplicates. */
  purposes: string[];
}

/** Argument of `PlaceOrder`. */
export interface OrderInput {
  /** Order ID. */
  id: string;
  /** The listing. */
  listingId: string;
  /** Shares, positive decimal string. */
  shares: string;
}

/** Filter of `ListCertificates`: exactly one of the two. */
export interface CertificateFilter {
  /** Certificates of this data asset. */
  assetId?: string;
  /** Certificates naming this DID as a party. */
  partyDid?: string;
}
