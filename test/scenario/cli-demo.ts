import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliDeps } from '../../gateway-client/src/cli/context';
import { run as ndi } from '../../gateway-client/src/cli/main';
import type { PeerOrg } from './backend';

/** How {@link runCliDemo} reaches the network, and where it writes. */
export interface CliDemoOptions {
  /** Makes IDs and user names unique on a network that keeps state between runs. */
  readonly run: string;
  /** A folder for the files the commands read (the asset registration, the data file). */
  readonly workDir: string;
  /** The CLI's environment, as `ndi` gets it (a fake `connect` in tests); stdout is captured by the demo. */
  readonly deps: CliDeps;
  /** Makes `user` of `org` exist (enrolls it with the org's CA on the network); not called for `admin`. */
  readonly prepareUser: (org: PeerOrg, user: string) => Promise<void>;
  /** Where the demo tells what it does (default: nowhere). */
  readonly print?: (line: string) => void;
}

/** What the demo leaves behind, for its test. */
export interface CliDemoOutcome {
  /** The data asset registered. */
  readonly assetId: string;
  /** The `ndi` command lines run, in order. */
  readonly commands: readonly string[];
  /** The audit trail's entry kinds, in order. */
  readonly trailKinds: readonly string[];
}

/**
 * The `npm start` demo: a short version of the market scenario through the `ndi` CLI, one command a step, as a
 * newcomer would type them. A regulator, a data provider and a consumer, in three organizations, get their
 * identities and roles; the provider registers a dataset and grants the consumer access; the consumer records an
 * access; the regulator verifies the file's integrity and reads the asset's audit trail.
 */
export async function runCliDemo(options: CliDemoOptions): Promise<CliDemoOutcome> {
  const print = options.print ?? (() => undefined);
  const commands: string[] = [];
  const { run, workDir } = options;

  /** Runs `ndi --org <org> --user <user> --json <args>` and returns its parsed output; throws unless it exits 0. */
  async function step<T = Record<string, unknown>>(
    what: string,
    org: PeerOrg,
    user: string,
    args: readonly string[],
  ): Promise<T> {
    const line = `ndi --org ${org} --user ${user} ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
    commands.push(line);
    print(`\n# ${what}\n$ ${line}`);
    let stdout = '';
    let stderr = '';
    const code = await ndi(['--org', org, '--user', user, '--json', ...args], {
      ...options.deps,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
    });
    if (code !== 0) {
      throw new Error(`'${line}' exited ${code}: ${stderr.trim() || stdout.trim()}`);
    }
    const output = JSON.parse(stdout) as { result?: Record<string, unknown>; blockNumber?: string };
    const shown = output.result ?? (output as Record<string, unknown>);
    print(`  ${summarize(shown)}${output.blockNumber !== undefined ? `  (block ${output.blockNumber})` : ''}`);
    return shown as T;
  }

  const users = { inspector: `inspector-${run}`, provider: `hospital-${run}`, consumer: `analyst-${run}` };
  await options.prepareUser('regulator', users.inspector);
  await options.prepareUser('exchange', users.provider);
  await options.prepareUser('enterprise', users.consumer);

  const register = (org: PeerOrg, user: string, name: string) =>
    step<{ did: string }>(`${user} registers its certificate as an identity`, org, user, [
      'identity',
      'register',
      '--kind',
      'service',
      '--display-name',
      name,
    ]);
  const inspector = await register('regulator', users.inspector, 'Data inspection office');
  const provider = await register('exchange', users.provider, 'City hospital data desk');
  const consumer = await register('enterprise', users.consumer, 'Credit analytics');
  await step("the regulator's admin grants the regulator role", 'regulator', 'admin', [
    'identity',
    'grant-role',
    inspector.did,
    'regulator',
  ]);
  await step("the exchange's admin grants data-provider", 'exchange', 'admin', [
    'identity',
    'grant-role',
    provider.did,
    'data-provider',
  ]);
  await step("the enterprise's admin grants data-consumer", 'enterprise', 'admin', [
    'identity',
    'grant-role',
    consumer.did,
    'data-consumer',
  ]);

  const assetId = `emr-${run}`;
  const dataFile = path.join(workDir, `emr-${run}.parquet`);
  fs.writeFileSync(dataFile, `outpatient records, de-identified, run ${run}\n`);
  const assetFile = path.join(workDir, `emr-${run}.json`);
  fs.writeFileSync(
    assetFile,
    JSON.stringify({
      id: assetId,
      title: 'Outpatient records 2025 (de-identified)',
      category: 'healthcare',
      classification: 'important',
      format: 'parquet',
      storageUri: `s3://city-hospital/emr-${run}.parquet`,
      policy: {
        purposes: ['research'],
        allowedMsps: ['EnterpriseMSP', 'RegulatorMSP'],
        tradable: false,
        crossBorder: false,
      },
    }),
  );
  await step(
    'the provider registers the dataset: hash and size computed locally, the data stays home',
    'exchange',
    users.provider,
    ['data', 'register', '--file', assetFile, '--content', dataFile],
  );
  const before = await step<{ allowed: boolean }>(
    'the consumer asks whether it may use it',
    'enterprise',
    users.consumer,
    ['data', 'check-access', assetId, consumer.did, 'research'],
  );
  if (before.allowed !== false) throw new Error('the consumer was allowed before any grant');
  await step('the provider grants the consumer access for research, for 30 days', 'exchange', users.provider, [
    'data',
    'grant',
    assetId,
    '--grantee-did',
    consumer.did,
    '--purpose',
    'research',
    '--expires-at',
    '+30d',
  ]);
  await step('the consumer logs its access (a hash of the query, never the data)', 'enterprise', users.consumer, [
    'data',
    'record-access',
    assetId,
    'research',
    '--details-hash',
    createHash('sha256').update(`query ${run}`).digest('hex'),
  ]);
  const integrity = await step<{ match: string }>(
    'the regulator checks that a file is the registered one',
    'regulator',
    users.inspector,
    ['data', 'verify', assetId, '--file', dataFile],
  );
  if (integrity.match !== 'current') throw new Error(`integrity check answered ${integrity.match}`);
  const trail = await step<{ entries: { kind: string }[] }>(
    "the regulator reads the asset's audit trail",
    'regulator',
    users.inspector,
    ['audit', 'trail', assetId],
  );
  return { assetId, commands, trailKinds: trail.entries.map((e) => e.kind) };
}

/** One line about a command's result. */
function summarize(value: Record<string, unknown>): string {
  if (typeof value.did === 'string' && typeof value.status === 'string')
    return `identity ${value.did} (${value.status})`;
  if (typeof value.allowed === 'boolean') return `allowed: ${value.allowed} (${String(value.reason)})`;
  if (typeof value.match === 'string') return `match: ${value.match}`;
  if (Array.isArray(value.entries)) {
    return `${value.entries.length} entries: ${(value.entries as { kind: string }[]).map((e) => e.kind).join(', ')}`;
  }
  if (typeof value.grantId === 'string') return `grant ${value.grantId} to ${String(value.granteeDid)}`;
  if (typeof value.id === 'string' && typeof value.contentHash === 'string') {
    return `data asset ${value.id}, content ${value.contentHash.slice(0, 16)}…, version ${String(value.version)}`;
  }
  return JSON.stringify(value).slice(0, 120);
}
