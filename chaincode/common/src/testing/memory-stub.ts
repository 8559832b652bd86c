import { createHash } from 'node:crypto';
import type {
  ChaincodeProposal,
  ChaincodeResponse,
  ChaincodeStub,
  Iterators,
  SerializedIdentity,
  SplitCompositekey,
  StateQueryResponse,
  Timestamp,
} from 'fabric-shim';
import { privateNamespace, type Transaction, type WorldState } from './world-state';

/**
 * A `ChaincodeStub` backed by the in-memory world state. Argument checks, composite-key
 * encoding and iterator shapes copy fabric-shim 2.5.8 (`lib/stub.js`, `lib/iterators.js`); the
 * peer-side behaviour (read committed data, stage writes, pagination bookmarks) copies the
 * peer with a LevelDB state database.
 */

const COMPOSITEKEY_NS = '\x00';
const MIN_UNICODE_RUNE_VALUE = '\u0000';
const MAX_UNICODE_RUNE_VALUE = '\u{10ffff}';
const EMPTY_KEY_SUBSTITUTE = '\x01';

// fabric-shim represents timestamp seconds as a `Long`; load the very copy fabric-shim uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Long = require(require.resolve('long', { paths: [require.resolve('fabric-shim')] })) as {
  fromNumber(value: number, unsigned?: boolean): Timestamp['seconds'];
};

// The protobuf classes fabric-shim decodes proposals with (its own copy of fabric-protos), so the
// proposal built here decodes exactly like one from a peer.
const protosPath = require.resolve('@hyperledger/fabric-protos', { paths: [require.resolve('fabric-shim')] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protos = require(protosPath) as ProtosModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Timestamp: TimestampPb } = require(
  require.resolve('google-protobuf/google/protobuf/timestamp_pb.js', { paths: [protosPath] }),
) as { Timestamp: new () => { setSeconds(s: number): void; setNanos(n: number): void } };

/** The fabric-protos messages the stub builds (their typings are not a dependency of the kernel). */
type ProtoMessage = { serializeBinary(): Uint8Array };
interface ProtosModule {
  peer: {
    ChaincodeID: new () => ProtoMessage & { setName(name: string): void };
    ChaincodeHeaderExtension: new () => ProtoMessage & { setChaincodeId(id: ProtoMessage): void };
    ChaincodeProposalPayload: new () => ProtoMessage & { getTransientmapMap(): Map<string, Uint8Array> };
  };
  common: {
    ChannelHeader: new () => ProtoMessage & {
      setType(type: number): void;
      setChannelId(id: string): void;
      setTxId(id: string): void;
      setTimestamp(ts: unknown): void;
      setExtension$(bytes: Uint8Array): void;
    };
  };
  msp: {
    SerializedIdentity: new () => ProtoMessage & { setMspid(id: string): void; setIdBytes(bytes: Uint8Array): void };
  };
}

/** `common.HeaderType.ENDORSER_TRANSACTION`. */
const ENDORSER_TRANSACTION = 3;

/** Access rules of a private data collection, as the ledger resolves them. */
export interface CollectionAccess {
  /** Whether peers of organization `mspId` store the collection. */
  isMember(mspId: string): boolean;
  /** Whether only members' clients may read. */
  memberOnlyRead: boolean;
  /** Whether only members' clients may write. */
  memberOnlyWrite: boolean;
}

/** Everything a stub needs from the ledger and the transaction it serves. */
export interface StubEnvironment {
  /** Committed data. */
  world: WorldState;
  /** The transaction's write set and flags. */
  tx: Transaction;
  /** Channel name. */
  channelId: string;
  /** The chaincode the client invoked (named in the proposal's channel header). */
  invokedChaincode: string;
  /** The submitting identity. */
  creator: SerializedIdentity;
  /** MSP ID of the endorsing peer. */
  peerMspId: string;
  /** Transient data of the proposal. */
  transient: Map<string, Uint8Array>;
  /** Resolves a collection of this chaincode, throwing if it is not defined. */
  collection(chaincode: string, name: string): CollectionAccess;
  /** Runs another chaincode within the same transaction. */
  invokeChaincode(name: string, args: string[], tx: Transaction): Promise<ChaincodeResponse>;
}

function validateCompositeKeyAttribute(attr: unknown): void {
  if (!attr || typeof attr !== 'string' || attr.length === 0) {
    throw new Error('object type or attribute not a non-zero length string');
  }
}

function validateSimpleKeys(...keys: string[]): void {
  for (const key of keys) {
    if (key && typeof key === 'string' && key.charAt(0) === COMPOSITEKEY_NS) {
      throw new Error(`first character of the key [${key}] contains a null character which is not allowed`);
    }
  }
}

function checkCollectionAndKey(collection: string, key: string): void {
  if (!collection || typeof collection !== 'string') {
    throw new Error('collection must be a valid string');
  }
  if (!key || typeof key !== 'string') {
    throw new Error('key must be a valid string');
  }
}

function toBuffer(value: Uint8Array | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
}

/** A result iterator with fabric-shim's `next()`/`close()` contract. */
class MemoryIterator<T> {
  private position = 0;
  constructor(private readonly results: T[]) {}

  async next(): Promise<Iterators.NextResult<T>> {
    if (this.position < this.results.length) {
      return { value: this.results[this.position++] as T, done: false };
    }
    return { done: true } as Iterators.NextResult<T>;
  }

  async close(): Promise<void> {
    this.position = this.results.length;
  }
}

// fabric-shim returns promises that are also async-iterable (`for await (const kv of stub.getStateByRange(...))`).
function asyncIterable<T, R>(promise: Promise<R>): Promise<R> & AsyncIterable<T> {
  const iterable = promise as Promise<R> & AsyncIterable<T>;
  iterable[Symbol.asyncIterator] = () => {
    let iterator: Iterators.CommonIterator<T> | undefined;
    return {
      next: async () => {
        if (!iterator) {
          const response = (await promise) as unknown as { iterator?: Iterators.CommonIterator<T> };
          iterator = response.iterator ?? (response as unknown as Iterators.CommonIterator<T>);
        }
        const next = await iterator.next();
        if (next.done) {
          await iterator.close();
        }
        return next as IteratorResult<T>;
      },
      return: async () => {
        await iterator?.close();
        return { done: true, value: undefined } as IteratorResult<T>;
      },
    };
  };
  return iterable;
}

function rejected<T>(error: unknown): Promise<T> & AsyncIterable<never> {
  return asyncIterable<never, T>(Promise.reject(error));
}

/** In-memory implementation of fabric-shim's `ChaincodeStub` for one chaincode in one transaction. */
export class MemoryStub implements ChaincodeStub {
  /** The event set by this chaincode (Fabric keeps only the last `setEvent`). */
  event: { name: string; payload: Buffer } | undefined;
  private readonly bufferArgs: Buffer[];
  private readonly args: string[];

  constructor(
    private readonly env: StubEnvironment,
    /** Name of the chaincode this stub serves: its state namespace. */
    readonly chaincode: string,
    args: readonly string[],
  ) {
    this.bufferArgs = args.map((a) => Buffer.from(a, 'utf8'));
    this.args = this.bufferArgs.map((a) => a.toString());
  }

  getArgs(): string[] {
    return this.args;
  }

  getStringArgs(): string[] {
    return this.args;
  }

  /** Used by fabric-shim's contract router. */
  getBufferArgs(): Buffer[] {
    return this.bufferArgs;
  }

  getFunctionAndParameters(): { params: string[]; fcn: string } {
    const values = this.getStringArgs();
    return values.length >= 1 ? { fcn: values[0] as string, params: values.slice(1) } : { fcn: '', params: [] };
  }

  getTxID(): string {
    return this.env.tx.txId;
  }

  getChannelID(): string {
    return this.env.channelId;
  }

  getCreator(): SerializedIdentity {
    return this.env.creator;
  }

  getMspID(): string {
    return this.env.peerMspId;
  }

  getTransient(): Map<string, Uint8Array> {
    return this.env.transient;
  }

  /**
   * The decoded signed proposal, shaped like fabric-shim's (`proposal.header.channelHeader` is a
   * real `common.ChannelHeader` whose extension names the chaincode the client invoked; a
   * chaincode reached through `invokeChaincode` sees its caller's name, as on a peer). There is
   * no real signature.
   */
  getSignedProposal(): ChaincodeProposal.SignedProposal {
    const id = new protos.peer.ChaincodeID();
    id.setName(this.env.invokedChaincode);
    const extension = new protos.peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(id);
    const timestamp = new TimestampPb();
    const millis = this.env.tx.epochMillis;
    timestamp.setSeconds(Math.floor(millis / 1000));
    timestamp.setNanos((millis % 1000) * 1_000_000);
    const channelHeader = new protos.common.ChannelHeader();
    channelHeader.setType(ENDORSER_TRANSACTION);
    channelHeader.setChannelId(this.env.channelId);
    channelHeader.setTxId(this.env.tx.txId);
    channelHeader.setTimestamp(timestamp);
    channelHeader.setExtension$(extension.serializeBinary());
    const creator = new protos.msp.SerializedIdentity();
    creator.setMspid(this.env.creator.mspid);
    creator.setIdBytes(this.env.creator.idBytes);
    const payload = new protos.peer.ChaincodeProposalPayload();
    for (const [key, value] of this.env.transient) payload.getTransientmapMap().set(key, value);
    const nonce = createHash('sha256').update(`nonce:${this.env.tx.txId}`).digest();
    return {
      signature: new Uint8Array(),
      proposal: {
        header: { channelHeader, signatureHeader: { nonce, creator_u8: creator.serializeBinary(), creator } },
        payload,
      },
    } as unknown as ChaincodeProposal.SignedProposal;
  }

  getTxTimestamp(): Timestamp {
    const millis = this.env.tx.epochMillis;
    const seconds = Math.floor(millis / 1000);
    return { seconds: Long.fromNumber(seconds, true), nanos: (millis - seconds * 1000) * 1_000_000 };
  }

  getDateTimestamp(): Date {
    return new Date(this.env.tx.epochMillis);
  }

  getBinding(): string {
    return createHash('sha256').update(`${this.env.tx.txId}:${this.env.creator.mspid}`).digest('hex');
  }

  // --- public state -------------------------------------------------------------------------

  async getState(key: string): Promise<Uint8Array> {
    this.env.tx.recordRead(this.env.world, this.chaincode, key);
    return Buffer.from(this.env.world.get(this.env.world.state, this.chaincode, key) ?? Buffer.alloc(0));
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    checkWriteKey(key);
    this.env.tx.stage(this.env.tx.writes, this.chaincode, key, toBuffer(value));
  }

  async deleteState(key: string): Promise<void> {
    checkWriteKey(key);
    this.env.tx.stage(this.env.tx.writes, this.chaincode, key, null);
  }

  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    checkWriteKey(key);
    this.env.tx.stageMetadata(this.env.tx.metadataWrites, this.chaincode, key, toBuffer(ep));
  }

  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    const value = this.env.world.get(this.env.world.metadata, this.chaincode, key);
    // Like fabric-shim: `undefined` when the key has no such metadata.
    return (value ? Buffer.from(value) : undefined) as Uint8Array;
  }

  getStateByRange(
    startKey: string,
    endKey: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    try {
      validateSimpleKeys(startKey, endKey);
    } catch (error) {
      return rejected(error);
    }
    return asyncIterable(Promise.resolve(this.rangeIterator(startKey || EMPTY_KEY_SUBSTITUTE, endKey)));
  }

  getStateByRangeWithPagination(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    try {
      validateSimpleKeys(startKey, endKey);
    } catch (error) {
      return rejected(error);
    }
    return asyncIterable(this.paginated(startKey || EMPTY_KEY_SUBSTITUTE, endKey, pageSize, bookmark ?? ''));
  }

  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const partial = this.createCompositeKey(objectType, attributes);
    return asyncIterable(Promise.resolve(this.rangeIterator(partial, partial + MAX_UNICODE_RUNE_VALUE)));
  }

  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    const partial = this.createCompositeKey(objectType, attributes);
    return asyncIterable(this.paginated(partial, partial + MAX_UNICODE_RUNE_VALUE, pageSize, bookmark ?? ''));
  }

  getQueryResult(_query: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return rejected(new Error('ExecuteQuery not supported for leveldb'));
  }

  getQueryResultWithPagination(
    _query: string,
    _pageSize: number,
    _bookmark?: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    return rejected(new Error('ExecuteQuery not supported for leveldb'));
  }

  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
    const records = this.env.world.history.get(this.chaincode)?.get(key) ?? [];
    // Fabric 2.x returns history newest first.
    const results = [...records].reverse().map((r): Iterators.KeyModification => ({
      txId: r.txId,
      value: Buffer.from(r.value),
      isDelete: r.isDelete,
      timestamp: { ...r.timestamp } as unknown as Timestamp,
    }));
    return asyncIterable(Promise.resolve(new MemoryIterator(results)));
  }

  async invokeChaincode(chaincodeName: string, args: string[], channel: string): Promise<ChaincodeResponse> {
    if (channel && channel.length > 0 && channel !== this.env.channelId) {
      throw new Error(`the in-memory ledger has only channel ${this.env.channelId}, not ${channel}`);
    }
    return this.env.invokeChaincode(chaincodeName, args, this.env.tx);
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    this.event = { name, payload: Buffer.from(payload ?? Buffer.alloc(0)) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    validateCompositeKeyAttribute(objectType);
    if (!Array.isArray(attributes)) {
      throw new Error('attributes must be an array');
    }
    let compositeKey = COMPOSITEKEY_NS + objectType + MIN_UNICODE_RUNE_VALUE;
    for (const attribute of attributes) {
      validateCompositeKeyAttribute(attribute);
      compositeKey = compositeKey + attribute + MIN_UNICODE_RUNE_VALUE;
    }
    return compositeKey;
  }

  splitCompositeKey(compositeKey: string): SplitCompositekey {
    const result: { objectType: string | null; attributes: string[] } = { objectType: null, attributes: [] };
    if (compositeKey && compositeKey.length > 1 && compositeKey.charAt(0) === COMPOSITEKEY_NS) {
      const splitKey = compositeKey.substring(1).split(MIN_UNICODE_RUNE_VALUE);
      result.objectType = splitKey[0] as string;
      splitKey.pop();
      if (splitKey.length > 1) {
        splitKey.shift();
        result.attributes = splitKey;
      }
    }
    return result as SplitCompositekey;
  }

  // --- private data -------------------------------------------------------------------------

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    checkCollectionAndKey(collection, key);
    const access = this.env.collection(this.chaincode, collection);
    this.checkReadAccess(collection, access);
    // A peer outside the collection does not hold the data: it reads nothing.
    if (!access.isMember(this.env.peerMspId)) {
      return Buffer.alloc(0);
    }
    const ns = privateNamespace(this.chaincode, collection);
    this.env.tx.recordRead(this.env.world, ns, key);
    return Buffer.from(this.env.world.get(this.env.world.privateState, ns, key) ?? Buffer.alloc(0));
  }

  async getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    checkCollectionAndKey(collection, key);
    this.env.collection(this.chaincode, collection);
    const ns = privateNamespace(this.chaincode, collection);
    // A hashed read: every peer records it, member of the collection or not.
    this.env.tx.recordRead(this.env.world, ns, key);
    const value = this.env.world.get(this.env.world.privateState, ns, key);
    return value ? createHash('sha256').update(value).digest() : Buffer.alloc(0);
  }

  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    checkCollectionAndKey(collection, key);
    if (!value) {
      throw new Error('value must be valid');
    }
    this.checkWriteAccess(collection, this.env.collection(this.chaincode, collection));
    this.env.tx.stage(this.env.tx.privateWrites, privateNamespace(this.chaincode, collection), key, toBuffer(value));
  }

  async deletePrivateData(collection: string, key: string): Promise<void> {
    checkCollectionAndKey(collection, key);
    this.checkWriteAccess(collection, this.env.collection(this.chaincode, collection));
    this.env.tx.stage(this.env.tx.privateWrites, privateNamespace(this.chaincode, collection), key, null);
  }

  async purgePrivateData(collection: string, key: string): Promise<void> {
    // Purge also removes past versions from peers' private stores; the in-memory ledger keeps
    // no private history, so it is a delete here.
    await this.deletePrivateData(collection, key);
  }

  async setPrivateDataValidationParameter(collection: string, key: string, ep: Uint8Array): Promise<void> {
    checkCollectionAndKey(collection, key);
    this.env.collection(this.chaincode, collection);
    const ns = privateNamespace(this.chaincode, collection);
    this.env.tx.stageMetadata(this.env.tx.privateMetadataWrites, ns, key, toBuffer(ep));
  }

  async getPrivateDataValidationParameter(collection: string, key: string): Promise<Uint8Array> {
    checkCollectionAndKey(collection, key);
    this.env.collection(this.chaincode, collection);
    const ns = privateNamespace(this.chaincode, collection);
    const value = this.env.world.get(this.env.world.privateMetadata, ns, key);
    return (value ? Buffer.from(value) : undefined) as Uint8Array;
  }

  getPrivateDataByRange(
    collection: string,
    startKey: string,
    endKey: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    try {
      if (!collection || typeof collection !== 'string') {
        throw new Error('collection must be a valid string');
      }
      const access = this.env.collection(this.chaincode, collection);
      this.checkReadAccess(collection, access);
      this.env.tx.beforePrivateQuery();
      const ns = privateNamespace(this.chaincode, collection);
      const entries = access.isMember(this.env.peerMspId)
        ? this.env.world.range(this.env.world.privateState, ns, startKey || EMPTY_KEY_SUBSTITUTE, endKey)
        : [];
      return asyncIterable(Promise.resolve(new MemoryIterator(entries.map(([key, value]) => this.kv(key, value)))));
    } catch (error) {
      return rejected(error);
    }
  }

  getPrivateDataByPartialCompositeKey(
    collection: string,
    objectType: string,
    attributes: string[],
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    let partial: string;
    try {
      partial = this.createCompositeKey(objectType, attributes);
    } catch (error) {
      return rejected(error);
    }
    return this.getPrivateDataByRange(collection, partial, partial + MAX_UNICODE_RUNE_VALUE);
  }

  getPrivateDataQueryResult(
    _collection: string,
    _query: string,
  ): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return rejected(new Error('ExecuteQuery not supported for leveldb'));
  }

  // --- helpers ------------------------------------------------------------------------------

  private kv(key: string, value: Buffer): Iterators.KV {
    return { namespace: this.chaincode, key, value: Buffer.from(value) };
  }

  private rangeIterator(startKey: string, endKey: string): MemoryIterator<Iterators.KV> {
    this.env.tx.recordRange(this.env.world, this.chaincode, startKey, endKey);
    const entries = this.env.world.range(this.env.world.state, this.chaincode, startKey, endKey);
    return new MemoryIterator(entries.map(([key, value]) => this.kv(key, value)));
  }

  private async paginated(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark: string,
  ): Promise<StateQueryResponse<Iterators.StateQueryIterator>> {
    this.env.tx.beforePaginatedQuery();
    if (!Number.isInteger(pageSize) || pageSize <= 0) {
      throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
    }
    // LevelDB: a bookmark is the key to resume from.
    const start = bookmark !== '' ? bookmark : startKey;
    const entries = this.env.world.range(this.env.world.state, this.chaincode, start, endKey);
    const page = entries.slice(0, pageSize);
    const next = entries[pageSize];
    return {
      iterator: new MemoryIterator(page.map(([key, value]) => this.kv(key, value))),
      metadata: { fetchedRecordsCount: page.length, bookmark: next ? next[0] : '' },
    };
  }

  private checkReadAccess(collection: string, access: CollectionAccess): void {
    if (access.memberOnlyRead && !access.isMember(this.env.creator.mspid)) {
      throw new Error(
        `tx creator does not have read access permission on privatedata in chaincodeName:${this.chaincode} collectionName: ${collection}`,
      );
    }
  }

  private checkWriteAccess(collection: string, access: CollectionAccess): void {
    if (access.memberOnlyWrite && !access.isMember(this.env.creator.mspid)) {
      throw new Error(
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.chaincode} collectionName: ${collection}`,
      );
    }
  }
}

function checkWriteKey(key: string): void {
  // The peer refuses empty keys and keys that are not valid UTF-8 (lone surrogates).
  if (typeof key !== 'string' || key.length === 0) {
    throw new Error('invalid key: key must be a non-empty string');
  }
  if (Buffer.from(key, 'utf8').toString('utf8') !== key) {
    throw new Error(`invalid key [${key}]: key should be a valid UTF8 string`);
  }
}
