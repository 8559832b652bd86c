import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import type { Appraisal, AppraisalSummary, ValuationRequest } from '@ndi/chaincode-asset-valuation';
import type { AccessGrant, AccessRecord, DataAsset } from '@ndi/chaincode-data-registry';
import type {
  CredentialType,
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
  /** `RegisterOrganization`. */
  OrganizationRegistered: Pick<Organization, 'mspId' | 'creditCode' | 'sector'>;
  /** `RegisterIdentity`. */
  IdentityRegistered: { did: string; mspId: string; kind: IdentityKind; realNameCommitted: boolean };
  /** `GrantRole`; `renewed` if the identity held the role already. */
  RoleGranted: { did: string; role: Role; grantedBy: string; expiresAt?: string; renewed: boolean };
  /** `RevokeRole`. */
  RoleRevoked: { did: string; role: Role; revokedBy: string; reason: string };
  /** `SetIdentityStatus`. */
  IdentityStatusChanged: {
    did: string;
    from: IdentityStatus;
    to: IdentityStatus;
    changedBy: string;
    authority: StatusAuthority;
    reason: string;
  };
  /** `IssueCredential`. */
  CredentialIssued: { id: string; type: CredentialType; subjectDid: string; issuerDid: string; expiresAt?: string };
  /** `RevokeCredential`. */
  CredentialRevoked: { id: string; revokedBy: string; reason: string };
}

/** Payloads of the `data-registry` chaincode's events, by event name. */
export interface DataRegistryEventPayloads {
  /** `RegisterDataAsset`. */
  DataAssetRegistered: Pick<
    DataAsset,
    'id' | 'ownerDid' | 'ownerMsp' | 'category' | 'classification' | 'contentHash' | 'derivedFrom'
  >;
  /** `UpdateDataAsset`; `newVersion` if the content hash changed, `fields` the changed fields. */
  DataAssetUpdated: Pick<DataAsset, 'id' | 'version' | 'contentHash'> & { newVersion: boolean; fields: string[] };
  /** `TransferDataAsset`; private metadata is removed when the owner's organization changes. */
  DataAssetTransferred: {
    id: string;
    fromDid: string;
    toDid: string;
    fromMsp: string;
    toMsp: string;
    privateMetadataRemoved: boolean;
  };
  /** `RetireDataAsset`. */
  DataAssetRetired: { id: string; ownerDid: string; reason: string };
  /** `GrantAccess`. */
  AccessGranted: Pick<AccessGrant, 'assetId' | 'grantId' | 'granteeDid' | 'granteeMsp' | 'purposes' | 'expiresAt'>;
  /** `RevokeAccess`. */
  AccessRevoked: { assetId: string; grantId: string; revokedBy: string };
  /** `RecordAccess`. */
  AccessRecorded: Pick<AccessRecord, 'assetId' | 'txId' | 'accessorDid' | 'purpose' | 'detailsHash' | 'grantId'>;
}

/**
 * Payloads of the `asset-valuation` chaincode's events, by event name. Money is minor units as decimal strings;
 * appraisal evidence never appears, only its hashes.
 */
export interface AssetValuationEventPayloads {
  /** `RequestValuation`: the request's settings, defaults applied. */
  ValuationRequested: { requestId: string } & Pick<
    ValuationRequest,
    'assetId' | 'ownerDid' | 'purpose' | 'currency' | 'minAppraisals' | 'maxSpreadBp'
  >;
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
  > & { resubmitted: boolean };
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
    resolvedBy: string;
    reason: string;
  };
}

/** Payloads of the `transaction-certificates` chaincode's events, by event name. Quantities and money are decimal strings. */
export interface TransactionCertificatesEventPayloads {
  /** `TokenizeAsset`: all shares went to `ownerDid`. */
  AssetTokenized: Pick<Tokenization, 'assetId' | 'totalShares'> & { ownerDid: string };
  /** `TransferShares`. */
  SharesTransferred: { assetId: string; fromDid: string; toDid: string; quantity: string };
  /** `CreateListing`. */
  ListingCreated: { listingId: string } & Pick<
    Listing,
    'assetId' | 'sellerDid' | 'shares' | 'pricePerShare' | 'currency' | 'expiresAt'
  >;
  /** `CancelListing`; `unlockedShares` returned to the seller's available shares. */
  ListingCancelled: { listingId: string; assetId: string; unlockedShares: string };
  /** `PlaceOrder`. */
  OrderPlaced: { orderId: string } & Pick<
    Order,
    'listingId' | 'assetId' | 'buyerDid' | 'shares' | 'totalPrice' | 'currency'
  >;
  /** `CancelOrder`. */
  OrderCancelled: { orderId: string; listingId: string; cancelledBy: string };
  /**
   * `SettleTrade`: the shares moved, the transaction certificate was issued (it has no `CertificateIssued` event of
   * its own), and the buyer was granted access as `grantId` (absent if the buyer owns the asset).
   */
  TradeSettled: {
    orderId: string;
    listingId: string;
    assetId: string;
    sellerDid: string;
    buyerDid: string;
    shares: string;
    price: string;
    currency: string;
    certificateId: string;
    certHash: string;
    grantId?: string;
  };
  /** `IssueRegistrationCertificate` (so `type` is `registration`: trades announce theirs in `TradeSettled`). */
  CertificateIssued: {
    certificateId: string;
    type: CertificateType;
    assetId: string;
    assetVersion: number;
    certHash: string;
  };
  /** `RevokeCertificate`. */
  CertificateRevoked: { certificateId: string; assetId: string; revokedBy: string };
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
    'IdentityRegistered',
    'RoleGranted',
    'RoleRevoked',
    'IdentityStatusChanged',
    'CredentialIssued',
    'CredentialRevoked',
  ],
  'data-registry': [
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
