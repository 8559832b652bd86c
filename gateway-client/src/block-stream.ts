import {
  type Checkpointer,
  checkpointers,
  type CloseableAsyncIterable,
  type Network,
} from '@hyperledger/fabric-gateway';
import type { common, peer } from '@hyperledger/fabric-protos';
import { FileCheckpointer } from './checkpoint';
import { toNdiError, validationCodeName } from './errors';
import { type BlockSummary, headerTypeName, summarizeBlock } from './qscc';

/** What {@link openBlockStream} and {@link openFilteredBlockStream} need of a fabric-gateway `Network`. */
export type BlockSource = Pick<Network, 'getBlockEvents' | 'getFilteredBlockEvents'>;

/** How to open a {@link BlockStream}. */
export interface BlockStreamOptions {
  /**
   * Where the stream's position is kept: a checkpoint file path (a {@link FileCheckpointer}) or any fabric-gateway
   * `Checkpointer`. A block is checkpointed once the consumer asks for the next one, so a stream reopened on the
   * same checkpoint starts at the first block not yet handled. Default: in memory.
   */
  readonly checkpoint?: string | Checkpointer;
  /** Where to start when the checkpoint holds no position (default: the next block committed). */
  readonly startBlock?: bigint;
}

/** A transaction as a filtered block shows it: no payload, only what it was and how it was validated. */
export interface FilteredTransactionSummary {
  /** The transaction ID. */
  readonly txId: string;
  /** The header type, e.g. `2` for an endorser transaction. */
  readonly type: number;
  /** Its name, e.g. `ENDORSER_TRANSACTION` or `CONFIG`. */
  readonly typeName: string;
  /** The validation code the committing peer gave it (0 = VALID). */
  readonly validationCode: number;
  /** Its name, e.g. `VALID`, `MVCC_READ_CONFLICT`, `DUPLICATE_TXID`. */
  readonly validationCodeName: string;
  /** Whether it committed valid. */
  readonly valid: boolean;
}

/** A block as the peer's `DeliverFiltered` service sends it: what an auditor needs to follow validity. */
export interface FilteredBlockSummary {
  /** Its number. */
  readonly number: bigint;
  /** The channel. */
  readonly channel: string;
  /** Its transactions, in block order. */
  readonly transactions: readonly FilteredTransactionSummary[];
}

/** What every block summary of a {@link BlockStream} has. */
export interface NumberedBlock {
  /** The block number. */
  readonly number: bigint;
}

/**
 * A resumable stream of committed blocks, summarised (see {@link openBlockStream}): iterate it with `for await`;
 * every block is delivered once, in order, and checkpointed when the next one is asked for.
 */
export class BlockStream<T extends NumberedBlock> implements AsyncIterable<T> {
  readonly #source: CloseableAsyncIterable<unknown>;
  readonly #checkpointer: Checkpointer;
  readonly #iterator: AsyncGenerator<T, void, undefined>;
  #pending: bigint | undefined;
  #closed = false;

  /** @internal Use {@link openBlockStream} or {@link openFilteredBlockStream}. */
  constructor(source: CloseableAsyncIterable<unknown>, summarize: (raw: unknown) => T, checkpointer: Checkpointer) {
    this.#source = source;
    this.#checkpointer = checkpointer;
    this.#iterator = this.#blocks(summarize);
  }

  /** The checkpointer keeping the stream's position. */
  public get checkpointer(): Checkpointer {
    return this.#checkpointer;
  }

  /** The single iterator of the stream. */
  public [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    return this.#iterator;
  }

  /**
   * Checkpoints the block last delivered now, instead of when the next one is asked for: call it before leaving a
   * `for await` loop with `break` if that block has been handled.
   */
  public async ack(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) await this.#checkpointer.checkpointBlock(pending);
  }

  /** Ends the stream and its connection; the block last delivered stays unacknowledged unless `ack()`ed. Idempotent. */
  public close(): void {
    if (!this.#closed) {
      this.#closed = true;
      this.#pending = undefined;
      this.#source.close();
    }
  }

  async *#blocks(summarize: (raw: unknown) => T): AsyncGenerator<T, void, undefined> {
    try {
      for await (const raw of this.#source) {
        const block = summarize(raw);
        this.#pending = block.number;
        yield block;
        // Reached when the consumer asks for the next block: this one has been handled.
        await this.ack();
        if (this.#closed) return;
      }
    } catch (err) {
      // A connection cancelled by close() is how a closed stream ends, not a failure.
      if (!this.#closed) throw toNdiError(err, 'events');
    } finally {
      this.close();
    }
  }
}

/** Summarises a filtered block. */
export function summarizeFilteredBlock(block: peer.FilteredBlock): FilteredBlockSummary {
  return {
    number: BigInt(block.getNumber()),
    channel: block.getChannelId(),
    transactions: block.getFilteredTransactionsList().map((tx) => ({
      txId: tx.getTxid(),
      type: tx.getType(),
      typeName: headerTypeName(tx.getType()),
      validationCode: tx.getTxValidationCode(),
      validationCodeName: validationCodeName(tx.getTxValidationCode()),
      valid: tx.getTxValidationCode() === 0,
    })),
  };
}

async function open<T extends NumberedBlock>(
  options: BlockStreamOptions,
  events: (request: { checkpoint: Checkpointer; startBlock?: bigint }) => Promise<CloseableAsyncIterable<unknown>>,
  summarize: (raw: unknown) => T,
): Promise<BlockStream<T>> {
  const checkpointer =
    options.checkpoint === undefined
      ? checkpointers.inMemory()
      : typeof options.checkpoint === 'string'
        ? await FileCheckpointer.open(options.checkpoint)
        : options.checkpoint;
  try {
    const source = await events({
      checkpoint: checkpointer,
      ...(options.startBlock !== undefined && { startBlock: options.startBlock }),
    });
    return new BlockStream(source, summarize, checkpointer);
  } catch (err) {
    throw toNdiError(err, 'events');
  }
}

/**
 * Opens a resumable stream of the channel's committed blocks, each summarised with its transactions, their
 * submitters, chaincodes, functions and validation codes ({@link BlockSummary}): the regulator's view of
 * everything committed. Needs the channel's `Readers` access (block events).
 *
 * @param network - the channel, e.g. `ndiClient.network()`
 * @param options - checkpoint and start block
 * @throws {@link ConfigurationError} if the checkpoint file cannot be read; {@link GatewayRequestError} if the
 *   connection cannot be opened
 */
export function openBlockStream(
  network: BlockSource,
  options: BlockStreamOptions = {},
): Promise<BlockStream<BlockSummary>> {
  return open(
    options,
    (request) => network.getBlockEvents(request),
    (raw) => summarizeBlock(raw as common.Block),
  );
}

/**
 * Opens a resumable stream of filtered blocks: per transaction only its ID, type and validation code
 * ({@link FilteredBlockSummary}), no payloads: enough to follow what committed, for clients that may not read
 * transaction contents.
 *
 * @param network - the channel, e.g. `ndiClient.network()`
 * @param options - checkpoint and start block
 * @throws {@link ConfigurationError} if the checkpoint file cannot be read; {@link GatewayRequestError} if the
 *   connection cannot be opened
 */
export function openFilteredBlockStream(
  network: BlockSource,
  options: BlockStreamOptions = {},
): Promise<BlockStream<FilteredBlockSummary>> {
  return open(
    options,
    (request) => network.getFilteredBlockEvents(request),
    (raw) => summarizeFilteredBlock(raw as peer.FilteredBlock),
  );
}
