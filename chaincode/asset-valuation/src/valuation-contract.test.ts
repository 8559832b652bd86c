import { canonicalJson, sha256Hex } from '@ndi/chaincode-common';
import {
  createIdentity,
  InMemoryLedger,
  TransactionError,
  type CallOptions,
  type TestIdentity,
} from '@ndi/chaincode-common/testing';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import {
  contracts,
  type Appraisal,
  type AppraisalEvidenceReceipt,
  type AppraisalList,
  type Valuation,
  type ValuationHistory,
  type ValuationRequest,
  type ValuationRequestPage,
} from './index';
import { appraisalKey, assetIndexKey, currentValuationKey, evidenceKey, requestKey } from './keys';

/**
 * The valuation chaincode against the real identity and data-registry chaincodes: identities
 * registered, roles granted and assets registered through their own transactions.
 */

const CC = 'asset-valuation';
const START = '2025-03-01T08:00:00.000Z';
const VALID_UNTIL = '2026-03-01T00:00:00.000Z';
const REPORT = sha256Hex('appraisal report');

const ids = {
  exAdmin: createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true }),
  alice: createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' }),
  exValuer: createIdentity({ mspId: 'ExchangeMSP', commonName: 'appraiser' }),
  regAdmin: createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true }),
  regina: createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' }),
  bob: createIdentity({ mspId: 'EnterpriseMSP', commonName: 'bob' }),
  v1: createIdentity({ mspId: 'ValuerAMSP', commonName: 'v1' }),
  v2: createIdentity({ mspId: 'ValuerBMSP', commonName: 'v2' }),
  v3: createIdentity({ mspId: 'ValuerCMSP', commonName: 'v3' }),
  v4: createIdentity({ mspId: 'ValuerAMSP', commonName: 'v4' }),
};
const valuers = [ids.v1, ids.v2, ids.v3, ids.v4];

let ledger: InMemoryLedger;

async function submit(fn: string, args: string[], caller: TestIdentity, options: CallOptions = {}) {
  return ledger.submit(CC, fn, args, { caller, ...options });
}

async function evaluate(fn: string, args: string[], caller: TestIdentity = ids.bob, options: CallOptions = {}) {
  return ledger.evaluate(CC, fn, args, { caller, ...options });
}

async function registerIdentity(who: TestIdentity): Promise<void> {
  await ledger.submit('identity', 'RegisterIdentity', [JSON.stringify({ kind: 'service', displayName: 'desk' })], {
    caller: who,
  });
}

async function grantRole(by: TestIdentity, who: TestIdentity, role: string, expiresAt = ''): Promise<void> {
  await ledger.submit('identity', 'GrantRole', [who.did, role, expiresAt], { caller: by });
}

function assetInput(id: string): Record<string, unknown> {
  return {
    id,
    title: `Asset ${id}`,
    category: 'finance',
    classification: 'general',
    contentHash: 'a'.repeat(64),
    sizeBytes: '1048576',
    format: 'text/csv',
    storageUri: `s3://exchange/${id}.csv`,
    policy: { purposes: ['credit-scoring'], tradable: true, crossBorder: false },
  };
}

async function registerAsset(id: string, owner: TestIdentity = ids.alice): Promise<void> {
  await ledger.submit('data-registry', 'RegisterDataAsset', [JSON.stringify(assetInput(id))], { caller: owner });
}

function requestJson(id = 'r1', overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, assetId: 'loans', purpose: 'listing', ...overrides });
}

async function request(id = 'r1', overrides: Record<string, unknown> = {}): Promise<ValuationRequest> {
  return (await submit('RequestValuation', [requestJson(id, overrides)], ids.alice)).result as ValuationRequest;
}

function appraisalJson(value: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    method: 'market',
    value,
    currency: 'CNY',
    evidenceHash: REPORT,
    validUntil: VALID_UNTIL,
    ...overrides,
  });
}

const EVIDENCE = { comparables: ['deal-17', 'deal-23'], discountRate: '0.08', analyst: 'Wang Wu' };

/** `StoreAppraisalEvidence` on a peer of the valuer's own organization (unless `options` names another). */
async function storeEvidence(
  valuer: TestIdentity,
  requestId = 'r1',
  evidenceHash = REPORT,
  options: CallOptions = {},
): Promise<AppraisalEvidenceReceipt> {
  const res = await submit('StoreAppraisalEvidence', [requestId, evidenceHash], valuer, {
    transient: { evidence: EVIDENCE },
    peerMspId: valuer.mspId,
    ...options,
  });
  return res.result as AppraisalEvidenceReceipt;
}

async function appraise(
  valuer: TestIdentity,
  value: string,
  overrides: Record<string, unknown> = {},
  requestId = 'r1',
  options: CallOptions = {},
): Promise<Appraisal> {
  const evidenceHash = typeof overrides.evidenceHash === 'string' ? overrides.evidenceHash : REPORT;
  const stored = ledger.getPrivateData(
    CC,
    `_implicit_org_${valuer.mspId}`,
    evidenceKey(requestId, valuer.did, evidenceHash),
  );
  if (stored === undefined) await storeEvidence(valuer, requestId, evidenceHash, options);
  const res = await submit('SubmitAppraisal', [requestId, appraisalJson(value, overrides)], valuer, options);
  return res.result as Appraisal;
}

async function finalize(requestId = 'r1', caller: TestIdentity = ids.alice, options: CallOptions = {}) {
  return submit('FinalizeValuation', [requestId], caller, options);
}

async function current(assetId = 'loans', options: CallOptions = {}): Promise<Valuation> {
  return (await evaluate('GetCurrentValuation', [assetId], ids.bob, options)).result as Valuation;
}

/** Everything a refused transaction must leave untouched: the valuation namespace and events. */
function snapshot(): string {
  const state = ledger.keys(CC).map((key) => [key, ledger.getState(CC, key)?.toString('utf8')]);
  return JSON.stringify({ state, events: ledger.events.length });
}

/** Submits, expects a refusal with `code` (and `detail` in the message), and that nothing changed. */
async function expectRefused(
  fn: string,
  args: string[],
  caller: TestIdentity,
  code: string,
  detail?: RegExp,
  options: CallOptions = {},
): Promise<void> {
  const before = snapshot();
  const result = await ledger.invoke(CC, fn, args, { caller, ...options }, true);
  const error = new TransactionError(result);
  expect(result.committed).toBe(false);
  expect(result.event).toBeUndefined();
  expect(error.code).toBe(code);
  expect(result.message.startsWith(`${code}: `)).toBe(true);
  if (detail) {
    expect(result.message).toMatch(detail);
  }
  expect(snapshot()).toBe(before);
}

beforeEach(async () => {
  ledger = new InMemoryLedger({ startTime: START, stepMillis: 1000 });
  ledger.deploy('identity', identityContracts);
  ledger.deploy('data-registry', registryContracts);
  ledger.deploy(CC, contracts);
  for (const who of [ids.alice, ids.regina, ids.exValuer, ...valuers]) {
    await registerIdentity(who);
  }
  await grantRole(ids.exAdmin, ids.alice, 'data-provider');
  await grantRole(ids.regAdmin, ids.regina, 'regulator');
  for (const who of [ids.exValuer, ...valuers]) {
    await grantRole(ids.regina, who, 'valuer');
  }
  await registerAsset('loans');
});

describe('RequestValuation', () => {
  it('opens a request for an asset the caller owns, with defaults', async () => {
    const res = await submit('RequestValuation', [requestJson()], ids.alice);
    const record = res.result as ValuationRequest;
    const now = res.timestamp;
    expect(record).toEqual({
      id: 'r1',
      assetId: 'loans',
      ownerDid: ids.alice.did,
      ownerMsp: 'ExchangeMSP',
      purpose: 'listing',
      currency: 'CNY',
      minAppraisals: 2,
      maxSpreadBp: 3000,
      status: 'open',
      requestedAt: now,
      updatedAt: now,
    });
    expect(res.event?.name).toBe('ValuationRequested');
    expect(res.event?.json).toEqual({
      requestId: 'r1',
      assetId: 'loans',
      ownerDid: ids.alice.did,
      purpose: 'listing',
      currency: 'CNY',
      minAppraisals: 2,
      maxSpreadBp: 3000,
    });
    const bytes = String(ledger.getState(CC, requestKey('r1')));
    expect(bytes).toBe(canonicalJson(record));
    expect(ledger.getJson(CC, assetIndexKey('loans', now, 'r1'))).toEqual({ requestId: 'r1' });
    expect((await evaluate('GetValuationRequest', ['r1'])).result).toEqual(record);
  });

  it('takes the currency, appraisal count and a stricter dispute threshold from the request', async () => {
    const record = await request('r1', { currency: 'USD', minAppraisals: 9, maxSpreadBp: 0 });
    expect(record).toMatchObject({ currency: 'USD', minAppraisals: 9, maxSpreadBp: 0 });
  });

  it('refuses callers other than the owner, and an owner whose identity is suspended', async () => {
    await expectRefused('RequestValuation', [requestJson()], ids.bob, 'FORBIDDEN', /requires its owner/);
    await expectRefused('RequestValuation', [requestJson()], ids.v1, 'FORBIDDEN', /requires its owner/);
    await ledger.submit('identity', 'SetIdentityStatus', [ids.alice.did, 'suspended', 'audit'], {
      caller: ids.exAdmin,
    });
    await expectRefused('RequestValuation', [requestJson()], ids.alice, 'FORBIDDEN', /is suspended/);
  });

  it('passes on NOT_FOUND for an unregistered asset and refuses a retired one', async () => {
    await expectRefused(
      'RequestValuation',
      [requestJson('r1', { assetId: 'nothing' })],
      ids.alice,
      'NOT_FOUND',
      /data asset 'nothing' does not exist/,
    );
    await ledger.submit('data-registry', 'RetireDataAsset', ['loans', 'superseded'], { caller: ids.alice });
    await expectRefused('RequestValuation', [requestJson()], ids.alice, 'FAILED_PRECONDITION', /'loans' is retired/);
  });

  it('refuses a request ID that exists', async () => {
    await request();
    await expectRefused('RequestValuation', [requestJson()], ids.alice, 'ALREADY_EXISTS', /'r1' already exists/);
  });

  it.each([
    ['malformed JSON', '{"id":', /request: malformed JSON/],
    ['a missing field', JSON.stringify({ id: 'r1', assetId: 'loans' }), /purpose/],
    ['an extra field', requestJson('r1', { deadline: 'soon' }), /deadline/],
    ['an ID with a key delimiter', requestJson('r\u0000x'), /id: /],
    ['an ID with a space', requestJson('r 1'), /id: /],
    ['an over-long ID', requestJson('r'.repeat(65)), /id: /],
    ['an over-long asset ID', requestJson('r1', { assetId: 'a'.repeat(65) }), /assetId/],
    ['a purpose with spaces', requestJson('r1', { purpose: 'for sale' }), /purpose/],
    ['a lowercase currency', requestJson('r1', { currency: 'cny' }), /currency/],
    ['a four-letter currency', requestJson('r1', { currency: 'CNYY' }), /currency/],
    ['one appraisal', requestJson('r1', { minAppraisals: 1 }), /minAppraisals/],
    ['ten appraisals', requestJson('r1', { minAppraisals: 10 }), /minAppraisals/],
    ['a fractional count', requestJson('r1', { minAppraisals: 2.5 }), /minAppraisals/],
    ['a count as a string', requestJson('r1', { minAppraisals: '3' }), /minAppraisals/],
    ['a laxer threshold', requestJson('r1', { maxSpreadBp: 3001 }), /maxSpreadBp/],
    ['a negative threshold', requestJson('r1', { maxSpreadBp: -1 }), /maxSpreadBp/],
    ['an array', JSON.stringify([]), /request/],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, json, detail) => {
    await expectRefused('RequestValuation', [json], ids.alice, 'INVALID_ARGUMENT', detail);
  });
});

describe('SubmitAppraisal', () => {
  beforeEach(async () => {
    await request();
  });

  it('records the appraisal publicly and its evidence detail only in the valuer org’s collection', async () => {
    const stored = await submit('StoreAppraisalEvidence', ['r1', REPORT], ids.v1, {
      transient: { evidence: EVIDENCE },
      peerMspId: 'ValuerAMSP',
    });
    const record = ledger.getPrivateData(CC, '_implicit_org_ValuerAMSP', evidenceKey('r1', ids.v1.did, REPORT));
    expect(JSON.parse(String(record))).toEqual({
      requestId: 'r1',
      valuerDid: ids.v1.did,
      evidenceHash: REPORT,
      evidence: EVIDENCE,
    });
    const receipt = {
      requestId: 'r1',
      assetId: 'loans',
      valuerDid: ids.v1.did,
      valuerMsp: 'ValuerAMSP',
      collection: '_implicit_org_ValuerAMSP',
      evidenceHash: REPORT,
      evidenceDetailHash: sha256Hex(record ?? ''),
      storedAt: stored.timestamp,
    };
    expect(stored.result).toEqual(receipt);
    expect(stored.event?.name).toBe('AppraisalEvidenceStored');
    expect(stored.event?.json).toEqual(receipt);
    // Nothing public yet: the evidence transaction writes only to the valuer org's collection.
    expect(ledger.getState(CC, appraisalKey('r1', ids.v1.did))).toBeUndefined();

    // Submitted through the owner's peer: no private detail travels with the appraisal.
    const res = await submit('SubmitAppraisal', ['r1', appraisalJson('1250000', { method: 'cost' })], ids.v1, {
      peerMspId: 'ExchangeMSP',
    });
    const appraisal = res.result as Appraisal;
    expect(appraisal).toEqual({
      requestId: 'r1',
      assetId: 'loans',
      valuerDid: ids.v1.did,
      valuerMsp: 'ValuerAMSP',
      method: 'cost',
      value: '1250000',
      currency: 'CNY',
      evidenceHash: REPORT,
      evidenceDetailHash: sha256Hex(record ?? ''),
      validUntil: VALID_UNTIL,
      status: 'submitted',
      submittedAt: res.timestamp,
    });
    expect(ledger.getJson(CC, appraisalKey('r1', ids.v1.did))).toEqual(appraisal);
    expect(
      ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', evidenceKey('r1', ids.v1.did, REPORT)),
    ).toBeUndefined();
    expect(res.event?.name).toBe('AppraisalSubmitted');
    expect(res.event?.json).toMatchObject({
      requestId: 'r1',
      valuerDid: ids.v1.did,
      value: '1250000',
      evidenceDetailHash: appraisal.evidenceDetailHash,
      resubmitted: false,
    });
    const publicText = ledger.keys(CC).map((k) => String(ledger.getState(CC, k)));
    expect(publicText.join()).not.toMatch(/Wang Wu|deal-17/);
    expect(JSON.stringify(ledger.events.map((e) => e.json))).not.toMatch(/Wang Wu|deal-17/);
  });

  it('refuses an appraisal whose evidence is not stored', async () => {
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('100')],
      ids.v1,
      'FAILED_PRECONDITION',
      /no evidence of .* for report [0-9a-f]{64} of valuation request 'r1': store it first with StoreAppraisalEvidence, endorsed by peers of ValuerAMSP only/,
    );
  });

  it('normalizes validUntil to millisecond ISO form', async () => {
    const appraisal = await appraise(ids.v1, '100', { validUntil: '2026-01-01T00:00:00Z' });
    expect(appraisal.validUntil).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses identities without an active valuer accreditation', async () => {
    await registerIdentity(ids.bob);
    await expectRefused('SubmitAppraisal', ['r1', appraisalJson('100')], ids.bob, 'FORBIDDEN', /valuer/, {
      transient: { evidence: EVIDENCE },
    });
    await grantRole(ids.regina, ids.bob, 'valuer', '2025-03-02T00:00:00.000Z');
    await appraise(ids.bob, '100');
    await submit('WithdrawAppraisal', ['r1'], ids.bob);
    ledger.setTime('2025-03-02T00:00:00.000Z');
    await expectRefused('SubmitAppraisal', ['r1', appraisalJson('100')], ids.bob, 'FORBIDDEN', /valuer/, {
      transient: { evidence: EVIDENCE },
    });
  });

  it('refuses a suspended valuer', async () => {
    await ledger.submit('identity', 'SetIdentityStatus', [ids.v1.did, 'suspended', 'audit'], { caller: ids.regina });
    await expectRefused('SubmitAppraisal', ['r1', appraisalJson('100')], ids.v1, 'FORBIDDEN', /valuer/, {
      transient: { evidence: EVIDENCE },
    });
  });

  it('refuses valuers of the owner’s organization as a conflict of interest', async () => {
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('100')],
      ids.exValuer,
      'FORBIDDEN',
      /conflict of interest: valuers of ExchangeMSP/,
      { transient: { evidence: EVIDENCE } },
    );
  });

  it('accepts evidence only on peers of the valuer’s own organization, not even the regulator’s', async () => {
    for (const [requestId, peer] of [
      ['r1', 'ExchangeMSP'],
      ['zz-unknown', 'ExchangeMSP'], // refused before the request is read
      ['r1', 'ValuerBMSP'],
      ['r1', 'RegulatorMSP'],
    ] as const) {
      await expectRefused(
        'StoreAppraisalEvidence',
        [requestId, REPORT],
        ids.v1,
        'FORBIDDEN',
        new RegExp(`^FORBIDDEN: client of ValuerAMSP must use a peer of ValuerAMSP, not of ${peer}$`),
        { transient: { evidence: EVIDENCE }, peerMspId: peer },
      );
    }
    expect(
      ledger.getPrivateData(CC, '_implicit_org_ValuerAMSP', evidenceKey('r1', ids.v1.did, REPORT)),
    ).toBeUndefined();
    const receipt = await storeEvidence(ids.v1);
    expect(
      ledger.getPrivateData(CC, '_implicit_org_RegulatorMSP', evidenceKey('r1', ids.v1.did, REPORT)),
    ).toBeUndefined();
    // The appraisal itself may be endorsed anywhere, the regulator's peer included.
    const res = await submit('SubmitAppraisal', ['r1', appraisalJson('100')], ids.v1, { peerMspId: 'RegulatorMSP' });
    expect((res.result as Appraisal).evidenceDetailHash).toBe(receipt.evidenceDetailHash);
  });

  it('stores evidence only for accredited valuers of other organizations, on open requests', async () => {
    await registerIdentity(ids.bob);
    await expectRefused('StoreAppraisalEvidence', ['r1', REPORT], ids.bob, 'FORBIDDEN', /valuer accreditation/, {
      transient: { evidence: EVIDENCE },
      peerMspId: ids.bob.mspId,
    });
    await expectRefused(
      'StoreAppraisalEvidence',
      ['r1', REPORT],
      ids.exValuer,
      'FORBIDDEN',
      /conflict of interest: valuers of ExchangeMSP/,
      { transient: { evidence: EVIDENCE }, peerMspId: 'ExchangeMSP' },
    );
    await expectRefused('StoreAppraisalEvidence', ['r9', REPORT], ids.v1, 'NOT_FOUND', /'r9' does not exist/, {
      transient: { evidence: EVIDENCE },
      peerMspId: 'ValuerAMSP',
    });
    await expectRefused('StoreAppraisalEvidence', ['r1', 'abc'], ids.v1, 'INVALID_ARGUMENT', /evidenceHash/, {
      transient: { evidence: EVIDENCE },
      peerMspId: 'ValuerAMSP',
    });
    await appraise(ids.v1, '100');
    await appraise(ids.v2, '100');
    await finalize();
    await expectRefused(
      'StoreAppraisalEvidence',
      ['r1', REPORT],
      ids.v3,
      'FAILED_PRECONDITION',
      /valuation request 'r1' is finalized, not open/,
      { transient: { evidence: EVIDENCE }, peerMspId: ids.v3.mspId },
    );
  });

  it('keeps evidence write-once, one record per report, and publishes only the named report’s', async () => {
    const first = await appraise(ids.v1, '100');
    await expectRefused(
      'StoreAppraisalEvidence',
      ['r1', REPORT],
      ids.v1,
      'ALREADY_EXISTS',
      new RegExp(`evidence of ${ids.v1.did} for report ${REPORT} of valuation request 'r1' already exists`),
      { transient: { evidence: { revised: true } }, peerMspId: 'ValuerAMSP' },
    );
    await submit('WithdrawAppraisal', ['r1'], ids.v1);
    // A revised report has its own record; the withdrawn appraisal's record stays as it was.
    const revised = sha256Hex('revised report');
    await submit('StoreAppraisalEvidence', ['r1', revised], ids.v1, {
      transient: { evidence: { revised: true } },
      peerMspId: 'ValuerAMSP',
    });
    const kept = ledger.getPrivateData(CC, '_implicit_org_ValuerAMSP', evidenceKey('r1', ids.v1.did, REPORT));
    expect(sha256Hex(kept ?? '')).toBe(first.evidenceDetailHash);
    const second = (await submit('SubmitAppraisal', ['r1', appraisalJson('120', { evidenceHash: revised })], ids.v1))
      .result as Appraisal;
    expect(second.evidenceDetailHash).not.toBe(first.evidenceDetailHash);
    // An appraisal cannot name a report whose evidence was not stored.
    await submit('WithdrawAppraisal', ['r1'], ids.v1);
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('120', { evidenceHash: sha256Hex('another report') })],
      ids.v1,
      'FAILED_PRECONDITION',
      /no evidence of .* for report [0-9a-f]{64} of valuation request 'r1'/,
    );
  });

  it('allows one appraisal per valuer and request', async () => {
    await appraise(ids.v1, '100');
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('200')],
      ids.v1,
      'ALREADY_EXISTS',
      new RegExp(`appraisal of ${ids.v1.did} for valuation request 'r1' already exists`),
      { transient: { evidence: EVIDENCE } },
    );
    // Another valuer of the same organization is a different valuer.
    await appraise(ids.v4, '200');
  });

  it('requires the request’s currency', async () => {
    await request('usd', { currency: 'USD' });
    await expectRefused(
      'SubmitAppraisal',
      ['usd', appraisalJson('100')],
      ids.v1,
      'INVALID_ARGUMENT',
      /appraisal.currency: must be USD/,
      { transient: { evidence: EVIDENCE } },
    );
    expect((await appraise(ids.v1, '100', { currency: 'USD' }, 'usd')).currency).toBe('USD');
  });

  it('answers NOT_FOUND for an unknown request', async () => {
    await expectRefused('SubmitAppraisal', ['r9', appraisalJson('100')], ids.v1, 'NOT_FOUND', /'r9' does not exist/, {
      transient: { evidence: EVIDENCE },
    });
  });

  it('refuses submissions once the request is no longer open', async () => {
    await appraise(ids.v1, '100');
    await appraise(ids.v2, '100');
    await finalize();
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('100')],
      ids.v3,
      'FAILED_PRECONDITION',
      /valuation request 'r1' is finalized, not open/,
      { transient: { evidence: EVIDENCE } },
    );
  });

  it('caps the appraisal records of a request at 50', async () => {
    for (let i = 0; i < 49; i += 1) {
      const did = `did:ndi:ValuerXMSP:${i.toString(16).padStart(32, '0')}`;
      ledger.seedState(CC, appraisalKey('r1', did), { requestId: 'r1', valuerDid: did, status: 'withdrawn' });
    }
    await appraise(ids.v1, '100');
    await expectRefused(
      'SubmitAppraisal',
      ['r1', appraisalJson('100')],
      ids.v2,
      'FAILED_PRECONDITION',
      /maximum of 50 appraisals/,
      { transient: { evidence: EVIDENCE } },
    );
    // A valuer who withdrew keeps its slot and may submit again.
    await submit('WithdrawAppraisal', ['r1'], ids.v1);
    expect((await appraise(ids.v1, '150')).value).toBe('150');
  });

  it.each([
    ['a decimal point', appraisalJson('12.5'), /appraisal.value: must be a non-negative decimal integer/],
    ['a JSON number', appraisalJson('x').replace('"x"', '1250000'), /appraisal.value/],
    ['a negative value', appraisalJson('-5'), /appraisal.value/],
    ['a leading zero', appraisalJson('0125'), /appraisal.value/],
    ['31 digits', appraisalJson('1'.repeat(31)), /appraisal.value/],
    ['an exponent', appraisalJson('1e6'), /appraisal.value/],
    ['an empty value', appraisalJson(''), /appraisal.value/],
    ['an unknown method', appraisalJson('1', { method: 'guess' }), /appraisal.method/],
    ['a bad currency', appraisalJson('1', { currency: 'Yuan' }), /appraisal.currency/],
    ['an uppercase hash', appraisalJson('1', { evidenceHash: REPORT.toUpperCase() }), /appraisal.evidenceHash/],
    ['a short hash', appraisalJson('1', { evidenceHash: 'abc' }), /appraisal.evidenceHash/],
    [
      'a past validUntil',
      appraisalJson('1', { validUntil: '2025-01-01T00:00:00Z' }),
      /appraisal.validUntil: must be after/,
    ],
    ['a malformed validUntil', appraisalJson('1', { validUntil: 'next year' }), /appraisal.validUntil/],
    ['a local-time validUntil', appraisalJson('1', { validUntil: '2026-01-01T00:00:00' }), /appraisal.validUntil/],
    ['an extra field', appraisalJson('1', { comment: 'x' }), /comment/],
    ['a missing field', JSON.stringify({ method: 'cost', value: '1', currency: 'CNY' }), /evidenceHash/],
    ['malformed JSON', '{', /appraisal: malformed JSON/],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, json, detail) => {
    await expectRefused('SubmitAppraisal', ['r1', json], ids.v1, 'INVALID_ARGUMENT', detail, {
      transient: { evidence: EVIDENCE },
    });
    expect(
      ledger.getPrivateData(CC, '_implicit_org_ValuerAMSP', evidenceKey('r1', ids.v1.did, REPORT)),
    ).toBeUndefined();
  });

  it('accepts the largest 30-digit value and zero', async () => {
    expect((await appraise(ids.v1, '9'.repeat(30))).value).toBe('9'.repeat(30));
    expect((await appraise(ids.v2, '0')).value).toBe('0');
  });

  it.each([
    ['no evidence', undefined, /transient field 'evidence' is required/],
    ['an empty object', {}, /transient.evidence: must not be empty/],
    ['an array', ['x'], /transient.evidence/],
    ['malformed JSON', '{"a":', /transient.evidence: malformed JSON/],
    ['too many fields', Object.fromEntries([...Array(51).keys()].map((i) => [`f${i}`, i])), /at most 50 fields/],
    ['an over-long document', { text: 'x'.repeat(16 * 1024) }, /transient.evidence: JSON exceeds 16384/],
  ])('refuses transient evidence with %s', async (_label, evidence, detail) => {
    const transient: CallOptions['transient'] = evidence === undefined ? {} : { evidence };
    await expectRefused('StoreAppraisalEvidence', ['r1', REPORT], ids.v1, 'INVALID_ARGUMENT', detail, {
      transient,
      peerMspId: 'ValuerAMSP',
    });
  });

  it('refuses a malformed request ID before reading anything', async () => {
    await expectRefused('SubmitAppraisal', ['r\n1', appraisalJson('1')], ids.v1, 'INVALID_ARGUMENT', /requestId/, {
      transient: { evidence: EVIDENCE },
    });
  });
});

describe('WithdrawAppraisal', () => {
  beforeEach(async () => {
    await request();
    await appraise(ids.v1, '100');
  });

  it('marks the appraisal withdrawn; the valuer may submit again', async () => {
    const res = await submit('WithdrawAppraisal', ['r1'], ids.v1);
    expect(res.result).toMatchObject({ status: 'withdrawn', withdrawnAt: res.timestamp, value: '100' });
    expect(res.event?.name).toBe('AppraisalWithdrawn');
    expect(res.event?.json).toEqual({ requestId: 'r1', assetId: 'loans', valuerDid: ids.v1.did });
    await expectRefused('WithdrawAppraisal', ['r1'], ids.v1, 'FAILED_PRECONDITION', /already withdrawn/);

    const again = await submit('SubmitAppraisal', ['r1', appraisalJson('120')], ids.v1, {
      transient: { evidence: EVIDENCE },
    });
    expect(again.result).toMatchObject({ status: 'submitted', value: '120' });
    expect((again.result as Appraisal).withdrawnAt).toBeUndefined();
    expect(again.event?.json).toMatchObject({ resubmitted: true });
  });

  it('does not count withdrawn appraisals', async () => {
    await appraise(ids.v2, '200');
    await submit('WithdrawAppraisal', ['r1'], ids.v1);
    await expectRefused('FinalizeValuation', ['r1'], ids.alice, 'FAILED_PRECONDITION', /needs 2 usable.*has 1/);
  });

  it('answers NOT_FOUND for a caller without an appraisal and for an unknown request', async () => {
    await expectRefused('WithdrawAppraisal', ['r1'], ids.v2, 'NOT_FOUND', /appraisal of .* does not exist/);
    await expectRefused('WithdrawAppraisal', ['r9'], ids.v1, 'NOT_FOUND', /'r9' does not exist/);
    await expectRefused('WithdrawAppraisal', ['r:\u007f'], ids.v1, 'INVALID_ARGUMENT', /requestId/);
  });

  it('refuses withdrawal after finalization', async () => {
    await appraise(ids.v2, '100');
    await finalize();
    await expectRefused('WithdrawAppraisal', ['r1'], ids.v1, 'FAILED_PRECONDITION', /is finalized, not open/);
  });
});

describe('FinalizeValuation', () => {
  beforeEach(async () => {
    await request('r1', { minAppraisals: 3 });
  });

  it('finalizes at the median of an odd count and publishes the current valuation', async () => {
    await appraise(ids.v1, '1300000', { method: 'cost', validUntil: '2026-06-01T00:00:00Z' });
    await appraise(ids.v2, '1200000', { method: 'market', validUntil: '2025-12-01T00:00:00Z' });
    await appraise(ids.v3, '1250000', { method: 'market' });
    const res = await finalize();
    const record = res.result as ValuationRequest;
    expect(record).toMatchObject({
      status: 'finalized',
      value: '1250000',
      validUntil: '2025-12-01T00:00:00.000Z',
      finalizedAt: res.timestamp,
      updatedAt: res.timestamp,
    });
    expect(record.summary).toEqual({
      appraisalCount: 3,
      valuerDids: [ids.v1.did, ids.v2.did, ids.v3.did].sort(),
      methodCounts: { cost: 1, market: 2, income: 0 },
      minValue: '1200000',
      maxValue: '1300000',
      medianValue: '1250000',
      spreadBp: '800',
      validUntil: '2025-12-01T00:00:00.000Z',
    });
    expect(res.event?.name).toBe('ValuationFinalized');
    expect(res.event?.json).toEqual({
      requestId: 'r1',
      assetId: 'loans',
      value: '1250000',
      currency: 'CNY',
      validUntil: '2025-12-01T00:00:00.000Z',
      appraisalCount: 3,
      spreadBp: '800',
    });
    const valuation = await current();
    expect(valuation).toEqual({
      assetId: 'loans',
      requestId: 'r1',
      value: '1250000',
      currency: 'CNY',
      validUntil: '2025-12-01T00:00:00.000Z',
      finalizedAt: res.timestamp,
      basis: 'consensus',
      purpose: 'listing',
      appraisalCount: 3,
      methodCounts: { cost: 1, market: 2, income: 0 },
      medianValue: '1250000',
      spreadBp: '800',
    });
    expect(ledger.getJson(CC, currentValuationKey('loans'))).toEqual(valuation);
  });

  it('takes the lower middle value for an even count', async () => {
    for (const [valuer, value] of [
      [ids.v1, '1000'],
      [ids.v2, '1100'],
      [ids.v3, '1050'],
      [ids.v4, '1060'],
    ] as const) {
      await appraise(valuer, value);
    }
    const record = (await finalize()).result as ValuationRequest;
    expect(record.value).toBe('1050');
    // floor((1100 - 1000) * 10000 / 1050) = floor(952.38)
    expect(record.summary?.spreadBp).toBe('952');
  });

  it('finalizes equal values with spread 0', async () => {
    for (const valuer of [ids.v1, ids.v2, ids.v3]) await appraise(valuer, '777');
    const record = (await finalize()).result as ValuationRequest;
    expect(record).toMatchObject({ value: '777', summary: { spreadBp: '0', minValue: '777', maxValue: '777' } });
  });

  it('finalizes a spread of exactly 3000 bp', async () => {
    await appraise(ids.v1, '10000');
    await appraise(ids.v2, '10000');
    await appraise(ids.v3, '13000');
    const res = await finalize();
    expect(res.result).toMatchObject({ status: 'finalized', value: '10000', summary: { spreadBp: '3000' } });
    expect(res.event?.name).toBe('ValuationFinalized');
  });

  it('disputes a spread of 3001 bp and leaves the current valuation alone', async () => {
    await appraise(ids.v1, '10000');
    await appraise(ids.v2, '10000');
    await appraise(ids.v3, '13001');
    const res = await finalize();
    expect(res.result).toMatchObject({
      status: 'disputed',
      disputedAt: res.timestamp,
      summary: { spreadBp: '3001', medianValue: '10000' },
    });
    expect((res.result as ValuationRequest).value).toBeUndefined();
    expect(res.event?.name).toBe('ValuationDisputed');
    expect(res.event?.json).toEqual({
      requestId: 'r1',
      assetId: 'loans',
      medianValue: '10000',
      minValue: '10000',
      maxValue: '13001',
      spreadBp: '3001',
      maxSpreadBp: 3000,
      appraisalCount: 3,
    });
    expect(ledger.getState(CC, currentValuationKey('loans'))).toBeUndefined();
    await expect(current()).rejects.toThrow(/^NOT_FOUND: data asset 'loans' has no finalized valuation/);
    await expectRefused('FinalizeValuation', ['r1'], ids.alice, 'FAILED_PRECONDITION', /is disputed, not open/);
    await expectRefused('SubmitAppraisal', ['r1', appraisalJson('1')], ids.v4, 'FAILED_PRECONDITION', /disputed/, {
      transient: { evidence: EVIDENCE },
    });
  });

  it('honours a stricter threshold set by the request', async () => {
    await request('strict', { maxSpreadBp: 100 });
    await appraise(ids.v1, '10000', {}, 'strict');
    await appraise(ids.v2, '10101', {}, 'strict');
    expect((await finalize('strict')).result).toMatchObject({ status: 'disputed', summary: { spreadBp: '101' } });
  });

  it('disputes any spread around a zero median and finalizes all zeros', async () => {
    await appraise(ids.v1, '0');
    await appraise(ids.v2, '0');
    await appraise(ids.v3, '1');
    expect((await finalize()).result).toMatchObject({ status: 'disputed', summary: { spreadBp: '10000' } });
    await request('zero', { minAppraisals: 2 });
    await appraise(ids.v1, '0', {}, 'zero');
    await appraise(ids.v2, '0', {}, 'zero');
    expect((await finalize('zero')).result).toMatchObject({ status: 'finalized', value: '0' });
  });

  it('handles values beyond 2^53 exactly', async () => {
    await appraise(ids.v1, '900000000000000000000000000001');
    await appraise(ids.v2, '900000000000000000000000000003');
    await appraise(ids.v3, '900000000000000000000000000002');
    const record = (await finalize()).result as ValuationRequest;
    expect(record.value).toBe('900000000000000000000000000002');
    expect(record.summary?.spreadBp).toBe('0');
  });

  it('needs minAppraisals usable appraisals, leaving out expired ones and lapsed accreditations', async () => {
    await appraise(ids.v1, '100', { validUntil: '2025-04-01T00:00:00Z' });
    await appraise(ids.v2, '100');
    await appraise(ids.v3, '100');
    await ledger.submit('identity', 'RevokeRole', [ids.v3.did, 'valuer', 'licence withdrawn'], { caller: ids.regina });
    ledger.setTime('2025-04-01T00:00:00.000Z');
    await expectRefused(
      'FinalizeValuation',
      ['r1'],
      ids.alice,
      'FAILED_PRECONDITION',
      /needs 3 usable appraisals, has 1 \(3 submitted, 1 expired, 1 by valuers no longer accredited\)/,
    );
    await appraise(ids.v4, '110');
    await grantRole(ids.regina, ids.v3, 'valuer');
    const record = (await finalize()).result as ValuationRequest;
    expect(record.summary?.valuerDids).toEqual([ids.v2.did, ids.v3.did, ids.v4.did].sort());
    expect(record.value).toBe('100');
  });

  it('may be called by the requester or a regulator, nobody else', async () => {
    for (const valuer of [ids.v1, ids.v2, ids.v3]) await appraise(valuer, '500');
    await expectRefused(
      'FinalizeValuation',
      ['r1'],
      ids.v1,
      'FORBIDDEN',
      /requires its requester or an active regulator/,
    );
    await expectRefused(
      'FinalizeValuation',
      ['r1'],
      ids.bob,
      'FORBIDDEN',
      /requires its requester or an active regulator/,
    );
    const res = await finalize('r1', ids.regina);
    expect(res.result).toMatchObject({ status: 'finalized', value: '500' });
    await expectRefused('FinalizeValuation', ['r1'], ids.alice, 'FAILED_PRECONDITION', /is finalized, not open/);
  });

  it('refuses a requester whose identity has been suspended', async () => {
    for (const valuer of [ids.v1, ids.v2, ids.v3]) await appraise(valuer, '500');
    await ledger.submit('identity', 'SetIdentityStatus', [ids.alice.did, 'suspended', 'audit'], {
      caller: ids.exAdmin,
    });
    await expectRefused('FinalizeValuation', ['r1'], ids.alice, 'FORBIDDEN', /is suspended/);
  });

  it('answers NOT_FOUND for an unknown request and INVALID_ARGUMENT for a malformed ID', async () => {
    await expectRefused('FinalizeValuation', ['r9'], ids.alice, 'NOT_FOUND', /'r9' does not exist/);
    await expectRefused('FinalizeValuation', [''], ids.alice, 'INVALID_ARGUMENT', /requestId/);
  });
});

describe('ResolveValuation', () => {
  beforeEach(async () => {
    await request();
    await appraise(ids.v1, '10000', { method: 'income', validUntil: '2025-09-01T00:00:00Z' });
    await appraise(ids.v2, '20000', { method: 'cost' });
    await finalize();
  });

  it('lets a regulator finalize a disputed request at a value of its choice', async () => {
    const res = await submit('ResolveValuation', ['r1', '15000', 'Second review of the income method'], ids.regina);
    const record = res.result as ValuationRequest;
    expect(record).toMatchObject({
      status: 'finalized',
      value: '15000',
      validUntil: '2025-09-01T00:00:00.000Z',
      finalizedAt: res.timestamp,
      resolution: {
        value: '15000',
        reason: 'Second review of the income method',
        resolvedBy: ids.regina.did,
        resolvedAt: res.timestamp,
      },
      summary: { medianValue: '10000', spreadBp: '10000' },
    });
    expect(res.event?.name).toBe('ValuationResolved');
    expect(res.event?.json).toEqual({
      requestId: 'r1',
      assetId: 'loans',
      value: '15000',
      currency: 'CNY',
      validUntil: '2025-09-01T00:00:00.000Z',
      resolvedBy: ids.regina.did,
      reason: 'Second review of the income method',
    });
    expect(await current()).toMatchObject({
      value: '15000',
      basis: 'regulator',
      resolvedBy: ids.regina.did,
      medianValue: '10000',
      methodCounts: { cost: 1, market: 0, income: 1 },
    });
    await expectRefused('ResolveValuation', ['r1', '1', 'again'], ids.regina, 'FAILED_PRECONDITION', /is finalized/);
  });

  it('is for regulators only', async () => {
    for (const who of [ids.alice, ids.v1, ids.bob, ids.regAdmin]) {
      await expectRefused('ResolveValuation', ['r1', '15000', 'x'], who, 'FORBIDDEN', /active regulator role/);
    }
  });

  it('needs a disputed request', async () => {
    await request('r2');
    await expectRefused(
      'ResolveValuation',
      ['r2', '1', 'x'],
      ids.regina,
      'FAILED_PRECONDITION',
      /'r2' is open, not disputed/,
    );
    await expectRefused('ResolveValuation', ['r9', '1', 'x'], ids.regina, 'NOT_FOUND', /'r9'/);
  });

  it.each([
    [['r1', '150.00', 'x'], /value/],
    [['r1', '-1', 'x'], /value/],
    [['r1', '', 'x'], /value/],
    [['r1', '1', ''], /reason/],
    [['r1', '1', 'r'.repeat(501)], /reason/],
    [['r1', '1', 'a\u0000b'], /reason/],
    [['r 1', '1', 'x'], /requestId/],
  ])('refuses %j with INVALID_ARGUMENT', async (args, detail) => {
    await expectRefused('ResolveValuation', args, ids.regina, 'INVALID_ARGUMENT', detail);
  });
});

describe('GetCurrentValuation', () => {
  it('answers the latest finalized valuation while it is valid', async () => {
    await request();
    await appraise(ids.v1, '100', { validUntil: '2025-06-01T00:00:00Z' });
    await appraise(ids.v2, '110', { validUntil: '2025-07-01T00:00:00Z' });
    await expect(current('loans', { timestamp: ledger.now })).rejects.toThrow(
      /^NOT_FOUND: data asset 'loans' has no finalized valuation/,
    );
    await finalize();
    expect((await current('loans', { timestamp: '2025-05-31T23:59:59.999Z' })).value).toBe('100');
    await expect(current('loans', { timestamp: '2025-06-01T00:00:00.000Z' })).rejects.toThrow(
      /^NOT_FOUND: the valuation of data asset 'loans' expired at 2025-06-01T00:00:00.000Z/,
    );
  });

  it('lets a newer valuation supersede an older one, even one that would stay valid longer', async () => {
    await request();
    await appraise(ids.v1, '100');
    await appraise(ids.v2, '110');
    await finalize();
    await request('r2');
    await appraise(ids.v3, '200', { validUntil: '2025-05-01T00:00:00Z' }, 'r2');
    await appraise(ids.v4, '220', {}, 'r2');
    await finalize('r2');
    expect(await current('loans', { timestamp: '2025-04-30T00:00:00.000Z' })).toMatchObject({
      requestId: 'r2',
      value: '200',
    });
    await expect(current('loans', { timestamp: '2025-05-15T00:00:00.000Z' })).rejects.toThrow(/expired/);
  });

  it('refuses a malformed asset ID', async () => {
    await expect(current('a/b\u0000')).rejects.toThrow(/^INVALID_ARGUMENT: assetId/);
  });
});

describe('ListValuations, ListAppraisals and GetValuationHistory', () => {
  it('pages through the requests of one asset, oldest first', async () => {
    await registerAsset('other');
    const ids5 = ['z1', 'a2', 'm3', 'b4', 'y5'];
    for (const id of ids5) await request(id);
    await submit('RequestValuation', [requestJson('o1', { assetId: 'other' })], ids.alice);
    const seen: string[] = [];
    const sizes: number[] = [];
    let bookmark = '';
    do {
      const page = (await evaluate('ListValuations', ['loans', '2', bookmark])).result as ValuationRequestPage;
      sizes.push(page.items.length);
      expect(page.fetchedCount).toBe(page.items.length);
      seen.push(...page.items.map((r) => r.id));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids5);
    const all = (await evaluate('ListValuations', ['loans', '', ''])).result as ValuationRequestPage;
    expect(all.items.map((r) => r.status)).toEqual(['open', 'open', 'open', 'open', 'open']);
    const none = (await evaluate('ListValuations', ['nothing', '10', ''])).result as ValuationRequestPage;
    expect(none).toEqual({ items: [], bookmark: '', fetchedCount: 0 });

    const first = (await evaluate('ListValuations', ['other', '1', ''])).result as ValuationRequestPage;
    expect(first.bookmark).toBe('');
    const loansPage = (await evaluate('ListValuations', ['loans', '1', ''])).result as ValuationRequestPage;
    await expect(evaluate('ListValuations', ['other', '1', loansPage.bookmark])).rejects.toThrow(
      /^INVALID_ARGUMENT: bookmark: does not belong to this listing/,
    );
  });

  it.each([
    [['loans', '0', ''], /pageSize/],
    [['loans', 'ten', ''], /pageSize/],
    [['loans', '10000', ''], /pageSize/],
    [['lo ans', '10', ''], /assetId/],
    [['loans', '10', 'b'.repeat(2049)], /bookmark/],
  ])('refuses the listing arguments %j', async (args, detail) => {
    await expect(evaluate('ListValuations', args)).rejects.toThrow(/^INVALID_ARGUMENT: /);
    await expect(evaluate('ListValuations', args)).rejects.toThrow(detail);
  });

  it('lists a request’s appraisals, withdrawn ones included', async () => {
    await request();
    await appraise(ids.v1, '100');
    await appraise(ids.v2, '200');
    await submit('WithdrawAppraisal', ['r1'], ids.v2);
    const list = (await evaluate('ListAppraisals', ['r1'])).result as AppraisalList;
    expect(list.requestId).toBe('r1');
    const byDid = Object.fromEntries(list.items.map((a) => [a.valuerDid, a.status]));
    expect(byDid).toEqual({ [ids.v1.did]: 'submitted', [ids.v2.did]: 'withdrawn' });
    expect(list.items.map((a) => a.valuerDid)).toEqual([ids.v1.did, ids.v2.did].sort());
    await expect(evaluate('ListAppraisals', ['r9'])).rejects.toThrow(/^NOT_FOUND/);
  });

  it('returns the versions of a request, newest first', async () => {
    await request();
    await appraise(ids.v1, '10000');
    await appraise(ids.v2, '20000');
    await finalize();
    await submit('ResolveValuation', ['r1', '12000', 'review'], ids.regina);
    const history = (await evaluate('GetValuationHistory', ['r1'])).result as ValuationHistory;
    expect(history.truncated).toBe(false);
    expect(history.entries.map((e) => e.value?.status)).toEqual(['finalized', 'disputed', 'open']);
    expect(history.entries.every((e) => !e.isDelete && /^[0-9a-f]{64}$/.test(e.txId))).toBe(true);
    await expect(evaluate('GetValuationHistory', ['r9'])).rejects.toThrow(/^NOT_FOUND/);
    await expect(evaluate('GetValuationHistory', ['r\u0085'])).rejects.toThrow(/^INVALID_ARGUMENT: id/);
    await expect(evaluate('GetValuationRequest', ['r9'])).rejects.toThrow(/^NOT_FOUND: valuation request 'r9'/);
  });
});
