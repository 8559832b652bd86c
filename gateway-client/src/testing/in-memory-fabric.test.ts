import { CommitFailedError } from '../errors';
import { InMemoryFabric } from './in-memory-fabric';

describe('InMemoryFabric endorsement policies', () => {
  const profile = { kind: 'service', displayName: 'Desk' } as const;

  it('invalidates a public write endorsed by fewer organizations than MAJORITY', async () => {
    const fabric = new InMemoryFabric();
    const client = fabric.client(fabric.user('ExchangeMSP', 'alone'));
    try {
      const error = await client
        .identity()
        .registerIdentity(profile, { endorsingOrganizations: ['ExchangeMSP'], retry: { maxAttempts: 1 } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommitFailedError);
      expect((error as CommitFailedError).validationCodeName).toBe('ENDORSEMENT_POLICY_FAILURE');
      await expect(client.identity().whoAmI()).rejects.toThrow(/NOT_FOUND/);

      const ok = await client
        .identity()
        .registerIdentity(profile, { endorsingOrganizations: ['ExchangeMSP', 'EnterpriseMSP'] });
      expect(ok.attempts).toBe(1);
      expect(fabric.transactions().map((tx) => tx.validationCode)).toEqual([10, 0]);
    } finally {
      client.close();
    }
  });

  it("validates a write to an organization's implicit collection only against that organization", async () => {
    const fabric = new InMemoryFabric();
    const regulatorAdmin = fabric.client(fabric.user('RegulatorMSP', 'admin', { admin: true }));
    const inspector = fabric.client(fabric.user('RegulatorMSP', 'inspector'));
    const valuer = fabric.client(fabric.user('RegulatorMSP', 'valuer'));
    const owner = fabric.client(fabric.user('ExchangeMSP', 'owner'));
    const exchangeAdmin = fabric.client(fabric.user('ExchangeMSP', 'admin', { admin: true }));
    try {
      const did = async (client: typeof owner) => (await client.identity().registerIdentity(profile)).result.did;
      const [inspectorDid, valuerDid, ownerDid] = [await did(inspector), await did(valuer), await did(owner)];
      await regulatorAdmin.identity().grantRole(inspectorDid, 'regulator');
      await inspector.identity().grantRole(valuerDid, 'valuer');
      await exchangeAdmin.identity().grantRole(ownerDid, 'data-provider');
      await owner.dataRegistry().registerDataAsset({
        id: 'a1',
        title: 'A',
        category: 'energy',
        classification: 'general',
        contentHash: 'a'.repeat(64),
        sizeBytes: '1',
        format: 'csv',
        storageUri: 's3://a/a1.csv',
        policy: { purposes: ['research'], tradable: false, crossBorder: false },
      });
      await owner.assetValuation().requestValuation({ id: 'v1', assetId: 'a1', purpose: 'listing' });

      // RegulatorMSP alone is no MAJORITY, but the evidence writes only its implicit collection.
      const stored = await valuer
        .assetValuation()
        .storeAppraisalEvidence('v1', 'e'.repeat(64), { transient: { evidence: { note: 'x' } } });
      const tx = fabric.transactions().find((t) => t.transactionId === stored.transactionId);
      expect(tx).toMatchObject({ validationCode: 0, eventName: 'AppraisalEvidenceStored' });
    } finally {
      [regulatorAdmin, inspector, valuer, owner, exchangeAdmin].forEach((c) => c.close());
    }
  });

  it("commits a regulator's own personal details, endorsed by the regulator's organization alone", async () => {
    const fabric = new InMemoryFabric();
    const inspector = fabric.client(fabric.user('RegulatorMSP', 'inspector'));
    try {
      const registered = await inspector
        .identity()
        .registerIdentity(
          { kind: 'person' },
          { transient: { person: { displayName: 'Wang Fang', salt: 'salt-salt-salt-salt' } } },
        );
      expect(registered.result.displayNameHash).toBe(registered.details?.result.displayNameHash);
      expect(fabric.transactions().map((tx) => [tx.eventName, tx.validationCode])).toEqual([
        ['IdentityDetailsStored', 0],
        ['IdentityRegistered', 0],
      ]);
    } finally {
      inspector.close();
    }
  });
});
