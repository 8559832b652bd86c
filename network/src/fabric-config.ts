import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { Layout } from './layout';
import { repoRoot } from './paths';
import { NodeSpec, Topology, ordererOrg, peerOrgs } from './topology';

type Yaml = Record<string, unknown>;

/** The external builder that lets peers build and run node chaincode without Docker. */
export const builderName = 'ndi-node';
/** Its folder, holding `bin/detect`, `bin/build`, `bin/release`, `bin/run`. */
export const builderDir = path.join(repoRoot, 'network', 'builders', builderName);

/** Orderer block cutting, tuned for a small test network (see docs/network.md). */
export const batchDefaults = { batchTimeout: '500ms', maxMessageCount: 100 };

/**
 * Sets `value` at a dotted path of a parsed Fabric config file. The parent must exist in the
 * base file: Fabric reads its config strictly, so a misspelt key is a bug to catch here.
 */
export function setKey(config: Yaml, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cursor: Yaml = config;
  for (const part of parts.slice(0, -1)) {
    const next = cursor[part];
    if (next === null || typeof next !== 'object') {
      throw new Error(`base config has no section '${dotted.slice(0, dotted.indexOf(part) + part.length)}'`);
    }
    cursor = next as Yaml;
  }
  cursor[parts[parts.length - 1]] = value;
}

function readYaml(file: string): Yaml {
  return parse(fs.readFileSync(file, 'utf8')) as Yaml;
}

const local = (port: number): string => `127.0.0.1:${port}`;

/**
 * A peer's core.yaml: Fabric's sample configuration with this node's identity, ports, TLS,
 * LevelDB state, gossip endpoints, the gateway on, Docker off and the `ndi-node` builder.
 */
export function peerCoreYaml(base: Yaml, node: NodeSpec, topology: Topology, layout: Layout): Yaml {
  const config = structuredClone(base);
  const home = layout.nodeHome(node);
  const tls = layout.nodeTls(node);
  const firstPeer = node.org.nodeSpecs[0];
  const set = (key: string, value: unknown): void => setKey(config, key, value);
  set('peer.id', node.id);
  set('peer.networkId', topology.channel);
  set('peer.listenAddress', local(node.ports.listen));
  set('peer.address', local(node.ports.listen));
  set('peer.chaincodeListenAddress', local(node.ports.secondary));
  set('peer.chaincodeAddress', local(node.ports.secondary));
  set('peer.mspConfigPath', path.join(home, 'msp'));
  set('peer.localMspId', node.org.mspId);
  set('peer.fileSystemPath', path.join(home, 'ledger'));
  set('peer.gossip.bootstrap', local(firstPeer.ports.listen));
  set('peer.gossip.endpoint', local(node.ports.listen));
  // Other orgs learn this peer (and discovery returns it) only through its external endpoint.
  set('peer.gossip.externalEndpoint', local(node.ports.listen));
  set('peer.gossip.useLeaderElection', true);
  set('peer.gossip.orgLeader', false);
  set('peer.tls.enabled', true);
  set('peer.tls.clientAuthRequired', false);
  set('peer.tls.cert.file', path.join(tls, 'server.crt'));
  set('peer.tls.key.file', path.join(tls, 'server.key'));
  set('peer.tls.rootcert.file', path.join(tls, 'ca.crt'));
  set('peer.gateway.enabled', true);
  set('vm.endpoint', '');
  set('chaincode.externalBuilders', [
    { name: builderName, path: builderDir, propagateEnvironment: ['NDI_CHAINCODE_LOG_DIR', 'NDI_NODE_ID', 'HOME'] },
  ]);
  set('chaincode.installTimeout', '300s');
  set('chaincode.startuptimeout', '120s');
  set('chaincode.executetimeout', '30s');
  set('ledger.state.stateDatabase', 'goleveldb');
  // The sample's absolute /var/hyperledger/production/snapshots is not writable for a normal user, and shared by
  // every peer of the machine: the peer recreates <rootDir>/temp on each start.
  set('ledger.snapshots.rootDir', path.join(home, 'snapshots'));
  set('operations.listenAddress', local(node.ports.operations));
  set('operations.tls.enabled', true);
  set('operations.tls.cert.file', path.join(tls, 'server.crt'));
  set('operations.tls.key.file', path.join(tls, 'server.key'));
  set('operations.tls.clientAuthRequired', false);
  set('operations.tls.clientRootCAs.files', [path.join(tls, 'ca.crt')]);
  set('metrics.provider', 'prometheus');
  return config;
}

/**
 * An orderer's orderer.yaml: no system channel (channel participation API on its own admin
 * port, mutual TLS), Raft over the node's TLS certificate, file ledger under the node's home.
 */
export function ordererYaml(base: Yaml, node: NodeSpec, layout: Layout): Yaml {
  const config = structuredClone(base);
  const home = layout.nodeHome(node);
  const tls = layout.nodeTls(node);
  const set = (key: string, value: unknown): void => setKey(config, key, value);
  set('General.ListenAddress', '127.0.0.1');
  set('General.ListenPort', node.ports.listen);
  set('General.TLS.Enabled', true);
  set('General.TLS.PrivateKey', path.join(tls, 'server.key'));
  set('General.TLS.Certificate', path.join(tls, 'server.crt'));
  set('General.TLS.RootCAs', [path.join(tls, 'ca.crt')]);
  set('General.TLS.ClientAuthRequired', false);
  set('General.Cluster.ClientCertificate', path.join(tls, 'server.crt'));
  set('General.Cluster.ClientPrivateKey', path.join(tls, 'server.key'));
  // No system channel: 2.5 needs 'none' set; Fabric 3 keeps the key (deprecated, 'none' is the only value).
  if ((config.General as Yaml | undefined)?.BootstrapMethod !== undefined) {
    set('General.BootstrapMethod', 'none');
  }
  set('General.LocalMSPDir', path.join(home, 'msp'));
  set('General.LocalMSPID', node.org.mspId);
  set('FileLedger.Location', path.join(home, 'ledger'));
  set('Consensus', { WALDir: path.join(home, 'etcdraft', 'wal'), SnapDir: path.join(home, 'etcdraft', 'snapshot') });
  set('Operations.ListenAddress', local(node.ports.operations));
  set('Operations.TLS.Enabled', true);
  set('Operations.TLS.Certificate', path.join(tls, 'server.crt'));
  set('Operations.TLS.PrivateKey', path.join(tls, 'server.key'));
  set('Operations.TLS.ClientAuthRequired', false);
  set('Metrics.Provider', 'prometheus');
  set('Admin.ListenAddress', local(node.ports.secondary));
  set('Admin.TLS.Enabled', true);
  set('Admin.TLS.Certificate', path.join(tls, 'server.crt'));
  set('Admin.TLS.PrivateKey', path.join(tls, 'server.key'));
  set('Admin.TLS.RootCAs', [path.join(tls, 'ca.crt')]);
  set('Admin.TLS.ClientAuthRequired', true);
  set('Admin.TLS.ClientRootCAs', [path.join(tls, 'ca.crt')]);
  // The orderer refuses unknown keys; set the flag only where the release's sample still has it.
  if ((config.ChannelParticipation as Yaml | undefined)?.Enabled !== undefined) {
    set('ChannelParticipation.Enabled', true);
  }
  return config;
}

function signaturePolicy(rule: string): Yaml {
  return { Type: 'Signature', Rule: rule };
}

function implicitMeta(rule: string): Yaml {
  return { Type: 'ImplicitMeta', Rule: rule };
}

/**
 * configtx.yaml for the application channel: every org with NodeOU-based policies, the peer
 * orgs' first peers as anchor peers, Raft consenters on every orderer, MAJORITY endorsement.
 */
export function configtxYaml(topology: Topology, layout: Layout): Yaml {
  const orderers = ordererOrg(topology);
  const organizations = topology.orgs.map((org) => {
    const id = org.mspId;
    const member = org.kind === 'orderer' ? `'${id}.member'` : `'${id}.admin', '${id}.peer', '${id}.client'`;
    const definition: Yaml = {
      Name: id,
      ID: id,
      MSPDir: layout.orgMsp(org),
      Policies: {
        Readers: signaturePolicy(`OR(${member})`),
        Writers: signaturePolicy(org.kind === 'orderer' ? `OR('${id}.member')` : `OR('${id}.admin', '${id}.client')`),
        Admins: signaturePolicy(`OR('${id}.admin')`),
        ...(org.kind === 'peer' ? { Endorsement: signaturePolicy(`OR('${id}.peer')`) } : {}),
      },
    };
    if (org.kind === 'orderer') {
      definition.OrdererEndpoints = org.nodeSpecs.map((n) => local(n.ports.listen));
    } else {
      definition.AnchorPeers = [{ Host: '127.0.0.1', Port: org.nodeSpecs[0].ports.listen }];
    }
    return definition;
  });
  // V3_0 is needed only for BFT ordering; V2_0 runs Raft on both 2.5 and 3.x and lets the
  // channel move between the two release lines.
  const channelCapability = 'V2_0';
  return {
    Organizations: organizations,
    Profiles: {
      NdiChannel: {
        Policies: {
          Readers: implicitMeta('ANY Readers'),
          Writers: implicitMeta('ANY Writers'),
          Admins: implicitMeta('MAJORITY Admins'),
        },
        Capabilities: { [channelCapability]: true },
        Orderer: {
          OrdererType: 'etcdraft',
          BatchTimeout: batchDefaults.batchTimeout,
          BatchSize: {
            MaxMessageCount: batchDefaults.maxMessageCount,
            AbsoluteMaxBytes: '99 MB',
            PreferredMaxBytes: '2 MB',
          },
          EtcdRaft: {
            Consenters: orderers.nodeSpecs.map((n) => ({
              Host: '127.0.0.1',
              Port: n.ports.listen,
              ClientTLSCert: path.join(layout.nodeTls(n), 'server.crt'),
              ServerTLSCert: path.join(layout.nodeTls(n), 'server.crt'),
            })),
          },
          Organizations: organizations.filter((o) => o.ID === orderers.mspId),
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            BlockValidation: implicitMeta('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: organizations.filter((o) => o.ID !== orderers.mspId),
          Policies: {
            Readers: implicitMeta('ANY Readers'),
            Writers: implicitMeta('ANY Writers'),
            Admins: implicitMeta('MAJORITY Admins'),
            LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
            Endorsement: implicitMeta('MAJORITY Endorsement'),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

/** Writes a node's config file (core.yaml or orderer.yaml) into its home and returns the folder. */
export function writeNodeConfig(node: NodeSpec, topology: Topology, layout: Layout, configDir: string): string {
  const home = layout.nodeHome(node);
  fs.mkdirSync(home, { recursive: true });
  if (node.kind === 'peer') {
    const config = peerCoreYaml(readYaml(path.join(configDir, 'core.yaml')), node, topology, layout);
    fs.writeFileSync(path.join(home, 'core.yaml'), stringify(config));
  } else {
    const config = ordererYaml(readYaml(path.join(configDir, 'orderer.yaml')), node, layout);
    fs.writeFileSync(path.join(home, 'orderer.yaml'), stringify(config));
  }
  return home;
}

/** Writes configtx.yaml into the channel folder and returns that folder. */
export function writeConfigtx(topology: Topology, layout: Layout): string {
  const dir = layout.channelDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'configtx.yaml'), stringify(configtxYaml(topology, layout)));
  return dir;
}

/** The peer orgs' MSP IDs, for the endorsement-policy and status output. */
export function peerMspIds(topology: Topology): string[] {
  return peerOrgs(topology).map((o) => o.mspId);
}
