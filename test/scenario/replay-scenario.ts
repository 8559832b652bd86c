import type { TransactionSummary } from '../../gateway-client/src';
import { ClientPool, type ScenarioBackend } from './backend';

/** What {@link runReplayScenario} observed. */
export interface ReplayOutcome {
  /** The transaction submitted twice. */
  readonly transactionId: string;
  /** The block it committed in, VALID. */
  readonly committedIn: bigint;
  /** The block the replayed envelope landed in, and the validation code it got there. */
  readonly replay: { readonly blockNumber: bigint; readonly validationCodeName: string };
}

/**
 * A replayed transaction envelope (the reliability suite's replay case): a client endorses and submits a
 * transaction, it commits VALID; then the very same signed envelope is submitted again through fabric-gateway's
 * `newTransaction(bytes)`. The ordering service takes it, and the committing peers reject it as a duplicate: it lands
 * in a later block marked `DUPLICATE_TXID` and changes nothing (one history entry, one event).
 */
export async function runReplayScenario(
  backend: ScenarioBackend,
  options: { readonly run: string },
): Promise<ReplayOutcome> {
  const pool = new ClientPool(backend);
  try {
    const client = await pool.connect('enterprise', `replayer-${options.run}`);
    const contract = client.contract('identity');
    const proposal = contract.newProposal('RegisterIdentity', {
      arguments: [JSON.stringify({ kind: 'service', displayName: 'Replay probe' })],
    });
    const transaction = await proposal.endorse();
    const first = await (await transaction.submit()).getStatus();
    expect(first.successful).toBe(true);
    const { did } = await client.identity().whoAmI();

    // The same signed bytes, once more.
    const replayed = client.gateway.newTransaction(transaction.getBytes());
    expect(replayed.getTransactionId()).toBe(first.transactionId);
    // Its commit status is the ledger's answer for the transaction ID: the original's.
    const again = await (await replayed.submit()).getStatus();
    expect(again).toMatchObject({ successful: true, blockNumber: first.blockNumber });

    // Find where the replay landed: after the original's block.
    const audit = client.audit();
    let replay: { blockNumber: bigint; summary: TransactionSummary } | undefined;
    for (let attempt = 0; attempt < 100 && replay === undefined; attempt += 1) {
      const { height } = await audit.chainInfo();
      for (let n = first.blockNumber + 1n; n < height && replay === undefined; n += 1n) {
        const summary = (await audit.block(n)).transactions.find((tx) => tx.txId === first.transactionId);
        if (summary) replay = { blockNumber: n, summary };
      }
      if (replay === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (replay === undefined) throw new Error(`the replayed envelope of ${first.transactionId} never reached a block`);
    expect(replay.summary.valid).toBe(false);
    expect(replay.summary.validationCodeName).toBe('DUPLICATE_TXID');

    // Nothing changed: the identity has one history entry, and the ledger's answer for the ID is the original.
    const history = await client.identity().getIdentityHistory(did);
    expect(history.entries).toHaveLength(1);
    const recorded = await audit.transaction(first.transactionId, { withBlockNumber: true });
    expect(recorded).toMatchObject({ valid: true, blockNumber: first.blockNumber });
    return {
      transactionId: first.transactionId,
      committedIn: first.blockNumber,
      replay: { blockNumber: replay.blockNumber, validationCodeName: replay.summary.validationCodeName },
    };
  } finally {
    pool.close();
  }
}
