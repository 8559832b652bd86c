import { createHash } from 'node:crypto';
import { Context, JSONSerializer } from 'fabric-contract-api';
import { ClientIdentity } from 'fabric-shim';
import type { ChaincodeResponse, ChaincodeStub } from 'fabric-shim';
import { parseErrorCode, type ErrorCode } from '../errors';
import { IMPLICIT_COLLECTION_PREFIX } from '../private-data';
import { createIdentity, type TestIdentity } from './identities';
import { MemoryStub, type CollectionAccess, type StubEnvironment } from './memory-stub';
import {
  compareKeys,
  privateNamespace,
  Transaction,
  WorldState,
  type HistoryRecord,
  type ValidationCode,
} from './world-state';

/**
 * A single-channel, single-peer Fabric ledger in memory, running real fabric-contract-api
 * contracts through fabric-shim's own contract router (`ChaincodeFromContract`), so decorators,
 * argument routing, `ctx.clientIdentity` (parsed from a real certificate) and result
 * serialization are exactly those of a deployed chaincode.
 */

// The router fabric-shim's bootstrap uses; not part of its typed API, hence require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (
  contracts: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => { Invoke(stub: ChaincodeStub): Promise<ChaincodeResponse> };

interface ReflectWithMetadata {
  getMetadata(key: string, target: object): unknown;
  defineMetadata(key: string, value: unknown, target: object): void;
  deleteMetadata(key: string, target: object): boolean;
}

/** A contract class as fabric-contract-api expects it (constructible without arguments). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ContractClass = new () => any;

/** A private data collection of a chaincode definition. */
export interface CollectionDefinition {
  /** Collection name. */
  name: string;
  /** MSP IDs of the member organizations (their peers hold the data). */
  members: readonly string[];
  /** Only members' clients may read (Fabric `memberOnlyRead`). Default false. */
  memberOnlyRead?: boolean;
  /** Only members' clients may write (Fabric `memberOnlyWrite`). Default false. */
  memberOnlyWrite?: boolean;
}

/** Options of {@link InMemoryLedger.deploy}. */
export interface DeployOptions {
  /**
   * Explicit collections. If given, any other non-implicit collection is refused, as on a peer;
   * if omitted, every collection name is accepted and every organization is a member.
   */
  collections?: readonly CollectionDefinition[];
}

/** Options of one transaction. */
export interface CallOptions {
  /** Submitting identity; default the ledger's default caller. */
  caller?: TestIdentity;
  /** Transient data; strings and bytes are passed as is, other values as JSON. */
  transient?: Readonly<Record<string, string | Uint8Array | object | number | boolean>>;
  /** Transaction ID; default a deterministic 64-hex ID. */
  txId?: string;
  /** Transaction timestamp; default the ledger clock (which then advances by `stepMillis`). */
  timestamp?: string | number | Date;
  /** MSP ID of the endorsing peer (`ctx.stub.getMspID()`); default the caller's. */
  peerMspId?: string;
}

/** A chaincode event as committed (or returned by an evaluation). */
export interface ChaincodeEventRecord {
  /** Transaction that set it. */
  txId: string;
  /** Chaincode that set it. */
  chaincode: string;
  /** Event name. */
  name: string;
  /** Raw payload. */
  payload: Buffer;
  /** Payload parsed as JSON, or `undefined` if it is not JSON. */
  json: unknown;
}

/** Outcome of one transaction. */
export interface TxResult {
  /** Transaction ID. */
  txId: string;
  /** Transaction time, ISO-8601. */
  timestamp: string;
  /** Chaincode response status: 200 on success, 500 on error. */
  status: number;
  /** Error message (`''` on success). */
  message: string;
  /** Raw response payload. */
  payload: Buffer;
  /** Payload as UTF-8 text. */
  text: string;
  /** Payload parsed as JSON; the text if it is not JSON; `undefined` if empty. */
  result: unknown;
  /** The event the invoked chaincode set, if any. */
  event: ChaincodeEventRecord | undefined;
  /** Whether the write set was committed. */
  committed: boolean;
  /**
   * The peer's verdict at commit: `VALID`, or why the endorsed transaction was invalidated
   * (`MVCC_READ_CONFLICT`, ...; `message` then says what). `undefined` if it was not submitted
   * for commit (an evaluation, or an endorsement that failed).
   */
  validationCode?: ValidationCode;
}

/**
 * A transaction endorsed (run) but not committed yet, from {@link InMemoryLedger.endorse}: the
 * way to let several transactions simulate on the same committed state and then commit them in
 * a chosen order, as concurrent clients do on Fabric.
 */
export interface Endorsement {
  /** The endorsement: response, payload and event, with `committed: false`. */
  result: TxResult;
  /**
   * Where the transaction writes (values or validation parameters): the public namespaces and the private
   * collections, sorted. A committing peer validates each against its own endorsement policy (a write to an
   * implicit collection `_implicit_org_<MSP>` against that organization's), so this is what a model of the
   * channel's policies needs.
   */
  writeSet: WriteSet;
  /**
   * Validates (MVCC) and commits. Returns the final result: `committed: false` with the
   * validation code and message if a commit since the endorsement changed what it read, or if
   * the endorsement itself failed. May be called once.
   */
  commit(): TxResult;
}

/** The namespaces and collections a transaction writes, see {@link Endorsement.writeSet}. */
export interface WriteSet {
  /** Chaincode namespaces with public writes. */
  readonly namespaces: readonly string[];
  /** Private collections written, per chaincode namespace. */
  readonly collections: readonly { readonly chaincode: string; readonly collection: string }[];
}

/** Thrown by {@link InMemoryLedger.submit} and {@link InMemoryLedger.evaluate} on a failed transaction. */
export class TransactionError extends Error {
  /** The stable error code in the message, if any. */
  readonly code: ErrorCode | undefined;
  /** The full result. */
  readonly result: TxResult;

  constructor(result: TxResult) {
    super(result.message);
    this.name = 'TransactionError';
    this.code = parseErrorCode(result.message);
    this.result = result;
  }
}

/** Options of {@link InMemoryLedger}. */
export interface LedgerOptions {
  /** Channel name. Default `ndi`. */
  channel?: string;
  /** Clock start. Default `2025-01-01T00:00:00.000Z`. */
  startTime?: string | number | Date;
  /** How far the clock advances after each transaction, in ms. Default 1000. */
  stepMillis?: number;
  /** Default caller. Default `Org1MSP` client `user1`. */
  defaultCaller?: TestIdentity;
}

/** A transaction opened by {@link InMemoryLedger.openTransaction}. */
export interface OpenTransaction {
  /** A contract context: `ctx.stub` is {@link OpenTransaction.stub}, `ctx.clientIdentity` the real one. */
  ctx: Context;
  /** The in-memory stub. */
  stub: MemoryStub;
  /**
   * Validates the read set (MVCC) and commits the staged writes and the event.
   *
   * @throws Error `MVCC_READ_CONFLICT: ...` (or another validation code) if a commit since this
   *   transaction's reads changed them; nothing is applied then
   */
  commit(): void;
}

interface Deployed {
  router: { Invoke(stub: ChaincodeStub): Promise<ChaincodeResponse> };
  collections: Map<string, CollectionDefinition> | undefined;
}

function toMillis(time: string | number | Date): number {
  const millis = typeof time === 'number' ? time : new Date(time).getTime();
  if (!Number.isFinite(millis)) {
    throw new Error(`invalid time ${String(time)}`);
  }
  return millis;
}

function parseResult(text: string): unknown {
  if (text.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Turns fabric-shim's and fabric-contract-api's console logging on or off. Loading this module
 * turns it off (every decorator and every refused transaction logs, which would bury test
 * output); call `setFabricLogging(true)` to see it while debugging.
 */
export function setFabricLogging(enabled: boolean): void {
  for (const path of ['fabric-shim/lib/logger', 'fabric-contract-api/lib/logger']) {
    // Each module's loggers share one console transport; silencing it silences them all.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const logging = require(path) as { getLogger(name: string): { transports: { silent?: boolean }[] } };
    for (const transport of logging.getLogger('ndi-testing').transports) {
      transport.silent = !enabled;
    }
  }
}

setFabricLogging(false);

/**
 * In-memory Fabric ledger for chaincode unit tests.
 *
 * @example
 * const ledger = new InMemoryLedger();
 * ledger.deploy('identity', [IdentityContract]);
 * const admin = ledger.identity({ mspId: 'Org1MSP', commonName: 'admin', admin: true });
 * const res = await ledger.submit('identity', 'RegisterOrganization', [json], { caller: admin });
 * expect(res.event?.name).toBe('OrganizationRegistered');
 * await expect(ledger.submit('identity', 'Suspend', ['x'])).rejects.toThrow(/^FORBIDDEN: /);
 */
export class InMemoryLedger {
  /** Channel name. */
  readonly channel: string;
  /** Committed events, in commit order. */
  readonly events: ChaincodeEventRecord[] = [];
  private readonly world = new WorldState();
  private readonly chaincodes = new Map<string, Deployed>();
  private readonly stepMillis: number;
  private clock: number;
  private txCounter = 0;
  private defaultCaller: TestIdentity;

  constructor(options: LedgerOptions = {}) {
    this.channel = options.channel ?? 'ndi';
    this.clock = toMillis(options.startTime ?? '2025-01-01T00:00:00.000Z');
    this.stepMillis = options.stepMillis ?? 1000;
    this.defaultCaller = options.defaultCaller ?? createIdentity({ mspId: 'Org1MSP', commonName: 'user1' });
  }

  /**
   * Deploys contract classes as chaincode `name` (its state namespace). The first class is the
   * default contract, as in a chaincode package's `contracts` export.
   */
  deploy(name: string, contracts: readonly ContractClass[], options: DeployOptions = {}): void {
    if (this.chaincodes.has(name)) {
      throw new Error(`chaincode ${name} is already deployed`);
    }
    const reflect = Reflect as unknown as ReflectWithMetadata;
    // @Default() records the default contract process-wide; in one test process several
    // chaincodes may be loaded, so hide a default that belongs to another chaincode.
    const globalDefault = reflect.getMetadata('fabric:default', global);
    const names = contracts.map((c) => (new c() as { getName(): string }).getName());
    const hide = globalDefault !== undefined && !names.includes(globalDefault as string);
    if (hide) reflect.deleteMetadata('fabric:default', global);
    try {
      const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
      // ChaincodeFromContract appends its system contract to the array: pass a copy.
      const router = new ChaincodeFromContract([...contracts], serializers, {}, name, '0.0.0');
      const collections = options.collections
        ? new Map(options.collections.map((c) => [c.name, c] as const))
        : undefined;
      this.chaincodes.set(name, { router, collections });
    } finally {
      if (hide) reflect.defineMetadata('fabric:default', globalDefault, global);
    }
  }

  /** Creates a test identity (see {@link createIdentity}). */
  identity(spec: Parameters<typeof createIdentity>[0]): TestIdentity {
    return createIdentity(spec);
  }

  /** Sets the identity used when a call names no caller. */
  setDefaultCaller(identity: TestIdentity): void {
    this.defaultCaller = identity;
  }

  /** The time the next transaction gets, ISO-8601. */
  get now(): string {
    return new Date(this.clock).toISOString();
  }

  /** Sets the clock (it may not go backwards: Fabric timestamps of later blocks are later). */
  setTime(time: string | number | Date): void {
    const millis = toMillis(time);
    if (millis < this.clock) {
      throw new Error(`cannot move the clock back from ${this.now}`);
    }
    this.clock = millis;
  }

  /** Advances the clock by `millis`. */
  advanceTime(millis: number): void {
    this.setTime(this.clock + millis);
  }

  /**
   * Submits a transaction: runs it and commits its writes and event if it succeeds.
   *
   * @throws TransactionError if the chaincode returns an error (nothing is committed)
   */
  async submit(
    chaincode: string,
    fn: string,
    args: readonly string[] = [],
    options: CallOptions = {},
  ): Promise<TxResult> {
    return this.orThrow(await this.invoke(chaincode, fn, args, options, true));
  }

  /**
   * Evaluates a transaction: runs it and discards its writes.
   *
   * @throws TransactionError if the chaincode returns an error
   */
  async evaluate(
    chaincode: string,
    fn: string,
    args: readonly string[] = [],
    options: CallOptions = {},
  ): Promise<TxResult> {
    return this.orThrow(await this.invoke(chaincode, fn, args, options, false));
  }

  /** Runs a transaction and returns its result without throwing; commits only if `commit` and it succeeded. */
  async invoke(
    chaincode: string,
    fn: string,
    args: readonly string[],
    options: CallOptions,
    commit: boolean,
  ): Promise<TxResult> {
    const endorsement = await this.endorse(chaincode, fn, args, options);
    return commit ? endorsement.commit() : endorsement.result;
  }

  /**
   * Runs a transaction on the committed state without committing it; `commit()` later validates
   * its read set against the state then committed (MVCC, like a peer) and applies it.
   *
   * @example
   * const a = await ledger.endorse('cc', 'Take', ['x']);
   * const b = await ledger.endorse('cc', 'Take', ['x']);
   * a.commit(); // committed
   * b.commit(); // committed: false, validationCode 'MVCC_READ_CONFLICT'
   */
  async endorse(
    chaincode: string,
    fn: string,
    args: readonly string[] = [],
    options: CallOptions = {},
  ): Promise<Endorsement> {
    const deployed = this.deployed(chaincode);
    this.txCounter += 1;
    const txId = options.txId ?? createHash('sha256').update(`ndi-tx-${this.txCounter}`).digest('hex');
    const epochMillis = options.timestamp !== undefined ? toMillis(options.timestamp) : this.clock;
    this.clock = Math.max(this.clock, epochMillis) + this.stepMillis;
    const caller = options.caller ?? this.defaultCaller;
    const tx = new Transaction(txId, epochMillis);
    const env = this.environment(tx, caller, options, chaincode);
    const stub = new MemoryStub(env, chaincode, [fn, ...args]);

    let response: ChaincodeResponse;
    if (this.world.committedTxIds.has(txId)) {
      response = { status: 500, message: `duplicate transaction found [${txId}]` };
    } else {
      response = await this.run(deployed, stub);
    }
    const ok = response.status >= 200 && response.status < 400;
    const event: ChaincodeEventRecord | undefined =
      ok && stub.event
        ? {
            txId,
            chaincode,
            name: stub.event.name,
            payload: stub.event.payload,
            json: parseResult(stub.event.payload.toString('utf8')),
          }
        : undefined;
    const payload = Buffer.from(response.payload ?? Buffer.alloc(0));
    const text = payload.toString('utf8');
    const result: TxResult = {
      txId,
      timestamp: new Date(epochMillis).toISOString(),
      status: response.status,
      message: ok ? '' : (response.message ?? ''),
      payload,
      text,
      result: parseResult(text),
      event,
      committed: false,
    };
    let settled = false;
    return {
      result,
      writeSet: tx.writeSet(),
      commit: () => {
        if (settled) {
          throw new Error(`transaction ${txId} was already submitted for commit`);
        }
        settled = true;
        if (!ok) {
          return result;
        }
        const failure = tx.validate(this.world);
        if (failure) {
          return { ...result, message: failure.message, validationCode: failure.code };
        }
        tx.commit(this.world);
        if (event) this.events.push(event);
        return { ...result, committed: true, validationCode: 'VALID' };
      },
    };
  }

  /**
   * Opens a transaction on `chaincode`'s namespace without going through a contract, for unit
   * tests of helpers that take a `Context`. `ctx.clientIdentity` is fabric-shim's real
   * `ClientIdentity`. Call `commit()` to apply the writes (and record the event), or drop it.
   */
  openTransaction(chaincode: string, options: CallOptions = {}): OpenTransaction {
    this.txCounter += 1;
    const txId = options.txId ?? createHash('sha256').update(`ndi-tx-${this.txCounter}`).digest('hex');
    const epochMillis = options.timestamp !== undefined ? toMillis(options.timestamp) : this.clock;
    this.clock = Math.max(this.clock, epochMillis) + this.stepMillis;
    const tx = new Transaction(txId, epochMillis);
    const env = this.environment(tx, options.caller ?? this.defaultCaller, options, chaincode);
    const stub = new MemoryStub(env, chaincode, []);
    const ctx = new Context();
    // The same wiring fabric-shim's router does (the setters are missing from the typings).
    ctx.stub = stub;
    ctx.clientIdentity = new ClientIdentity(stub);
    return {
      ctx,
      stub,
      commit: () => {
        const failure = tx.validate(this.world);
        if (failure) {
          throw new Error(failure.message);
        }
        tx.commit(this.world);
        if (stub.event) {
          const { name, payload } = stub.event;
          this.events.push({ txId, chaincode, name, payload, json: parseResult(payload.toString('utf8')) });
        }
      },
    };
  }

  // --- inspection and seeding ------------------------------------------------------------------

  /** Committed value of `key` in chaincode `chaincode`'s namespace. */
  getState(chaincode: string, key: string): Buffer | undefined {
    const value = this.world.get(this.world.state, chaincode, key);
    return value ? Buffer.from(value) : undefined;
  }

  /** Committed value of `key`, parsed as JSON. */
  getJson<T = unknown>(chaincode: string, key: string): T | undefined {
    const value = this.getState(chaincode, key);
    return value ? (JSON.parse(value.toString('utf8')) as T) : undefined;
  }

  /** All committed keys of a namespace, in LevelDB order. */
  keys(chaincode: string): string[] {
    return [...(this.world.state.get(chaincode)?.keys() ?? [])].sort(compareKeys);
  }

  /** Committed private value (regardless of peer membership). */
  getPrivateData(chaincode: string, collection: string, key: string): Buffer | undefined {
    const value = this.world.get(this.world.privateState, privateNamespace(chaincode, collection), key);
    return value ? Buffer.from(value) : undefined;
  }

  /** Committed history of `key`, oldest first. */
  getHistory(chaincode: string, key: string): HistoryRecord[] {
    return [...(this.world.history.get(chaincode)?.get(key) ?? [])];
  }

  /** Committed key-level endorsement policy bytes of `key`. */
  getValidationParameter(chaincode: string, key: string): Buffer | undefined {
    return this.world.get(this.world.metadata, chaincode, key);
  }

  /** Commits `value` (bytes, string, or JSON) under `key` directly, as a seeding transaction. */
  seedState(chaincode: string, key: string, value: Uint8Array | string | object): void {
    const bytes =
      value instanceof Uint8Array
        ? Buffer.from(value)
        : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
    this.txCounter += 1;
    const tx = new Transaction(`seed-${this.txCounter}`, this.clock);
    // A seed is applied as is, without validation (it read nothing).
    this.clock += this.stepMillis;
    tx.stage(tx.writes, chaincode, key, bytes);
    tx.commit(this.world);
  }

  // --- internals ---------------------------------------------------------------------------

  private orThrow(result: TxResult): TxResult {
    if (result.status >= 400 || (result.validationCode !== undefined && result.validationCode !== 'VALID')) {
      throw new TransactionError(result);
    }
    return result;
  }

  private deployed(name: string): Deployed {
    const deployed = this.chaincodes.get(name);
    if (!deployed) {
      throw new Error(`chaincode ${name} is not deployed on channel ${this.channel}`);
    }
    return deployed;
  }

  private async run(deployed: Deployed, stub: MemoryStub): Promise<ChaincodeResponse> {
    try {
      return await deployed.router.Invoke(stub);
    } catch (error) {
      // The router turns contract errors into responses; this catches faults of the router itself.
      return { status: 500, message: (error as Error).message };
    }
  }

  private environment(
    tx: Transaction,
    caller: TestIdentity,
    options: CallOptions,
    invokedChaincode: string,
  ): StubEnvironment {
    const transient = new Map<string, Uint8Array>();
    for (const [field, value] of Object.entries(options.transient ?? {})) {
      transient.set(
        field,
        typeof value === 'string'
          ? Buffer.from(value, 'utf8')
          : value instanceof Uint8Array
            ? Buffer.from(value)
            : Buffer.from(JSON.stringify(value), 'utf8'),
      );
    }
    const env: StubEnvironment = {
      world: this.world,
      tx,
      channelId: this.channel,
      invokedChaincode,
      creator: { mspid: caller.mspId, idBytes: Buffer.from(caller.certificate, 'utf8') },
      peerMspId: options.peerMspId ?? caller.mspId,
      transient,
      collection: (chaincode, name) => this.collection(chaincode, name),
      invokeChaincode: async (name, args) => {
        const callee = this.chaincodes.get(name);
        if (!callee) {
          throw new Error(
            `INVOKE_CHAINCODE failed: transaction ID: ${tx.txId}: chaincode ${name} is not defined on channel ${this.channel}`,
          );
        }
        // Same transaction, same creator, same proposal (so the callee sees the invoked
        // chaincode's name), own namespace. The callee's event is dropped: only the invoked
        // chaincode's event reaches the block.
        const response = await this.run(callee, new MemoryStub(env, name, args));
        return {
          status: response.status,
          message: response.message ?? '',
          payload: Buffer.from(response.payload ?? Buffer.alloc(0)),
        };
      },
    };
    return env;
  }

  private collection(chaincode: string, name: string): CollectionAccess {
    if (name.startsWith(IMPLICIT_COLLECTION_PREFIX)) {
      const mspId = name.slice(IMPLICIT_COLLECTION_PREFIX.length);
      return { isMember: (org) => org === mspId, memberOnlyRead: false, memberOnlyWrite: false };
    }
    const collections = this.chaincodes.get(chaincode)?.collections;
    if (!collections) {
      // Without explicit collection definitions every organization counts as a member.
      return { isMember: () => true, memberOnlyRead: false, memberOnlyWrite: false };
    }
    const definition = collections.get(name);
    if (!definition) {
      throw new Error(`collection ${name} is not defined for chaincode ${chaincode}`);
    }
    return {
      isMember: (org) => definition.members.includes(org),
      memberOnlyRead: definition.memberOnlyRead ?? false,
      memberOnlyWrite: definition.memberOnlyWrite ?? false,
    };
  }
}
