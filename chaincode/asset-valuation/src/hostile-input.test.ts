import {
  createIdentity,
  InMemoryLedger,
  runHostile,
  UNKNOWN_FUNCTION,
  type FieldSpec,
  type ParamKind,
  type TxSpec,
} from '@ndi/chaincode-common/testing';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import { contracts } from './index';
import { VALUATION_METHODS } from './model';

/**
 * Hostile input for every asset-valuation transaction (property-based, fixed seeds), against the
 * real identity and data-registry chaincodes: each malformed call is refused with a stable code at
 * the start of the message and leaves the ledger (all namespaces, private data, events) untouched.
 */

const CC = 'asset-valuation';
const exAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
const regAdmin = createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true });
const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
const regina = createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' });
const vic = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'vic' });
const vera = createIdentity({ mspId: 'RegulatorMSP', commonName: 'vera' });

const id: ParamKind = { kind: 'id' };
const currency: ParamKind = { kind: 'enum', values: ['CNY'] };
const appraisal = {
  method: 'market',
  value: '1250000',
  currency: 'CNY',
  evidenceHash: 'e'.repeat(64),
  validUntil: '2026-01-01T00:00:00Z',
};
const appraisalFields = {
  method: { type: { kind: 'enum', values: VALUATION_METHODS }, required: true },
  value: { type: { kind: 'decimal' }, required: true },
  currency: { type: currency, required: true },
  evidenceHash: { type: { kind: 'hash' }, required: true },
  validUntil: { type: { kind: 'timestamp' }, required: true },
} satisfies Record<string, FieldSpec>;
const evidence = {
  field: 'evidence',
  required: true,
  valid: { comparables: ['a', 'b'], rate: '0.08' },
  fields: {},
  maxBytes: 16 * 1024,
  open: { maxFields: 50 },
};

function specs(): TxSpec[] {
  const request = { id: 'vr-new', assetId: 'loans', purpose: 'listing' };
  const requestFields = {
    id: { type: id, required: true },
    assetId: { type: id, required: true },
    purpose: { type: { kind: 'purpose' }, required: true },
    currency: { type: currency },
    minAppraisals: { type: { kind: 'integer', min: 2, max: 9 } },
    maxSpreadBp: { type: { kind: 'integer', min: 0, max: 3000 } },
  } satisfies Record<string, FieldSpec>;
  return [
    {
      fn: 'RequestValuation',
      params: [{ kind: 'json', fields: requestFields, valid: request }],
      valid: [JSON.stringify(request)],
      caller: alice,
    },
    {
      fn: 'StoreAppraisalEvidence',
      params: [id, { kind: 'hash' }],
      valid: ['vr-1', appraisal.evidenceHash],
      caller: vera,
      transient: [evidence],
      refs: [0],
    },
    {
      fn: 'SubmitAppraisal',
      params: [id, { kind: 'json', fields: appraisalFields, valid: appraisal }],
      valid: ['vr-1', JSON.stringify(appraisal)],
      caller: vera,
      refs: [0],
    },
    { fn: 'WithdrawAppraisal', params: [id], valid: ['vr-1'], caller: vic, refs: [0] },
    { fn: 'FinalizeValuation', params: [id], valid: ['vr-1'], caller: alice, refs: [0] },
    {
      fn: 'ResolveValuation',
      params: [id, { kind: 'decimal' }, { kind: 'text', max: 500, multiline: true }],
      valid: ['vr-1', '1000000', 'regulator decision'],
      caller: regina,
      refs: [0],
    },
    { fn: 'GetValuationRequest', params: [id], valid: ['vr-1'], caller: vic, refs: [0] },
    { fn: 'ListAppraisals', params: [id], valid: ['vr-1'], caller: vic, refs: [0] },
    { fn: 'GetCurrentValuation', params: [id], valid: ['loans'], caller: vic, refs: [0] },
    {
      fn: 'ListValuations',
      params: [id, { kind: 'pageSize' }, { kind: 'bookmark' }],
      valid: ['loans', '', ''],
      caller: vic,
    },
    { fn: 'GetValuationHistory', params: [id], valid: ['vr-1'], caller: vic, refs: [0] },
  ];
}

it('refuses malformed arguments to every asset-valuation transaction with a stable code, changing nothing', async () => {
  const ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000 });
  ledger.deploy('identity', identityContracts);
  ledger.deploy('data-registry', registryContracts);
  ledger.deploy(CC, contracts);
  const service = JSON.stringify({ kind: 'service', displayName: 'desk' });
  for (const who of [alice, regina, vic, vera]) {
    await ledger.submit('identity', 'RegisterIdentity', [service], { caller: who });
  }
  await ledger.submit('identity', 'GrantRole', [alice.did, 'data-provider', ''], { caller: exAdmin });
  await ledger.submit('identity', 'GrantRole', [regina.did, 'regulator', ''], { caller: regAdmin });
  await ledger.submit('identity', 'GrantRole', [vic.did, 'valuer', ''], { caller: regina });
  await ledger.submit('identity', 'GrantRole', [vera.did, 'valuer', ''], { caller: regina });
  const asset = {
    id: 'loans',
    title: 'Loans',
    category: 'finance',
    classification: 'general',
    contentHash: 'a'.repeat(64),
    sizeBytes: '1048576',
    format: 'text/csv',
    storageUri: 's3://exchange/loans.csv',
    policy: { purposes: ['research'], tradable: true, crossBorder: false },
  };
  await ledger.submit('data-registry', 'RegisterDataAsset', [JSON.stringify(asset)], { caller: alice });
  await ledger.submit(CC, 'RequestValuation', [JSON.stringify({ id: 'vr-1', assetId: 'loans', purpose: 'listing' })], {
    caller: alice,
  });
  await ledger.submit(CC, 'StoreAppraisalEvidence', ['vr-1', appraisal.evidenceHash], {
    caller: vic,
    transient: { evidence: evidence.valid },
    peerMspId: vic.mspId,
  });
  await ledger.submit(CC, 'SubmitAppraisal', ['vr-1', JSON.stringify(appraisal)], { caller: vic });

  const report = await runHostile(ledger, CC, specs(), { numRuns: 80, seed: 20250303 });
  console.log(`asset-valuation hostile input: ${report.calls} calls`, JSON.stringify(report.outcomes));
  expect(report.outcomes.UNCODED).toBeUndefined();
  expect(report.outcomes.ACCEPTED).toBeUndefined();
  // Unknown functions: the kernel's NdiContract answers NOT_FOUND (fabric's own refusal has no code).
  expect(report.perTransaction[UNKNOWN_FUNCTION]).toEqual({ NOT_FOUND: 80 });
});
