#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import ora, { type Ora } from 'ora';
import { BinariesUnavailableError } from './binaries';
import { chaincodeNames, deploy } from './deploy';
import { Network } from './network';
import { formatExports, peerCli } from './peer-cli';
import { peerOrgs } from './topology';

/** Progress goes to stderr so `env` output stays clean for `eval`. */
/** The spinner of the command under way, so a failure can mark it before the error is printed. */
let activeSpinner: Ora | undefined;

function spinner(text: string): {
  update: (message: string) => void;
  done: (message: string) => void;
} {
  const s = ora({ text, stream: process.stderr }).start();
  activeSpinner = s;
  return {
    update: (message) => {
      if (process.stderr.isTTY) {
        s.text = message;
      } else {
        process.stderr.write(`  ${message}\n`);
      }
    },
    done: (message) => s.succeed(message),
  };
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('npm run network --')
    .description('Runs the ndi Fabric network as native processes on this machine.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('binaries')
    .description('resolve (building on first use) the pinned Fabric and Fabric CA programs')
    .action(async () => {
      const s = spinner('resolving Fabric binaries');
      const bins = await new Network(undefined, undefined, s.update).binaries();
      s.done(
        `Fabric ${bins.release.fabricVersion} (${bins.fabricSource}) in ${bins.fabricBin}; Fabric CA ${bins.release.caVersion} (${bins.caSource}) in ${bins.caBin}`,
      );
    });

  program
    .command('up')
    .description('start the network (idempotent: a running network is left running)')
    .action(async () => {
      const s = spinner('bringing the network up');
      const network = new Network(undefined, undefined, s.update);
      const outcome = await network.up();
      s.done(
        outcome === 'running'
          ? 'the network is already running'
          : `network ${outcome}: channel '${network.topology.channel}', ${network.topology.nodes.length} nodes, state in ${network.runtime}`,
      );
    });

  program
    .command('down')
    .description('stop every process this network started (by PID) and remove its generated state')
    .action(async () => {
      const stopped = await new Network().down();
      process.stdout.write(
        stopped.length === 0 ? 'nothing was running; generated state removed\n' : `stopped ${stopped.join(', ')}\n`,
      );
    });

  program
    .command('status')
    .description('every node, its block height, and the chaincodes committed')
    .action(async () => {
      const network = new Network();
      if (!network.exists()) {
        process.stdout.write("no network here; start one with 'npm run network -- up'\n");
        return;
      }
      for (const line of await network.status()) {
        const state = line.running ? `running (pid ${line.pid})` : 'STOPPED';
        const height = line.height === undefined ? '' : `  height ${line.height}`;
        process.stdout.write(`${line.name.padEnd(22)} ${state}${height}${line.detail ? `  ${line.detail}` : ''}\n`);
      }
      const org = peerOrgs(network.topology)[0];
      const bins = await network.binaries();
      try {
        const out = await peerCli(network.topology, network.layout, bins.fabricBin, org, [
          'lifecycle',
          'chaincode',
          'querycommitted',
          '-C',
          network.topology.channel,
          '-O',
          'json',
        ]);
        const committed =
          (JSON.parse(out) as { chaincode_definitions?: { name: string; sequence: number; version: string }[] })
            .chaincode_definitions ?? [];
        process.stdout.write(`chaincodes on '${network.topology.channel}': ${committed.length === 0 ? 'none' : ''}\n`);
        for (const cc of committed) {
          process.stdout.write(`  ${cc.name.padEnd(26)} sequence ${cc.sequence}  version ${cc.version}\n`);
        }
      } catch (err) {
        process.stdout.write(`chaincodes: unknown (${(err as Error).message})\n`);
      }
    });

  program
    .command('deploy')
    .argument('[names...]', `chaincodes to deploy (default: all of ${chaincodeNames().join(', ')})`)
    .description('build, package, install, approve and commit every chaincode; upgrade what changed')
    .action(async (names: string[]) => {
      const s = spinner('deploying chaincodes');
      const results = await deploy(new Network(), s.update, names.length > 0 ? names : undefined);
      s.done(results.map((r) => `${r.name}: ${r.action} (sequence ${r.sequence}, ${r.label})`).join('; '));
    });

  program
    .command('logs')
    .argument(
      '<name>',
      'a node (peer0.exchange), CA (ca.exchange) or chaincode process (peer0.exchange.identity_<hash>)',
    )
    .option('-f, --follow', 'keep printing as the log grows')
    .option('-n, --lines <count>', 'how many lines from the end', '100')
    .description("print a node's log")
    .action((name: string, options: { follow?: boolean; lines: string }) => {
      const file = new Network().logFile(name);
      const args = ['-n', options.lines, ...(options.follow ? ['-f'] : []), file];
      return new Promise<void>((resolve) => spawn('tail', args, { stdio: 'inherit' }).on('close', () => resolve()));
    });

  program
    .command('enroll')
    .argument('<org>', 'org name, e.g. exchange')
    .argument('<user>', 'user name')
    .option('--admin', 'enroll as an org admin (NodeOU admin) instead of a client')
    .description("register and enroll an identity with the org's CA, stored where clients find it")
    .action(async (org: string, user: string, options: { admin?: boolean }) => {
      const { mspDir, outcome } = await new Network().enroll(org, user, options.admin === true);
      process.stdout.write(`${outcome} ${user} (${options.admin ? 'admin' : 'client'}) of ${org}: ${mspDir}\n`);
    });

  program
    .command('env')
    .argument('<org>', 'peer org name, e.g. exchange')
    .description(
      `print exports that make the plain 'peer' CLI act as the org's admin: eval "$(npm run --silent network -- env exchange)"`,
    )
    .action(async (org: string) => {
      process.stdout.write(formatExports(await new Network().env(org)) + '\n');
    });

  await program.parseAsync(argv, { from: 'user' });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const error = err as Error & { code?: string; exitCode?: number };
  if (error.code?.startsWith('commander.')) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  const message = err instanceof Error ? error.message : String(err);
  activeSpinner?.fail();
  process.stderr.write(`network: ${message}\n`);
  if (process.env.NDI_DEBUG) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
  process.exit(err instanceof BinariesUnavailableError ? 3 : 1);
});
