import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBinaries } from './binaries';
import { caPrograms, fabricPrograms, selectRelease } from './releases';

function fakeBin(dir: string, programs: readonly string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const p of programs) {
    fs.writeFileSync(path.join(dir, p), '#!/bin/sh\n', { mode: 0o755 });
  }
}

describe('Fabric binaries', () => {
  let tmp: string;
  const release = selectRelease('3.1');
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-bin-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('pins Fabric 3.1.5 by commit by default and 2.5.16 on request', () => {
    expect(selectRelease(undefined)).toMatchObject({ fabricVersion: '3.1.5', caVersion: '1.5.21' });
    expect(selectRelease('2.5').fabricCommit).toBe('f871cf92a026aba7b12e6f06d71ded3e6e659d71');
    expect(() => selectRelease('1.4')).toThrow(/FABRIC_VERSION=1.4 is not supported; choose one of 3.1, 2.5/);
  });

  it('takes an explicit FABRIC_BIN with its config folder', async () => {
    fakeBin(path.join(tmp, 'bin'), [...fabricPrograms, ...caPrograms]);
    fs.mkdirSync(path.join(tmp, 'config'));
    fs.writeFileSync(path.join(tmp, 'config', 'core.yaml'), 'peer: {}\n');
    const bins = await resolveBinaries({ release, env: { FABRIC_BIN: path.join(tmp, 'bin') }, cacheRoot: tmp });
    expect(bins).toMatchObject({ fabricSource: 'FABRIC_BIN', configDir: path.join(tmp, 'config') });
  });

  it('names what an explicit FABRIC_BIN lacks instead of building behind the user', async () => {
    fakeBin(path.join(tmp, 'bin'), ['peer', 'orderer']);
    await expect(
      resolveBinaries({ release, env: { FABRIC_BIN: path.join(tmp, 'bin') }, cacheRoot: tmp }),
    ).rejects.toThrow(/lacks configtxgen, osnadmin, fabric-ca-server, fabric-ca-client/);
  });

  it('uses a cache whose stamp matches the pinned versions, without Go', async () => {
    for (const [name, spec] of [
      ['fabric-3.1.5', { programs: fabricPrograms, version: '3.1.5', moduleQuery: release.fabricCommit }],
      ['fabric-ca-1.5.21', { programs: caPrograms, version: '1.5.21', moduleQuery: 'v1.5.21' }],
    ] as const) {
      fakeBin(path.join(tmp, name, 'bin'), spec.programs);
      fs.mkdirSync(path.join(tmp, name, 'config'));
      fs.writeFileSync(path.join(tmp, name, 'config', 'core.yaml'), '');
      fs.writeFileSync(path.join(tmp, name, 'stamp.json'), JSON.stringify({ ...spec, source: 'go' }));
    }
    const bins = await resolveBinaries({ release, env: { PATH: '/nonexistent' }, cacheRoot: tmp });
    expect(bins).toMatchObject({ fabricSource: 'cache', caSource: 'cache' });
  });

  it('says what was tried when there is neither cache nor Go nor archive', async () => {
    const failing = resolveBinaries({
      release,
      env: { PATH: '/nonexistent', NDI_FABRIC_SOURCE: 'go' },
      cacheRoot: tmp,
    });
    await expect(failing).rejects.toThrow(/no Go toolchain on PATH/);
    await expect(failing).rejects.toThrow(/set FABRIC_BIN/);
  });
});
