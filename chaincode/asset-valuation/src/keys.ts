import { compositeKey } from '@ndi/chaincode-common';

/**
 * Ledger keys of the asset-valuation chaincode. Every key is a composite key built by the kernel,
 * so its parts are validated and partial-key range queries find them. Listings are bounded
 * prefix scans, never full-namespace ranges.
 */

/** Object types of the composite keys (public state unless noted). */
export const KEY_TYPES = {
  /** `valuationRequest` [requestId] → `ValuationRequest`. */
  request: 'valuationRequest',
  /** `valuationByAsset` [assetId, requestedAt, requestId] → `{ requestId }`: the asset's requests, oldest first. */
  byAsset: 'valuationByAsset',
  /** `currentValuation` [assetId] → `Valuation`: the latest finalized valuation of the asset. */
  current: 'currentValuation',
  /** `appraisal` [requestId, valuerDid] → `Appraisal`: a request's appraisals, one per valuer. */
  appraisal: 'appraisal',
  /** In the valuer org's implicit collection: `appraisalEvidence` [requestId, valuerDid, evidenceHash]. */
  evidence: 'appraisalEvidence',
} as const;

/** Longest key history `GetValuationHistory` returns. */
export const HISTORY_LIMIT = 100;

/** `valuationRequest` [requestId]. */
export function requestKey(requestId: string): string {
  return compositeKey(KEY_TYPES.request, [requestId]);
}

/** `valuationByAsset` [assetId, requestedAt, requestId]: ISO times sort chronologically. */
export function assetIndexKey(assetId: string, requestedAt: string, requestId: string): string {
  return compositeKey(KEY_TYPES.byAsset, [assetId, requestedAt, requestId]);
}

/** The prefix of the `valuationByAsset` keys of one asset (bookmarks must start with it). */
export function assetIndexPrefix(assetId: string): string {
  return compositeKey(KEY_TYPES.byAsset, [assetId]);
}

/** `currentValuation` [assetId]. */
export function currentValuationKey(assetId: string): string {
  return compositeKey(KEY_TYPES.current, [assetId]);
}

/** `appraisal` [requestId, valuerDid]. */
export function appraisalKey(requestId: string, valuerDid: string): string {
  return compositeKey(KEY_TYPES.appraisal, [requestId, valuerDid]);
}

/**
 * `appraisalEvidence` [requestId, valuerDid, evidenceHash], in `_implicit_org_<valuerMsp>`. The report hash is part
 * of the key, so an appraisal can only publish the hash of evidence stored for the very report it names, and a
 * record is never overwritten by evidence for another report.
 */
export function evidenceKey(requestId: string, valuerDid: string, evidenceHash: string): string {
  return compositeKey(KEY_TYPES.evidence, [requestId, valuerDid, evidenceHash]);
}
