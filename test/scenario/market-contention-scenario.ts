import { createHash } from 'node:crypto';
import {
  CommitFailedError,
  type NdiClient,
  type RetryEvent,
  type RetryPolicy,
  type Submitted,
} from '../../gateway-client/src';
import { ClientPool, type PeerOrg, type ScenarioBackend } from './backend';

/** What {@link runMarketContentionScenario} observed. */
export interface MarketContentionOutcome {
  /** Concurrent clients (holders). */
  readonly clients: number;
  /** Retries made in all, by the validation code (or error class) of the attempt that failed. */
  readonly retriesByCause: Readonly<Record<string, number>>;
  /** The sum of every shareholder's balance at the end. */
  readonly balanceSum: bigint;
  /** The asset's total shares. */
  readonly totalShares: bigint;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const ORGS: readonly PeerOrg[] = ['exchange', 'enterprise', 'regulator'];
const DAY = 24 * 3600 * 1000;

/** Awaits every write, then fails with the first error: the others have settled and been counted by then. */
async function all<T>(writes: readonly Promise<Submitted<T>>[]): Promise<Submitted<T>[]> {
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Submitted<T>>).value);
}

/**
 * Contention on one asset (the reliability suite's contention case): `clients` holders of the shares of one data
 * asset, spread over the three organizations, each move shares to the next holder in a ring, all at once, while the
 * owner grants every one of them access to the data asset, all at once. Neighbouring transfers read and write the
 * same holdings, so in one block they invalidate each other with MVCC conflicts, which the client library retries.
 * At the end no update is lost: every holder holds what it held before (it gave and received the same quantity),
 * the balances sum to the total supply, and every grant exists.
 */
export async function runMarketContentionScenario(
  backend: ScenarioBackend,
  options: { readonly run: string; readonly clients?: number; readonly now?: () => number },
): Promise<MarketContentionOutcome> {
  const { run } = options;
  const clients = options.clients ?? 50;
  const now = options.now ?? Date.now;
  const pool = new ClientPool(backend);
  const retriesByCause: Record<string, number> = {};
  const onRetry = ({ error }: RetryEvent) => {
    const cause = error instanceof CommitFailedError ? error.validationCodeName : error.constructor.name;
    retriesByCause[cause] = (retriesByCause[cause] ?? 0) + 1;
  };
  // A round of conflicts commits at least one write, so `clients` attempts always suffice; the delays spread the
  // retries over blocks.
  const retry: Partial<RetryPolicy> = { maxAttempts: clients + 1, baseDelayMs: 100, maxDelayMs: 2000 };
  try {
    const { client: owner } = await pool.provider('exchange', `grid-${run}`, 'Grid');
    const assetId = `meters-${run}`;
    await owner.dataRegistry().registerDataAsset({
      id: assetId,
      title: 'Smart meter readings',
      category: 'energy',
      classification: 'general',
      contentHash: sha256(`meters ${run}`),
      sizeBytes: '2097152',
      format: 'parquet',
      storageUri: `s3://grid/meters-${run}.parquet`,
      policy: { purposes: ['research'], tradable: true, crossBorder: false },
    });
    const perHolder = 10n;
    const totalShares = perHolder * BigInt(clients) * 2n;
    await owner.transactionCertificates().tokenizeAsset(assetId, totalShares);

    // The holders, in every organization, registered and given their shares one after the other.
    const holders: { client: NdiClient; did: string }[] = [];
    for (let i = 0; i < clients; i += 1) {
      const client = await pool.connect(ORGS[i % ORGS.length] as PeerOrg, `holder-${i}-${run}`);
      const { result } = await client.identity().registerIdentity({ kind: 'service', displayName: `Holder ${i}` });
      await owner.transactionCertificates().transferShares(assetId, result.did, perHolder);
      holders.push({ client, did: result.did });
    }

    // All at once: every holder moves 3 shares to the next one, and the owner grants each of them access.
    const registry = owner.dataRegistry({ retry, onRetry });
    const expiresAt = new Date(now() + 30 * DAY).toISOString();
    await Promise.all([
      all(
        holders.map(({ client }, i) =>
          client
            .transactionCertificates({ retry, onRetry })
            .transferShares(assetId, (holders[(i + 1) % clients] as { did: string }).did, 3n),
        ),
      ),
      all(
        holders.map(({ did }, i) =>
          registry.grantAccess(assetId, { grantId: `g-${i}`, granteeDid: did, purposes: ['research'], expiresAt }),
        ),
      ),
    ]);

    // No update lost.
    const reader = owner.transactionCertificates();
    let balanceSum = 0n;
    let bookmark = '';
    do {
      const page = await reader.listShareholders(assetId, { pageSize: 100, bookmark });
      for (const holding of page.items) balanceSum += BigInt(holding.balance);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(balanceSum).toBe(totalShares);
    for (const { did } of holders) {
      expect((await reader.getBalance(assetId, did)).balance).toBe(String(perHolder));
    }
    const grants: string[] = [];
    bookmark = '';
    do {
      const page = await owner.dataRegistry().listAccessGrants(assetId, { pageSize: 100, bookmark });
      grants.push(...page.items.map((g) => g.granteeDid ?? ''));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(new Set(grants)).toEqual(new Set(holders.map((h) => h.did)));
    return { clients, retriesByCause, balanceSum, totalShares };
  } finally {
    pool.close();
  }
}
