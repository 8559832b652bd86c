import { DataRegistryContract } from '@ndi/chaincode-data-registry';
import type { z } from 'zod';
// Type-only, checked by `tsc -p tsconfig.tests.json`: the chaincode's input schemas are not part of its package API.
import type { assetPatchSchema, grantSchema, registerAssetSchema } from '../../chaincode/data-registry/src/schemas';
import {
  type AccessGrantInput,
  type DataAssetInput,
  type DataAssetPatch,
  DataRegistryClient,
} from './data-registry-client';
import { FailedPreconditionError, ForbiddenError } from './errors';
import { type Case, clientMethods, FakeContract, gatewayError, runCase, transactionNames } from './test-helpers';

// The client's input types, derived from the model, must stay what the chaincode's schemas accept.
type Assignable<From, To> = [From] extends [To] ? true : false;
const inputTypesMatch: [
  Assignable<DataAssetInput, z.input<typeof registerAssetSchema>>,
  Assignable<z.input<typeof registerAssetSchema>, DataAssetInput>,
  Assignable<DataAssetPatch, z.input<typeof assetPatchSchema>>,
  Assignable<z.input<typeof assetPatchSchema>, DataAssetPatch>,
  Assignable<AccessGrantInput, z.input<typeof grantSchema>>,
] = [true, true, true, true, true];

const did = 'did:ndi:Org1MSP:0123456789abcdef0123456789abcdef';
const hash = 'ab'.repeat(32);
const input: DataAssetInput = {
  id: 'loans-2024',
  title: 'SME loans 2024',
  category: 'finance',
  classification: 'important',
  contentHash: hash,
  sizeBytes: '1048576',
  format: 'parquet',
  storageUri: 's3://org1/loans-2024.parquet',
  policy: { purposes: ['credit-scoring'], tradable: true, crossBorder: false },
};
const asset = { ...input, derivedFrom: [], ownerDid: did, ownerMsp: 'Org1MSP', status: 'active', version: 1 };
const grant = { assetId: 'loans-2024', grantId: 'g1', granteeMsp: 'Org2MSP', purposes: ['credit-scoring'] };
const record = { assetId: 'loans-2024', txId: 'tx-9', accessorDid: did, purpose: 'credit-scoring', basis: 'owner' };
const page = <T>(items: T[]) => ({ items, bookmark: '', fetchedCount: items.length });
const privateMetadata = { contactDesk: 'data-office', rows: 12000 };
const receipt = {
  assetId: 'loans-2024',
  mspId: 'ExchangeMSP',
  collection: '_implicit_org_ExchangeMSP',
  privateMetadataHash: 'cd'.repeat(32),
  storedAt: '2026-01-01T00:00:00.000Z',
};

const cases: Case<DataRegistryClient>[] = [
  {
    call: (c) => c.storePrivateMetadata('loans-2024', privateMetadata),
    kind: 'submit',
    name: 'StorePrivateMetadata',
    args: ['loans-2024'],
    transient: { privateMetadata },
    result: receipt,
  },
  {
    call: (c) => c.registerDataAsset(input),
    kind: 'submit',
    name: 'RegisterDataAsset',
    args: [JSON.stringify(input)],
    result: asset,
  },
  {
    call: (c) => c.registerDataAsset({ ...input, privateMetadataHash: hash }),
    kind: 'submit',
    name: 'RegisterDataAsset',
    args: [JSON.stringify({ ...input, privateMetadataHash: hash })],
    result: asset,
  },
  {
    call: (c) => c.updateDataAsset('loans-2024', { title: 'SME loans 2024 (rev.)' }),
    kind: 'submit',
    name: 'UpdateDataAsset',
    args: ['loans-2024', '{"title":"SME loans 2024 (rev.)"}'],
    result: asset,
  },
  {
    call: (c) => c.updateDataAsset('loans-2024', { privateMetadataHash: hash }),
    kind: 'submit',
    name: 'UpdateDataAsset',
    args: ['loans-2024', JSON.stringify({ privateMetadataHash: hash })],
    result: asset,
  },
  {
    call: (c) => c.transferDataAsset('loans-2024', did),
    kind: 'submit',
    name: 'TransferDataAsset',
    args: ['loans-2024', did],
    result: asset,
  },
  {
    call: (c) => c.retireDataAsset('loans-2024', 'superseded'),
    kind: 'submit',
    name: 'RetireDataAsset',
    args: ['loans-2024', 'superseded'],
    result: { ...asset, status: 'retired' },
  },
  {
    call: (c) => c.getDataAsset('loans-2024'),
    kind: 'evaluate',
    name: 'GetDataAsset',
    args: ['loans-2024'],
    result: asset,
  },
  {
    call: (c) => c.dataAssetExists('loans-2024'),
    kind: 'evaluate',
    name: 'DataAssetExists',
    args: ['loans-2024'],
    result: true,
  },
  {
    call: (c) => c.verifyDataIntegrity('loans-2024', hash),
    kind: 'evaluate',
    name: 'VerifyDataIntegrity',
    args: ['loans-2024', hash],
    result: { match: 'current', version: 1 },
  },
  {
    call: (c) => c.getLineage('loans-2024', 3),
    kind: 'evaluate',
    name: 'GetLineage',
    args: ['loans-2024', '3'],
    result: { id: 'loans-2024', depth: 3, ancestors: [], descendants: [], edges: [], truncated: false },
  },
  {
    call: (c) => c.listDataAssets({ category: 'finance' }),
    kind: 'evaluate',
    name: 'ListDataAssets',
    args: ['{"category":"finance"}', '', ''],
    result: page([asset]),
  },
  {
    call: (c) => c.listDataAssets({ ownerDid: did }, { pageSize: 10, bookmark: 'next' }),
    kind: 'evaluate',
    name: 'ListDataAssets',
    args: [`{"ownerDid":"${did}"}`, '10', 'next'],
    result: page([asset]),
  },
  {
    call: (c) => c.getDataAssetHistory('loans-2024'),
    kind: 'evaluate',
    name: 'GetDataAssetHistory',
    args: ['loans-2024'],
    result: { id: 'loans-2024', entries: [], truncated: false },
  },
  {
    call: (c) => c.getPrivateMetadata('loans-2024'),
    kind: 'evaluate',
    name: 'GetPrivateMetadata',
    args: ['loans-2024'],
    result: { id: 'loans-2024', collection: '_implicit_org_Org1MSP', metadata: privateMetadata, hash },
  },
  {
    call: (c) =>
      c.grantAccess('loans-2024', {
        grantId: 'g1',
        granteeMsp: 'Org2MSP',
        purposes: ['credit-scoring'],
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
    kind: 'submit',
    name: 'GrantAccess',
    args: [
      'loans-2024',
      '{"grantId":"g1","granteeMsp":"Org2MSP","purposes":["credit-scoring"],"expiresAt":"2030-01-01T00:00:00.000Z"}',
    ],
    result: grant,
  },
  {
    call: (c) => c.revokeAccess('loans-2024', 'g1'),
    kind: 'submit',
    name: 'RevokeAccess',
    args: ['loans-2024', 'g1'],
    result: { ...grant, status: 'revoked' },
  },
  {
    call: (c) => c.checkAccess('loans-2024', did, 'credit-scoring'),
    kind: 'evaluate',
    name: 'CheckAccess',
    args: ['loans-2024', did, 'credit-scoring'],
    result: { allowed: false, reason: 'no-grant' },
  },
  {
    call: (c) => c.recordAccess('loans-2024', 'credit-scoring', hash),
    kind: 'submit',
    name: 'RecordAccess',
    args: ['loans-2024', 'credit-scoring', hash],
    result: record,
  },
  {
    call: (c) => c.listAccessRecords('loans-2024', { pageSize: 5 }),
    kind: 'evaluate',
    name: 'ListAccessRecords',
    args: ['loans-2024', '5', ''],
    result: page([record]),
  },
  {
    call: (c) => c.listAccessGrants('loans-2024', { pageSize: 10, bookmark: 'bm' }),
    kind: 'evaluate',
    name: 'ListAccessGrants',
    args: ['loans-2024', '10', 'bm'],
    result: page([grant, { ...grant, grantId: 'g2', status: 'revoked' }]),
  },
];

describe('DataRegistryClient', () => {
  it('takes the input types the chaincode schemas accept (checked at compile time)', () => {
    expect(inputTypesMatch.every(Boolean)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.name}(${c.args.join(', ')})`, c] as const))(
    '%s sends the transaction and parses the result',
    async (_title, testCase) => {
      await runCase((contract) => new DataRegistryClient(contract), testCase);
    },
  );

  it('has one method per client-callable transaction of the chaincode, each tested above', () => {
    // Reachable only from another chaincode in the same transaction: a client calling it directly gets FORBIDDEN.
    const chaincodeOnly = new Set(['GrantAccessForTrade']);
    const callable = transactionNames(DataRegistryContract).filter((name) => !chaincodeOnly.has(name));
    expect(clientMethods(DataRegistryClient)).toEqual(callable);
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(callable));
  });

  it('maps chaincode refusals to the typed errors', async () => {
    const details = (message: string) => [{ address: 'peer0:7051', mspId: 'Org1MSP', message }];
    const retired = "FAILED_PRECONDITION: data asset 'loans-2024' is retired";
    const contract = new FakeContract([{ endorse: gatewayError('endorse', 10, 'endorse failed', details(retired)) }]);
    await expect(new DataRegistryClient(contract).retireDataAsset('loans-2024', 'x')).rejects.toBeInstanceOf(
      FailedPreconditionError,
    );
    const forbidden = 'chaincode response 500, FORBIDDEN: reading private metadata requires being of Org1MSP';
    const reads = new FakeContract([], [gatewayError('evaluate', 2, forbidden)]);
    const error = await new DataRegistryClient(reads)
      .getPrivateMetadata('loans-2024', { endorsingOrganizations: ['Org1MSP'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(reads.proposals[0]?.options?.endorsingOrganizations).toEqual(['Org1MSP']);
  });

  it("stores private metadata through the caller's organization alone, then names it on the record", async () => {
    const json = JSON.stringify(asset);
    const contract = new FakeContract([
      { result: JSON.stringify(receipt) },
      { result: json },
      { result: json },
      { result: JSON.stringify(receipt) },
      { result: json },
    ]);
    const registry = new DataRegistryClient(contract, { mspId: 'ExchangeMSP' });
    const registered = await registry.registerDataAsset(input, {
      transient: { privateMetadata: { desk: 'data-office' } },
    });
    expect(registered.privateMetadata?.result).toEqual(receipt);
    await registry.registerDataAsset(input); // no private metadata: one transaction, the gateway chooses
    const updated = await registry.updateDataAsset(
      'loans-2024',
      {},
      {
        transient: { privateMetadata: { desk: 'x' } },
        endorsingOrganizations: ['ExchangeMSP', 'EnterpriseMSP'], // the public write's; the metadata stays home
      },
    );
    expect(updated.privateMetadata?.transactionId).toBe('tx-4');
    expect(contract.proposals.map((p) => [p.name, p.options?.endorsingOrganizations])).toEqual([
      ['StorePrivateMetadata', ['ExchangeMSP']],
      ['RegisterDataAsset', undefined],
      ['RegisterDataAsset', undefined],
      ['StorePrivateMetadata', ['ExchangeMSP']],
      ['UpdateDataAsset', ['ExchangeMSP', 'EnterpriseMSP']],
    ]);
    expect(contract.proposals[1]?.options?.arguments).toEqual([
      JSON.stringify({ ...input, privateMetadataHash: receipt.privateMetadataHash }),
    ]);
    expect(contract.proposals[4]?.options?.arguments).toEqual([
      'loans-2024',
      JSON.stringify({ privateMetadataHash: receipt.privateMetadataHash }),
    ]);
    expect(contract.proposals[1]?.options?.transientData).toBeUndefined();
  });
});
