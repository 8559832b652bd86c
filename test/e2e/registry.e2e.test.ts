import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError, NdiClient } from '../../gateway-client/src';
import { network } from './support/network';

const describeOnNetwork = process.env.NDI_NETWORK_UP === '1' ? describe : describe.skip;

/**
 * identity and data-registry on the real network, from different orgs: the regulator's admin
 * bootstraps a regulator; the exchange registers a dataset; an enterprise consumer is refused,
 * granted, records an access; the regulator checks integrity and revokes the consumer's role,
 * after which the consumer is refused again.
 */
describeOnNetwork('identity and data registry on the network', () => {
  const run = randomUUID().slice(0, 8);
  const clients: NdiClient[] = [];
  const connect = async (org: string, user: string): Promise<NdiClient> => {
    const client = await NdiClient.connect({
      profile: network.layout.connectionProfile(network.org(org)),
      identity: user,
    });
    clients.push(client);
    return client;
  };
  afterAll(() => clients.forEach((c) => c.close()));

  it('registers, refuses, grants, records, verifies and revokes across three orgs', async () => {
    const users = { provider: `provider-${run}`, consumer: `consumer-${run}`, inspector: `inspector-${run}` };
    await network.enroll('exchange', users.provider, false);
    await network.enroll('enterprise', users.consumer, false);
    await network.enroll('regulator', users.inspector, false);

    const provider = await connect('exchange', users.provider);
    const consumer = await connect('enterprise', users.consumer);
    const inspector = await connect('regulator', users.inspector);
    const exchangeAdmin = await connect('exchange', 'admin');
    const enterpriseAdmin = await connect('enterprise', 'admin');
    const regulatorAdmin = await connect('regulator', 'admin');

    const { result: providerId } = await provider
      .identity()
      .registerIdentity({ kind: 'service', displayName: 'Hospital data desk' });
    const { result: consumerId } = await consumer
      .identity()
      .registerIdentity({ kind: 'service', displayName: 'Credit analytics' });
    const { result: inspectorId } = await inspector
      .identity()
      .registerIdentity({ kind: 'service', displayName: 'Data inspection' });
    await exchangeAdmin.identity().grantRole(providerId.did, 'data-provider');
    await enterpriseAdmin.identity().grantRole(consumerId.did, 'data-consumer');
    await regulatorAdmin.identity().grantRole(inspectorId.did, 'regulator');

    const contentHash = createHash('sha256').update(`records ${run}`).digest('hex');
    const assetId = `emr-${run}`;
    const registered = await provider.dataRegistry().registerDataAsset({
      id: assetId,
      title: 'Outpatient records 2025 (de-identified)',
      category: 'healthcare',
      classification: 'important',
      contentHash,
      sizeBytes: '1073741824',
      format: 'parquet',
      storageUri: `s3://exchange/emr-${run}.parquet`,
      policy: {
        purposes: ['research'],
        allowedMsps: ['EnterpriseMSP', 'RegulatorMSP'],
        tradable: false,
        crossBorder: false,
      },
    });
    expect(registered.transactionId).toMatch(/^[0-9a-f]{64}$/);

    const refused = await consumer.dataRegistry().checkAccess(assetId, consumerId.did, 'research');
    expect(refused.allowed).toBe(false);
    await expect(consumer.dataRegistry().recordAccess(assetId, 'research', 'cd'.repeat(32))).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    const expiresAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    await provider.dataRegistry().grantAccess(assetId, {
      grantId: `g-${run}`,
      granteeDid: consumerId.did,
      purposes: ['research'],
      expiresAt,
    });
    expect((await consumer.dataRegistry().checkAccess(assetId, consumerId.did, 'research')).allowed).toBe(true);
    const access = await consumer.dataRegistry().recordAccess(assetId, 'research', 'cd'.repeat(32));
    expect(access.blockNumber).toBeGreaterThan(0n);

    // The regulator reads it all from its own peer.
    expect((await inspector.dataRegistry().verifyDataIntegrity(assetId, contentHash)).match).toBe('current');
    const records = await inspector.dataRegistry().listAccessRecords(assetId);
    expect(records.items.map((r) => r.accessorDid)).toContain(consumerId.did);

    await inspector.identity().revokeRole(consumerId.did, 'data-consumer', 'inspection finding');
    expect(await consumer.identity().hasRole(consumerId.did, 'data-consumer')).toBe(false);
    await expect(consumer.dataRegistry().recordAccess(assetId, 'research', 'ef'.repeat(32))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
