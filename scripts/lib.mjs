// Shared steps of `npm start` and `npm test`: plain Node, so they run before dependencies exist.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Prints a step header. */
export function step(text) {
  process.stdout.write(`\n== ${text}\n`);
}

/** Runs a command in the repository, inheriting output; returns its exit code. */
export function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) {
    throw result.error;
  }
  return result.status ?? 1;
}

/** Runs a command and exits with its code when it fails. */
export function must(command, args, env = {}) {
  const code = run(command, args, env);
  if (code !== 0) {
    process.stderr.write(`\n${command} ${args.join(' ')} failed (exit ${code})\n`);
    process.exit(code);
  }
}

/** Installs npm dependencies when they are missing or older than the lockfile. */
export function ensureDependencies() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(installed)) {
    step('installing dependencies (npm ci)');
    must('npm', ['ci', '--no-audit', '--no-fund']);
  } else if (fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
    step('updating dependencies (npm install)');
    must('npm', ['install', '--no-audit', '--no-fund']);
  }
}

/** Runs the network CLI (`npm run network -- <args>`) and returns its exit code. */
export function network(args) {
  // The CLI loads the gateway client's compiled output (CA onboarding); an up-to-date build is a 0.3 s check.
  const built = run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'network']);
  if (built !== 0) {
    return built;
  }
  return run(process.execPath, [
    path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    'network/src/cli.ts',
    ...args,
  ]);
}

/** Whether a network created by this checkout exists (it may still be running). */
export function networkExists() {
  const runtime = process.env.NDI_RUNTIME_DIR ?? path.join(root, 'network', '.runtime');
  return fs.existsSync(path.join(runtime, 'network.json'));
}

/** Exit code of the network CLI when Fabric binaries cannot be had on this machine. */
export const BINARIES_UNAVAILABLE = 3;
