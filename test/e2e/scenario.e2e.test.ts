import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NdiClient } from '../../gateway-client/src';
import { MSP_OF, type ScenarioBackend } from '../scenario/backend';
import { runContentionScenario } from '../scenario/contention-scenario';
import { runMarketContentionScenario } from '../scenario/market-contention-scenario';
import { runMarketScenario } from '../scenario/market-scenario';
import { runReplayScenario } from '../scenario/replay-scenario';
import { network, profile } from './support/network';

const describeOnNetwork = process.env.NDI_NETWORK_UP === '1' ? describe : describe.skip;

/** The scenarios' backend on the real network: users enrolled with their org's Fabric CA, clients over TLS. */
const networkBackend: ScenarioBackend = {
  name: 'the ndi network',
  async connect(org, user, options = {}) {
    if (!options.admin) {
      await network.enroll(org, user, false);
    }
    const p = profile(org);
    expect(p.mspId).toBe(MSP_OF[org]);
    return NdiClient.connect({ profile: p, identity: user });
  },
};

/**
 * The suite end to end on the real network (`test/scenario`): the same scenarios `npm test` also runs on the
 * in-memory gateway, here through real peers, orderers and CAs.
 */
describeOnNetwork('the suite end to end on the network', () => {
  const run = randomUUID().slice(0, 8);
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-scenario-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('runs the market scenario; the resumed event consumer saw every event once, in commit order', async () => {
    const outcome = await runMarketScenario(networkBackend, { run, workDir });
    expect(outcome.seenBeforeStop).toBeGreaterThan(0);
    // Other clients may use the channel meanwhile: the scenario's own transactions, in order, no gap or duplicate.
    const ours = new Set(outcome.committed.map((c) => c.transactionId));
    const seen = outcome.seen.filter((e) => ours.has(e.transactionId));
    expect(seen.map((e) => e.transactionId)).toEqual(outcome.committed.map((c) => c.transactionId));
    expect(seen.map((e) => e.name)).toEqual(outcome.committed.map((c) => c.event));
  }, 600_000);

  it('retries concurrent updates of one key invalidated by MVCC conflicts until all have committed', async () => {
    const outcome = await runContentionScenario(networkBackend, { run: `c${run}`, updates: 6 });
    expect(outcome.retriesByCause.MVCC_READ_CONFLICT).toBeGreaterThan(0);
  }, 600_000);

  it('keeps 50 concurrent clients moving shares of one asset and granting access on it from losing an update', async () => {
    const outcome = await runMarketContentionScenario(networkBackend, { run: `k${run}`, clients: 50 });
    expect(outcome.balanceSum).toBe(outcome.totalShares);
    console.log(`contention on the network: retries ${JSON.stringify(outcome.retriesByCause)}`);
  }, 900_000);

  it('rejects a replayed transaction envelope as a duplicate that changes nothing', async () => {
    const outcome = await runReplayScenario(networkBackend, { run: `r${run}` });
    expect(outcome.replay.validationCodeName).toBe('DUPLICATE_TXID');
  }, 120_000);
});
