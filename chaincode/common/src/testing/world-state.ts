/**
 * Committed ledger data and the staged write set of one transaction, with Fabric's rules:
 * reads see committed data only, writes become visible at commit, an empty value is a delete,
 * and paginated or private-data range queries forbid writes in the same transaction. Like a
 * peer's validator, a commit first checks the transaction's read set (MVCC): if a key it read
 * or a range it iterated changed since, the transaction is invalidated and nothing is applied.
 */

/** One committed modification of a key, oldest first in storage. */
export interface HistoryRecord {
  /** Transaction that wrote it. */
  txId: string;
  /** Transaction timestamp, as the history iterator returns it (`toObject()` form). */
  timestamp: { seconds: number; nanos: number };
  /** Whether the write was a delete. */
  isDelete: boolean;
  /** The value written (empty for deletes). */
  value: Buffer;
}

/** Orders keys by their UTF-8 bytes, as LevelDB does (differs from UTF-16 order above U+FFFF). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Key of a private collection's data within the world state. */
export function privateNamespace(chaincode: string, collection: string): string {
  return `${chaincode}\u0000${collection}`;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** All committed data of a channel, per chaincode namespace. */
export class WorldState {
  /** namespace → key → value. */
  readonly state = new Map<string, Map<string, Buffer>>();
  /** namespace → key → validation parameter (key-level endorsement policy). */
  readonly metadata = new Map<string, Map<string, Buffer>>();
  /** private namespace ({@link privateNamespace}) → key → value. */
  readonly privateState = new Map<string, Map<string, Buffer>>();
  /** private namespace → key → validation parameter. */
  readonly privateMetadata = new Map<string, Map<string, Buffer>>();
  /** namespace → key → modifications, oldest first. */
  readonly history = new Map<string, Map<string, HistoryRecord[]>>();
  /** IDs of committed transactions (Fabric rejects duplicates). */
  readonly committedTxIds = new Set<string>();
  /** namespace → key → version: the commit number that last wrote the key (public state). */
  readonly versions = new Map<string, Map<string, number>>();
  /** Number of committed transactions: the version the next commit writes. */
  height = 0;

  /** Committed version of a public key, `undefined` if it has no value. */
  version(ns: string, key: string): number | undefined {
    return this.versions.get(ns)?.get(key);
  }

  /** Committed value or `undefined`. */
  get(space: Map<string, Map<string, Buffer>>, ns: string, key: string): Buffer | undefined {
    return space.get(ns)?.get(key);
  }

  /** Committed entries with `start <= key < end` (`end === ''`: unbounded), in key order. */
  range(space: Map<string, Map<string, Buffer>>, ns: string, start: string, end: string): [string, Buffer][] {
    const entries = [...(space.get(ns) ?? new Map<string, Buffer>()).entries()];
    return entries
      .filter(([key]) => compareKeys(key, start) >= 0 && (end === '' || compareKeys(key, end) < 0))
      .sort(([a], [b]) => compareKeys(a, b));
  }
}

/** Outcome of MVCC validation, named like the peer's transaction validation codes. */
export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'DUPLICATE_TXID';

/** Why a transaction was invalidated at commit. */
export interface ValidationFailure {
  /** The peer's validation code. */
  code: Exclude<ValidationCode, 'VALID'>;
  /** What changed. */
  message: string;
}

/** A range query of a transaction and the keys (with versions) it returned. */
interface RangeRead {
  ns: string;
  start: string;
  end: string;
  keys: [string, number | undefined][];
}

/** The read and write sets of one transaction (shared by the chaincodes it calls). */
export class Transaction {
  /** namespace → key → value (`null`: delete). */
  readonly writes = new Map<string, Map<string, Buffer | null>>();
  /** namespace → key → validation parameter. */
  readonly metadataWrites = new Map<string, Map<string, Buffer>>();
  /** private namespace → key → value (`null`: delete). */
  readonly privateWrites = new Map<string, Map<string, Buffer | null>>();
  /** private namespace → key → validation parameter. */
  readonly privateMetadataWrites = new Map<string, Map<string, Buffer>>();
  /** namespace → key → version read (`undefined`: read as absent); private keys under their private namespace. */
  readonly reads = new Map<string, Map<string, number | undefined>>();
  private readonly rangeReads: RangeRead[] = [];
  private writePerformed = false;
  private paginatedQueryPerformed = false;
  private privateQueryPerformed = false;

  constructor(
    /** Transaction ID. */
    readonly txId: string,
    /** Transaction time, epoch milliseconds. */
    readonly epochMillis: number,
  ) {}

  /** The public namespaces and private collections this transaction writes (values or validation parameters). */
  writeSet(): { namespaces: string[]; collections: { chaincode: string; collection: string }[] } {
    const namespaces = new Set([...this.writes.keys(), ...this.metadataWrites.keys()]);
    const collections = new Set([...this.privateWrites.keys(), ...this.privateMetadataWrites.keys()]);
    return {
      namespaces: [...namespaces].sort(),
      collections: [...collections].sort().map((ns) => {
        const [chaincode = '', collection = ''] = ns.split('\u0000');
        return { chaincode, collection };
      }),
    };
  }

  /** Fabric's `checkWritePrecondition`: no writes after paginated or private-data queries. */
  beforeWrite(): void {
    if (this.paginatedQueryPerformed) {
      throw new Error(
        `txid [${this.txId}]: unsupported transaction. Transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
    if (this.privateQueryPerformed) {
      throw new Error(
        `txid [${this.txId}]: unsupported transaction. Queries on pvt data is supported only in a read-only transaction`,
      );
    }
    this.writePerformed = true;
  }

  /** Fabric's `checkBeforePaginatedQueries`. */
  beforePaginatedQuery(): void {
    if (this.writePerformed) {
      throw new Error(
        `txid [${this.txId}]: unsupported transaction. Paginated queries are supported only in a read-only transaction`,
      );
    }
    this.paginatedQueryPerformed = true;
  }

  /** Fabric's `checkBeforePvtdataQueries`. */
  beforePrivateQuery(): void {
    if (this.writePerformed) {
      throw new Error(
        `txid [${this.txId}]: unsupported transaction. Queries on pvt data is supported only in a read-only transaction`,
      );
    }
    this.privateQueryPerformed = true;
  }

  /** Stages a write (`null` or empty value: delete, as in Fabric). */
  stage(target: Map<string, Map<string, Buffer | null>>, ns: string, key: string, value: Buffer | null): void {
    this.beforeWrite();
    getOrCreate(target, ns, () => new Map()).set(key, value && value.length > 0 ? Buffer.from(value) : null);
  }

  /** Stages a validation-parameter write. */
  stageMetadata(target: Map<string, Map<string, Buffer>>, ns: string, key: string, value: Buffer): void {
    this.beforeWrite();
    getOrCreate(target, ns, () => new Map()).set(key, Buffer.from(value));
  }

  /** Records the committed version of a key the transaction reads, public or private (first read counts). */
  recordRead(world: WorldState, ns: string, key: string): void {
    const reads = getOrCreate(this.reads, ns, () => new Map<string, number | undefined>());
    if (!reads.has(key)) reads.set(key, world.version(ns, key));
  }

  /**
   * Records a (non-paginated) range query on public state, for phantom-read detection. The
   * whole range counts, even if the chaincode stopped iterating early: stricter than the peer,
   * which re-checks only what was iterated.
   */
  recordRange(world: WorldState, ns: string, start: string, end: string): void {
    const keys = world
      .range(world.state, ns, start, end)
      .map(([key]): [string, number | undefined] => [key, world.version(ns, key)]);
    this.rangeReads.push({ ns, start, end, keys });
  }

  /**
   * The peer's validation of this transaction against `world`: a duplicate transaction ID, a
   * read key whose version changed, or a range query whose results changed invalidate it.
   *
   * @returns `undefined` if it is valid
   */
  validate(world: WorldState): ValidationFailure | undefined {
    if (world.committedTxIds.has(this.txId)) {
      return { code: 'DUPLICATE_TXID', message: `DUPLICATE_TXID: transaction ${this.txId} was already committed` };
    }
    for (const [ns, reads] of sorted(this.reads)) {
      for (const [key, version] of sorted(reads)) {
        if (world.version(ns, key) !== version) {
          return {
            code: 'MVCC_READ_CONFLICT',
            message: `MVCC_READ_CONFLICT: transaction ${this.txId} read key ${JSON.stringify(key)} of ${ns}, which a later commit changed`,
          };
        }
      }
    }
    for (const range of this.rangeReads) {
      const now = world
        .range(world.state, range.ns, range.start, range.end)
        .map(([key]) => [key, world.version(range.ns, key)]);
      if (JSON.stringify(now) !== JSON.stringify(range.keys)) {
        return {
          code: 'PHANTOM_READ_CONFLICT',
          message: `PHANTOM_READ_CONFLICT: transaction ${this.txId} ran a range query on ${range.ns} whose results a later commit changed`,
        };
      }
    }
    return undefined;
  }

  /**
   * Applies the write set to `world`, in sorted order so the outcome never depends on write
   * order. Call {@link Transaction.validate} first: this does not check the read set.
   */
  commit(world: WorldState): void {
    world.height += 1;
    const seconds = Math.floor(this.epochMillis / 1000);
    const timestamp = { seconds, nanos: (this.epochMillis - seconds * 1000) * 1_000_000 };
    for (const [ns, writes] of sorted(this.writes)) {
      for (const [key, value] of sorted(writes)) {
        const records = getOrCreate(
          getOrCreate(world.history, ns, () => new Map()),
          key,
          () => [],
        );
        if (value === null) {
          world.state.get(ns)?.delete(key);
          world.metadata.get(ns)?.delete(key);
          world.versions.get(ns)?.delete(key);
          records.push({ txId: this.txId, timestamp, isDelete: true, value: Buffer.alloc(0) });
        } else {
          getOrCreate(world.state, ns, () => new Map()).set(key, value);
          getOrCreate(world.versions, ns, () => new Map()).set(key, world.height);
          records.push({ txId: this.txId, timestamp, isDelete: false, value });
        }
      }
    }
    applyMetadata(world.metadata, this.metadataWrites, this.writes);
    for (const [ns, writes] of sorted(this.privateWrites)) {
      for (const [key, value] of sorted(writes)) {
        // Private keys are versioned like public ones (Fabric validates hashed reads of private data too); their
        // namespaces (`chaincode\u0000collection`) cannot collide with a chaincode name.
        if (value === null) {
          world.privateState.get(ns)?.delete(key);
          world.privateMetadata.get(ns)?.delete(key);
          world.versions.get(ns)?.delete(key);
        } else {
          getOrCreate(world.privateState, ns, () => new Map()).set(key, value);
          getOrCreate(world.versions, ns, () => new Map()).set(key, world.height);
        }
      }
    }
    applyMetadata(world.privateMetadata, this.privateMetadataWrites, this.privateWrites);
    world.committedTxIds.add(this.txId);
  }
}

function applyMetadata(
  target: Map<string, Map<string, Buffer>>,
  writes: Map<string, Map<string, Buffer>>,
  valueWrites: Map<string, Map<string, Buffer | null>>,
): void {
  for (const [ns, entries] of sorted(writes)) {
    for (const [key, value] of sorted(entries)) {
      // Deleting a key deletes its metadata, even if the same transaction set some.
      if (valueWrites.get(ns)?.get(key) === null) {
        continue;
      }
      getOrCreate(target, ns, () => new Map()).set(key, value);
    }
  }
}

function sorted<V>(map: Map<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => compareKeys(a, b));
}
