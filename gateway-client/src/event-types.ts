import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import type { AccessGrant, AccessRecord, DataAsset } from '@ndi/chaincode-data-registry';
import type {
  CredentialType,
  IdentityKind,
  IdentityStatus,
  Organization,
  Role,
  StatusAuthority,
} from '@ndi/chaincode-identity';

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
 * Event payloads by chaincode name, then event name. Typing another chaincode's events means adding it here and to
 * {@link NDI_EVENT_NAMES}.
 */
export interface NdiEventPayloads {
  /** The `identity` chaincode. */
  identity: IdentityEventPayloads;
  /** The `data-registry` chaincode. */
  'data-registry': DataRegistryEventPayloads;
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
