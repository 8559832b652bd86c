// Test support shared by the unit tests (excluded from the build).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  type ChaincodeEvent,
  type Checkpoint,
  type CloseableAsyncIterable,
  CommitError,
  CommitStatusError,
  EndorseError,
  type ErrorDetail,
  GatewayError,
  type Proposal,
  type ProposalOptions,
  type Status,
  type SubmittedTransaction,
  type Transaction,
} from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

/** A fresh temporary folder. */
export function tempDir(prefix = 'ndi-gw-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A self-signed certificate and its key, made by openssl. */
export interface Pki {
  readonly certificate: string;
  readonly privateKey: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Makes an EC key (P-256 by default) and a self-signed certificate in `dir`, named `<name>-cert.pem`/`<name>-key.pem`. */
export function makePki(dir: string, name = 'user1', curve = 'prime256v1'): Pki {
  const certificate = path.join(dir, `${name}-cert.pem`);
  const privateKey = path.join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-nodes'].concat([
      '-keyout',
      privateKey,
      '-out',
      certificate,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
    ]),
    { stdio: 'ignore' },
  );
  return {
    certificate,
    privateKey,
    certificatePem: fs.readFileSync(certificate, 'utf8'),
    privateKeyPem: fs.readFileSync(privateKey, 'utf8'),
  };
}

/** A gRPC ServiceError as grpc-js makes them ("<code> <NAME>: <details>"). */
export function serviceError(code: number, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

type Kind = 'endorse' | 'submit' | 'commitStatus' | 'evaluate';

/** A fabric-gateway error of the kind each gateway call throws, with the given gRPC code and node details. */
export function gatewayError(
  kind: Kind,
  code: number,
  message: string,
  details: ErrorDetail[] = [],
  transactionId = 'tx-1',
): GatewayError {
  const cause = serviceError(code, message);
  const properties = { code, details, cause, transactionId, message: cause.message };
  switch (kind) {
    case 'endorse':
      return new EndorseError(properties);
    case 'commitStatus':
      return new CommitStatusError(properties);
    case 'submit': {
      // fabric-gateway exports SubmitError as a type only; this is how its instances look.
      const err = new GatewayError(properties) as GatewayError & { transactionId: string };
      err.name = 'SubmitError';
      err.transactionId = transactionId;
      return err;
    }
    default:
      return new GatewayError(properties);
  }
}

/** A CommitError as fabric-gateway's `contract.submit` throws it. */
export function commitError(code: number, transactionId = 'tx-1'): CommitError {
  return new CommitError({ code: code as CommitError['code'], transactionId, message: `tx ${transactionId} failed` });
}

/** What one attempt of a fake transaction does. */
export interface Outcome {
  /** Thrown by `proposal.endorse()`. */
  readonly endorse?: unknown;
  /** Thrown by `transaction.submit()`. */
  readonly submit?: unknown;
  /** Thrown by `commit.getStatus()`. */
  readonly commitStatus?: unknown;
  /** The validation code the commit status reports (default 0 = VALID). */
  readonly validationCode?: number;
  /** The transaction result. */
  readonly result?: string;
}

/** A fake Contract whose n-th proposal plays `outcomes[n]`; records the calls. */
export class FakeContract {
  public readonly transactionIds: string[] = [];
  public readonly proposals: { name: string; options: ProposalOptions | undefined }[] = [];
  public readonly calls: string[] = [];
  public readonly evaluations: unknown[];
  #next = 0;

  constructor(
    private readonly outcomes: Outcome[],
    evaluations: unknown[] = [],
  ) {
    this.evaluations = evaluations;
  }

  public newProposal(name: string, options?: ProposalOptions): Proposal {
    const index = this.#next++;
    const outcome = this.outcomes[index] ?? {};
    const transactionId = `tx-${index + 1}`;
    this.transactionIds.push(transactionId);
    this.proposals.push({ name, options });
    const calls = this.calls;
    const result = new TextEncoder().encode(outcome.result ?? `result-${index + 1}`);
    const blockNumber = BigInt(10 + index);
    const fail = (what: unknown): never => {
      throw what;
    };
    const commit: SubmittedTransaction = {
      getResult: () => result,
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      getStatus: async (): Promise<Status> => {
        calls.push(`commitStatus ${transactionId}`);
        if (outcome.commitStatus !== undefined) fail(outcome.commitStatus);
        const code = (outcome.validationCode ?? 0) as Status['code'];
        return { blockNumber, code, successful: code === 0, transactionId };
      },
    };
    const transaction: Transaction = {
      getResult: () => result,
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      submit: async () => {
        calls.push(`submit ${transactionId}`);
        if (outcome.submit !== undefined) fail(outcome.submit);
        return commit;
      },
    };
    return {
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      evaluate: async () => fail(new Error('not used')),
      endorse: async () => {
        calls.push(`endorse ${transactionId}`);
        if (outcome.endorse !== undefined) fail(outcome.endorse);
        return transaction;
      },
    };
  }

  /** Plays `evaluations` in turn: an Error is thrown, a string returned as bytes. */
  public async evaluate(name: string, options?: ProposalOptions): Promise<Uint8Array> {
    this.calls.push(`evaluate ${name}`);
    this.proposals.push({ name, options });
    const next = this.evaluations.shift();
    if (next instanceof Error) {
      throw next;
    }
    return new TextEncoder().encode(String(next ?? 'ok'));
  }
}

/** A CA and a TLS server certificate it issued for `hostname`, made by openssl in `dir`. */
export function makeTlsServerPki(
  dir: string,
  hostname: string,
): { caCert: string; serverCert: Buffer; serverKey: Buffer } {
  const ca = makePki(dir, 'tls-ca');
  const file = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  execFileSync(
    'openssl',
    ['req', ...ec, '-keyout', file('server-key.pem'), '-out', file('server.csr'), '-subj', `/CN=${hostname}`],
    {
      stdio: 'ignore',
    },
  );
  fs.writeFileSync(file('server.ext'), `subjectAltName=DNS:${hostname}\n`);
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      ca.certificate,
      '-CAkey',
      ca.privateKey,
      '-CAcreateserial',
    ].concat(['-out', file('server-cert.pem'), '-days', '1', '-extfile', file('server.ext')]),
    { stdio: 'ignore' },
  );
  return {
    caCert: ca.certificate,
    serverCert: fs.readFileSync(file('server-cert.pem')),
    serverKey: fs.readFileSync(file('server-key.pem')),
  };
}

/** One call of a typed chaincode client, and what it must send and return. */
export interface Case<C> {
  /** Makes the call. */
  readonly call: (client: C) => Promise<unknown>;
  /** Whether it must be submitted or evaluated. */
  readonly kind: 'submit' | 'evaluate';
  /** The transaction function. */
  readonly name: string;
  /** The arguments it must send. */
  readonly args: readonly string[];
  /** The transient fields it must send (decoded), if any. */
  readonly transient?: Record<string, unknown>;
  /** What the chaincode answers (sent as JSON) and the call must resolve to (parsed). */
  readonly result: unknown;
}

/** Runs a {@link Case} against a fresh {@link FakeContract} and checks the proposal, the path and the result. */
export async function runCase<C>(make: (contract: FakeContract) => C, testCase: Case<C>): Promise<void> {
  const json = JSON.stringify(testCase.result);
  const contract = new FakeContract([{ result: json }], [json]);
  const outcome = await testCase.call(make(contract));
  expect(contract.proposals).toHaveLength(1);
  const proposal = contract.proposals[0];
  expect(proposal?.name).toBe(testCase.name);
  expect(proposal?.options?.arguments).toEqual(testCase.args);
  const transientData = proposal?.options?.transientData as Record<string, Uint8Array> | undefined;
  if (testCase.transient === undefined) {
    expect(transientData).toBeUndefined();
  } else {
    const decoded = Object.fromEntries(
      Object.entries(transientData ?? {}).map(([k, v]) => [k, JSON.parse(new TextDecoder().decode(v)) as unknown]),
    );
    expect(decoded).toEqual(testCase.transient);
  }
  if (testCase.kind === 'submit') {
    expect(contract.calls).toEqual(['endorse tx-1', 'submit tx-1', 'commitStatus tx-1']);
    expect(outcome).toEqual({ result: testCase.result, transactionId: 'tx-1', blockNumber: 10n, attempts: 1 });
  } else {
    expect(contract.calls).toEqual([`evaluate ${testCase.name}`]);
    expect(outcome).toEqual(testCase.result);
  }
}

/** The transaction functions of a chaincode contract class (its PascalCase methods), sorted. */
export function transactionNames(contract: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(contract.prototype)
    .filter((name) => /^[A-Z]/.test(name))
    .sort();
}

/** The public methods of a typed client class, as the transaction names they stand for (PascalCase), sorted. */
export function clientMethods(client: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(client.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => name.charAt(0).toUpperCase() + name.slice(1))
    .sort();
}

/** One transaction of a {@link FakeNetwork} ledger. */
export interface FakeTx {
  readonly txId: string;
  /** The chaincode invoked. */
  readonly chaincode: string;
  /** Its event's name; no event if omitted. */
  readonly event?: string;
  /** Its event's payload (JSON-encoded unless a string, which is sent as is). */
  readonly payload?: unknown;
  /** `false` for a transaction the peers invalidated (e.g. MVCC conflict). */
  readonly valid?: boolean;
  /** `true` for a config transaction. */
  readonly config?: boolean;
}

const payloadBytes = (payload: unknown): Uint8Array =>
  new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload ?? {}));

/** Encodes a transaction as a block's envelope, as a peer commits it. */
function envelopeOf(tx: FakeTx): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(tx.config ? common.HeaderType.CONFIG : common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(tx.txId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const chaincodeAction = new peer.ChaincodeAction();
  if (tx.event !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(tx.chaincode);
    event.setTxId(tx.txId);
    event.setEventName(tx.event);
    event.setPayload(payloadBytes(tx.payload));
    chaincodeAction.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(tx.config ? new Uint8Array([1, 2, 3]) : transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** Encodes a block of transactions, with its transaction validation codes. */
export function blockOf(blockNumber: bigint, txs: readonly FakeTx[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(Number(blockNumber));
  const data = new common.BlockData();
  data.setDataList(txs.map(envelopeOf));
  const metadata = new common.BlockMetadata();
  const filter = Uint8Array.from(txs.map((tx) => (tx.valid === false ? peer.TxValidationCode.MVCC_READ_CONFLICT : 0)));
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter, new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

function closeable<T>(items: readonly T[], failWith: unknown, onClose: () => void): CloseableAsyncIterable<T> {
  let closed = false;
  async function* generate(): AsyncGenerator<T> {
    for (const item of items) {
      if (closed) return;
      yield item;
    }
    if (failWith !== undefined && !closed) throw failWith;
  }
  return Object.assign(generate(), {
    close: () => {
      closed = true;
      onClose();
    },
    [Symbol.dispose]: () => undefined,
  });
}

/**
 * A fake fabric-gateway Network over a fixed ledger (block `first + i` holds `blocks[i]`), serving chaincode events
 * and blocks from a start position as a gateway peer does: from the checkpoint's block (skipping the block's
 * transactions up to the checkpointed one, for chaincode events) or else `startBlock`. Streams end after the last
 * block, or throw `failWith` there.
 */
export class FakeNetwork {
  public readonly requests: { kind: 'chaincode' | 'blocks'; chaincode?: string; start: bigint; after?: string }[] = [];
  public closed = 0;
  public failWith: unknown;

  constructor(
    public readonly blocks: readonly (readonly FakeTx[])[],
    private readonly first = 1n,
  ) {}

  #start(options: { checkpoint?: Checkpoint; startBlock?: bigint } = {}) {
    const checkpointed = options.checkpoint?.getBlockNumber();
    return checkpointed !== undefined
      ? { start: checkpointed, after: options.checkpoint?.getTransactionId() }
      : { start: options.startBlock ?? this.first + BigInt(this.blocks.length) };
  }

  #numbered(start: bigint): [bigint, readonly FakeTx[]][] {
    return this.blocks
      .map((txs, i): [bigint, readonly FakeTx[]] => [this.first + BigInt(i), txs])
      .filter(([n]) => n >= start);
  }

  public async getChaincodeEvents(
    chaincode: string,
    options?: { checkpoint?: Checkpoint; startBlock?: bigint },
  ): Promise<CloseableAsyncIterable<ChaincodeEvent>> {
    const { start, after } = this.#start(options);
    this.requests.push({ kind: 'chaincode', chaincode, start, ...(after !== undefined && { after }) });
    const events: ChaincodeEvent[] = [];
    for (const [blockNumber, txs] of this.#numbered(start)) {
      const skip = blockNumber === start && after !== undefined ? txs.findIndex((t) => t.txId === after) + 1 : 0;
      for (const tx of txs.slice(skip)) {
        if (tx.valid !== false && !tx.config && tx.chaincode === chaincode && tx.event !== undefined) {
          events.push({
            blockNumber,
            transactionId: tx.txId,
            chaincodeName: chaincode,
            eventName: tx.event,
            payload: payloadBytes(tx.payload),
          });
        }
      }
    }
    return closeable(events, this.failWith, () => this.closed++);
  }

  public async getBlockEvents(options?: {
    checkpoint?: Checkpoint;
    startBlock?: bigint;
  }): Promise<CloseableAsyncIterable<common.Block>> {
    const { start } = this.#start(options);
    this.requests.push({ kind: 'blocks', start });
    const blocks = this.#numbered(start).map(([n, txs]) => blockOf(n, txs));
    return closeable(blocks, this.failWith, () => this.closed++);
  }
}
