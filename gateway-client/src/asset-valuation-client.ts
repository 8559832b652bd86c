import type {
  Appraisal,
  AppraisalEvidenceReceipt,
  AppraisalEvidenceRecord,
  AppraisalInput,
  AppraisalList,
  Valuation,
  ValuationHistory,
  ValuationRequest,
  ValuationRequestInput,
  ValuationRequestPage,
} from '@ndi/chaincode-asset-valuation';
import { afterPrivateWrite, privateStep } from './private-writes';
import {
  type CallOptions,
  type ChaincodeContract,
  ContractCaller,
  pageArguments,
  type PageRequest,
  type PrivateDataClientOptions,
  type Submitted,
} from './typed-contract';

/** Transient fields of `StoreAppraisalEvidence`. */
export interface AppraisalTransient {
  /**
   * The working papers (comparables, discount rates, analysts): a non-empty JSON object of at most 50 fields and
   * 16 KiB. Stored in the valuer organization's implicit collection; the public appraisal keeps only the hash of
   * the private record (`evidenceDetailHash`). Every endorsing peer sees it, so the chaincode accepts it only on
   * peers of the valuer's own organization, and the client sends it to exactly those.
   */
  readonly evidence: AppraisalEvidenceRecord['evidence'];
}

/** What {@link AssetValuationClient.appraise} committed: the evidence, then the appraisal. */
export interface AppraisalSubmission {
  /** `StoreAppraisalEvidence`, endorsed by the caller's organization alone. */
  readonly evidence: Submitted<AppraisalEvidenceReceipt>;
  /** `SubmitAppraisal`. */
  readonly appraisal: Submitted<Appraisal>;
}

/**
 * The `asset-valuation` chaincode, typed: one method per transaction function. Owners request valuations of their
 * data assets, accredited valuers of other organizations submit appraisals, and the median becomes the asset's
 * value unless the appraisals disagree too much, when a regulator resolves the dispute. Money is always an integer
 * count of minor units as a decimal string (`'1250000'` is 12,500.00 CNY); methods taking an amount also accept a
 * `bigint`. Writes are submitted and retried per the retry policy and resolve to {@link Submitted}; reads are
 * evaluated and resolve to the parsed result. Business refusals reject with the typed errors (`NotFoundError`,
 * `ForbiddenError`, `FailedPreconditionError`, ...).
 *
 * @example
 * ```typescript
 * const valuation = client.assetValuation();
 * await valuation.requestValuation({ id: 'val-1', assetId: 'loans-2024', purpose: 'listing' });
 * // as accredited valuers of other organizations:
 * await valuation.appraise(
 *     'val-1',
 *     { method: 'market', value: '1250000', currency: 'CNY', evidenceHash, validUntil: '2027-01-01T00:00:00Z' },
 *     { transient: { evidence: { comparables: ['deal-17', 'deal-42'], discountRate: '0.08' } } },
 * );
 * // as the requester, once enough appraisals are in:
 * const { result: request } = await valuation.finalizeValuation('val-1'); // 'finalized' or 'disputed'
 * const { value, currency } = await valuation.getCurrentValuation('loans-2024');
 * ```
 */
export class AssetValuationClient {
  /** The chaincode's default name. */
  public static readonly CHAINCODE = 'asset-valuation';
  readonly #calls: ContractCaller;
  readonly #mspId: string | undefined;

  /**
   * @param contract - the `asset-valuation` chaincode, e.g. `ndiClient.contract('asset-valuation')`
   * @param options - retry policy and hook for every call; the caller's `mspId` (set by `NdiClient`) lets
   *   appraisals, which carry evidence, pick their endorsers
   */
  constructor(contract: ChaincodeContract, options?: PrivateDataClientOptions) {
    this.#calls = new ContractCaller(contract, options);
    this.#mspId = options?.mspId;
  }

  // --- requests ------------------------------------------------------------------------------

  /**
   * Opens a valuation request for a data asset the caller owns (registered in `data-registry` and active).
   *
   * @param request - request ID, asset, purpose; currency (default `CNY`), appraisals needed (default 2) and
   *   dispute threshold in basis points (default 3000, may only be stricter)
   * @throws `ForbiddenError` unless the caller owns the asset, `AlreadyExistsError` if the ID is taken,
   *   `FailedPreconditionError` if the asset is retired
   */
  public requestValuation(request: ValuationRequestInput, options?: CallOptions): Promise<Submitted<ValuationRequest>> {
    return this.#calls.submit('RequestValuation', [JSON.stringify(request)], options);
  }

  /**
   * A valuation request.
   *
   * @param id - the request
   * @throws `NotFoundError` if unknown
   */
  public getValuationRequest(id: string, options?: CallOptions): Promise<ValuationRequest> {
    return this.#calls.evaluate('GetValuationRequest', [id], options);
  }

  /**
   * Versions of a request record, newest first (at most 100): its audit trail.
   *
   * @param id - the request
   * @throws `NotFoundError` if unknown
   */
  public getValuationHistory(id: string, options?: CallOptions): Promise<ValuationHistory> {
    return this.#calls.evaluate('GetValuationHistory', [id], options);
  }

  /**
   * One page of the valuation requests of an asset, oldest first.
   *
   * @param assetId - the data asset
   * @param page - page size and the previous page's bookmark
   */
  public listValuations(assetId: string, page?: PageRequest, options?: CallOptions): Promise<ValuationRequestPage> {
    return this.#calls.evaluate('ListValuations', [assetId, ...pageArguments(page)], options);
  }

  // --- appraisals ----------------------------------------------------------------------------

  /**
   * First step of an appraisal: stores the caller's evidence detail (transient, never in a block) in its own
   * organization's implicit collection. Endorsed by the caller's organization alone (Fabric validates a write to an
   * org's implicit collection against that org's endorsement policy), so no other organization's peer sees the
   * evidence; the chaincode refuses it on other peers.
   *
   * @param requestId - the request
   * @param evidenceHash - SHA-256 of the report document, as the appraisal will state it
   * @param options - transient `evidence` (required); call options
   * @throws `ForbiddenError` without the accreditation or for the owner's organization, `FailedPreconditionError`
   *   if the request is not open, `AlreadyExistsError` if evidence for this report is stored already (records are
   *   written once)
   */
  public storeAppraisalEvidence(
    requestId: string,
    evidenceHash: string,
    options: CallOptions & { readonly transient: AppraisalTransient },
  ): Promise<Submitted<AppraisalEvidenceReceipt>> {
    const endorsers = options.endorsingOrganizations ?? (this.#mspId === undefined ? undefined : [this.#mspId]);
    return this.#calls.submit('StoreAppraisalEvidence', [requestId, evidenceHash], {
      ...options,
      ...(endorsers && { endorsingOrganizations: endorsers }),
    });
  }

  /**
   * Second step: submits the caller's appraisal for an open request (a `valuer` of another organization than the
   * owner's), once its evidence is stored; the public record keeps the private record's hash. No private detail
   * travels with it, so any peers endorse it. A valuer who withdrew may submit again, replacing the record.
   *
   * @param requestId - the request
   * @param appraisal - method, value (minor units), the request's currency, report hash, end of validity
   * @throws `ForbiddenError` without the accreditation or for the owner's organization, `AlreadyExistsError` if
   *   the caller's appraisal stands, `FailedPreconditionError` if the request is not open or the report's evidence is not stored
   */
  public submitAppraisal(
    requestId: string,
    appraisal: AppraisalInput,
    options?: CallOptions,
  ): Promise<Submitted<Appraisal>> {
    return this.#calls.submit('SubmitAppraisal', [requestId, JSON.stringify(appraisal)], options);
  }

  /**
   * Both steps of an appraisal, one after the other: {@link AssetValuationClient.storeAppraisalEvidence} with the
   * appraisal's `evidenceHash`, then {@link AssetValuationClient.submitAppraisal}, tried again a few times (200 ms
   * apart) while it answers "no evidence" (an endorser that has not committed the evidence's block yet).
   *
   * @param requestId - the request
   * @param appraisal - as for `submitAppraisal`
   * @param options - transient `evidence` (required); call options of the public appraisal (the evidence goes to
   *   the caller's organization alone)
   */
  public async appraise(
    requestId: string,
    appraisal: AppraisalInput,
    options: CallOptions & { readonly transient: AppraisalTransient },
  ): Promise<AppraisalSubmission> {
    const { transient, ...rest } = options;
    // The private step goes to the caller's organization alone; the call's options are the public write's.
    const evidence = await this.storeAppraisalEvidence(requestId, appraisal.evidenceHash, {
      ...privateStep(rest),
      transient,
    });
    const submitted = await afterPrivateWrite(
      () => this.submitAppraisal(requestId, appraisal, rest),
      /^no evidence of /,
    );
    return { evidence, appraisal: submitted };
  }

  /**
   * Withdraws the caller's appraisal from an open request (the record stays, marked `withdrawn`).
   *
   * @param requestId - the request
   * @throws `NotFoundError` if the caller has no appraisal there, `FailedPreconditionError` if already withdrawn
   *   or the request is not open
   */
  public withdrawAppraisal(requestId: string, options?: CallOptions): Promise<Submitted<Appraisal>> {
    return this.#calls.submit('WithdrawAppraisal', [requestId], options);
  }

  /**
   * Every appraisal record of a request (at most 50, withdrawn ones included), in valuer-DID order.
   *
   * @param requestId - the request
   * @throws `NotFoundError` if the request is unknown
   */
  public listAppraisals(requestId: string, options?: CallOptions): Promise<AppraisalList> {
    return this.#calls.evaluate('ListAppraisals', [requestId], options);
  }

  // --- consensus -----------------------------------------------------------------------------

  /**
   * Closes an open request (its requester or a regulator): the median of the usable appraisals becomes the
   * asset's value (`status: 'finalized'`), or the request becomes `disputed` if their spread exceeds its
   * threshold. Both outcomes commit; check `result.status`.
   *
   * @param requestId - the request
   * @throws `FailedPreconditionError` if the request is not open or has too few usable appraisals
   */
  public finalizeValuation(requestId: string, options?: CallOptions): Promise<Submitted<ValuationRequest>> {
    return this.#calls.submit('FinalizeValuation', [requestId], options);
  }

  /**
   * Finalizes a disputed request with the value a regulator decides (regulators only).
   *
   * @param requestId - the request
   * @param value - the value, minor units (decimal string or bigint)
   * @param reason - public reason (no personal data)
   * @throws `ForbiddenError` without the regulator role, `FailedPreconditionError` unless the request is disputed
   */
  public resolveValuation(
    requestId: string,
    value: string | bigint,
    reason: string,
    options?: CallOptions,
  ): Promise<Submitted<ValuationRequest>> {
    return this.#calls.submit('ResolveValuation', [requestId, String(value), reason], options);
  }

  /**
   * The latest finalized valuation of an asset, if still valid now.
   *
   * @param assetId - the data asset
   * @throws `NotFoundError` if the asset has no finalized valuation or the latest one has expired
   */
  public getCurrentValuation(assetId: string, options?: CallOptions): Promise<Valuation> {
    return this.#calls.evaluate('GetCurrentValuation', [assetId], options);
  }
}
