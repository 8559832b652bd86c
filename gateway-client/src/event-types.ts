import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import type {
  Appraisal,
  AppraisalEvidenceReceipt,
  AppraisalSummary,
  ValuationRequest,
} from '@ndi/chaincode-asset-valuation';
import type { AccessGrant, AccessRecord, DataAsset, PrivateMetadataReceipt } from '@ndi/chaincode-data-registry';
import type {
  CredentialType,
  IdentityDetailsReceipt,
  IdentityKind,
  IdentityStatus,
  Organization,
  Role,
  StatusAuthority,
} from '@ndi/chaincode-identity';
import type { CertificateType, Listing, Order, Tokenization } from '@ndi/chaincode-transaction-certificates';

// The chaincodes emit their events with inline payload objects and export no payload types, so the payloads are
// written out here from their `emitEvent` calls, with field types taken from the exported models where they exist.

/** Payloads of the `identity` chaincode's events, by event name. No personal data is in any of them. */
export interface IdentityEventPayloads {
  /** `StoreIdentityDetails`: the receipt, hashes only (the details stay in the organization's collection). */
  IdentityDetailsStored: IdentityDetailsReceipt;
  /** `RegisterOrganization`. */
  OrganizationRegistered: Pick<Organization, 'mspId' | 'creditCode' | 'sector'>;
  /** `RegisterIdentity`. */
  IdentityRegistered: {
    /** The new identity's DID, `did:ndi:<mspId>:<32 hex>`. */
    did: string;
    /** The MSP of the identity's certificate. */
    mspId: string;
    /** What the identity stands for: a person, an organization or a service. */
    kind: IdentityKind;
    /** Whether a real-name commitment (a salted hash of an ID number, never the number) was stored. */
    realNameCommitted: boolean;
  };
  /** `GrantRole`; `renewed` if the identity held the role already. */
  RoleGranted: {
    /** The identity that now holds the role. */
    did: string;
    /** The role granted. */
    role: Role;
    /** DID of the granting certificate (an org admin need not be a registered identity). */
    grantedBy: string;
    /** End of the grant's validity (ISO-8601 UTC, exclusive); absent if it does not expire. */
    expiresAt?: string;
    /** `true` if the identity already held the role and this grant replaced it. */
    renewed: boolean;
  };
  /** `RevokeRole`. */
  RoleRevoked: {
    /** The identity that lost the role. */
    did: string;
    /** The role revoked. */
    role: Role;
    /** DID of the revoking certificate. */
    revokedBy: string;
    /** The reason the revoker gave. */
    reason: string;
  };
  /** `SetIdentityStatus`. */
  IdentityStatusChanged: {
    /** The identity whose status changed. */
    did: string;
    /** Its status before. */
    from: IdentityStatus;
    /** Its status now; `revoked` is final. */
    to: IdentityStatus;
    /** DID of the certificate that changed it. */
    changedBy: string;
    /** The capacity it acted in: a regulator, or an admin of the identity's own org. */
    authority: StatusAuthority;
    /** The reason given. */
    reason: string;
  };
  /** `IssueCredential`. */
  CredentialIssued: {
    /** The credential's ID. */
    id: string;
    /** The credential type. */
    type: CredentialType;
    /** DID of the identity the credential is about. */
    subjectDid: string;
    /** DID of the issuer. */
    issuerDid: string;
    /** Expiry (ISO-8601 UTC); absent if the credential does not expire. */
    expiresAt?: string;
  };
  /** `RevokeCredential`. */
  CredentialRevoked: {
    /** The credential's ID. */
    id: string;
    /** DID of the revoker. */
    revokedBy: string;
    /** The reason given. */
    reason: string;
  };
}

/** Payloads of the `data-registry` chaincode's events, by event name. */
export interface DataRegistryEventPayloads {
  /** `StorePrivateMetadata`: the receipt, a hash only (the metadata stays in the owner organization's collection). */
  PrivateMetadataStored: PrivateMetadataReceipt;
  /** `RegisterDataAsset`. */
  DataAssetRegistered: Pick<
    DataAsset,
    'id' | 'ownerDid' | 'ownerMsp' | 'category' | 'classification' | 'contentHash' | 'derivedFrom'
  >;
  /** `UpdateDataAsset`; `newVersion` if the content hash changed, `fields` the changed fields. */
  DataAssetUpdated: Pick<DataAsset, 'id' | 'version' | 'contentHash'> & {
    /** `true` if the content hash changed, so `version` is a new version. */
    newVersion: boolean;
    /** Names of the patched fields, sorted; `privateMetadata` if the private metadata was replaced. */
    fields: string[];
  };
  /** `TransferDataAsset`; private metadata is removed when the owner's organization changes. */
  DataAssetTransferred: {
    /** The asset's ID. */
    id: string;
    /** DID of the previous owner. */
    fromDid: string;
    /** DID of the new owner. */
    toDid: string;
    /** MSP of the previous owner's organization. */
    fromMsp: string;
    /** MSP of the new owner's organization, whose peers now endorse changes of the asset. */
    toMsp: string;
    /** `true` if the private metadata was deleted from the previous organization's implicit collection. */
    privateMetadataRemoved: boolean;
  };
  /** `RetireDataAsset`. */
  DataAssetRetired: {
    /** The asset's ID. */
    id: string;
    /** DID of the owner who retired it. */
    ownerDid: string;
    /** The reason given. */
    reason: string;
  };
  /** `GrantAccess`. */
  AccessGranted: Pick<AccessGrant, 'assetId' | 'grantId' | 'granteeDid' | 'granteeMsp' | 'purposes' | 'expiresAt'>;
  /** `RevokeAccess`. */
  AccessRevoked: {
    /** The asset's ID. */
    assetId: string;
    /** The revoked grant's ID, unique per asset. */
    grantId: string;
    /** DID of the owner who revoked it. */
    revokedBy: string;
  };
  /** `RecordAccess`. */
  AccessRecorded: Pick<AccessRecord, 'assetId' | 'txId' | 'accessorDid' | 'purpose' | 'detailsHash' | 'grantId'>;
}

/**
 * Payloads of the `asset-valuation` chaincode's events, by event name. Money is minor units as decimal strings;
 * appraisal evidence never appears, only its hashes.
 */
export interface AssetValuationEventPayloads {
  /** `RequestValuation`: the request's settings, defaults applied. */
  ValuationRequested: {
    /** The new valuation request's ID. */
    requestId: string;
  } & Pick<ValuationRequest, 'assetId' | 'ownerDid' | 'purpose' | 'currency' | 'minAppraisals' | 'maxSpreadBp'>;
  /** `StoreAppraisalEvidence`: the receipt, hashes only (the evidence stays in the valuer org's collection). */
  AppraisalEvidenceStored: AppraisalEvidenceReceipt;
  /** `SubmitAppraisal`; `resubmitted` if the valuer had withdrawn an earlier appraisal. */
  AppraisalSubmitted: Pick<
    Appraisal,
    | 'requestId'
    | 'assetId'
    | 'valuerDid'
    | 'valuerMsp'
    | 'method'
    | 'value'
    | 'currency'
    | 'validUntil'
    | 'evidenceHash'
    | 'evidenceDetailHash'
  > & {
    /** `true` if the valuer had withdrawn an earlier appraisal of the same request. */
    resubmitted: boolean;
  };
  /** `WithdrawAppraisal`. */
  AppraisalWithdrawn: Pick<Appraisal, 'requestId' | 'assetId' | 'valuerDid'>;
  /** `FinalizeValuation` within the threshold: the median is the asset's value until `validUntil` (exclusive). */
  ValuationFinalized: Pick<Appraisal, 'requestId' | 'assetId' | 'value' | 'currency' | 'validUntil'> &
    Pick<AppraisalSummary, 'appraisalCount' | 'spreadBp'>;
  /** `FinalizeValuation` beyond the threshold: the request awaits a regulator's `ResolveValuation`. */
  ValuationDisputed: Pick<Appraisal, 'requestId' | 'assetId'> &
    Pick<AppraisalSummary, 'medianValue' | 'minValue' | 'maxValue' | 'spreadBp' | 'appraisalCount'> &
    Pick<ValuationRequest, 'maxSpreadBp'>;
  /** `ResolveValuation`: the regulator's value is the asset's value until `validUntil` (exclusive). */
  ValuationResolved: Pick<Appraisal, 'requestId' | 'assetId' | 'value' | 'currency' | 'validUntil'> & {
    /** DID of the regulator who decided the value. */
    resolvedBy: string;
    /** The regulator's reason. */
    reason: string;
  };
}

/** Payloads of the `transaction-certificates` chaincode's events, by event name. Quantities and money are decimal strings. */
export interface TransactionCertificatesEventPayloads {
  /** `TokenizeAsset`: all shares went to `ownerDid`. */
  AssetTokenized: Pick<Tokenization, 'assetId' | 'totalShares'> & {
    /** DID of the asset's owner, who received every share. */
    ownerDid: string;
  };
  /** `TransferShares`. */
  SharesTransferred: {
    /** The tokenized asset's ID. */
    assetId: string;
    /** DID of the sender. */
    fromDid: string;
    /** DID of the recipient (an active identity). */
    toDid: string;
    /** Shares moved, a positive decimal integer string. */
    quantity: string;
  };
  /** `CreateListing`. */
  ListingCreated: {
    /** The new listing's ID. */
    listingId: string;
  } & Pick<Listing, 'assetId' | 'sellerDid' | 'shares' | 'pricePerShare' | 'currency' | 'expiresAt'>;
  /** `CancelListing`; `unlockedShares` returned to the seller's available shares. */
  ListingCancelled: {
    /** The cancelled listing's ID. */
    listingId: string;
    /** The listed asset's ID. */
    assetId: string;
    /** Unsold shares (remaining and reserved) unlocked, a decimal integer string. */
    unlockedShares: string;
  };
  /** `PlaceOrder`. */
  OrderPlaced: {
    /** The new order's ID. */
    orderId: string;
  } & Pick<Order, 'listingId' | 'assetId' | 'buyerDid' | 'shares' | 'totalPrice' | 'currency'>;
  /** `CancelOrder`. */
  OrderCancelled: {
    /** The cancelled order's ID. */
    orderId: string;
    /** The listing it was placed on, whose reservation it released. */
    listingId: string;
    /** DID of the buyer or seller who cancelled it. */
    cancelledBy: string;
  };
  /**
   * `SettleTrade`: the shares moved, the transaction certificate was issued (it has no `CertificateIssued` event of
   * its own), and the buyer was granted access as `grantId` (absent if the buyer owns the asset).
   */
  TradeSettled: {
    /** The settled order's ID. */
    orderId: string;
    /** The listing the order was placed on. */
    listingId: string;
    /** The traded asset's ID. */
    assetId: string;
    /** DID of the seller. */
    sellerDid: string;
    /** DID of the buyer. */
    buyerDid: string;
    /** Shares that moved from seller to buyer, a decimal integer string. */
    shares: string;
    /** The order's total price (`shares × pricePerShare`), minor units as a decimal string. */
    price: string;
    /** ISO 4217 code of the price. */
    currency: string;
    /** ID of the transaction certificate issued for the trade. */
    certificateId: string;
    /** The certificate's hash: SHA-256 hex of its canonical JSON (see `computeCertificateHash`). */
    certHash: string;
    /** ID of the data-registry access grant given to the buyer; absent if the buyer owns the asset. */
    grantId?: string;
  };
  /** `IssueRegistrationCertificate` (so `type` is `registration`: trades announce theirs in `TradeSettled`). */
  CertificateIssued: {
    /** The new certificate's ID. */
    certificateId: string;
    /** Always `registration` for this event. */
    type: CertificateType;
    /** The registered asset's ID. */
    assetId: string;
    /** The asset version the certificate covers (one valid registration certificate per version). */
    assetVersion: number;
    /** The certificate's hash: SHA-256 hex of its canonical JSON (see `computeCertificateHash`). */
    certHash: string;
  };
  /** `RevokeCertificate`. */
  CertificateRevoked: {
    /** The revoked certificate's ID. */
    certificateId: string;
    /** The asset it concerns. */
    assetId: string;
    /** DID of the regulator who revoked it. */
    revokedBy: string;
  };
}

/**
 * Event payloads by chaincode name, then event name. Typing another chaincode's events means adding it here and to
 * {@link NDI_EVENT_NAMES}.
 */
export interface NdiEventPayloads {
  /** The `identity` chaincode. */
  identity: IdentityEventPayloads;
  /** The `data-registry` chaincode. */
  'data-registry': DataRegistryEventPayloads;
  /** The `asset-valuation` chaincode. */
  'asset-valuation': AssetValuationEventPayloads;
  /** The `transaction-certificates` chaincode. */
  'transaction-certificates': TransactionCertificatesEventPayloads;
}

/** A chaincode whose events are typed. */
export type NdiChaincodeName = keyof NdiEventPayloads;

/** The event names each chaincode emits (the runtime twin of {@link NdiEventPayloads}). */
export const NDI_EVENT_NAMES: { readonly [C in NdiChaincodeName]: readonly (keyof NdiEventPayloads[C])[] } = {
  identity: [
    'OrganizationRegistered',
    'IdentityDetailsStored',
    'IdentityRegistered',
    'RoleGranted',
    'RoleRevoked',
    'IdentityStatusChanged',
    'CredentialIssued',
    'CredentialRevoked',
  ],
  'data-registry': [
    'PrivateMetadataStored',
    'DataAssetRegistered',
    'DataAssetUpdated',
    'DataAssetTransferred',
    'DataAssetRetired',
    'AccessGranted',
    'AccessRevoked',
    'AccessRecorded',
  ],
  'asset-valuation': [
    'ValuationRequested',
    'AppraisalEvidenceStored',
    'AppraisalSubmitted',
    'AppraisalWithdrawn',
    'ValuationFinalized',
    'ValuationDisputed',
    'ValuationResolved',
  ],
  'transaction-certificates': [
    'AssetTokenized',
    'SharesTransferred',
    'ListingCreated',
    'ListingCancelled',
    'OrderPlaced',
    'OrderCancelled',
    'TradeSettled',
    'CertificateIssued',
    'CertificateRevoked',
  ],
};

/** One typed chaincode event of chaincode `C` named `N`. */
export interface TypedChaincodeEvent<C extends NdiChaincodeName, N extends keyof NdiEventPayloads[C]> {
  /** The chaincode that emitted it. */
  readonly chaincode: C;
  /** The event name. */
  readonly name: N;
  /** The parsed payload. */
  readonly payload: NdiEventPayloads[C][N];
  /** The block its transaction committed in. */
  readonly blockNumber: bigint;
  /** The transaction that emitted it (an idempotency key for handlers). */
  readonly transactionId: string;
}

/**
 * A chaincode event of the suite: a union discriminated by `chaincode` and `name`, so that checking both narrows
 * `payload`. `NdiEvent<'identity'>` is the union of the identity chaincode's events only.
 *
 * @example
 * ```typescript
 * if (event.chaincode === 'data-registry' && event.name === 'DataAssetTransferred') {
 *     console.log(`${event.payload.id}: ${event.payload.fromMsp} -> ${event.payload.toMsp}`);
 * }
 * ```
 */
export type NdiEvent<C extends NdiChaincodeName = NdiChaincodeName> = {
  [K in C]: { [N in keyof NdiEventPayloads[K]]: TypedChaincodeEvent<K, N> }[keyof NdiEventPayloads[K]];
}[C];

function isChaincodeName(name: string): name is NdiChaincodeName {
  return Object.prototype.hasOwnProperty.call(NDI_EVENT_NAMES, name);
}

const decoder = new TextDecoder();

/**
 * Types a fabric-gateway chaincode event: checks that its chaincode and name are known and its payload is a JSON
 * object. The payload's fields are not validated: the chaincodes write them, and endorsement vouches for that.
 *
 * @param event - a raw chaincode event
 * @returns the typed event, or `undefined` if the chaincode or event name is unknown (e.g. emitted by a newer
 *   chaincode version than this client knows) or the payload is not a JSON object
 */
export function parseNdiEvent(event: ChaincodeEvent): NdiEvent | undefined {
  const chaincode = event.chaincodeName;
  if (!isChaincodeName(chaincode) || !(NDI_EVENT_NAMES[chaincode] as readonly string[]).includes(event.eventName)) {
    return undefined;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(event.payload));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return undefined;
  }
  return {
    chaincode,
    name: event.eventName,
    payload,
    blockNumber: event.blockNumber,
    transactionId: event.transactionId,
  } as NdiEvent;
}
