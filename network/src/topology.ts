import * as fs from 'node:fs';
import { parse } from 'yaml';

/** What a node does in the network. */
export type NodeKind = 'orderer' | 'peer';

/** An organization as written in a topology file. */
export interface OrgConfig {
  /** Short name used in commands and folders, e.g. `exchange`. */
  readonly name: string;
  /** The organization's MSP ID, e.g. `ExchangeMSP`: unique, letters and digits, starting with a letter. */
  readonly mspId: string;
  /** Whether the org runs orderers (exactly one org does) or peers. */
  readonly kind: NodeKind;
  /** How many orderers or peers the org runs. */
  readonly nodes: number;
}

/** The network as written in a topology file (or the defaults). */
export interface TopologyConfig {
  /** The one application channel, e.g. `ndi`: lowercase `[a-z0-9.-]`, starting with a letter. */
  readonly channel: string;
  /** DNS-style suffix of node names, e.g. `ndi.local` gives `peer0.exchange.ndi.local`. */
  readonly domain: string;
  /** The first port; every port the network listens on is derived from it. */
  readonly basePort: number;
  /** The organizations: exactly one orderer org and at least one peer org; each takes a block of 20 ports. */
  readonly orgs: readonly OrgConfig[];
}

/** The ports one node listens on, all on 127.0.0.1. */
export interface NodePorts {
  /** Peer or orderer gRPC endpoint. */
  readonly listen: number;
  /** Peer: chaincode listener; orderer: channel participation (osnadmin) endpoint. */
  readonly secondary: number;
  /** Operations endpoint (health, metrics). */
  readonly operations: number;
}

/** One orderer or peer. */
export interface NodeSpec {
  /** `peer0.exchange`, `orderer1.orderer`. */
  readonly id: string;
  /** Host name in TLS certificates, `peer0.exchange.ndi.local`. */
  readonly host: string;
  /** The organization that runs it. */
  readonly org: OrgSpec;
  /** Orderer or peer, the same as its org's kind. */
  readonly kind: NodeKind;
  /** Its number within the org, from 0: `peer1.exchange` has index 1. */
  readonly index: number;
  /** The ports it listens on. */
  readonly ports: NodePorts;
}

/** An organization with its CA and nodes resolved. */
export interface OrgSpec extends OrgConfig {
  /** The org's DNS suffix, `<name>.<topology domain>`, e.g. `exchange.ndi.local`. */
  readonly domain: string;
  /** Its Fabric CA's listen port (TLS), on 127.0.0.1: the first port of the org's block. */
  readonly caPort: number;
  /** Its Fabric CA's operations port (health, metrics): the second port of the org's block. */
  readonly caOperationsPort: number;
  /** Filled once nodes are created; the first peer is the anchor peer. */
  readonly nodeSpecs: NodeSpec[];
}

/** The resolved network: every org, node and port. */
export interface Topology {
  /** The one application channel, e.g. `ndi`. */
  readonly channel: string;
  /** DNS-style suffix of every host name, e.g. `ndi.local`. */
  readonly domain: string;
  /** The first port; org `i` owns ports `basePort + 20·i` to `basePort + 20·i + 19`. */
  readonly basePort: number;
  /** Every organization, in topology-file order. */
  readonly orgs: readonly OrgSpec[];
  /** Every orderer and peer of every org, in org order. */
  readonly nodes: readonly NodeSpec[];
}

/** The default: a Raft orderer org with 3 nodes; the exchange (2 peers), an enterprise and the regulator. */
export const defaultTopology: TopologyConfig = {
  channel: 'ndi',
  domain: 'ndi.local',
  basePort: 27000,
  orgs: [
    { name: 'orderer', mspId: 'OrdererMSP', kind: 'orderer', nodes: 3 },
    { name: 'exchange', mspId: 'ExchangeMSP', kind: 'peer', nodes: 2 },
    { name: 'enterprise', mspId: 'EnterpriseMSP', kind: 'peer', nodes: 1 },
    { name: 'regulator', mspId: 'RegulatorMSP', kind: 'peer', nodes: 1 },
  ],
};

/** Each org gets a block of this many ports: CA, CA operations, then 3 per node. */
export const portsPerOrg = 20;
const maxNodesPerOrg = Math.floor((portsPerOrg - 2) / 3);

/**
 * Reads the topology: `NDI_TOPOLOGY` names a YAML or JSON file overriding the defaults, and
 * `NDI_BASE_PORT` moves every port. Invalid values are refused with the field named.
 */
export function loadTopology(env: NodeJS.ProcessEnv = process.env): Topology {
  let config: TopologyConfig = defaultTopology;
  if (env.NDI_TOPOLOGY !== undefined && env.NDI_TOPOLOGY !== '') {
    const text = fs.readFileSync(env.NDI_TOPOLOGY, 'utf8');
    config = { ...defaultTopology, ...(parse(text) as Partial<TopologyConfig>) };
  }
  if (env.NDI_BASE_PORT !== undefined && env.NDI_BASE_PORT !== '') {
    config = { ...config, basePort: Number(env.NDI_BASE_PORT) };
  }
  return resolveTopology(config);
}

/** Validates a topology and derives every node, host name and port from it. */
export function resolveTopology(config: TopologyConfig): Topology {
  const { channel, domain, basePort, orgs } = config;
  if (!/^[a-z][a-z0-9.-]{0,248}$/.test(channel)) {
    throw new Error(`topology.channel '${channel}' is not a valid channel name (lowercase, [a-z0-9.-])`);
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
    throw new Error(`topology.domain '${domain}' is not a valid DNS name`);
  }
  const lastPort = basePort + orgs.length * portsPerOrg - 1;
  if (!Number.isInteger(basePort) || basePort < 1024 || lastPort > 65535) {
    throw new Error(
      `topology.basePort ${basePort} must be an integer with ${basePort}..${lastPort} within 1024..65535`,
    );
  }
  if (orgs.filter((o) => o.kind === 'orderer').length !== 1) {
    throw new Error('topology.orgs must hold exactly one orderer org');
  }
  if (!orgs.some((o) => o.kind === 'peer')) {
    throw new Error('topology.orgs must hold at least one peer org');
  }
  const names = new Set<string>();
  const mspIds = new Set<string>();
  const resolvedOrgs: OrgSpec[] = orgs.map((org, i) => {
    const field = `topology.orgs[${i}]`;
    if (!/^[a-z][a-z0-9]{0,30}$/.test(org.name) || names.has(org.name)) {
      throw new Error(`${field}.name '${org.name}' must be unique, lowercase letters and digits`);
    }
    if (!/^[A-Za-z][A-Za-z0-9]{0,62}$/.test(org.mspId) || mspIds.has(org.mspId)) {
      throw new Error(`${field}.mspId '${org.mspId}' must be unique, letters and digits`);
    }
    if (!Number.isInteger(org.nodes) || org.nodes < 1 || org.nodes > maxNodesPerOrg) {
      throw new Error(`${field}.nodes must be an integer in 1..${maxNodesPerOrg}`);
    }
    if (org.kind !== 'orderer' && org.kind !== 'peer') {
      throw new Error(`${field}.kind must be 'orderer' or 'peer'`);
    }
    names.add(org.name);
    mspIds.add(org.mspId);
    const block = basePort + i * portsPerOrg;
    return {
      ...org,
      domain: `${org.name}.${domain}`,
      caPort: block,
      caOperationsPort: block + 1,
      nodeSpecs: [],
    };
  });
  const nodes: NodeSpec[] = [];
  for (const org of resolvedOrgs) {
    const block = org.caPort;
    for (let index = 0; index < org.nodes; index++) {
      const first = block + 2 + index * 3;
      const node: NodeSpec = {
        id: `${org.kind}${index}.${org.name}`,
        host: `${org.kind}${index}.${org.domain}`,
        org,
        kind: org.kind,
        index,
        ports: { listen: first, secondary: first + 1, operations: first + 2 },
      };
      org.nodeSpecs.push(node);
      nodes.push(node);
    }
  }
  return { channel, domain, basePort, orgs: resolvedOrgs, nodes };
}

/** The org named `name`; throws listing the known names. */
export function findOrg(topology: Topology, name: string): OrgSpec {
  const org = topology.orgs.find((o) => o.name === name || o.mspId === name);
  if (org === undefined) {
    throw new Error(`unknown org '${name}'; known: ${topology.orgs.map((o) => o.name).join(', ')}`);
  }
  return org;
}

/** The orderer org. */
export function ordererOrg(topology: Topology): OrgSpec {
  return topology.orgs.find((o) => o.kind === 'orderer') as OrgSpec;
}

/** Every peer org. */
export function peerOrgs(topology: Topology): OrgSpec[] {
  return topology.orgs.filter((o) => o.kind === 'peer');
}

/** Every port the network listens on, with what listens there. */
export function allPorts(topology: Topology): { port: number; owner: string }[] {
  const ports: { port: number; owner: string }[] = [];
  for (const org of topology.orgs) {
    ports.push(
      { port: org.caPort, owner: `ca.${org.name}` },
      { port: org.caOperationsPort, owner: `ca.${org.name} operations` },
    );
  }
  for (const node of topology.nodes) {
    const secondary = node.kind === 'peer' ? 'chaincode listener' : 'admin (osnadmin)';
    ports.push(
      { port: node.ports.listen, owner: node.id },
      { port: node.ports.secondary, owner: `${node.id} ${secondary}` },
      { port: node.ports.operations, owner: `${node.id} operations` },
    );
  }
  return ports;
}
