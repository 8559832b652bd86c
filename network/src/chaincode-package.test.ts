import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar';
import { buildPackage, findChaincodes } from './chaincode-package';
import { builderDir } from './fabric-config';
import { repoRoot } from './paths';

/** Packages the baseline chaincode and drives the ndi-node builder's scripts over the result. */
describe('chaincode packages and the ndi-node builder', () => {
  let tmp: string;
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-b', 'chaincode/baseline'], { cwd: repoRoot });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-pkg-'));
  }, 60_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const baseline = () => {
    const workspace = findChaincodes().find((w) => w.name === 'baseline');
    if (workspace === undefined) {
      throw new Error('baseline workspace missing');
    }
    return workspace;
  };

  it('finds the workspaces that declare a chaincode name, not the kernel', () => {
    const names = findChaincodes().map((w) => w.name);
    expect(names).toContain('baseline');
    expect(names).not.toContain('common');
  });

  it('is deterministic: the same code gives the same package ID', async () => {
    const first = await buildPackage(baseline(), tmp);
    const second = await buildPackage(baseline(), tmp);
    expect(second.packageId).toBe(first.packageId);
    expect(first.label).toMatch(/^baseline_[0-9a-f]{12}$/);
    expect(first.packageId.startsWith(`${first.label}:`)).toBe(true);
  }, 60_000);

  it('carries compiled code and production dependencies only, and the builder runs it as is', async () => {
    const pkg = await buildPackage(baseline(), tmp);
    const unpacked = path.join(tmp, 'unpacked');
    const source = path.join(unpacked, 'src');
    const output = path.join(unpacked, 'build');
    fs.mkdirSync(source, { recursive: true });
    fs.mkdirSync(output);
    await tar.x({ file: pkg.file, cwd: unpacked });
    expect(JSON.parse(fs.readFileSync(path.join(unpacked, 'metadata.json'), 'utf8'))).toEqual({
      type: 'ndi-node',
      label: pkg.label,
    });
    await tar.x({ file: path.join(unpacked, 'code.tar.gz'), cwd: source });
    expect(fs.existsSync(path.join(source, 'dist', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(source, 'node_modules', 'fabric-shim', 'cli.js'))).toBe(true);
    expect(fs.existsSync(path.join(source, 'node_modules', 'typescript'))).toBe(false); // a dev dependency
    expect(fs.readdirSync(path.join(source, 'dist')).some((f) => f.includes('.test.'))).toBe(false);

    const bin = (script: string, ...args: string[]) => spawnSync(path.join(builderDir, 'bin', script), args);
    expect(bin('detect', source, unpacked).status).toBe(0);
    const other = path.join(tmp, 'other-meta');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'metadata.json'), '{"type":"node","label":"x"}');
    expect(bin('detect', source, other).status).toBe(1); // plain node packages are not ours
    expect(bin('build', source, unpacked, output).status).toBe(0);
    expect(fs.existsSync(path.join(output, 'node_modules', 'fabric-shim', 'cli.js'))).toBe(true);
    const release = path.join(unpacked, 'release');
    fs.mkdirSync(release);
    expect(bin('release', output, release).status).toBe(0);
    expect(fs.readdirSync(release)).toEqual([]); // no state database indexes to hand over

    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    const refused = bin('build', empty, unpacked, output);
    expect(refused.status).toBe(1);
    expect(refused.stderr.toString()).toContain('package lacks package.json');
  }, 60_000);
});
