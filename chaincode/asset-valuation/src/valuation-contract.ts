import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  alreadyExists,
  canonicalJson,
  canonicalSha256,
  emitEvent,
  failedPrecondition,
  forbidden,
  getCaller,
  getKeyHistory,
  getPrivateDataHashHex,
  getTransientJson,
  implicitCollection,
  invalidArgument,
  keyExists,
  listByPartialKey,
  NdiContract,
  notFound,
  parseArgument,
  parseJsonArgument,
  parsePageArguments,
  queryPageByPartialKey,
  readJson,
  readJsonOrThrow,
  requirePeerOfCallerOrg,
  txTime,
  writeJson,
  writePrivateJson,
  type Caller,
  type TxTime,
} from '@ndi/chaincode-common';
import { parseFutureTime } from './arguments';
import { isDisputed, summarize } from './consensus';
import { hasRole, requireActiveIdentity } from './identity-port';
import {
  appraisalInputSchema,
  evidenceSchema,
  MAX_EVIDENCE_LENGTH,
  moneySchema,
  reasonSchema,
  reportHashSchema,
  requestIdSchema,
  valuationRequestInputSchema,
} from './inputs';
import {
  appraisalKey,
  assetIndexKey,
  assetIndexPrefix,
  currentValuationKey,
  evidenceKey,
  HISTORY_LIMIT,
  KEY_TYPES,
  requestKey,
} from './keys';
import {
  MAX_APPRAISALS_PER_REQUEST,
  type Appraisal,
  type AppraisalEvidenceReceipt,
  type AppraisalEvidenceRecord,
  type AppraisalList,
  type AppraisalSummary,
  type ValuationHistory,
  type ValuationRequest,
  type ValuationRequestPage,
  type Valuation,
} from './model';
import { getDataAsset } from './registry-port';

/**
 * The asset-valuation chaincode: owners of registered data assets request valuations, accredited
 * valuers of other organizations submit appraisals (cost, market or income method; evidence
 * detail in their own org's implicit collection), and the median of the appraisals becomes the
 * asset's value unless their spread is too wide, in which case a regulator resolves the dispute.
 *
 * Every transaction validates all its arguments before the first state read; every
 * state-changing one emits exactly one event. Results are canonical JSON strings, while
 * `@Returns` names the model class so the metadata still describes their shape.
 */
@Info({
  title: 'asset-valuation',
  description: 'Valuation of data assets: requests, independent appraisals, median consensus and disputes',
})
export class ValuationContract extends NdiContract {
  constructor() {
    super('asset-valuation');
  }

  // --- requests ------------------------------------------------------------------------------

  /**
   * Opens a valuation request (`ValuationRequestInput`) for a data asset the caller owns; the
   * asset must be registered in `data-registry` and active.
   */
  @Transaction()
  @Returns('ValuationRequest')
  public async RequestValuation(ctx: Context, requestJson: string): Promise<string> {
    const input = parseJsonArgument(valuationRequestInputSchema, requestJson, {
      name: 'request',
      pathPrefix: 'request',
    });
    const caller = getCaller(ctx);
    const asset = await getDataAsset(ctx, input.assetId);
    const action = `requesting a valuation of data asset '${input.assetId}'`;
    if (asset.ownerDid !== caller.did) {
      throw forbidden(`${action} requires its owner`);
    }
    await requireActiveIdentity(ctx, caller.did, action);
    if (asset.status !== 'active') {
      throw failedPrecondition(`data asset '${input.assetId}' is ${asset.status}`);
    }
    const key = requestKey(input.id);
    if (await keyExists(ctx, key)) {
      throw alreadyExists(`valuation request '${input.id}' already exists`);
    }
    const now = txTime(ctx);
    const request: ValuationRequest = {
      id: input.id,
      assetId: input.assetId,
      ownerDid: caller.did,
      ownerMsp: caller.mspId,
      purpose: input.purpose,
      currency: input.currency,
      minAppraisals: input.minAppraisals,
      maxSpreadBp: input.maxSpreadBp,
      status: 'open',
      requestedAt: now.iso,
      updatedAt: now.iso,
    };
    await writeJson(ctx, key, request);
    await writeJson(ctx, assetIndexKey(input.assetId, now.iso, input.id), { requestId: input.id });
    emitEvent(ctx, 'ValuationRequested', {
      requestId: input.id,
      assetId: input.assetId,
      ownerDid: caller.did,
      purpose: input.purpose,
      currency: input.currency,
      minAppraisals: input.minAppraisals,
      maxSpreadBp: input.maxSpreadBp,
    });
    return canonicalJson(request);
  }

  /** The request record `id`; `NOT_FOUND` if unknown. */
  @Transaction(false)
  @Returns('ValuationRequest')
  public async GetValuationRequest(ctx: Context, id: string): Promise<string> {
    const requestId = parseArgument(requestIdSchema, id, 'id');
    return canonicalJson(await readRequest(ctx, requestId));
  }

  /** Versions of the request record, newest first, at most `HISTORY_LIMIT`. */
  @Transaction(false)
  @Returns('ValuationHistory')
  public async GetValuationHistory(ctx: Context, id: string): Promise<string> {
    const requestId = parseArgument(requestIdSchema, id, 'id');
    const key = requestKey(requestId);
    if (!(await keyExists(ctx, key))) {
      throw notFound(`valuation request '${requestId}' does not exist`);
    }
    const history = await getKeyHistory<ValuationRequest>(ctx, key, HISTORY_LIMIT);
    const result: ValuationHistory = {
      entries: history.entries.map(({ txId, timestamp, isDelete, value }) => ({ txId, timestamp, isDelete, value })),
      truncated: history.truncated,
    };
    return canonicalJson(result);
  }

  /** One page of the valuation requests of `assetId`, oldest first; `pageSize` `''` means the default. */
  @Transaction(false)
  @Returns('ValuationRequestPage')
  public async ListValuations(ctx: Context, assetId: string, pageSize: string, bookmark: string): Promise<string> {
    const asset = parseArgument(requestIdSchema, assetId, 'assetId');
    const request = parsePageArguments(pageSize, bookmark, assetIndexPrefix(asset));
    const page = await queryPageByPartialKey<{ requestId: string }>(ctx, KEY_TYPES.byAsset, [asset], request);
    const items: ValuationRequest[] = [];
    for (const entry of page.items) {
      // Index entries are written with their request and requests are never deleted.
      items.push(await readRequest(ctx, entry.requestId));
    }
    const result: ValuationRequestPage = { items, bookmark: page.bookmark, fetchedCount: items.length };
    return canonicalJson(result);
  }

  // --- appraisals ----------------------------------------------------------------------------

  /**
   * First step of an appraisal: stores the caller's evidence detail (transient `evidence`, a JSON
   * object) with the report hash `evidenceHash` in the caller org's implicit collection, and
   * nothing in public state. Fabric validates a write to `_implicit_org_<MSP>` against that
   * organization's own endorsement policy, so this transaction is endorsed by the valuer's
   * organization alone and no other organization's peer ever sees the evidence: it is accepted
   * only on peers of the caller's organization (`FORBIDDEN` elsewhere). The caller needs the
   * `valuer` accreditation, must not belong to the owner's organization, and the request must be
   * open. Records are keyed by the report hash and written once (`ALREADY_EXISTS` for the same
   * report again), so an appraisal's `evidenceDetailHash` always names a record that stays. Then
   * `SubmitAppraisal` publishes the appraisal of that report with the private record's hash.
   */
  @Transaction()
  @Returns('AppraisalEvidenceReceipt')
  public async StoreAppraisalEvidence(ctx: Context, requestId: string, evidenceHash: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    const reportHash = parseArgument(reportHashSchema, evidenceHash, 'evidenceHash');
    const evidence = getTransientJson(ctx, 'evidence', evidenceSchema, MAX_EVIDENCE_LENGTH);
    requirePeerOfCallerOrg(ctx);
    const caller = getCaller(ctx);
    const request = await requireAppraisable(ctx, caller, id, 'storing appraisal evidence');
    const collection = implicitCollection(caller.mspId);
    const key = evidenceKey(id, caller.did, reportHash);
    // Write-once: an appraisal already published may name this record's hash.
    if ((await getPrivateDataHashHex(ctx, collection, key)) !== undefined) {
      throw alreadyExists(
        `evidence of ${caller.did} for report ${reportHash} of valuation request '${id}' already exists`,
      );
    }
    const record: AppraisalEvidenceRecord = {
      requestId: id,
      valuerDid: caller.did,
      evidenceHash: reportHash,
      evidence,
    };
    await writePrivateJson(ctx, collection, key, record);
    const receipt: AppraisalEvidenceReceipt = {
      requestId: id,
      assetId: request.assetId,
      valuerDid: caller.did,
      valuerMsp: caller.mspId,
      collection,
      evidenceHash: reportHash,
      evidenceDetailHash: canonicalSha256(record),
      storedAt: txTime(ctx).iso,
    };
    emitEvent(ctx, 'AppraisalEvidenceStored', { ...receipt });
    return canonicalJson(receipt);
  }

  /**
   * Second step: submits the caller's appraisal (`AppraisalInput`) for an open request. The caller
   * needs the `valuer` accreditation and must not belong to the owner's organization, and must
   * have stored the evidence of the report it names (`evidenceHash`) with `StoreAppraisalEvidence`
   * (else `FAILED_PRECONDITION`). The
   * public appraisal keeps the private record's hash, which every peer holds, as
   * `evidenceDetailHash`; no private detail travels with this transaction, so any peers may
   * endorse it. A valuer who withdrew may submit again, replacing the record.
   */
  @Transaction()
  @Returns('Appraisal')
  public async SubmitAppraisal(ctx: Context, requestId: string, appraisalJson: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    const input = parseJsonArgument(appraisalInputSchema, appraisalJson, {
      name: 'appraisal',
      pathPrefix: 'appraisal',
    });
    const now = txTime(ctx);
    const validUntil = parseFutureTime(input.validUntil, 'appraisal.validUntil', now);
    const caller = getCaller(ctx);
    const request = await requireAppraisable(ctx, caller, id, 'submitting an appraisal');
    if (input.currency !== request.currency) {
      throw invalidArgument(`appraisal.currency: must be ${request.currency}, the currency of the request`);
    }
    const key = appraisalKey(id, caller.did);
    const previous = await readJson<Appraisal>(ctx, key);
    if (previous?.status === 'submitted') {
      throw alreadyExists(`appraisal of ${caller.did} for valuation request '${id}' already exists`);
    }
    if (previous === undefined) {
      const existing = await listByPartialKey(ctx, KEY_TYPES.appraisal, [id], MAX_APPRAISALS_PER_REQUEST);
      if (existing.items.length >= MAX_APPRAISALS_PER_REQUEST) {
        throw failedPrecondition(
          `valuation request '${id}' already has the maximum of ${MAX_APPRAISALS_PER_REQUEST} appraisals`,
        );
      }
    }
    const evidenceDetailHash = await getPrivateDataHashHex(
      ctx,
      implicitCollection(caller.mspId),
      evidenceKey(id, caller.did, input.evidenceHash),
    );
    if (evidenceDetailHash === undefined) {
      throw failedPrecondition(
        `no evidence of ${caller.did} for report ${input.evidenceHash} of valuation request '${id}': ` +
          `store it first with StoreAppraisalEvidence, endorsed by peers of ${caller.mspId} only`,
      );
    }
    const appraisal: Appraisal = {
      requestId: id,
      assetId: request.assetId,
      valuerDid: caller.did,
      valuerMsp: caller.mspId,
      method: input.method,
      value: input.value,
      currency: input.currency,
      evidenceHash: input.evidenceHash,
      evidenceDetailHash,
      validUntil,
      status: 'submitted',
      submittedAt: now.iso,
    };
    await writeJson(ctx, key, appraisal);
    emitEvent(ctx, 'AppraisalSubmitted', {
      requestId: id,
      assetId: request.assetId,
      valuerDid: caller.did,
      valuerMsp: caller.mspId,
      method: input.method,
      value: input.value,
      currency: input.currency,
      validUntil,
      evidenceHash: input.evidenceHash,
      evidenceDetailHash: appraisal.evidenceDetailHash,
      resubmitted: previous !== undefined,
    });
    return canonicalJson(appraisal);
  }

  /** Withdraws the caller's appraisal from an open request (the record stays, marked `withdrawn`). */
  @Transaction()
  @Returns('Appraisal')
  public async WithdrawAppraisal(ctx: Context, requestId: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    const caller = getCaller(ctx);
    const request = await readRequest(ctx, id);
    const key = appraisalKey(id, caller.did);
    const appraisal = await readJsonOrThrow<Appraisal>(
      ctx,
      key,
      `appraisal of ${caller.did} for valuation request '${id}'`,
    );
    requireStatus(request, 'open', 'withdrawing an appraisal');
    if (appraisal.status === 'withdrawn') {
      throw failedPrecondition(`appraisal of ${caller.did} for valuation request '${id}' is already withdrawn`);
    }
    const now = txTime(ctx);
    const updated: Appraisal = { ...appraisal, status: 'withdrawn', withdrawnAt: now.iso };
    await writeJson(ctx, key, updated);
    emitEvent(ctx, 'AppraisalWithdrawn', { requestId: id, assetId: request.assetId, valuerDid: caller.did });
    return canonicalJson(updated);
  }

  /** Every appraisal record of a request (at most 50, withdrawn ones included), in valuer-DID order. */
  @Transaction(false)
  @Returns('AppraisalList')
  public async ListAppraisals(ctx: Context, requestId: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    await readRequest(ctx, id);
    const result: AppraisalList = { requestId: id, items: await listAppraisals(ctx, id) };
    return canonicalJson(result);
  }

  // --- consensus -----------------------------------------------------------------------------

  /**
   * Closes an open request (its requester or a regulator): the median of the usable appraisals
   * becomes the asset's value, or, if their spread exceeds the request's threshold, the request
   * becomes `disputed` for a regulator to resolve.
   */
  @Transaction()
  @Returns('ValuationRequest')
  public async FinalizeValuation(ctx: Context, requestId: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    const caller = getCaller(ctx);
    const request = await readRequest(ctx, id);
    await requireRequesterOrRegulator(ctx, caller, request, `finalizing valuation request '${id}'`);
    requireStatus(request, 'open', 'finalizing');
    const now = txTime(ctx);
    const summary = summarize(await usableAppraisals(ctx, request, now));
    if (isDisputed(BigInt(summary.spreadBp), request.maxSpreadBp)) {
      const disputed: ValuationRequest = {
        ...request,
        status: 'disputed',
        summary,
        disputedAt: now.iso,
        updatedAt: now.iso,
      };
      await writeJson(ctx, requestKey(id), disputed);
      emitEvent(ctx, 'ValuationDisputed', {
        requestId: id,
        assetId: request.assetId,
        medianValue: summary.medianValue,
        minValue: summary.minValue,
        maxValue: summary.maxValue,
        spreadBp: summary.spreadBp,
        maxSpreadBp: request.maxSpreadBp,
        appraisalCount: summary.appraisalCount,
      });
      return canonicalJson(disputed);
    }
    const finalized = await finalize(ctx, { ...request, summary }, summary.medianValue, now);
    emitEvent(ctx, 'ValuationFinalized', {
      requestId: id,
      assetId: request.assetId,
      value: summary.medianValue,
      currency: request.currency,
      validUntil: summary.validUntil,
      appraisalCount: summary.appraisalCount,
      spreadBp: summary.spreadBp,
    });
    return canonicalJson(finalized);
  }

  /** Finalizes a disputed request with the value a regulator decides (decimal string, minor units). */
  @Transaction()
  @Returns('ValuationRequest')
  public async ResolveValuation(ctx: Context, requestId: string, value: string, reason: string): Promise<string> {
    const id = parseArgument(requestIdSchema, requestId, 'requestId');
    const amount = parseArgument(moneySchema, value, 'value');
    const why = parseArgument(reasonSchema, reason, 'reason');
    const caller = getCaller(ctx);
    const request = await readRequest(ctx, id);
    if (!(await hasRole(ctx, caller.did, 'regulator'))) {
      throw forbidden(`resolving valuation request '${id}' requires an active regulator role`);
    }
    requireStatus(request, 'disputed', 'resolving');
    const now = txTime(ctx);
    const resolution = { value: amount, reason: why, resolvedBy: caller.did, resolvedAt: now.iso };
    const finalized = await finalize(ctx, { ...request, resolution }, amount, now);
    emitEvent(ctx, 'ValuationResolved', {
      requestId: id,
      assetId: request.assetId,
      value: amount,
      currency: request.currency,
      validUntil: finalized.validUntil,
      resolvedBy: caller.did,
      reason: why,
    });
    return canonicalJson(finalized);
  }

  /**
   * The latest finalized valuation of `assetId` if it is still valid at the transaction time;
   * `NOT_FOUND` if the asset has none or it has expired. A newer valuation always supersedes an
   * older one, even if the older one would stay valid longer.
   */
  @Transaction(false)
  @Returns('Valuation')
  public async GetCurrentValuation(ctx: Context, assetId: string): Promise<string> {
    const asset = parseArgument(requestIdSchema, assetId, 'assetId');
    const valuation = await readJson<Valuation>(ctx, currentValuationKey(asset));
    if (valuation === undefined) {
      throw notFound(`data asset '${asset}' has no finalized valuation`);
    }
    if (Date.parse(valuation.validUntil) <= txTime(ctx).epochMillis) {
      throw notFound(`the valuation of data asset '${asset}' expired at ${valuation.validUntil}`);
    }
    return canonicalJson(valuation);
  }
}

/**
 * The open request `id` that `caller` may appraise: an accredited valuer outside the owner's
 * organization (no conflict of interest).
 *
 * @throws ChaincodeError `NOT_FOUND`, `FORBIDDEN` or `FAILED_PRECONDITION` (not open)
 */
async function requireAppraisable(ctx: Context, caller: Caller, id: string, action: string): Promise<ValuationRequest> {
  const request = await readRequest(ctx, id);
  if (!(await hasRole(ctx, caller.did, 'valuer'))) {
    throw forbidden(`${action} requires an active identity with the valuer accreditation`);
  }
  if (caller.mspId === request.ownerMsp) {
    throw forbidden(
      `conflict of interest: valuers of ${caller.mspId} cannot appraise assets of their own organization`,
    );
  }
  requireStatus(request, 'open', action);
  return request;
}

/** The request record `id`, or `NOT_FOUND`. */
async function readRequest(ctx: Context, id: string): Promise<ValuationRequest> {
  return readJsonOrThrow<ValuationRequest>(ctx, requestKey(id), `valuation request '${id}'`);
}

/** Every appraisal record of a request; bounded because submissions stop at the cap. */
async function listAppraisals(ctx: Context, requestId: string): Promise<Appraisal[]> {
  return (await listByPartialKey<Appraisal>(ctx, KEY_TYPES.appraisal, [requestId], MAX_APPRAISALS_PER_REQUEST)).items;
}

/**
 * @throws ChaincodeError `FAILED_PRECONDITION` naming the request's state unless it is `status`
 */
function requireStatus(request: ValuationRequest, status: ValuationRequest['status'], action: string): void {
  if (request.status !== status) {
    throw failedPrecondition(`${action}: valuation request '${request.id}' is ${request.status}, not ${status}`);
  }
}

/**
 * The requester (an active identity) or a regulator.
 *
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
async function requireRequesterOrRegulator(
  ctx: Context,
  caller: Caller,
  request: ValuationRequest,
  action: string,
): Promise<void> {
  if (caller.did === request.ownerDid) {
    await requireActiveIdentity(ctx, caller.did, action);
  } else if (!(await hasRole(ctx, caller.did, 'regulator'))) {
    throw forbidden(`${action} requires its requester or an active regulator role`);
  }
}

/**
 * The appraisals a finalization uses: submitted (not withdrawn), unexpired at the transaction
 * time, by a valuer still accredited now.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` if fewer than the request's `minAppraisals` remain
 */
async function usableAppraisals(ctx: Context, request: ValuationRequest, now: TxTime): Promise<Appraisal[]> {
  const submitted = (await listAppraisals(ctx, request.id)).filter((a) => a.status === 'submitted');
  const unexpired = submitted.filter((a) => Date.parse(a.validUntil) > now.epochMillis);
  const usable: Appraisal[] = [];
  for (const appraisal of unexpired) {
    if (await hasRole(ctx, appraisal.valuerDid, 'valuer')) {
      usable.push(appraisal);
    }
  }
  if (usable.length < request.minAppraisals) {
    throw failedPrecondition(
      `valuation request '${request.id}' needs ${request.minAppraisals} usable appraisals, has ${usable.length} ` +
        `(${submitted.length} submitted, ${submitted.length - unexpired.length} expired, ` +
        `${unexpired.length - usable.length} by valuers no longer accredited)`,
    );
  }
  return usable;
}

/**
 * Writes the request as finalized at `value` and makes it the asset's current valuation. The
 * request carries its summary: set just now, or by the finalization that disputed it.
 */
async function finalize(
  ctx: Context,
  request: ValuationRequest,
  value: string,
  now: TxTime,
): Promise<ValuationRequest> {
  const summary = request.summary as AppraisalSummary;
  const finalized: ValuationRequest = {
    ...request,
    status: 'finalized',
    value,
    validUntil: summary.validUntil,
    finalizedAt: now.iso,
    updatedAt: now.iso,
  };
  const valuation: Valuation = {
    assetId: request.assetId,
    requestId: request.id,
    value,
    currency: request.currency,
    validUntil: summary.validUntil,
    finalizedAt: now.iso,
    basis: request.resolution === undefined ? 'consensus' : 'regulator',
    purpose: request.purpose,
    appraisalCount: summary.appraisalCount,
    methodCounts: summary.methodCounts,
    medianValue: summary.medianValue,
    spreadBp: summary.spreadBp,
    resolvedBy: request.resolution?.resolvedBy,
  };
  await writeJson(ctx, requestKey(request.id), finalized);
  await writeJson(ctx, currentValuationKey(request.assetId), valuation);
  return finalized;
}
