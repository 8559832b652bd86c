import { compositeKey } from '@ndi/chaincode-common';

/**
 * Ledger keys of the transaction-certificates chaincode. Holdings are keyed by asset first, so the
 * primary key is also the "shareholders of an asset" listing; certificate indexes hold only the
 * certificate ID, so revoking a certificate rewrites one record.
 */

/** Object types of the composite keys. */
export const KEY_TYPES = {
  /** `tokenization ~ assetId` → `Tokenization`. */
  tokenization: 'tokenization',
  /** `shareHolding ~ assetId ~ holderDid` → `ShareHolding` (deleted at zero). */
  holding: 'shareHolding',
  /**
   * `shareMovement ~ assetId ~ at (ISO) ~ txId ~ index (4 digits)` → `ShareMovement`: append-only,
   * chronological per asset, ordered within a transaction.
   */
  movement: 'shareMovement',
  /** `listing ~ listingId` → `Listing`. */
  listing: 'listing',
  /** `order ~ orderId` → `Order`. */
  order: 'order',
  /** `certificate ~ certificateId` → `Certificate`. */
  certificate: 'certificate',
  /** `certificateByAsset ~ assetId ~ certificateId` → `{ id }`. */
  certificateByAsset: 'certificateByAsset',
  /** `certificateByParty ~ did ~ certificateId` → `{ id }`. */
  certificateByParty: 'certificateByParty',
  /** `registrationCertificate ~ assetId ~ version` → `{ id }`: one valid registration certificate per version. */
  registration: 'registrationCertificate',
} as const;

/** Key of an asset's tokenization. */
export function tokenizationKey(assetId: string): string {
  return compositeKey(KEY_TYPES.tokenization, [assetId]);
}

/** Key of a holder's shares of an asset. */
export function holdingKey(assetId: string, holderDid: string): string {
  return compositeKey(KEY_TYPES.holding, [assetId, holderDid]);
}

/** Width of the zero-padded index of a movement within its transaction, so key order is numeric order. */
const MOVEMENT_INDEX_WIDTH = 4;

/**
 * Key of a share movement. ISO-8601 times of the transaction timestamp have a fixed width, so key
 * order is time order; the transaction ID and the index make the key unique.
 */
export function movementKey(assetId: string, at: string, txId: string, index: number): string {
  return compositeKey(KEY_TYPES.movement, [assetId, at, txId, String(index).padStart(MOVEMENT_INDEX_WIDTH, '0')]);
}

/** Key of a listing. */
export function listingKey(id: string): string {
  return compositeKey(KEY_TYPES.listing, [id]);
}

/** Key of an order. */
export function orderKey(id: string): string {
  return compositeKey(KEY_TYPES.order, [id]);
}

/** Key of a certificate. */
export function certificateKey(id: string): string {
  return compositeKey(KEY_TYPES.certificate, [id]);
}

/** Key of a certificate in the by-asset index. */
export function certificateByAssetKey(assetId: string, id: string): string {
  return compositeKey(KEY_TYPES.certificateByAsset, [assetId, id]);
}

/** Key of a certificate in the by-party index. */
export function certificateByPartyKey(did: string, id: string): string {
  return compositeKey(KEY_TYPES.certificateByParty, [did, id]);
}

/** Key of the registration certificate of one content version of an asset. */
export function registrationKey(assetId: string, version: number): string {
  return compositeKey(KEY_TYPES.registration, [assetId, String(version)]);
}
