import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InMemoryFabric } from '../testing/in-memory-fabric';
import { run } from './main';
import { silentSpinner } from './spinner';

/** `ndi events blocks` through the real CLI against the in-memory gateway. */
describe('ndi events blocks', () => {
  const fabric = new InMemoryFabric();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-cli-blocks-'));
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  async function ndi(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await run(['--org', 'regulator', '--user', 'auditor', ...args], {
      connect: async () => fabric.client(fabric.user('RegulatorMSP', 'auditor')),
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
      spinner: silentSpinner,
      env: {},
      cwd: workDir,
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    const writer = fabric.client(fabric.user('ExchangeMSP', 'writer'));
    await writer.identity().registerIdentity({ kind: 'service', displayName: 'Writer' });
    writer.close();
  });

  it('prints blocks for humans, with each transaction and its validation code', async () => {
    const { code, out } = await ndi('events', 'blocks', '--start-block', '1', '--count', '1');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^block 1: 1 transaction\(s\)\n {2}[0-9a-f]{64} ExchangeMSP identity RegisterIdentity VALID\n$/,
    );
  });

  it('prints filtered blocks as JSON lines and resumes from its checkpoint', async () => {
    const checkpoint = path.join(workDir, 'blocks.json');
    const first = await ndi(
      '--json',
      'events',
      'blocks',
      '--filtered',
      '--start-block',
      '0',
      '--count',
      '1',
      '--checkpoint',
      checkpoint,
    );
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ number: 0, transactions: [{ typeName: 'CONFIG' }] });
    const refused = await ndi('events', 'blocks', '--checkpoint', checkpoint, '--count', '1');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/holds a position \(block 1\): add --from-checkpoint/);
    const resumed = await ndi(
      '--json',
      'events',
      'blocks',
      '--filtered',
      '--checkpoint',
      checkpoint,
      '--from-checkpoint',
      '--count',
      '1',
    );
    expect(JSON.parse(resumed.out)).toMatchObject({ number: 1, transactions: [{ validationCodeName: 'VALID' }] });
  });
});
