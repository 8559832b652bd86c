import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runContentionScenario } from './contention-scenario';
import { inMemoryBackend } from './in-memory-backend';
import { runMarketContentionScenario } from './market-contention-scenario';
import { runMarketScenario } from './market-scenario';
import { runReplayScenario } from './replay-scenario';

/**
 * The network scenarios of `test/e2e/scenario.e2e.test.ts`, run without a network: the same code, through the same
 * library and fabric-gateway client, against `InMemoryFabric`. What this cannot show (TLS, gossip, real endorsement
 * policies, Raft, separate peers' state) only the real network does.
 */
describe('the suite end to end on the in-memory gateway', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-scenario-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('runs the market scenario; the resumed event consumer saw every event once, in commit order', async () => {
    const backend = inMemoryBackend();
    const outcome = await runMarketScenario(backend, { run: 'm1', workDir });

    expect(outcome.seenBeforeStop).toBeGreaterThan(0);
    expect(outcome.seenBeforeStop).toBeLessThan(outcome.committed.length);
    expect(outcome.seen.map((e) => e.transactionId)).toEqual(outcome.committed.map((c) => c.transactionId));
    expect(outcome.seen.map((e) => e.name)).toEqual(outcome.committed.map((c) => c.event));
    // Nothing else committed: the refusals wrote nothing and emitted nothing.
    const valid = backend.fabric.transactions().filter((tx) => tx.validationCode === 0);
    expect(valid.map((tx) => tx.transactionId)).toEqual(outcome.committed.map((c) => c.transactionId));
  });

  it('retries updates of one key invalidated by MVCC conflicts until every one has committed', async () => {
    const outcome = await runContentionScenario(inMemoryBackend(), { run: 'c1', updates: 6 });

    expect(outcome.retriesByCause.MVCC_READ_CONFLICT).toBeGreaterThan(0);
    expect(Object.keys(outcome.retriesByCause)).toEqual(['MVCC_READ_CONFLICT']);
    expect(Math.max(...outcome.attempts)).toBeGreaterThan(1);
  });

  it('keeps 50 concurrent clients moving shares of one asset and granting access on it from losing an update', async () => {
    const outcome = await runMarketContentionScenario(inMemoryBackend(), { run: 'k1', clients: 50 });

    expect(outcome.balanceSum).toBe(outcome.totalShares);
    expect(outcome.retriesByCause.MVCC_READ_CONFLICT).toBeGreaterThan(0);
  });

  it('rejects a replayed transaction envelope as a duplicate that changes nothing', async () => {
    const outcome = await runReplayScenario(inMemoryBackend(), { run: 'r1' });

    expect(outcome.replay.blockNumber).toBeGreaterThan(outcome.committedIn);
    expect(outcome.replay.validationCodeName).toBe('DUPLICATE_TXID');
  });
});
