import * as path from 'node:path';
import { exec } from './exec';
import { Layout } from './layout';
import { NodeSpec, OrgSpec, Topology, ordererOrg } from './topology';

/**
 * The environment under which Fabric's `peer` CLI acts as an org's admin against one of its
 * peers and the first orderer. `npm run network -- env <org>` prints the same variables.
 */
export function adminEnv(
  topology: Topology,
  layout: Layout,
  fabricBin: string,
  org: OrgSpec,
  peer: NodeSpec = org.nodeSpecs[0],
): Record<string, string> {
  const orderers = ordererOrg(topology);
  return {
    PATH: `${fabricBin}${path.delimiter}${process.env.PATH ?? ''}`,
    // The peer node's own core.yaml carries the client-side settings the CLI reads.
    FABRIC_CFG_PATH: layout.nodeHome(peer),
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: layout.adminMsp(org),
    CORE_PEER_ADDRESS: `127.0.0.1:${peer.ports.listen}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: layout.caCert(org),
    ORDERER_ADDRESS: `127.0.0.1:${orderers.nodeSpecs[0].ports.listen}`,
    ORDERER_CA: layout.caCert(orderers),
  };
}

/**
 * The environment without the caller's own Fabric settings (`CORE_*`, `ORDERER_*`, `FABRIC_CFG_PATH`): a stray
 * `CORE_PEER_TLS_CLIENTAUTHREQUIRED` in the user's shell must not change what the network's commands do.
 */
export function withoutFabricSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^(CORE_|ORDERER_)/.test(name) && name !== 'FABRIC_CFG_PATH'),
  );
}

/** Runs `peer <args>` as an org admin against `peer` (default: the org's first peer). */
export function peerCli(
  topology: Topology,
  layout: Layout,
  fabricBin: string,
  org: OrgSpec,
  args: string[],
  peer?: NodeSpec,
  timeoutMs = 120_000,
): Promise<string> {
  return exec(path.join(fabricBin, 'peer'), args, {
    env: { ...withoutFabricSettings(process.env), ...adminEnv(topology, layout, fabricBin, org, peer) },
    timeoutMs,
    describe: `peer ${args.slice(0, 3).join(' ')} as ${org.mspId}${peer === undefined ? '' : ` on ${peer.id}`}`,
  });
}

/** The arguments that point a `peer` command at the ordering service over TLS. */
export function ordererArgs(topology: Topology, layout: Layout): string[] {
  const orderers = ordererOrg(topology);
  return [
    '--orderer',
    `127.0.0.1:${orderers.nodeSpecs[0].ports.listen}`,
    '--ordererTLSHostnameOverride',
    orderers.nodeSpecs[0].host,
    '--tls',
    '--cafile',
    layout.caCert(orderers),
  ];
}

/** Shell `export` lines for `eval "$(npm run --silent network -- env <org>)"`. */
export function formatExports(vars: Record<string, string>): string {
  const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  return Object.entries(vars)
    .map(([k, v]) => `export ${k}=${quote(v)}`)
    .join('\n');
}
