import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { buildPackage, findChaincodes } from '../../network/src/chaincode-package';
import { repoRoot } from '../../network/src/paths';

/**
 * Every chaincode's lifecycle package runs on its own: unpacked into an empty folder, with
 * nothing but what it carries, Node loads it and finds its contracts. This is what the peer's
 * `ndi-node` builder relies on, and what a missing dependency or entry point would break.
 */
describe('chaincode packages', () => {
  let tmp: string;
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-b'], { cwd: repoRoot });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-packages-'));
  }, 180_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(findChaincodes().map((w) => [w.name, w] as const))(
    '%s loads from its package alone',
    async (_name, workspace) => {
      const pkg = await buildPackage(workspace, tmp);
      const unpacked = path.join(tmp, pkg.label);
      const code = path.join(unpacked, 'code');
      fs.mkdirSync(code, { recursive: true });
      await tar.x({ file: pkg.file, cwd: unpacked });
      await tar.x({ file: path.join(unpacked, 'code.tar.gz'), cwd: code });
      const out = execFileSync(
        process.execPath,
        ['-e', 'const m = require(process.cwd()); process.stdout.write(String(m.contracts.length))'],
        { cwd: code, env: { PATH: process.env.PATH, CORE_CHAINCODE_LOGGING_LEVEL: 'error', NODE_PATH: '' } },
      );
      expect(Number(out.toString())).toBeGreaterThan(0);
    },
    120_000,
  );
});
