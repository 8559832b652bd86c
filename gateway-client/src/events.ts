import {
  type ChaincodeEvent,
  type Checkpointer,
  checkpointers,
  type CloseableAsyncIterable,
  type Network,
} from '@hyperledger/fabric-gateway';
import type { common } from '@hyperledger/fabric-protos';
import { type BlockTransaction, blockNumberOf, blockTransactions } from './block-events';
import { FileCheckpointer } from './checkpoint';
import { NdiError, toNdiError } from './errors';
import { type NdiChaincodeName, type NdiEvent, parseNdiEvent } from './event-types';

/** What {@link openEventStream} needs of a fabric-gateway `Network`. */
export type EventSource = Pick<Network, 'getChaincodeEvents' | 'getBlockEvents'>;

/** How to open an {@link EventStream}. */
export interface EventStreamOptions<C extends NdiChaincodeName> {
  /**
   * The chaincodes to follow. One chaincode is read through the gateway's chaincode event service (filtered on the
   * peer); several through block events, so that their events come in one ledger order under one checkpoint.
   */
  readonly chaincodes: readonly [C, ...C[]];
  /**
   * Where the stream's position is kept: a checkpoint file path (opened as a {@link FileCheckpointer}) or any
   * fabric-gateway `Checkpointer`. Default: in memory, so a restart starts at `startBlock` again. Use one checkpoint
   * per set of chaincodes: a position is only meaningful to the stream that saved it.
   */
  readonly checkpoint?: string | Checkpointer;
  /** Where to start when the checkpoint holds no position (default: the next block committed). */
  readonly startBlock?: bigint;
  /**
   * What to do with an event this client does not know (a new event name of a newer chaincode version, or a
   * payload that is not a JSON object): `'error'` (default) ends the stream with an {@link NdiError} before the
   * event, so that nothing is lost and a newer client resumes at it; `'skip'` passes over it.
   */
  readonly unrecognized?: 'error' | 'skip';
}

type Acknowledge = () => Promise<void>;

/**
 * A typed, resumable stream of the suite's chaincode events, in ledger order (block, then transaction order within
 * the block). Iterate it with `for await`; obtain it with {@link openEventStream} or `NdiClient.events`.
 *
 * **Checkpointing.** An event is checkpointed when the consumer asks for the next one, i.e. once the body of the
 * `for await` loop has run for it without throwing, or earlier by {@link EventStream.ack}. A stream reopened on the
 * same checkpoint after a restart therefore delivers every event once, in order, with no gap: exactly once as long
 * as the process does not stop between handling an event and asking for the next. An event whose handling was
 * interrupted (a crash, a handler that throws, a `break` before `ack()`) is delivered again: at-least-once at a
 * crash. Make handlers idempotent, e.g. keyed by `transactionId`.
 *
 * **Errors.** A failed event connection ends the iteration with a {@link GatewayRequestError} (stage `events`);
 * open a new stream on the same checkpoint to resume.
 *
 * @example
 * ```typescript
 * const events = await client.events({ chaincodes: ['identity', 'data-registry'], checkpoint: 'events.json' });
 * for await (const event of events) {
 *     if (event.chaincode === 'identity' && event.name === 'IdentityStatusChanged') {
 *         await suspendSessions(event.payload.did, event.payload.to); // checkpointed when the loop moves on
 *     }
 * }
 * ```
 */
export class EventStream<C extends NdiChaincodeName = NdiChaincodeName> implements AsyncIterable<NdiEvent<C>> {
  readonly #source: CloseableAsyncIterable<ChaincodeEvent> | CloseableAsyncIterable<common.Block>;
  readonly #chaincodes: ReadonlySet<string>;
  readonly #checkpointer: Checkpointer;
  readonly #unrecognized: 'error' | 'skip';
  readonly #iterator: AsyncGenerator<NdiEvent<C>, void, undefined>;
  #resume: { blockNumber: bigint; transactionId: string } | undefined;
  #pending: Acknowledge | undefined;
  #closed = false;

  /** @internal Use {@link openEventStream}. */
  constructor(
    source: { events: CloseableAsyncIterable<ChaincodeEvent> } | { blocks: CloseableAsyncIterable<common.Block> },
    chaincodes: readonly C[],
    checkpointer: Checkpointer,
    unrecognized: 'error' | 'skip',
  ) {
    this.#chaincodes = new Set(chaincodes);
    this.#checkpointer = checkpointer;
    this.#unrecognized = unrecognized;
    const blockNumber = checkpointer.getBlockNumber();
    const transactionId = checkpointer.getTransactionId();
    this.#resume =
      blockNumber !== undefined && transactionId !== undefined ? { blockNumber, transactionId } : undefined;
    if ('events' in source) {
      this.#source = source.events;
      this.#iterator = this.#fromChaincodeEvents(source.events);
    } else {
      this.#source = source.blocks;
      this.#iterator = this.#fromBlocks(source.blocks);
    }
  }

  /** The checkpointer keeping the stream's position. */
  public get checkpointer(): Checkpointer {
    return this.#checkpointer;
  }

  /** The single iterator of the stream (a stream is read once). */
  public [Symbol.asyncIterator](): AsyncGenerator<NdiEvent<C>, void, undefined> {
    return this.#iterator;
  }

  /**
   * Checkpoints the event last delivered now, instead of when the next one is asked for: call it before leaving a
   * `for await` loop with `break` if that event has been handled. Does nothing if it is checkpointed already.
   *
   * @throws {@link ConfigurationError} if the checkpoint cannot be written
   */
  public async ack(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    await pending?.();
  }

  /** Ends the stream and its connection. The event last delivered stays unacknowledged unless `ack()`ed. Idempotent. */
  public close(): void {
    if (!this.#closed) {
      this.#closed = true;
      this.#pending = undefined;
      this.#source.close();
    }
  }

  /** Same as {@link EventStream.close}, for `using`. */
  public [Symbol.dispose](): void {
    this.close();
  }

  // Returns the typed event, undefined to skip it, or throws for an unknown event in 'error' mode.
  #type(raw: ChaincodeEvent): NdiEvent<C> | undefined {
    const event = this.#chaincodes.has(raw.chaincodeName) ? parseNdiEvent(raw) : undefined;
    if (event === undefined && this.#unrecognized === 'error') {
      throw new NdiError(
        `unrecognized event '${raw.eventName}' of chaincode '${raw.chaincodeName}' in block ${raw.blockNumber}: ` +
          'a newer chaincode than this client knows, or a malformed payload',
        { transactionId: raw.transactionId },
      );
    }
    return event as NdiEvent<C> | undefined;
  }

  async *#fromChaincodeEvents(events: AsyncIterable<ChaincodeEvent>): AsyncGenerator<NdiEvent<C>, void, undefined> {
    try {
      for await (const raw of events) {
        const event = this.#type(raw);
        const acknowledge = () => this.#checkpointer.checkpointChaincodeEvent(raw);
        if (event === undefined) {
          await acknowledge();
          continue;
        }
        this.#pending = acknowledge;
        yield event;
        // Reached only when the consumer asks for the next event: the one yielded has been handled.
        await this.ack();
        if (this.#closed) {
          return;
        }
      }
    } catch (err) {
      // A connection cancelled by close() is how a closed stream ends, not a failure.
      if (!this.#closed) {
        throw toNdiError(err, 'events');
      }
    } finally {
      this.close();
    }
  }

  async *#fromBlocks(blocks: AsyncIterable<common.Block>): AsyncGenerator<NdiEvent<C>, void, undefined> {
    try {
      for await (const block of blocks) {
        const blockNumber = blockNumberOf(block);
        for (const transaction of this.#unhandled(blockNumber, blockTransactions(block, this.#chaincodes))) {
          const last = transaction.events.length - 1;
          for (const [index, raw] of transaction.events.entries()) {
            const event = this.#type(raw);
            if (event === undefined) {
              continue;
            }
            // Only the transaction's last event moves the position: a transaction is resumed after, never within.
            this.#pending =
              index === last
                ? () => this.#checkpointer.checkpointTransaction(blockNumber, transaction.transactionId)
                : undefined;
            yield event;
            await this.ack();
            if (this.#closed) {
              return;
            }
          }
        }
        await this.#checkpointer.checkpointBlock(blockNumber);
      }
    } catch (err) {
      // A connection cancelled by close() is how a closed stream ends, not a failure.
      if (!this.#closed) {
        throw toNdiError(err, 'events');
      }
    } finally {
      this.close();
    }
  }

  // Block events restart at the checkpoint's block; the transactions up to the checkpointed one were handled.
  #unhandled(blockNumber: bigint, transactions: BlockTransaction[]): BlockTransaction[] {
    const resume = this.#resume;
    if (resume === undefined || resume.blockNumber !== blockNumber) {
      return transactions;
    }
    this.#resume = undefined;
    const handled = transactions.findIndex((t) => t.transactionId === resume.transactionId);
    return transactions.slice(handled + 1);
  }
}

async function resolveCheckpointer(checkpoint: string | Checkpointer | undefined): Promise<Checkpointer> {
  if (checkpoint === undefined) {
    return checkpointers.inMemory();
  }
  return typeof checkpoint === 'string' ? FileCheckpointer.open(checkpoint) : checkpoint;
}

/**
 * Opens a typed, resumable {@link EventStream} of one or several of the suite's chaincodes.
 *
 * One chaincode: fabric-gateway `network.getChaincodeEvents(name, { checkpoint, startBlock })`, filtered on the
 * peer. Several: `network.getBlockEvents({ checkpoint, startBlock })`, with the events of the wanted chaincodes
 * extracted from each block's valid transactions in block order. Per-chaincode streams cannot be merged in ledger
 * order (a chaincode event carries no transaction index, and an idle stream never says it has passed a block), nor
 * resumed from one checkpoint; whole blocks can, at the cost of receiving every transaction of the channel.
 *
 * @param network - the channel, e.g. `ndiClient.network()`
 * @param options - chaincodes, checkpoint, start block, handling of unknown events
 * @throws {@link ConfigurationError} if the checkpoint file cannot be read; {@link GatewayRequestError} if the
 *   event connection cannot be opened
 */
export async function openEventStream<C extends NdiChaincodeName>(
  network: EventSource,
  options: EventStreamOptions<C>,
): Promise<EventStream<C>> {
  const chaincodes = [...new Set(options.chaincodes)];
  const checkpointer = await resolveCheckpointer(options.checkpoint);
  const request = {
    checkpoint: checkpointer,
    ...(options.startBlock !== undefined && { startBlock: options.startBlock }),
  };
  const unrecognized = options.unrecognized ?? 'error';
  try {
    const source =
      chaincodes.length === 1
        ? { events: await network.getChaincodeEvents(chaincodes[0] as C, request) }
        : { blocks: await network.getBlockEvents(request) };
    return new EventStream(source, chaincodes, checkpointer, unrecognized);
  } catch (err) {
    throw toNdiError(err, 'events');
  }
}
