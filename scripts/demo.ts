// The `npm start` demo: a short version of the market scenario through the `ndi` CLI (test/scenario/cli-demo.ts),
// on the network `npm start` brought up. `npm test` runs the same steps against the in-memory gateway.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliDemo } from '../test/scenario/cli-demo';
import { network } from '../test/e2e/support/network';

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-demo-'));
  try {
    await runCliDemo({
      run: randomUUID().slice(0, 8),
      workDir,
      deps: { env: { ...process.env, NDI_RUNTIME_DIR: network.layout.root } },
      prepareUser: async (org, user) => {
        await network.enroll(org, user, false);
      },
      print: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write('\nEvery command above is `npm run ndi -- <command>`; add --json for scripts.\n');
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
