#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CliContext, type CliDeps, type CommandGroup } from './context';
import { EXIT_CODES_HELP, ExitCode, reportFailure } from './exit-codes';
import { toJson } from './format';
import { parseDuration, parsePeer } from './options';
import { COMMAND_GROUPS } from './registry';

function packageVersion(): string {
  try {
    const file = path.join(__dirname, '..', '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the `ndi` program: global options, then every group of {@link COMMAND_GROUPS} (or those given).
 *
 * @param deps - the environment (see {@link CliDeps})
 * @param groups - the command groups (default: all)
 */
export function buildProgram(
  deps: CliDeps = {},
  groups: readonly CommandGroup[] = COMMAND_GROUPS,
): { program: Command; ctx: CliContext } {
  const program = new Command();
  const ctx = new CliContext(program, deps);
  const env = ctx.env;
  program
    .name('ndi')
    .description('Command line of the ndi chaincodes on Hyperledger Fabric: identities, data assets, events, and more.')
    .version(packageVersion(), '-V, --version')
    .addOption(
      new Option(
        '--profile <file>',
        'connection profile (default: $NDI_PROFILE, else network/.runtime/connection/<org>.json)',
      ).default(env.NDI_PROFILE, env.NDI_PROFILE === undefined ? undefined : '$NDI_PROFILE'),
    )
    .addOption(new Option('--org <name>', 'organization whose profile to use').default(env.NDI_ORG ?? 'exchange'))
    .addOption(new Option('--user <name>', 'identity of the profile to act as').default(env.NDI_USER ?? 'user1'))
    .addOption(
      new Option('--peer <index|name>', "gateway peer: index or name in the profile's peers").argParser(parsePeer),
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        'deadline of each gateway call, e.g. 30s, 2m (bare number: seconds)',
      ).argParser(parseDuration),
    )
    .addOption(new Option('--json', 'machine output: exactly one JSON document on stdout'))
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.stdout.write(text),
      writeErr: (text) => void ctx.stderr.write(text),
    })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);

  for (const group of groups) {
    const command = program.command(group.name).description(group.description);
    group.register(command, ctx);
    for (const sub of command.commands) {
      sub.addHelpText('after', '\nExit codes: 0 ok, 2 usage, 3 business (CODE: detail), 4 network/Fabric, 1 other.');
    }
  }
  return { program, ctx };
}

/**
 * Runs `ndi` with arguments, returning the exit code (never exiting the process): 0 success, 1 other failure,
 * 2 usage error, 3 business error, 4 network or Fabric failure.
 *
 * @param argv - the arguments after the program name
 * @param deps - the environment: a fake `connect` and buffers in tests
 */
export async function run(argv: readonly string[], deps: CliDeps = {}): Promise<ExitCode> {
  const { program, ctx } = buildProgram(deps);
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests end this way too, with exit code 0; commander has printed everything.
      if (err.exitCode === 0) {
        return ExitCode.Ok;
      }
      if (wantsJson) {
        ctx.out(toJson({ error: { type: 'UsageError', code: err.code, message: err.message } }));
      }
      return ExitCode.Usage;
    }
    const report = reportFailure(err);
    for (const line of report.lines) {
      ctx.note(line);
    }
    if (wantsJson || ctx.json) {
      ctx.out(toJson({ error: { ...report.json, exitCode: report.exitCode } }));
    }
    return report.exitCode;
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
