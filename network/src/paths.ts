import * as path from 'node:path';

/** The repository root (this file lives in `network/src`, compiled or not). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Where a running network keeps everything it generates: CA homes, crypto material, ledgers,
 * logs, PID files, connection profiles. Gitignored; `down` removes it.
 */
export function runtimeDir(): string {
  return path.resolve(process.env.NDI_RUNTIME_DIR ?? path.join(repoRoot, 'network', '.runtime'));
}

/** The project's cache of Fabric binaries (gitignored), one folder per pinned version. */
export function cacheDir(): string {
  return path.resolve(process.env.NDI_CACHE_DIR ?? path.join(repoRoot, '.cache'));
}
