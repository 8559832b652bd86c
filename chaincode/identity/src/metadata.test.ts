import { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { contracts } from './index';

interface Metadata {
  contracts: Record<string, { transactions: { name: string; tag: string[]; returns?: unknown }[] }>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}

describe('contract metadata', () => {
  it('describes every transaction, its kind and its result type', async () => {
    const ledger = new InMemoryLedger();
    ledger.deploy('identity', contracts);
    const metadata = (await ledger.evaluate('identity', 'org.hyperledger.fabric:GetMetadata')).result as Metadata;
    const txs = metadata.contracts.identity?.transactions ?? [];
    const byName = Object.fromEntries(txs.map((t) => [t.name, t]));
    const submits = txs.filter((t) => t.tag.includes('SUBMIT')).map((t) => t.name);
    expect(submits.sort()).toEqual([
      'GrantRole',
      'IssueCredential',
      'RegisterIdentity',
      'RegisterOrganization',
      'RevokeCredential',
      'RevokeRole',
      'SetIdentityStatus',
      'StoreIdentityDetails',
    ]);
    expect(txs).toHaveLength(17);
    expect(byName.HasRole?.returns).toEqual({ type: 'boolean' });
    expect(byName.GetIdentity?.returns).toEqual({ $ref: '#/components/schemas/Identity' });
    expect(byName.VerifyCredential?.returns).toEqual({ $ref: '#/components/schemas/CredentialVerification' });
    expect(Object.keys(metadata.components.schemas)).toEqual(
      expect.arrayContaining([
        'Identity',
        'RoleGrant',
        'Organization',
        'Credential',
        'IdentityPage',
        'IdentityHistory',
      ]),
    );
    expect(metadata.components.schemas.Identity?.properties.roles).toEqual({
      type: 'array',
      items: { $ref: 'RoleGrant' },
    });
  });
});
