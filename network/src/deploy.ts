import * as fs from 'node:fs';
import { FabricBinaries, ProgressListener } from './binaries';
import { ChaincodePackage, ChaincodeWorkspace, buildPackage, findChaincodes } from './chaincode-package';
import { exec } from './exec';
import { Network, retry } from './network';
import { ordererArgs, peerCli } from './peer-cli';
import { repoRoot } from './paths';
import type { Layout } from './layout';
import { NodeSpec, OrgSpec, Topology, peerOrgs } from './topology';

/** What `deploy` did with one chaincode. */
export interface DeployResult {
  readonly name: string;
  readonly label: string;
  readonly sequence: number;
  readonly action: 'committed' | 'upgraded' | 'unchanged';
}

interface Committed {
  sequence: number;
  version: string;
}

/**
 * Builds every chaincode workspace, packages each one, installs it on every peer, approves it
 * for every org and commits it with the channel's MAJORITY endorsement policy (plus its
 * collections config), then waits until it answers on every peer. A changed chaincode is
 * upgraded (sequence + 1); an unchanged one is left alone.
 */
export async function deploy(
  network: Network,
  progress: ProgressListener,
  only?: readonly string[],
): Promise<DeployResult[]> {
  if (!network.exists()) {
    throw new Error("no network is running; run 'npm run network -- up' first");
  }
  const bins = await network.binaries();
  const workspaces = findChaincodes().filter((w) => only === undefined || only.includes(w.name));
  if (workspaces.length === 0) {
    throw new Error(`no chaincode workspace under chaincode/${only ? ` named ${only.join(', ')}` : ''}`);
  }
  progress(`building ${workspaces.map((w) => w.name).join(', ')}`);
  await exec('npx', ['tsc', '-b', ...workspaces.map((w) => w.dir)], { cwd: repoRoot, describe: 'tsc -b' });
  fs.mkdirSync(network.layout.packages(), { recursive: true });
  const results: DeployResult[] = [];
  for (const workspace of workspaces) {
    const pkg = await buildPackage(workspace, network.layout.packages());
    results.push(await deployOne(network, bins, pkg, progress));
  }
  return results;
}

async function deployOne(
  network: Network,
  bins: FabricBinaries,
  pkg: ChaincodePackage,
  progress: ProgressListener,
): Promise<DeployResult> {
  const { topology, layout } = network;
  const cli: PeerCli = (org, args, peer = org.nodeSpecs[0]) =>
    peerCli(topology, layout, bins.fabricBin, org, args, peer, 300_000);
  return deployPackage({ topology, layout, cli, progress }, pkg);
}

/** Runs the `peer` CLI as an org's admin against one of its peers (default: the first). */
export type PeerCli = (org: OrgSpec, args: string[], peer?: NodeSpec) => Promise<string>;

/** What {@link deployPackage} works with: the network's shape and a way to run the `peer` CLI. */
export interface DeployContext {
  readonly topology: Topology;
  readonly layout: Layout;
  readonly cli: PeerCli;
  readonly progress: ProgressListener;
}

/**
 * The lifecycle of one packaged chaincode: nothing if the committed definition already runs this package;
 * otherwise install where missing, approve for every org (an approval already made for this sequence and
 * package counts as done, so a deploy interrupted between approval and commit can be run again), commit with the
 * next sequence, and wait until every peer answers `GetMetadata`.
 */
export async function deployPackage(context: DeployContext, pkg: ChaincodePackage): Promise<DeployResult> {
  const { topology, layout, cli, progress } = context;
  const name = pkg.workspace.name;
  const orgs = peerOrgs(topology);

  const committed = await queryCommitted(cli, orgs[0], topology.channel, name);
  if (
    committed !== undefined &&
    (await approvedPackage(cli, orgs[0], topology.channel, name, committed.sequence)) === pkg.packageId
  ) {
    progress(`${name}: unchanged (${pkg.label}, sequence ${committed.sequence})`);
    return { name, label: pkg.label, sequence: committed.sequence, action: 'unchanged' };
  }
  const sequence = (committed?.sequence ?? 0) + 1;
  for (const org of orgs) {
    for (const peer of org.nodeSpecs) {
      const installed = await cli(org, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'], peer);
      if (!installed.includes(pkg.packageId)) {
        progress(`${name}: installing ${pkg.label} on ${peer.id}`);
        await cli(org, ['lifecycle', 'chaincode', 'install', pkg.file], peer);
      }
    }
  }
  const definition = [
    '--channelID',
    topology.channel,
    '--name',
    name,
    '--version',
    pkg.label.slice(name.length + 1),
    '--sequence',
    String(sequence),
    ...(pkg.workspace.collectionsConfig ? ['--collections-config', pkg.workspace.collectionsConfig] : []),
  ];
  for (const org of orgs) {
    progress(`${name}: approving sequence ${sequence} for ${org.mspId}`);
    await cli(org, [
      'lifecycle',
      'chaincode',
      'approveformyorg',
      ...definition,
      '--package-id',
      pkg.packageId,
      ...ordererArgs(topology, layout),
    ]).catch((err: unknown) => {
      // Approved already, by an earlier run that stopped before the commit.
      if (!/redefine uncommitted sequence .* with unchanged content/.test((err as Error).message)) throw err;
      progress(`${name}: sequence ${sequence} was approved for ${org.mspId} already`);
    });
  }
  progress(`${name}: committing sequence ${sequence}`);
  const endorsers = orgs.flatMap((org) => [
    '--peerAddresses',
    `127.0.0.1:${org.nodeSpecs[0].ports.listen}`,
    '--tlsRootCertFiles',
    layout.caCert(org),
  ]);
  await cli(orgs[0], [
    'lifecycle',
    'chaincode',
    'commit',
    ...definition,
    ...endorsers,
    ...ordererArgs(topology, layout),
  ]);
  for (const org of orgs) {
    for (const peer of org.nodeSpecs) {
      progress(`${name}: waiting for it to answer on ${peer.id}`);
      await retry(
        () =>
          cli(
            org,
            [
              'chaincode',
              'query',
              '-C',
              topology.channel,
              '-n',
              name,
              '-c',
              '{"Args":["org.hyperledger.fabric:GetMetadata"]}',
            ],
            peer,
          ),
        120_000,
        2000,
      );
    }
  }
  return { name, label: pkg.label, sequence, action: committed === undefined ? 'committed' : 'upgraded' };
}

type Cli = PeerCli;

/** Whether a `querycommitted` failure means the chaincode has no committed definition (rather than a real error). */
export function isNotCommitted(message: string): boolean {
  return /status: 404|namespace \S+ is not defined|not found|does not exist/i.test(message);
}

async function queryCommitted(cli: Cli, org: OrgSpec, channel: string, name: string): Promise<Committed | undefined> {
  try {
    const out = await cli(org, ['lifecycle', 'chaincode', 'querycommitted', '-C', channel, '-n', name, '-O', 'json']);
    return JSON.parse(out) as Committed;
  } catch (err) {
    // A chaincode never committed: `_lifecycle` answers 404 "namespace <name> is not defined".
    if (isNotCommitted((err as Error).message)) {
      return undefined;
    }
    throw err;
  }
}

async function approvedPackage(
  cli: Cli,
  org: OrgSpec,
  channel: string,
  name: string,
  sequence: number,
): Promise<string | undefined> {
  const out = await cli(org, [
    'lifecycle',
    'chaincode',
    'queryapproved',
    '-C',
    channel,
    '-n',
    name,
    '--sequence',
    String(sequence),
    '-O',
    'json',
  ]);
  const approved = JSON.parse(out) as { source?: { Type?: { LocalPackage?: { package_id?: string } } } };
  return approved.source?.Type?.LocalPackage?.package_id;
}

/** The chaincodes deploy would handle, for `status` and docs. */
export function chaincodeNames(): string[] {
  return findChaincodes().map((w: ChaincodeWorkspace) => w.name);
}
