import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar';
import { exec } from './exec';
import { builderName } from './fabric-config';
import { repoRoot } from './paths';

/** A workspace under `chaincode/` that declares `"ndi": { "chaincode": "<name>" }` in its package.json. */
export interface ChaincodeWorkspace {
  /** The chaincode's name on the channel. */
  readonly name: string;
  /** The workspace folder. */
  readonly dir: string;
  /** Private data collections config, when the chaincode declares one (`"ndi": { "collections": "file" }`). */
  readonly collectionsConfig?: string;
}

/** A built lifecycle package. */
export interface ChaincodePackage {
  readonly workspace: ChaincodeWorkspace;
  /** `<name>_<first 12 hex of the content hash>`: a change of code or collections changes it. */
  readonly label: string;
  readonly file: string;
  /** What the peer will call it: `<label>:<sha256 of the package file>`. */
  readonly packageId: string;
}

interface PackageJson {
  name: string;
  main?: string;
  ndi?: { chaincode?: string; collections?: string };
}

/** Every chaincode workspace, sorted by name. */
export function findChaincodes(root = path.join(repoRoot, 'chaincode')): ChaincodeWorkspace[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, 'package.json')))
    .map((e) => {
      const dir = path.join(root, e.name);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
      const name = pkg.ndi?.chaincode;
      if (name === undefined) {
        return undefined;
      }
      const collections = pkg.ndi?.collections;
      return {
        name,
        dir,
        ...(collections === undefined ? {} : { collectionsConfig: path.join(dir, collections) }),
      };
    })
    .filter((w): w is ChaincodeWorkspace => w !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Builds a Fabric lifecycle package the `ndi-node` builder runs as is: the compiled workspace,
 * its production dependencies copied from the installed tree (so the peer's build step needs no
 * network), tarred deterministically (sorted entries, fixed times and owners) so unchanged code
 * always yields the same package ID and `deploy` can tell there is nothing to do.
 */
export async function buildPackage(workspace: ChaincodeWorkspace, outDir: string): Promise<ChaincodePackage> {
  const staging = fs.mkdtempSync(path.join(outDir, `.stage-${workspace.name}-`));
  try {
    const code = path.join(staging, 'code');
    await stageCode(workspace, code);
    const codeTar = path.join(staging, 'code.tar.gz');
    await deterministicTar(code, codeTar);
    const hash = createHash('sha256').update(fs.readFileSync(codeTar));
    if (workspace.collectionsConfig !== undefined) {
      hash.update(fs.readFileSync(workspace.collectionsConfig));
    }
    const label = `${workspace.name}_${hash.digest('hex').slice(0, 12)}`;
    const meta = path.join(staging, 'meta');
    fs.mkdirSync(meta);
    fs.copyFileSync(codeTar, path.join(meta, 'code.tar.gz'));
    fs.writeFileSync(path.join(meta, 'metadata.json'), JSON.stringify({ type: builderName, label }));
    const file = path.join(outDir, `${label}.tar.gz`);
    await deterministicTar(meta, file);
    const packageId = `${label}:${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
    return { workspace, label, file, packageId };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function stageCode(workspace: ChaincodeWorkspace, code: string): Promise<void> {
  copyWorkspace(workspace.dir, code);
  const listing = await exec(
    'npm',
    ['ls', '--omit=dev', '--all', '--parseable', '--workspace', path.relative(repoRoot, workspace.dir)],
    { cwd: repoRoot, describe: `list the dependencies of ${workspace.name}` },
  );
  const rootModules = path.join(repoRoot, 'node_modules') + path.sep;
  for (const dependency of listing.split('\n').filter((p) => p.startsWith(rootModules))) {
    const relative = dependency.slice(rootModules.length);
    const target = path.join(code, 'node_modules', relative);
    const real = fs.realpathSync(dependency);
    if (real.startsWith(path.join(repoRoot, 'chaincode') + path.sep)) {
      copyWorkspace(real, target); // a sibling workspace, e.g. the kernel
    } else if (real !== workspace.dir) {
      fs.cpSync(real, target, {
        recursive: true,
        // Nested node_modules are listed (and copied) on their own when they are dependencies.
        filter: (src) => src === real || !path.relative(real, src).split(path.sep).includes('node_modules'),
      });
    }
  }
}

/**
 * A workspace as it runs: package.json and what its `files` field publishes (as `npm pack`
 * would: `dist/` and any subpath entry folders such as the kernel's `errors/`), without tests,
 * plus META-INF if any.
 */
function copyWorkspace(dir: string, target: string): void {
  const main = path.join(dir, 'dist');
  if (!fs.existsSync(main)) {
    throw new Error(`${dir} has no dist/: build it first (npm run build)`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { files?: string[] };
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(dir, 'package.json'), path.join(target, 'package.json'));
  for (const entry of new Set([...(pkg.files ?? ['dist']), 'META-INF'])) {
    const source = path.join(dir, entry);
    if (!fs.existsSync(source)) {
      continue;
    }
    fs.cpSync(source, path.join(target, entry), {
      recursive: true,
      // Tests and the kernel's in-memory test ledger never run on a peer.
      filter: (src) =>
        !/\.test\.(js|d\.ts|js\.map)$/.test(src) &&
        !src.endsWith('.tsbuildinfo') &&
        !path.relative(source, src).split(path.sep).includes('testing'),
    });
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

async function deterministicTar(dir: string, file: string): Promise<void> {
  await tar.c(
    { gzip: { level: 9 }, file, cwd: dir, portable: true, mtime: new Date(0), noDirRecurse: true },
    listFiles(dir),
  );
}
