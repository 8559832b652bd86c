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
import { contracts } from './index';
import { CATEGORIES, CLASSIFICATIONS } from './model';
import { assetInput, hash } from './testing/fixtures';

/**
 * Hostile input for every data-registry transaction (property-based, fixed seeds), against the
 * real identity chaincode: each malformed call is refused with a stable code at the start of the
 * message and leaves every namespace, private data and the events untouched.
 */

const CC = 'data-registry';
const exAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
const enAdmin = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'admin', admin: true });
const regAdmin = createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true });
const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
const bob = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'bob' });
const carol = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'carol' });
const regina = createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' });

const id: ParamKind = { kind: 'id' };
const did: ParamKind = { kind: 'did' };
const purposes: ParamKind = { kind: 'list', item: { kind: 'purpose' }, min: 1, max: 20 };
const policyFields = {
  purposes: { type: purposes, required: true },
  allowedMsps: { type: { kind: 'list', item: { kind: 'mspId' }, min: 1, max: 50 } },
  expiresAt: { type: { kind: 'timestamp' } },
  tradable: { type: { kind: 'boolean' }, required: true },
  crossBorder: { type: { kind: 'boolean' }, required: true },
} satisfies Record<string, FieldSpec>;
const validPolicy = { purposes: ['credit-scoring', 'research'], tradable: true, crossBorder: false };
const policy: ParamKind = { kind: 'json', fields: policyFields, valid: validPolicy };
const assetFields = {
  id: { type: id, required: true },
  title: { type: { kind: 'text', max: 200 }, required: true },
  description: { type: { kind: 'text', max: 2000, multiline: true } },
  category: { type: { kind: 'enum', values: CATEGORIES }, required: true },
  classification: { type: { kind: 'enum', values: CLASSIFICATIONS }, required: true },
  contentHash: { type: { kind: 'hash' }, required: true },
  sizeBytes: { type: { kind: 'decimal' }, required: true },
  format: { type: { kind: 'text', max: 100 }, required: true },
  storageUri: { type: { kind: 'text', max: 1024 }, required: true },
  derivedFrom: { type: { kind: 'list', item: id, min: 0, max: 16 } },
  policy: { type: policy, required: true },
  privateMetadataHash: { type: { kind: 'hash' } },
} satisfies Record<string, FieldSpec>;
const patchFields = {
  title: { type: { kind: 'text', max: 200 } },
  description: { type: { kind: 'text', max: 2000, multiline: true } },
  contentHash: { type: { kind: 'hash' } },
  storageUri: { type: { kind: 'text', max: 1024 } },
  policy: { type: policy },
  privateMetadataHash: { type: { kind: 'hash' } },
} satisfies Record<string, FieldSpec>;
const grantFields = {
  grantId: { type: id, required: true },
  granteeDid: { type: did, required: true },
  purposes: { type: purposes, required: true },
  expiresAt: { type: { kind: 'timestamp' }, required: true },
} satisfies Record<string, FieldSpec>;
const privateMetadata = {
  field: 'privateMetadata',
  required: false,
  valid: { note: 'x' },
  fields: {},
  maxBytes: 16 * 1024,
  open: {},
};
const page: ParamKind[] = [{ kind: 'pageSize' }, { kind: 'bookmark' }];

function specs(): TxSpec[] {
  const newAsset = assetInput('new-1');
  const grant = { grantId: 'g2', granteeDid: bob.did, purposes: ['research'], expiresAt: '2026-01-01T00:00:00Z' };
  const tradeGrant = { ...grant, tradeId: 'trade-1' };
  return [
    {
      fn: 'RegisterDataAsset',
      params: [{ kind: 'json', fields: assetFields, valid: newAsset }],
      valid: [JSON.stringify(newAsset)],
      caller: alice,
    },
    {
      fn: 'StorePrivateMetadata',
      params: [id],
      valid: ['loans'],
      caller: alice,
      // No refs: an ID not registered yet is valid here (metadata is stored before registration).
      transient: [{ ...privateMetadata, required: true }],
    },
    {
      fn: 'UpdateDataAsset',
      params: [id, { kind: 'json', fields: patchFields, valid: { title: 'New title' } }],
      valid: ['loans', JSON.stringify({ title: 'New title' })],
      caller: alice,
      refs: [0],
    },
    { fn: 'TransferDataAsset', params: [id, did], valid: ['loans', carol.did], caller: alice, refs: [0, 1] },
    {
      fn: 'RetireDataAsset',
      params: [id, { kind: 'text', max: 500, multiline: true }],
      valid: ['loans', 'superseded'],
      caller: alice,
      refs: [0],
    },
    { fn: 'GetDataAsset', params: [id], valid: ['loans'], caller: bob, refs: [0] },
    { fn: 'DataAssetExists', params: [id], valid: ['loans'], caller: bob },
    { fn: 'VerifyDataIntegrity', params: [id, { kind: 'hash' }], valid: ['loans', hash('a')], caller: bob, refs: [0] },
    {
      fn: 'GetLineage',
      params: [id, { kind: 'integer', min: 1, max: 5 }],
      valid: ['loans', '2'],
      caller: bob,
      refs: [0],
    },
    {
      fn: 'ListDataAssets',
      params: [
        {
          kind: 'json',
          fields: { category: { type: { kind: 'enum', values: CATEGORIES }, required: true } },
          valid: { category: 'finance' },
        },
        ...page,
      ],
      valid: [JSON.stringify({ category: 'finance' }), '', ''],
      caller: bob,
    },
    { fn: 'GetDataAssetHistory', params: [id], valid: ['loans'], caller: bob, refs: [0] },
    { fn: 'GetPrivateMetadata', params: [id], valid: ['loans'], caller: alice, refs: [0] },
    {
      fn: 'GrantAccess',
      params: [id, { kind: 'json', fields: grantFields, valid: grant }],
      valid: ['loans', JSON.stringify(grant)],
      caller: alice,
      refs: [0],
    },
    {
      fn: 'GrantAccessForTrade',
      params: [
        id,
        { kind: 'json', fields: { ...grantFields, tradeId: { type: id, required: true } }, valid: tradeGrant },
      ],
      valid: ['loans', JSON.stringify(tradeGrant)],
      caller: alice,
      refs: [0],
    },
    { fn: 'RevokeAccess', params: [id, id], valid: ['loans', 'g1'], caller: alice, refs: [0, 1] },
    {
      fn: 'CheckAccess',
      params: [id, did, { kind: 'purpose' }],
      valid: ['loans', bob.did, 'research'],
      caller: regina,
      refs: [0],
    },
    {
      fn: 'RecordAccess',
      params: [id, { kind: 'purpose' }, { kind: 'hash' }],
      valid: ['loans', 'research', hash('1')],
      caller: bob,
      refs: [0],
    },
    { fn: 'ListAccessRecords', params: [id, ...page], valid: ['loans', '', ''], caller: alice, refs: [0] },
    { fn: 'ListAccessGrants', params: [id, ...page], valid: ['loans', '', ''], caller: regina, refs: [0] },
  ];
}

it('refuses malformed arguments to every data-registry transaction with a stable code, changing nothing', async () => {
  const ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000 });
  ledger.deploy('identity', identityContracts);
  ledger.deploy(CC, contracts);
  const service = JSON.stringify({ kind: 'service', displayName: 'desk' });
  for (const who of [alice, bob, carol, regina]) {
    await ledger.submit('identity', 'RegisterIdentity', [service], { caller: who });
  }
  await ledger.submit('identity', 'GrantRole', [alice.did, 'data-provider', ''], { caller: exAdmin });
  await ledger.submit('identity', 'GrantRole', [bob.did, 'data-consumer', ''], { caller: enAdmin });
  await ledger.submit('identity', 'GrantRole', [regina.did, 'regulator', ''], { caller: regAdmin });
  const stored = await ledger.submit(CC, 'StorePrivateMetadata', ['loans'], {
    caller: alice,
    transient: { privateMetadata: { note: 'secret' } },
  });
  const { privateMetadataHash } = stored.result as { privateMetadataHash: string };
  await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify({ ...assetInput('loans'), privateMetadataHash })], {
    caller: alice,
  });
  const grant = { grantId: 'g1', granteeDid: bob.did, purposes: ['research'], expiresAt: '2026-01-01T00:00:00Z' };
  await ledger.submit(CC, 'GrantAccess', ['loans', JSON.stringify(grant)], { caller: alice });
  await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('0')], { caller: bob });

  const report = await runHostile(ledger, CC, specs(), { numRuns: 50, seed: 20250302 });
  console.log(`data-registry hostile input: ${report.calls} calls`, JSON.stringify(report.outcomes));
  expect(report.outcomes.UNCODED).toBeUndefined();
  expect(report.outcomes.ACCEPTED).toBeUndefined();
  // Unknown functions: the kernel's NdiContract answers NOT_FOUND (fabric's own refusal has no code).
  expect(report.perTransaction[UNKNOWN_FUNCTION]).toEqual({ NOT_FOUND: 50 });
});
