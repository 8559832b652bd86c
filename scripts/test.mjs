// `npm test`: lint, type checks, the API docs check, unit tests with coverage thresholds, then end-to-end tests on a
// real Fabric network (started here when none runs, and torn down again).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BINARIES_UNAVAILABLE, ensureDependencies, must, network, networkExists, run, step } from './lib.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };

/** Runs a Jest project, adds its counts to the totals, and returns its exit code. */
function jest(args, env = {}) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-jest-')), 'report.json');
  const code = run('npx', ['jest', ...args, '--json', '--outputFile', report], env);
  if (fs.existsSync(report)) {
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  }
  return code;
}

function finish(code) {
  // One plain closing line that any CI reads.
  process.stdout.write(`\ntest: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(code);
}

ensureDependencies();
step('lint (ESLint, Prettier)');
must('npx', ['eslint', '.']);
must('npx', ['prettier', '--check', '.']);
step('type check (tsc -b, tests included)');
must('npx', ['tsc', '-b']);
must('npx', ['tsc', '-p', 'tsconfig.tests.json']);
step('API docs (TypeDoc: every export documented, every link resolves)');
must('npm', ['run', '--silent', 'docs:check']);
step('unit tests (coverage thresholds enforced)');
if (jest(['--selectProjects', 'unit', '--coverage']) !== 0) {
  finish(1);
}

step('end-to-end tests on a real Fabric network');
const binaries = network(['binaries']);
if (binaries === BINARIES_UNAVAILABLE && process.env.NDI_REQUIRE_NETWORK !== '1') {
  process.stdout.write(
    '\n!! The Fabric peer and orderer programs cannot be had on this machine (see the reason above).\n' +
      '!! Running the end-to-end tests that need only Fabric CA; the network tests are reported as skipped.\n' +
      '!! Set FABRIC_BIN (or NDI_REQUIRE_NETWORK=1 to make this a failure).\n\n',
  );
  finish(jest(['--selectProjects', 'e2e', '--runInBand']));
}
if (binaries !== 0) {
  finish(binaries);
}
const startedHere = !networkExists();
let code = 1;
try {
  if (network(['up']) === 0 && network(['deploy']) === 0) {
    code = jest(['--selectProjects', 'e2e', '--runInBand'], { NDI_NETWORK_UP: '1' });
  }
} finally {
  if (startedHere) {
    step('tearing down the network this run started');
    network(['down']);
  }
}
finish(code);
