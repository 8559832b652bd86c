import { createHash } from 'node:crypto';
import { CommitFailedError, type RetryEvent } from '../../gateway-client/src';
import { ClientPool, type ScenarioBackend } from './backend';

/** What {@link runContentionScenario} observed. */
export interface ContentionOutcome {
  /** Updates submitted, all at once. */
  readonly updates: number;
  /** Retries made in all, by the validation code of the attempt that failed. */
  readonly retriesByCause: Readonly<Record<string, number>>;
  /** Attempts each update took, in submission order. */
  readonly attempts: readonly number[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Concurrent updates of one key: the owner of a data asset submits `updates` new versions at once. They read and
 * write the same asset record, so ordered into one block all but one are invalidated with `MVCC_READ_CONFLICT`; the
 * client library endorses and submits each again (a new transaction each time) until every update has committed.
 * Nothing is lost: every content hash submitted is found in the asset's versions, and the version number counts
 * them all.
 */
export async function runContentionScenario(
  backend: ScenarioBackend,
  options: { readonly run: string; readonly updates?: number },
): Promise<ContentionOutcome> {
  const { run } = options;
  const updates = options.updates ?? 6;
  const pool = new ClientPool(backend);
  try {
    const { client: owner } = await pool.provider('exchange', `publisher-${run}`, 'Publisher');
    const assetId = `contended-${run}`;
    await owner.dataRegistry().registerDataAsset({
      id: assetId,
      title: 'Daily energy readings',
      category: 'energy',
      classification: 'general',
      contentHash: sha256(`readings ${run} v1`),
      sizeBytes: '1048576',
      format: 'csv',
      storageUri: `s3://grid/readings-${run}.csv`,
      policy: { purposes: ['research'], tradable: false, crossBorder: false },
    });

    const retriesByCause: Record<string, number> = {};
    const onRetry = ({ error }: RetryEvent) => {
      const cause = error instanceof CommitFailedError ? error.validationCodeName : error.constructor.name;
      retriesByCause[cause] = (retriesByCause[cause] ?? 0) + 1;
    };
    // Each round of conflicts commits one update at least, so `updates` rounds always suffice; the delays spread
    // the retries over several blocks.
    const registry = owner.dataRegistry({
      retry: { maxAttempts: updates + 2, baseDelayMs: 100, maxDelayMs: 1000 },
      onRetry,
    });
    const hashes = Array.from({ length: updates }, (_, i) => sha256(`readings ${run} v${i + 2}`));
    const results = await Promise.all(
      hashes.map((contentHash, i) =>
        registry.updateDataAsset(assetId, { contentHash, sizeBytes: String(1048576 + i), format: 'csv' }),
      ),
    );

    const final = await owner.dataRegistry().getDataAsset(assetId);
    expect(final.version).toBe(1 + updates);
    for (const contentHash of hashes) {
      const integrity = await owner.dataRegistry().verifyDataIntegrity(assetId, contentHash);
      expect(['current', 'previous']).toContain(integrity.match);
    }
    const versions = results.map(({ result }) => result.version).sort((a, b) => a - b);
    expect(versions).toEqual(hashes.map((_, i) => i + 2));
    return { updates, retriesByCause, attempts: results.map(({ attempts }) => attempts) };
  } finally {
    pool.close();
  }
}
