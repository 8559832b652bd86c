import { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { contracts, DataRegistryContract } from './index';
import { findIdentity, hasRole } from './identity-port';
import { alice, bob, CC } from './testing/fixtures';

const TRANSACTIONS = {
  submit: [
    'StorePrivateMetadata',
    'RegisterDataAsset',
    'UpdateDataAsset',
    'TransferDataAsset',
    'RetireDataAsset',
    'GrantAccess',
    'GrantAccessForTrade',
    'RevokeAccess',
    'RecordAccess',
  ],
  evaluate: [
    'GetDataAsset',
    'DataAssetExists',
    'VerifyDataIntegrity',
    'GetLineage',
    'ListDataAssets',
    'GetDataAssetHistory',
    'GetPrivateMetadata',
    'CheckAccess',
    'ListAccessRecords',
    'ListAccessGrants',
  ],
};

describe('the data-registry package', () => {
  it('exports one contract whose metadata describes every transaction', async () => {
    expect(contracts).toEqual([DataRegistryContract]);
    const ledger = new InMemoryLedger();
    ledger.deploy(CC, contracts);
    const metadata = (await ledger.evaluate(CC, 'org.hyperledger.fabric:GetMetadata')).result as {
      contracts: Record<string, { info: { title: string }; transactions: { name: string; tag: string[] }[] }>;
    };
    const contract = metadata.contracts['data-registry'];
    expect(contract?.info.title).toBe('data-registry');
    const byTag = (tag: string): string[] =>
      (contract?.transactions ?? []).filter((t) => t.tag.includes(tag)).map((t) => t.name);
    expect(byTag('SUBMIT').sort()).toEqual([...TRANSACTIONS.submit].sort());
    expect(byTag('EVALUATE').sort()).toEqual([...TRANSACTIONS.evaluate].sort());
    const register = contract?.transactions.find((t) => t.name === 'RegisterDataAsset') as unknown as {
      returns: { $ref: string };
    };
    expect(register.returns.$ref).toBe('#/components/schemas/DataAsset');
    const schemas = (metadata as unknown as { components: { schemas: Record<string, { properties: object }> } })
      .components.schemas;
    expect(Object.keys(schemas.DataAsset?.properties ?? {})).toEqual(expect.arrayContaining(['contentHash', 'policy']));
  });
});

describe('identity port', () => {
  it('turns a missing identity chaincode into a plain error, not an answer', async () => {
    const ledger = new InMemoryLedger({ defaultCaller: alice });
    ledger.deploy(CC, contracts);
    const { ctx } = ledger.openTransaction(CC);
    await expect(findIdentity(ctx, bob.did)).rejects.toThrow(/chaincode identity GetIdentity failed/);
    await expect(hasRole(ctx, bob.did, 'data-consumer')).rejects.toThrow(/chaincode identity HasRole failed/);
  });
});
