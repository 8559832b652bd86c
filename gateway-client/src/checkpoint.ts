import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ChaincodeEvent, Checkpointer } from '@hyperledger/fabric-gateway';
import { ConfigurationError } from './errors';

/** What the checkpoint file holds; the same JSON as fabric-gateway's `checkpointers.file`. */
interface CheckpointState {
  blockNumber?: string;
  transactionId?: string;
}

/**
 * A {@link Checkpointer} that persists its position in a file, crash-safely: every update writes a temporary
 * file beside it, fsyncs it, renames it over the checkpoint file and fsyncs the folder, so after a crash the file
 * holds either the previous or the new position, never a torn one. (fabric-gateway 1.11's `checkpointers.file`
 * rewrites the file in place without fsync, which a crash can leave empty or truncated.) The file format is the
 * same as fabric-gateway's, so either can read the other's file.
 *
 * Semantics, as for any fabric-gateway checkpointer, when passed as `checkpoint` to
 * `network.getChaincodeEvents(chaincode, { checkpoint })`:
 *
 * - after {@link FileCheckpointer.checkpointChaincodeEvent | checkpointChaincodeEvent(e)}, a new event stream
 *   resumes in `e`'s block right AFTER `e`'s transaction: `e` is not delivered again, and nothing after it is
 *   skipped;
 * - after {@link FileCheckpointer.checkpointBlock | checkpointBlock(n)}, it resumes at block `n + 1`;
 * - with no position saved yet, the stream starts at the request's `startBlock` (or the next block).
 *
 * So a consumer that checkpoints each event after handling it, and resumes from the checkpoint after a
 * restart, handles every event exactly once and in ledger order, provided that handling and checkpointing
 * happen in that order and a crash between the two is tolerated (the last event may then be handled twice:
 * make handlers idempotent, e.g. keyed by transaction ID).
 */
export class FileCheckpointer implements Checkpointer {
  /** The checkpoint file. */
  public readonly path: string;
  #blockNumber: bigint | undefined;
  #transactionId: string | undefined;
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, state: CheckpointState) {
    this.path = file;
    this.#blockNumber = state.blockNumber === undefined ? undefined : BigInt(state.blockNumber);
    this.#transactionId = state.transactionId;
  }

  /**
   * Opens a checkpoint file, reading the saved position if the file exists (a missing file means no position).
   * The folder must exist.
   *
   * @param file - path of the checkpoint file
   * @throws {@link ConfigurationError} if the file exists but cannot be read or holds no valid position
   */
  public static async open(file: string): Promise<FileCheckpointer> {
    let text: string | undefined;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConfigurationError(`cannot read the checkpoint file ${file}: ${(err as Error).message}`, file, err);
      }
    }
    return new FileCheckpointer(file, text === undefined || text.trim() === '' ? {} : parseState(file, text));
  }

  /** The block to resume at, or `undefined` if no position has been saved. */
  public getBlockNumber(): bigint | undefined {
    return this.#blockNumber;
  }

  /** The last transaction handled within {@link FileCheckpointer.getBlockNumber}'s block, if any. */
  public getTransactionId(): string | undefined {
    return this.#transactionId;
  }

  /**
   * Records that block `blockNumber` has been handled entirely: resume at the next block.
   *
   * @param blockNumber - the block handled
   */
  public async checkpointBlock(blockNumber: bigint): Promise<void> {
    await this.#save(blockNumber + 1n, undefined);
  }

  /**
   * Records that a transaction has been handled: resume in its block, after it.
   *
   * @param blockNumber - the transaction's block
   * @param transactionId - the transaction handled
   */
  public async checkpointTransaction(blockNumber: bigint, transactionId: string): Promise<void> {
    await this.#save(blockNumber, transactionId);
  }

  /**
   * Records that a chaincode event has been handled: resume right after it.
   *
   * @param event - the event handled
   */
  public async checkpointChaincodeEvent(event: ChaincodeEvent): Promise<void> {
    await this.checkpointTransaction(event.blockNumber, event.transactionId);
  }

  #save(blockNumber: bigint, transactionId: string | undefined): Promise<void> {
    this.#blockNumber = blockNumber;
    this.#transactionId = transactionId;
    const state: CheckpointState = { blockNumber: blockNumber.toString(), transactionId };
    // Writes are serialised so that the file always ends up holding the latest position.
    const write = this.#writing.then(() => writeAtomically(this.path, JSON.stringify(state)));
    this.#writing = write.catch(() => undefined);
    return write;
  }
}

function parseState(file: string, text: string): CheckpointState {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (err) {
    throw new ConfigurationError(`checkpoint file ${file} is not valid JSON`, file, err);
  }
  const { blockNumber, transactionId } = (state ?? {}) as Record<string, unknown>;
  const validBlock = blockNumber === undefined || (typeof blockNumber === 'string' && /^\d+$/.test(blockNumber));
  const validTx = transactionId === undefined || typeof transactionId === 'string';
  if (typeof state !== 'object' || state === null || !validBlock || !validTx) {
    throw new ConfigurationError(`checkpoint file ${file} holds no valid position: ${text.slice(0, 200)}`, file);
  }
  return { blockNumber: blockNumber as string | undefined, transactionId: transactionId as string | undefined };
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(temp, 'w', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw new ConfigurationError(`cannot write the checkpoint file ${file}: ${(err as Error).message}`, file, err);
  }
  await syncDirectory(path.dirname(file));
}

// Makes the rename durable. Not possible on every platform (Windows refuses to open folders); best effort there.
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}

/**
 * Opens a {@link FileCheckpointer}: the crash-safe counterpart of fabric-gateway's `checkpointers.file(path)`.
 *
 * @param file - path of the checkpoint file (its folder must exist)
 */
export function fileCheckpointer(file: string): Promise<FileCheckpointer> {
  return FileCheckpointer.open(file);
}
