import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabricBinaries, ProgressListener, resolveBinaries, resolveCaBinaries } from './binaries';
import { OrgCa } from './ca';
import { writeConnectionProfile } from './connection-profile';
import { exec } from './exec';
import { writeConfigtx, writeNodeConfig } from './fabric-config';
import { Layout } from './layout';
import { adminEnv, peerCli } from './peer-cli';
import { assertPortsFree, waitForPort } from './ports';
import { runtimeDir } from './paths';
import { ProcessRecord, isRunning, listRecords, readRecord, sleep, startProcess, stopProcess } from './processes';
import { selectRelease } from './releases';
import { NodeSpec, OrgSpec, Topology, allPorts, findOrg, loadTopology, ordererOrg, peerOrgs } from './topology';
import { type OnboardingOutcome, onboardUser } from './user-onboarding';

/** What `network.json` records about a network that finished coming up once. */
interface NetworkState {
  readonly channel: string;
  readonly basePort: number;
  readonly fabricVersion: string;
  readonly createdAt: string;
}

/** One line of `status`. */
export interface NodeStatus {
  /** The process: `ca.<org>` for a Fabric CA, the node ID (e.g. `peer0.exchange`) for an orderer or peer. */
  readonly name: string;
  /** Whether the recorded process is alive (same PID and start time as when it was started). */
  readonly running: boolean;
  /** Its process ID, when it runs. */
  readonly pid?: number;
  /** A running peer's block height on the channel (the number of blocks it holds); absent for CAs and orderers. */
  readonly height?: number;
  /** Why the height could not be read, when `peer channel getinfo` failed. */
  readonly detail?: string;
}

/**
 * The network on this machine: Fabric CAs, Raft orderers and peers as native processes, all
 * state under one runtime folder. Every process it starts is recorded by PID and start time,
 * and only those are ever stopped.
 */
export class Network {
  /** Paths of everything under {@link runtime}. */
  readonly layout: Layout;

  /**
   * Describes the network; starts nothing.
   *
   * @param topology - orgs, nodes and ports; by default {@link loadTopology}'s (`NDI_TOPOLOGY`, `NDI_BASE_PORT`)
   * @param runtime - absolute path of the folder holding crypto material, ledgers, logs and PID records; by
   *   default `NDI_RUNTIME_DIR` or `network/.runtime`
   * @param progress - called with one line of text as each step starts
   */
  constructor(
    readonly topology: Topology = loadTopology(),
    readonly runtime: string = runtimeDir(),
    private readonly progress: ProgressListener = () => undefined,
  ) {
    this.layout = new Layout(runtime);
  }

  /** Resolves (building on first use) the Fabric and Fabric CA programs. */
  binaries(): Promise<FabricBinaries> {
    return resolveBinaries({ release: selectRelease(), onProgress: this.progress });
  }

  /** Resolves only the Fabric CA programs (enough for enrollment). */
  caBinaries(): Promise<{
    /** The folder holding `fabric-ca-server` and `fabric-ca-client`. */
    caBin: string;
  }> {
    return resolveCaBinaries({ release: selectRelease(), onProgress: this.progress });
  }

  /** Whether a previous `up` finished creating this network. */
  exists(): boolean {
    return fs.existsSync(this.layout.stateFile());
  }

  /**
   * Brings the network up. A running network is left as it is; stopped nodes of an existing
   * network are restarted with their ledgers; a new network gets crypto material from its CAs,
   * a genesis block, orderers joined through the channel participation API and every peer joined.
   * A failure while creating stops whatever this call started.
   */
  async up(): Promise<'running' | 'restarted' | 'created'> {
    if (!this.exists() && fs.existsSync(this.runtime) && fs.readdirSync(this.runtime).length > 0) {
      throw new Error(
        `${this.runtime} holds a network that never finished coming up; run 'npm run network -- down' first`,
      );
    }
    const bins = await this.binaries();
    const down = this.processNames().filter((name) => {
      const record = readRecord(this.runtime, name);
      return record === undefined || !isRunning(record);
    });
    if (this.exists() && down.length === 0) {
      return 'running';
    }
    await assertPortsFree(allPorts(this.topology).filter((p) => down.some((name) => p.owner.startsWith(name))));
    const started: ProcessRecord[] = [];
    try {
      if (this.exists()) {
        this.progress(`restarting ${down.join(', ')}`);
        await this.startCas(bins, down, started);
        await this.startNodes(bins, down, started);
        return 'restarted';
      }
      await this.create(bins, started);
      return 'created';
    } catch (err) {
      for (const record of started.reverse()) {
        await stopProcess(this.runtime, record);
      }
      throw err;
    }
  }

  private async create(bins: FabricBinaries, started: ProcessRecord[]): Promise<void> {
    const all = this.processNames();
    this.progress('starting one Fabric CA per org');
    await this.startCas(bins, all, started);
    const cas = this.topology.orgs.map((org) => new OrgCa(org, this.layout, bins.caBin));
    this.progress('enrolling nodes, admins and users (enrollment and TLS certificates with NodeOUs)');
    for (const ca of cas) {
      await ca.enrollRegistrar();
      ca.writeOrgMsp();
      for (const node of ca.org.nodeSpecs) {
        await ca.enrollNode(node);
      }
      await ca.registerAndEnroll('admin', 'admin', this.layout.adminMsp(ca.org));
      await ca.enrollTls('admin', this.layout.userTls(ca.org, 'admin'), ['localhost', '127.0.0.1']);
      if (ca.org.kind === 'peer') {
        await ca.registerAndEnroll('user1', 'client', this.layout.userMsp(ca.org, 'user1'));
      }
    }
    for (const node of this.topology.nodes) {
      writeNodeConfig(node, this.topology, this.layout, bins.configDir);
    }
    this.progress(`creating the genesis block of channel '${this.topology.channel}'`);
    const channelDir = writeConfigtx(this.topology, this.layout);
    const block = path.join(channelDir, `${this.topology.channel}.block`);
    await exec(
      path.join(bins.fabricBin, 'configtxgen'),
      ['-configPath', channelDir, '-profile', 'NdiChannel', '-channelID', this.topology.channel, '-outputBlock', block],
      { env: { ...process.env, FABRIC_CFG_PATH: channelDir }, describe: 'configtxgen' },
    );
    await this.startNodes(bins, all, started);
    const orderers = ordererOrg(this.topology);
    this.progress(`joining ${orderers.nodeSpecs.length} orderers to '${this.topology.channel}' (osnadmin)`);
    const adminTls = this.layout.userTls(orderers, 'admin');
    for (const node of orderers.nodeSpecs) {
      const reply = await exec(
        path.join(bins.fabricBin, 'osnadmin'),
        [
          'channel',
          'join',
          '--channelID',
          this.topology.channel,
          '--config-block',
          block,
          '-o',
          `127.0.0.1:${node.ports.secondary}`,
          '--ca-file',
          this.layout.caCert(orderers),
          '--client-cert',
          path.join(adminTls, 'server.crt'),
          '--client-key',
          path.join(adminTls, 'server.key'),
        ],
        { describe: `osnadmin channel join on ${node.id}` },
      );
      checkOsnadminJoin(reply, node.id);
    }
    this.progress('joining every peer');
    for (const org of peerOrgs(this.topology)) {
      for (const peer of org.nodeSpecs) {
        await retry(
          () =>
            peerCli(this.topology, this.layout, bins.fabricBin, org, ['channel', 'join', '-b', block], peer).catch(
              (err: unknown) => {
                // An earlier attempt that timed out on the client may have joined it.
                if (/already exists/i.test((err as Error).message)) return '';
                throw err;
              },
            ),
          30_000,
        );
      }
    }
    for (const org of peerOrgs(this.topology)) {
      writeConnectionProfile(this.topology, this.layout, org);
    }
    const state: NetworkState = {
      channel: this.topology.channel,
      basePort: this.topology.basePort,
      fabricVersion: bins.release.fabricVersion,
      createdAt: new Date().toISOString(),
    };
    fs.writeFileSync(this.layout.stateFile(), JSON.stringify(state, null, 2) + '\n');
  }

  private async startCas(bins: FabricBinaries, names: string[], started: ProcessRecord[]): Promise<void> {
    for (const org of this.topology.orgs) {
      if (names.includes(`ca.${org.name}`)) {
        started.push(await new OrgCa(org, this.layout, bins.caBin).start(this.runtime));
      }
    }
  }

  /** Starts orderers, then peers (those named), and waits until each listens. */
  private async startNodes(bins: FabricBinaries, names: string[], started: ProcessRecord[]): Promise<void> {
    const nodes = [...ordererOrg(this.topology).nodeSpecs, ...peerOrgs(this.topology).flatMap((o) => o.nodeSpecs)];
    for (const node of nodes.filter((n) => names.includes(n.id))) {
      this.progress(`starting ${node.id}`);
      started.push(this.startNode(bins, node));
    }
    for (const node of nodes.filter((n) => names.includes(n.id))) {
      await waitForPort(node.ports.listen, 60_000, node.id).catch((err: Error) => {
        throw new Error(`${err.message}; see ${this.layout.logFile(node.id)}`);
      });
    }
  }

  private startNode(bins: FabricBinaries, node: NodeSpec): ProcessRecord {
    const home = this.layout.nodeHome(node);
    const base = {
      PATH: `${bins.fabricBin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      FABRIC_CFG_PATH: home,
    };
    const env =
      node.kind === 'peer'
        ? {
            ...base,
            FABRIC_LOGGING_SPEC: process.env.NDI_PEER_LOGGING ?? 'INFO',
            NDI_NODE_ID: node.id,
            NDI_CHAINCODE_LOG_DIR: this.layout.chaincodeLogs(),
          }
        : { ...base, FABRIC_LOGGING_SPEC: process.env.NDI_ORDERER_LOGGING ?? 'INFO' };
    return startProcess(this.runtime, {
      name: node.id,
      program: path.join(bins.fabricBin, node.kind === 'peer' ? 'peer' : 'orderer'),
      args: node.kind === 'peer' ? ['node', 'start'] : [],
      env,
      cwd: home,
      logFile: this.layout.logFile(node.id),
    });
  }

  /**
   * Stops every process this network started (chaincode processes, peers, orderers, CAs), by
   * recorded PID only, and removes the runtime folder. Safe to run when nothing runs.
   */
  async down(): Promise<string[]> {
    const stopped: string[] = [];
    const order = (r: ProcessRecord): number =>
      r.name.startsWith('peer') ? 0 : r.name.startsWith('cc.') ? 1 : r.name.startsWith('orderer') ? 2 : 3;
    const records = listRecords(this.runtime).sort((a, b) => order(a) - order(b));
    for (const record of records) {
      if (await stopProcess(this.runtime, record)) {
        stopped.push(record.name);
      }
    }
    fs.rmSync(this.runtime, { recursive: true, force: true });
    return stopped;
  }

  /** Every node and CA, whether it runs, and each peer's channel height. */
  async status(): Promise<NodeStatus[]> {
    const bins = this.exists() ? await this.binaries() : undefined;
    const lines: NodeStatus[] = [];
    for (const name of this.processNames()) {
      const record = readRecord(this.runtime, name);
      const running = record !== undefined && isRunning(record);
      let height: number | undefined;
      let detail: string | undefined;
      const node = this.topology.nodes.find((n) => n.id === name);
      if (running && bins !== undefined && node?.kind === 'peer') {
        try {
          height = await this.height(bins, node);
        } catch (err) {
          detail = (err as Error).message;
        }
      }
      lines.push({ name, running, ...(record && running ? { pid: record.pid } : {}), height, detail });
    }
    return lines;
  }

  /** A peer's block height on the channel. */
  async height(bins: FabricBinaries, peer: NodeSpec): Promise<number> {
    const out = await peerCli(
      this.topology,
      this.layout,
      bins.fabricBin,
      peer.org,
      ['channel', 'getinfo', '-c', this.topology.channel],
      peer,
    );
    const match = /"height":(\d+)/.exec(out);
    if (match === null) {
      throw new Error(`unexpected getinfo output from ${peer.id}`);
    }
    return Number(match[1]);
  }

  /**
   * Onboards `user` of an org through the gateway client's CA onboarding: registers (when new) and enrolls
   * it, or re-enrolls it when its MSP folder exists, into the folder clients read; then refreshes the org's
   * connection description.
   */
  async enroll(
    orgName: string,
    user: string,
    admin: boolean,
  ): Promise<{
    /** The user's MSP folder (`signcerts/`, `keystore/`) under the runtime folder, where clients load it from. */
    mspDir: string;
    /** `registered` if the user was new to the CA, `reenrolled` if its existing certificate was renewed. */
    outcome: OnboardingOutcome;
  }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(user)) {
      throw new Error(`user '${user}' must be 1..64 letters, digits, '.', '_' or '-'`);
    }
    const org = findOrg(this.topology, orgName);
    const record = readRecord(this.runtime, `ca.${org.name}`);
    if (record === undefined || !isRunning(record)) {
      throw new Error(`ca.${org.name} is not running; run 'npm run network -- up' first`);
    }
    const onboarded = await onboardUser(this.layout, org, user, admin ? 'admin' : 'client');
    if (org.kind === 'peer') {
      writeConnectionProfile(this.topology, this.layout, org);
    }
    return onboarded;
  }

  /** Shell variables that make the plain `peer` CLI act as the org's admin. */
  async env(orgName: string): Promise<Record<string, string>> {
    const org = findOrg(this.topology, orgName);
    if (org.kind !== 'peer') {
      throw new Error(
        `'${orgName}' runs no peers; choose one of ${peerOrgs(this.topology)
          .map((o) => o.name)
          .join(', ')}`,
      );
    }
    const bins = await this.binaries();
    return adminEnv(this.topology, this.layout, bins.fabricBin, org);
  }

  /** The log file of a node, CA or chaincode process. */
  logFile(name: string): string {
    const direct = this.layout.logFile(name);
    if (fs.existsSync(direct)) {
      return direct;
    }
    const chaincode = path.join(this.layout.chaincodeLogs(), `${name}.log`);
    if (fs.existsSync(chaincode)) {
      return chaincode;
    }
    const known = [
      ...this.processNames(),
      ...(fs.existsSync(this.layout.chaincodeLogs())
        ? fs.readdirSync(this.layout.chaincodeLogs()).map((f) => f.replace(/\.log$/, ''))
        : []),
    ];
    throw new Error(`no log for '${name}'; known: ${known.join(', ')}`);
  }

  /** The org whose name or MSP ID is `name`. */
  org(name: string): OrgSpec {
    return findOrg(this.topology, name);
  }

  /** Names of every long-running process of the network, CAs first. */
  processNames(): string[] {
    return [...this.topology.orgs.map((o) => `ca.${o.name}`), ...this.topology.nodes.map((n) => n.id)];
  }
}

/** Retries `action` until it succeeds or `timeoutMs` passes (for steps that race node start-up). */
/**
 * Checks the reply of `osnadmin channel join`, which exits 0 whatever the orderer answered: it prints
 * `Status: <HTTP code>` and the response body. Only 201 (Created) means the orderer joined the channel.
 *
 * @throws Error naming the node, the status and the orderer's message otherwise
 */
export function checkOsnadminJoin(stdout: string, nodeId: string): void {
  const status = /^Status:\s*(\d+)/m.exec(stdout)?.[1];
  if (status === '201') {
    return;
  }
  const body = stdout.replace(/^Status:.*$/m, '').trim();
  throw new Error(
    `osnadmin channel join on ${nodeId} answered ${status === undefined ? 'no status' : `status ${status}`}` +
      (body ? `: ${body}` : ''),
  );
}

export async function retry<T>(action: () => Promise<T>, timeoutMs: number, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (err) {
      if (Date.now() > deadline) {
        throw err;
      }
      await sleep(intervalMs);
    }
  }
}
