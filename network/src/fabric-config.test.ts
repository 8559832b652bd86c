import { Layout } from './layout';
import { builderName, configtxYaml, ordererYaml, peerCoreYaml, setKey } from './fabric-config';
import { loadTopology } from './topology';

/** The sections of Fabric's sampleconfig the generators touch, trimmed to what the tests need. */
const coreBase = {
  peer: { gossip: {}, tls: { cert: {}, key: {}, rootcert: {} }, gateway: {} },
  vm: {},
  chaincode: {},
  ledger: { state: {}, snapshots: {} },
  operations: { tls: { cert: {}, key: {}, clientRootCAs: {} } },
  metrics: {},
};
const ordererBase = {
  General: { TLS: {}, Cluster: {}, BootstrapMethod: 'file' },
  FileLedger: {},
  Operations: { TLS: {} },
  Metrics: {},
  Admin: { TLS: {} },
  ChannelParticipation: { Enabled: false },
};

/** The value at a dotted path of a generated config. */
function at(config: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
}

describe('fabric config', () => {
  const topology = loadTopology({});
  const layout = new Layout('/rt');
  const peer = topology.nodes[4]; // peer1.exchange
  const orderer = topology.nodes[0]; // orderer0.orderer

  it('refuses a key whose section the base config lacks (Fabric reads config strictly)', () => {
    expect(() => setKey({ peer: {} }, 'peer.gossip.bootstrap', 'x')).toThrow(/no section 'peer.gossip'/);
  });

  it('configures a peer: its ports, TLS, gateway, LevelDB, no Docker, the ndi-node builder', () => {
    const core = peerCoreYaml(coreBase, peer, topology, layout);
    expect(peer.id).toBe('peer1.exchange');
    expect(core.peer).toMatchObject({
      id: 'peer1.exchange',
      localMspId: 'ExchangeMSP',
      listenAddress: `127.0.0.1:${peer.ports.listen}`,
      chaincodeListenAddress: `127.0.0.1:${peer.ports.secondary}`,
      fileSystemPath: '/rt/nodes/peer1.exchange/ledger',
      gateway: { enabled: true },
      tls: { enabled: true, key: { file: '/rt/nodes/peer1.exchange/tls/server.key' } },
    });
    // Gossip bootstraps from the org's first peer and advertises itself to other orgs.
    expect(at(core, 'peer.gossip.bootstrap')).toBe(`127.0.0.1:${topology.nodes[3].ports.listen}`);
    expect(at(core, 'peer.gossip.externalEndpoint')).toBe(`127.0.0.1:${peer.ports.listen}`);
    expect(at(core, 'vm.endpoint')).toBe('');
    expect(at(core, 'ledger.state.stateDatabase')).toBe('goleveldb');
    expect(at(core, 'chaincode.externalBuilders.0.name')).toBe(builderName);
    expect(at(core, 'operations.listenAddress')).toBe(`127.0.0.1:${peer.ports.operations}`);
    expect(at(core, 'ledger.snapshots.rootDir')).toBe(`/rt/nodes/${peer.id}/snapshots`);
    expect(coreBase.peer).not.toHaveProperty('id'); // the base is not mutated
  });

  it('configures an orderer for the channel participation API with mutual TLS on its admin port', () => {
    const yaml = ordererYaml(ordererBase, orderer, layout);
    expect(at(yaml, 'General.BootstrapMethod')).toBe('none');
    expect(at(yaml, 'General.ListenPort')).toBe(orderer.ports.listen);
    expect(at(yaml, 'Admin.ListenAddress')).toBe(`127.0.0.1:${orderer.ports.secondary}`);
    expect(at(yaml, 'Admin.TLS.ClientAuthRequired')).toBe(true);
    expect(at(yaml, 'ChannelParticipation.Enabled')).toBe(true);
    const v3Base = { ...ordererBase, General: { TLS: {}, Cluster: {} } };
    expect(at(ordererYaml(v3Base, orderer, layout), 'General')).not.toHaveProperty('BootstrapMethod');
    // A sample without the flag (the orderer refuses unknown keys) gets none.
    const noFlag = { ...ordererBase, ChannelParticipation: {} as Record<string, unknown> };
    expect(at(ordererYaml(noFlag, orderer, layout), 'ChannelParticipation')).toEqual({});
  });

  it('writes a channel profile with Raft on every orderer, anchor peers and MAJORITY endorsement', () => {
    const configtx = configtxYaml(topology, layout);
    const profile = at(configtx, 'Profiles.NdiChannel');
    expect(at(profile, 'Capabilities')).toEqual({ V2_0: true });
    expect(at(profile, 'Orderer.EtcdRaft.Consenters')).toHaveLength(3);
    expect((at(profile, 'Application.Organizations') as { ID: string }[]).map((o) => o.ID)).toEqual([
      'ExchangeMSP',
      'EnterpriseMSP',
      'RegulatorMSP',
    ]);
    expect(at(profile, 'Application.Policies.Endorsement.Rule')).toBe('MAJORITY Endorsement');
    expect(at(profile, 'Application.Policies.LifecycleEndorsement.Rule')).toBe('MAJORITY Endorsement');
    const exchange = (configtx.Organizations as { ID: string }[]).find((o) => o.ID === 'ExchangeMSP');
    expect(at(exchange, 'AnchorPeers')).toEqual([{ Host: '127.0.0.1', Port: topology.nodes[3].ports.listen }]);
    expect(at(exchange, 'Policies.Endorsement.Rule')).toBe("OR('ExchangeMSP.peer')");
  });
});
