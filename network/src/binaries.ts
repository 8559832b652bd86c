import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir } from './paths';
import { FabricRelease, caPrograms, fabricPrograms } from './releases';

/** Where a set of binaries came from. */
export type BinarySource = 'FABRIC_BIN' | 'cache' | 'go' | 'archive';

/** Resolved Fabric and Fabric CA programs plus Fabric's sample configuration (core.yaml, orderer.yaml). */
export interface FabricBinaries {
  /** Folder holding peer, orderer, configtxgen, osnadmin. */
  readonly fabricBin: string;
  /** Folder holding fabric-ca-server and fabric-ca-client. */
  readonly caBin: string;
  /** Fabric's `sampleconfig` (or the release archive's `config`): the base of every node's configuration. */
  readonly configDir: string;
  readonly release: FabricRelease;
  readonly fabricSource: BinarySource;
  readonly caSource: BinarySource;
}

/** Reports what the resolver is doing; long builds call it repeatedly. */
export type ProgressListener = (message: string) => void;

/** Nothing could provide the binaries; `attempts` lists every way tried and why it failed. */
export class BinariesUnavailableError extends Error {
  constructor(
    readonly component: 'Fabric' | 'Fabric CA',
    readonly attempts: readonly string[],
  ) {
    super(
      `${component} binaries are unavailable:\n` +
        attempts.map((a) => `  - ${a}`).join('\n') +
        '\nWay out: set FABRIC_BIN to a folder ' +
        `holding ${[...fabricPrograms, ...caPrograms].join(', ')} and FABRIC_CFG_PATH to Fabric's config folder ` +
        '(core.yaml, orderer.yaml), e.g. from the official release archives; without Go, install Go ' +
        '(https://go.dev/dl) so the project can build them; NDI_FABRIC_SOURCE=archive forces the archive download.',
    );
    this.name = 'BinariesUnavailableError';
  }
}

/** Options of {@link resolveBinaries}. */
export interface ResolveOptions {
  readonly release: FabricRelease;
  readonly onProgress?: ProgressListener;
  /** Defaults to `process.env`; tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to the project's cache folder. */
  readonly cacheRoot?: string;
}

interface ComponentSpec {
  readonly component: 'Fabric' | 'Fabric CA';
  readonly programs: readonly string[];
  readonly version: string;
  readonly modulePath: string;
  /** What `go mod download` gets: a commit for Fabric, a tag for Fabric CA. */
  readonly moduleQuery: string;
  readonly cgo: boolean;
  readonly ldflags: (version: string) => string;
  readonly archiveUrl: (version: string) => string;
  /** Folder inside the module or archive to keep as the configuration base, if any. */
  readonly configFrom?: { readonly module: string; readonly archive: string };
}

function specs(release: FabricRelease): [ComponentSpec, ComponentSpec] {
  const arch = os.arch() === 'arm64' ? 'arm64' : 'amd64';
  return [
    {
      component: 'Fabric',
      programs: fabricPrograms,
      version: release.fabricVersion,
      modulePath: 'github.com/hyperledger/fabric',
      moduleQuery: release.fabricCommit,
      cgo: false,
      ldflags: (v) =>
        `-X github.com/hyperledger/fabric/common/metadata.Version=${v} ` +
        `-X github.com/hyperledger/fabric/common/metadata.CommitSHA=${release.fabricCommit.slice(0, 7)}`,
      archiveUrl: (v) =>
        `https://github.com/hyperledger/fabric/releases/download/v${v}/hyperledger-fabric-linux-${arch}-${v}.tar.gz`,
      configFrom: { module: 'sampleconfig', archive: 'config' },
    },
    {
      component: 'Fabric CA',
      programs: caPrograms,
      version: release.caVersion,
      modulePath: 'github.com/hyperledger/fabric-ca',
      moduleQuery: `v${release.caVersion}`,
      cgo: true,
      ldflags: (v) => `-X github.com/hyperledger/fabric-ca/lib/metadata.Version=${v}`,
      archiveUrl: (v) =>
        `https://github.com/hyperledger/fabric-ca/releases/download/v${v}/hyperledger-fabric-ca-linux-${arch}-${v}.tar.gz`,
    },
  ];
}

interface Resolved {
  readonly bin: string;
  readonly config?: string;
  readonly source: BinarySource;
}

/**
 * Finds or makes the Fabric and Fabric CA programs, in this order: an explicit `FABRIC_BIN`
 * folder; the project's cache (stamped with the version); a build with the machine's Go toolchain
 * from the Go module proxy; and, only when there is no Go (or `NDI_FABRIC_SOURCE=archive`), the
 * official release archives. Fabric and Fabric CA are resolved and cached independently.
 */
export async function resolveBinaries(options: ResolveOptions): Promise<FabricBinaries> {
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => undefined);
  const cacheRoot = options.cacheRoot ?? path.join(cacheDir(), 'fabric');
  const [fabric, ca] = specs(options.release);

  const explicit = env.FABRIC_BIN;
  if (explicit !== undefined && explicit !== '') {
    const bin = path.resolve(explicit);
    const missing = [...fabric.programs, ...ca.programs].filter((p) => !isExecutable(path.join(bin, p)));
    if (missing.length > 0) {
      throw new Error(`FABRIC_BIN=${bin} lacks ${missing.join(', ')}; unset FABRIC_BIN to let the project build them`);
    }
    const configDir = [env.FABRIC_CFG_PATH, path.join(bin, '..', 'config')].find(
      (d): d is string => d !== undefined && d !== '' && fs.existsSync(path.join(d, 'core.yaml')),
    );
    if (configDir === undefined) {
      throw new Error(
        `FABRIC_BIN is set but no Fabric config folder was found: set FABRIC_CFG_PATH to a folder with core.yaml`,
      );
    }
    return {
      fabricBin: bin,
      caBin: bin,
      configDir: path.resolve(configDir),
      release: options.release,
      fabricSource: 'FABRIC_BIN',
      caSource: 'FABRIC_BIN',
    };
  }

  const forced = env.NDI_FABRIC_SOURCE;
  // Both are tried even when one fails, so a partial success is cached for the next run.
  const [f, c] = await settleBoth(
    () => resolveComponent(fabric, cacheRoot, env, progress, forced),
    () => resolveComponent(ca, cacheRoot, env, progress, forced),
  );
  if (f.config === undefined) {
    throw new Error('internal: Fabric resolved without a config folder');
  }
  return {
    fabricBin: f.bin,
    caBin: c.bin,
    configDir: f.config,
    release: options.release,
    fabricSource: f.source,
    caSource: c.source,
  };
}

/** Fabric CA's programs alone (enough for the CAs and enrollment); cached and built like {@link resolveBinaries}. */
export async function resolveCaBinaries(options: ResolveOptions): Promise<{ caBin: string; caSource: BinarySource }> {
  const env = options.env ?? process.env;
  if (env.FABRIC_BIN !== undefined && env.FABRIC_BIN !== '') {
    const bin = path.resolve(env.FABRIC_BIN);
    const missing = caPrograms.filter((p) => !isExecutable(path.join(bin, p)));
    if (missing.length > 0) {
      throw new Error(`FABRIC_BIN=${bin} lacks ${missing.join(', ')}; unset FABRIC_BIN to let the project build them`);
    }
    return { caBin: bin, caSource: 'FABRIC_BIN' };
  }
  const cacheRoot = options.cacheRoot ?? path.join(cacheDir(), 'fabric');
  const resolved = await resolveComponent(
    specs(options.release)[1],
    cacheRoot,
    env,
    options.onProgress ?? (() => undefined),
    env.NDI_FABRIC_SOURCE,
  );
  return { caBin: resolved.bin, caSource: resolved.source };
}

async function settleBoth<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  const first = await a().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const second = await b().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('error' in first && 'error' in second) {
    throw new Error(`${String((first.error as Error).message)}\n${String((second.error as Error).message)}`);
  }
  if ('error' in first) {
    throw first.error;
  }
  if ('error' in second) {
    throw second.error;
  }
  return [first.value, second.value];
}

/** The stamp written beside cached binaries; a cache whose stamp differs is rebuilt. */
interface Stamp {
  readonly component: string;
  readonly version: string;
  readonly moduleQuery: string;
  readonly source: BinarySource;
}

async function resolveComponent(
  spec: ComponentSpec,
  cacheRoot: string,
  env: NodeJS.ProcessEnv,
  progress: ProgressListener,
  forced: string | undefined,
): Promise<Resolved> {
  const dir = path.join(cacheRoot, `${spec.component === 'Fabric' ? 'fabric' : 'fabric-ca'}-${spec.version}`);
  const cached = readCache(spec, dir);
  if (cached !== undefined) {
    return cached;
  }
  const attempts = [`no cached build in ${dir}`];
  const go = await goVersion(env);
  if (forced !== 'archive') {
    if (go === undefined) {
      attempts.push('no Go toolchain on PATH (`go version` failed)');
    } else {
      try {
        return await buildWithGo(spec, dir, env, progress, go);
      } catch (err) {
        attempts.push(`go build with ${go} failed: ${firstLines((err as Error).message, 4)}`);
        if (forced !== 'go') {
          throw new BinariesUnavailableError(spec.component, attempts);
        }
      }
    }
  }
  if (forced !== 'go') {
    try {
      return await downloadArchive(spec, dir, progress);
    } catch (err) {
      attempts.push(`release archive ${spec.archiveUrl(spec.version)}: ${(err as Error).message}`);
    }
  }
  throw new BinariesUnavailableError(spec.component, attempts);
}

function readCache(spec: ComponentSpec, dir: string): Resolved | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(dir, 'stamp.json'), 'utf8')) as Stamp;
    const bin = path.join(dir, 'bin');
    const config = spec.configFrom === undefined ? undefined : path.join(dir, 'config');
    const complete =
      stamp.version === spec.version &&
      stamp.moduleQuery === spec.moduleQuery &&
      spec.programs.every((p) => isExecutable(path.join(bin, p))) &&
      (config === undefined || fs.existsSync(path.join(config, 'core.yaml')));
    return complete ? { bin, config, source: 'cache' } : undefined;
  } catch {
    return undefined;
  }
}

async function buildWithGo(
  spec: ComponentSpec,
  dir: string,
  env: NodeJS.ProcessEnv,
  progress: ProgressListener,
  go: string,
): Promise<Resolved> {
  const label = `${spec.component} ${spec.version}`;
  progress(`${label}: fetching ${spec.modulePath}@${spec.moduleQuery} from the Go module proxy (${go})`);
  const downloaded = await run('go', ['mod', 'download', '-json', `${spec.modulePath}@${spec.moduleQuery}`], {
    env,
    cwd: os.tmpdir(),
  });
  const info = JSON.parse(downloaded.stdout) as { Dir?: string; Version?: string; Error?: string };
  if (info.Error !== undefined || info.Dir === undefined) {
    throw new Error(info.Error ?? 'go mod download returned no folder');
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), `.build-${path.basename(dir)}-`));
  try {
    const bin = path.join(staging, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    let compiled = 0;
    const started = Date.now();
    const ticker = setInterval(
      () => progress(`${label}: compiling (${compiled} packages, ${Math.round((Date.now() - started) / 1000)} s)`),
      10_000,
    );
    try {
      progress(`${label}: compiling ${spec.programs.join(', ')} (the first build takes a few minutes)`);
      // Building inside the downloaded module uses its own go.mod, exactly as `go install pkg@version`
      // would, without needing the proxy's version list (which `go install` asks for).
      await run(
        'go',
        [
          'build',
          '-v',
          '-mod=readonly',
          '-trimpath',
          '-ldflags',
          spec.ldflags(spec.version),
          '-o',
          bin,
          ...spec.programs.map((p) => `./cmd/${p}`),
        ],
        {
          env: { ...env, CGO_ENABLED: spec.cgo ? '1' : '0', GOFLAGS: '' },
          cwd: info.Dir,
          onStderrLine: () => {
            compiled += 1;
          },
        },
      );
    } finally {
      clearInterval(ticker);
    }
    if (spec.configFrom !== undefined) {
      fs.cpSync(path.join(info.Dir, spec.configFrom.module), path.join(staging, 'config'), { recursive: true });
      makeWritable(path.join(staging, 'config'));
    }
    writeStamp(staging, spec, 'go');
    replaceDir(staging, dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  progress(`${label}: built with Go and cached in ${dir}`);
  return readCacheOrThrow(spec, dir, 'go');
}

async function downloadArchive(spec: ComponentSpec, dir: string, progress: ProgressListener): Promise<Resolved> {
  const url = spec.archiveUrl(spec.version);
  progress(`${spec.component} ${spec.version}: downloading ${url}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), `.download-${path.basename(dir)}-`));
  try {
    const archive = path.join(staging, 'release.tar.gz');
    fs.writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const tar = await import('tar');
    await tar.x({ file: archive, cwd: staging });
    writeStamp(staging, spec, 'archive');
    replaceDir(staging, dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return readCacheOrThrow(spec, dir, 'archive');
}

function readCacheOrThrow(spec: ComponentSpec, dir: string, source: BinarySource): Resolved {
  const cached = readCache(spec, dir);
  if (cached === undefined) {
    throw new Error(`${spec.component} ${source} result in ${dir} is incomplete`);
  }
  return { ...cached, source };
}

function writeStamp(dir: string, spec: ComponentSpec, source: BinarySource): void {
  const stamp: Stamp = { component: spec.component, version: spec.version, moduleQuery: spec.moduleQuery, source };
  fs.writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
}

/** Swaps a finished staging folder into place so a cache is never half-written. */
function replaceDir(staging: string, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(staging)) {
    if (entry !== 'release.tar.gz') {
      fs.renameSync(path.join(staging, entry), path.join(dir, entry));
    }
  }
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

async function goVersion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await run('go', ['env', 'GOVERSION'], { env, cwd: os.tmpdir() });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function firstLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, count)
    .join(' | ');
}

interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly onStderrLine?: (line: string) => void;
}

/** Runs a program to completion; rejects with its stderr (or stdout) when it exits non-zero. */
function run(program: string, args: string[], options: RunOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach((line) => options.onStderrLine?.(line));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve({ stdout, stderr });
      } else {
        // `go mod download -json` reports a failure as JSON on stdout.
        const jsonError = /"Error":\s*("(?:[^"\\]|\\.)*")/.exec(stdout)?.[1];
        reject(
          new Error(
            jsonError !== undefined
              ? (JSON.parse(jsonError) as string)
              : stderr.trim() || stdout.trim() || `${program} exited with ${code}`,
          ),
        );
      }
    });
  });
}
