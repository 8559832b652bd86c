// Test support (excluded from the build): an in-process stand-in for the Fabric network as the gateway client
// sees it, for tests that cannot run a real network. Read "What it models" before relying on it.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { connect, type GrpcClient, signers } from '@hyperledger/fabric-gateway';
import { common, gateway, google, msp, orderer, peer } from '@hyperledger/fabric-protos';
import { contracts as valuationContracts } from '@ndi/chaincode-asset-valuation';
import {
  createIdentity,
  type Endorsement,
  InMemoryLedger,
  type TestIdentity,
  type WriteSet,
} from '@ndi/chaincode-common/testing';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as certificateContracts } from '@ndi/chaincode-transaction-certificates';
import { type ConnectionProfile, NdiClient } from '../index';

/**
 * `InMemoryFabric`: one channel of a Fabric network in memory, reached by the REAL `@hyperledger/fabric-gateway`
 * client through an in-process stand-in of its gRPC connection, and running the REAL ndi contract classes on the
 * kernel's in-memory ledger (`@ndi/chaincode-common/testing`).
 *
 * What it models, as a Fabric v2.4+/3.x gateway peer, orderer and committing peers would:
 * - the Gateway service (`Evaluate`, `Endorse`, `Submit`, `CommitStatus`, `ChaincodeEvents`) and the Deliver
 *   service (block events), reached through fabric-gateway's own `connect()`: proposals, transaction IDs,
 *   signatures, results and errors are built and parsed by fabric-gateway itself from protobuf bytes;
 * - one peer per organization; a proposal runs as the creator's identity (its X.509 certificate, parsed by
 *   fabric-shim's `ClientIdentity`) on the peer of each endorsing organization (`ctx.stub.getMspID()` is that
 *   organization), with the proposal's transient data and timestamp; evaluations run on one peer (the gateway's
 *   organization unless target organizations are given); endorsements that disagree are refused;
 * - endorsers: the caller's `endorsingOrganizations`, else the gateway's organization followed by the other
 *   organizations in channel order until the chaincode-level policy, `MAJORITY` of the channel's organizations,
 *   is met (a fixed stand-in for discovery);
 * - errors as the Fabric gateway reports them (gRPC code, message, `ErrorDetail`s in `grpc-status-details-bin`):
 *   a chaincode error is `chaincode response 500, <message>` from the endorser, wrapped in `failed to endorse
 *   transaction, see attached details for more info` (ABORTED) or `evaluate call to endorser returned error: ...`
 *   (UNKNOWN), so fabric-gateway throws its `EndorseError` / `GatewayError` as on a real network;
 * - ordering: transactions submitted in the same turn of the event loop are cut into one block; committing peers
 *   validate them in block order: the endorsement policies the writes fall under, over the endorsements in the
 *   submitted envelope (`ENDORSEMENT_POLICY_FAILURE`): MAJORITY for public writes, the organization's own for its
 *   implicit collection, as Fabric's validator applies them, then the in-memory ledger's MVCC and phantom-read checks
 *   (`MVCC_READ_CONFLICT`, ...) and duplicate transaction IDs; invalid transactions are recorded in the block with
 *   their validation code and write nothing;
 * - blocks as Fabric writes them: the signed envelope the client submitted (transient data stripped from the
 *   proposal payload), `TRANSACTIONS_FILTER` metadata, data hash and a hash chain over the headers; block 0 is a
 *   config block; chaincode events of valid transactions only; the query system chaincode `qscc`
 *   (`GetChainInfo`, `GetBlockByNumber`, `GetBlockByTxID`, `GetTransactionByID`);
 * - only identities issued by {@link InMemoryFabric.user} (standing for enrollment with an organization's CA) of
 *   the channel's organizations may propose.
 *
 * What it does NOT model: gRPC, TLS and a network (nothing listens on a port); signature verification (clients
 * sign with a throw-away key, nobody checks); key-level (state-based) endorsement policies, collection
 * distribution policies and chaincode-interest-driven discovery; read-write sets in blocks (the ledger keeps them
 * internally), and comparing endorsers' read-write sets (their results and events are compared); MVCC checks of
 * private data hash reads (`getPrivateDataHash` records no read version); several peers per organization, gossip, peers at different heights, Raft, block size or timeout
 * settings; gRPC deadlines and cancellation of unary calls; config updates, chaincode lifecycle and ACLs.
 */

/** The channel's organizations, in the order of the real network's topology. */
export const NDI_ORGANIZATIONS: readonly string[] = ['ExchangeMSP', 'EnterpriseMSP', 'RegulatorMSP'];

/** The chaincodes deployed, under their default names. */
const NDI_CHAINCODES = {
  identity: identityContracts,
  'data-registry': registryContracts,
  'asset-valuation': valuationContracts,
  'transaction-certificates': certificateContracts,
} as const;

/** Options of {@link InMemoryFabric}. */
export interface InMemoryFabricOptions {
  /** Channel name (default `ndi`). */
  readonly channel?: string;
  /** MSP IDs of the channel's organizations, one peer each (default {@link NDI_ORGANIZATIONS}). */
  readonly organizations?: readonly string[];
}

/** A transaction as the committing peers recorded it. */
export interface CommittedTransaction {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  /** Its validation code (0 = VALID). */
  readonly validationCode: number;
  /** The chaincode invoked. */
  readonly chaincode: string;
  /** The name of its chaincode event, if it is valid and emitted one. */
  readonly eventName?: string;
}

const { TxValidationCode } = peer;
const QSCC = 'qscc';
const IMPLICIT_COLLECTION = /^_implicit_org_(.+)$/;
const CHAINCODE_EVENTS = '/gateway.Gateway/ChaincodeEvents';
const DELIVER = '/protos.Deliver/Deliver';
const DELIVER_FILTERED = '/protos.Deliver/DeliverFiltered';
const utf8 = new TextDecoder();
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  parts.forEach((part) => hash.update(part));
  return hash.digest();
};

/** A gRPC error as the Fabric gateway returns it: code, message, and one `gateway.ErrorDetail` per node. */
function rpcError(code: GrpcStatus, message: string, details: readonly gateway.ErrorDetail[] = []): ServiceError {
  const status = new google.rpc.Status();
  status.setCode(code);
  status.setMessage(message);
  for (const detail of details) {
    const any = status.addDetails();
    any.setTypeUrl('type.googleapis.com/gateway.ErrorDetail');
    any.setValue(detail.serializeBinary());
  }
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  // grpc-js's message format: "<code> <NAME>: <details>".
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${message}`), { code, details: message, metadata });
}

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as ServiceError).code === 'number' && 'metadata' in err;
}

/** What one peer reported for a proposal it could not endorse. */
interface PeerFailure {
  readonly ok: false;
  readonly mspId: string;
  /** The gRPC code the gateway derives from it (UNKNOWN for a chaincode error). */
  readonly code: GrpcStatus;
  readonly message: string;
}

/** A peer's endorsement: the simulated transaction, committable once. */
interface PeerEndorsement {
  readonly ok: true;
  readonly mspId: string;
  readonly endorsement: Endorsement;
}

/** What the gateway needs of a proposal, decoded from fabric-gateway's bytes. */
interface DecodedProposal {
  readonly bytes: Uint8Array;
  readonly header: common.Header;
  readonly payload: peer.ChaincodeProposalPayload;
  readonly channel: string;
  readonly txId: string;
  readonly timestampMillis: number;
  readonly creatorMsp: string;
  readonly creatorCertificate: string;
  readonly nonce: Uint8Array;
  readonly creatorBytes: Uint8Array;
  readonly chaincode: string;
  readonly fn: string;
  readonly args: string[];
  readonly transient: Record<string, Uint8Array>;
}

function decodeProposal(signed: peer.SignedProposal | undefined): DecodedProposal {
  if (!signed || signed.getProposalBytes_asU8().length === 0) {
    throw rpcError(GrpcStatus.INVALID_ARGUMENT, 'the proposed transaction must contain a signed proposal');
  }
  const bytes = signed.getProposalBytes_asU8();
  const proposal = peer.Proposal.deserializeBinary(bytes);
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
  const [fn, ...args] = (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => utf8.decode(arg));
  const transient: Record<string, Uint8Array> = {};
  payload.getTransientmapMap().forEach((value: Uint8Array | string, key: string) => {
    transient[key] = typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  });
  // google.protobuf.Timestamp is typed by an optional package: read the two fields it has.
  const timestamp = channelHeader.getTimestamp() as { getSeconds(): number; getNanos(): number } | undefined;
  return {
    bytes,
    header,
    payload,
    channel: channelHeader.getChannelId(),
    txId: channelHeader.getTxId(),
    timestampMillis: timestamp ? timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000) : 0,
    creatorMsp: creator.getMspid(),
    creatorCertificate: utf8.decode(creator.getIdBytes_asU8()),
    nonce: signatureHeader.getNonce_asU8(),
    creatorBytes: signatureHeader.getCreator_asU8(),
    chaincode: spec?.getChaincodeId()?.getName() ?? '',
    fn: fn ?? '',
    args,
    transient,
  };
}

/** DER of a non-negative integer (ASN.1 INTEGER). */
function derInteger(value: number): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let body = Buffer.from(hex, 'hex');
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

function derOctets(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0x04, bytes.length]), bytes]);
}

/** Fabric's block header hash: SHA-256 of the DER SEQUENCE { number, previousHash, dataHash }. */
function headerHash(header: common.BlockHeader): Buffer {
  const body = Buffer.concat([
    derInteger(header.getNumber()),
    derOctets(header.getPreviousHash_asU8()),
    derOctets(header.getDataHash_asU8()),
  ]);
  return sha256(Buffer.concat([Buffer.from([0x30, body.length]), body]));
}

/** A block as a committing peer stores it, with the chaincode events of its valid transactions. */
interface BlockRecord {
  readonly block: common.Block;
  readonly events: readonly peer.ChaincodeEvent[];
}

/** A transaction handed to the orderer, waiting to be cut into a block. */
interface OrderedTransaction {
  readonly txId: string;
  readonly envelope: common.Envelope;
}

/** The outcome of an endorsement, kept by the gateway until the client submits the transaction. */
interface EndorsedTransaction {
  readonly chaincode: string;
  readonly responsePayload: Uint8Array;
  readonly endorsement: Endorsement;
  readonly event: peer.ChaincodeEvent | undefined;
}

/** A server stream as grpc-js gives it to fabric-gateway: async-iterable, ended by `cancel()`. */
interface CancellableStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

/** One channel of a Fabric network in memory. See the file's header for what it models and what it does not. */
export class InMemoryFabric {
  /** The channel name. */
  public readonly channel: string;
  /** The channel's organizations (one peer each). */
  public readonly organizations: readonly string[];
  /** The ledger the chaincodes run on (for inspection; change it only through clients). */
  public readonly ledger: InMemoryLedger;
  readonly #users = new Map<string, { identity: TestIdentity; key: KeyObject }>();
  readonly #peerIdentities = new Map<string, Uint8Array>();
  readonly #blocks: BlockRecord[] = [];
  readonly #committed = new Map<string, CommittedTransaction & { readonly envelope: common.Envelope }>();
  readonly #endorsed = new Map<string, EndorsedTransaction>();
  readonly #ordered: OrderedTransaction[] = [];
  readonly #blockListeners = new Set<() => void>();
  readonly #streams = new Set<{ cancel(): void }>();
  #cutScheduled = false;

  constructor(options: InMemoryFabricOptions = {}) {
    this.channel = options.channel ?? 'ndi';
    this.organizations = [...(options.organizations ?? NDI_ORGANIZATIONS)];
    this.ledger = new InMemoryLedger({ channel: this.channel });
    for (const [name, contracts] of Object.entries(NDI_CHAINCODES)) {
      // Only implicit collections (`_implicit_org_<MSP>`) exist, as in the network's chaincode definitions.
      this.ledger.deploy(name, contracts, { collections: [] });
    }
    for (const mspId of this.organizations) {
      const peerIdentity = createIdentity({ mspId, commonName: this.#peerName(mspId), role: 'peer' });
      const serialized = new msp.SerializedIdentity();
      serialized.setMspid(mspId);
      serialized.setIdBytes(Buffer.from(peerIdentity.certificate));
      this.#peerIdentities.set(mspId, serialized.serializeBinary());
    }
    this.#appendBlock([this.#configEnvelope()], [TxValidationCode.VALID], []);
  }

  /**
   * Issues an identity of one of the channel's organizations, as its CA would enroll it: a certificate with the
   * NodeOU role (`client`, or `admin`) that only this network knows.
   *
   * @param mspId - the organization
   * @param commonName - the subject's common name
   * @param options - `admin: true` for an admin certificate
   */
  public user(mspId: string, commonName: string, options: { readonly admin?: boolean } = {}): TestIdentity {
    if (!this.organizations.includes(mspId)) {
      throw new Error(`${mspId} is not an organization of channel ${this.channel}`);
    }
    const identity = createIdentity({ mspId, commonName, admin: options.admin ?? false });
    const existing = this.#users.get(identity.certificate);
    if (!existing) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      this.#users.set(identity.certificate, { identity, key: privateKey });
    }
    return identity;
  }

  /**
   * A client of the library acting as `user`, connected to the gateway peer of `gatewayOrg` (default: the user's
   * organization), made with fabric-gateway's `connect()` over the in-process transport and wrapped by
   * `NdiClient.fromGateway`.
   */
  public client(user: TestIdentity, options: { readonly gatewayOrg?: string } = {}): NdiClient {
    const issued = this.#users.get(user.certificate);
    if (!issued) {
      throw new Error(`${user.id} was not issued by this network: use InMemoryFabric.user()`);
    }
    const gatewayOrg = options.gatewayOrg ?? user.mspId;
    const connection = connect({
      client: this.#transport(gatewayOrg),
      identity: { mspId: user.mspId, credentials: Buffer.from(user.certificate) },
      signer: signers.newPrivateKeySigner(issued.key),
    });
    return NdiClient.fromGateway(connection, { profile: this.profile(gatewayOrg) });
  }

  /** The connection profile of an organization's clients (its peer exists only in memory). */
  public profile(mspId: string): ConnectionProfile {
    const short = this.#short(mspId);
    return {
      name: `in-memory-${short}`,
      version: 1,
      channel: this.channel,
      organization: short,
      mspId,
      peers: [{ name: this.#peerName(mspId), endpoint: this.#peerAddress(mspId), hostnameOverride: '', tlsCACert: '' }],
      certificateAuthority: { url: `in-memory://ca.${short}`, caName: `ca-${short}`, tlsCACert: '' },
      identities: {},
    };
  }

  /** The number of blocks (block 0 is the config block). */
  public get height(): number {
    return this.#blocks.length;
  }

  /** The committed blocks, in order. */
  public get blocks(): readonly common.Block[] {
    return this.#blocks.map((record) => record.block);
  }

  /** Every ordered transaction (valid or not), in ledger order. */
  public transactions(): CommittedTransaction[] {
    return [...this.#committed.values()].map(({ envelope: _envelope, ...tx }) => tx);
  }

  /** Ends every open event stream (as the peer going away would, with gRPC `CANCELLED`). */
  public close(): void {
    this.#streams.forEach((stream) => stream.cancel());
  }

  // --- the gRPC connection fabric-gateway uses --------------------------------------------------

  #transport(gatewayOrg: string): GrpcClient {
    const unary: Record<string, (bytes: Uint8Array) => Promise<{ serializeBinary(): Uint8Array }>> = {
      '/gateway.Gateway/Evaluate': (bytes) =>
        this.#evaluate(gatewayOrg, gateway.EvaluateRequest.deserializeBinary(bytes)),
      '/gateway.Gateway/Endorse': (bytes) => this.#endorse(gatewayOrg, gateway.EndorseRequest.deserializeBinary(bytes)),
      '/gateway.Gateway/Submit': async (bytes) => this.#submit(gateway.SubmitRequest.deserializeBinary(bytes)),
      '/gateway.Gateway/CommitStatus': (bytes) =>
        this.#commitStatus(gateway.SignedCommitStatusRequest.deserializeBinary(bytes)),
    };
    const unsupported = (what: string) => () => {
      throw new Error(`the in-memory gateway does not support ${what}`);
    };
    const client = {
      close: () => undefined,
      getChannel: unsupported('getChannel'),
      waitForReady: (_deadline: unknown, callback: (error?: Error) => void) => callback(),
      makeClientStreamRequest: unsupported('client streams'),
      makeUnaryRequest: (
        method: string,
        serialize: (value: unknown) => Buffer,
        deserialize: (bytes: Buffer) => unknown,
        argument: unknown,
        ...rest: unknown[]
      ) => {
        const callback = rest[rest.length - 1] as (error: ServiceError | null, value?: unknown) => void;
        const handler = unary[method];
        const call = async () => {
          if (!handler) throw rpcError(GrpcStatus.UNIMPLEMENTED, `unknown method ${method}`);
          const response = await handler(serialize(argument));
          return deserialize(Buffer.from(response.serializeBinary()));
        };
        call().then(
          (value) => callback(null, value),
          (err: unknown) => callback(this.#asServiceError(err)),
        );
        return { cancel: () => undefined, getPeer: () => this.#peerAddress(gatewayOrg) };
      },
      makeServerStreamRequest: (
        method: string,
        serialize: (value: unknown) => Buffer,
        deserialize: (bytes: Buffer) => unknown,
        argument: unknown,
      ) => {
        if (method !== CHAINCODE_EVENTS) throw rpcError(GrpcStatus.UNIMPLEMENTED, `unknown method ${method}`);
        const request = gateway.SignedChaincodeEventsRequest.deserializeBinary(serialize(argument));
        return this.#stream(() => this.#chaincodeEvents(request), deserialize);
      },
      makeBidiStreamRequest: (
        method: string,
        serialize: (value: unknown) => Buffer,
        deserialize: (b: Buffer) => unknown,
      ) => {
        if (method !== DELIVER && method !== DELIVER_FILTERED) {
          throw rpcError(GrpcStatus.UNIMPLEMENTED, `unknown method ${method}`);
        }
        let request: Uint8Array | undefined;
        const stream = this.#stream(() => this.#deliver(request, method === DELIVER_FILTERED), deserialize);
        return Object.assign(stream, {
          write: (message: unknown) => {
            request = serialize(message);
            return true;
          },
        });
      },
    };
    // Only what fabric-gateway calls is implemented: the rest of grpc-js's Client is not needed.
    return client as unknown as GrpcClient;
  }

  #asServiceError(err: unknown): ServiceError {
    return isServiceError(err) ? err : rpcError(GrpcStatus.INTERNAL, `in-memory gateway: ${(err as Error).message}`);
  }

  /**
   * Wraps a generator of responses (which waits for new blocks) as a cancellable server stream of deserialized
   * messages. As with grpc-js, a cancelled stream ends by rejecting with `CANCELLED`.
   */
  #stream(
    source: () => AsyncGenerator<{ serializeBinary(): Uint8Array }>,
    deserialize: (bytes: Buffer) => unknown,
  ): CancellableStream<unknown> {
    const streams = this.#streams;
    let cancelled = false;
    let wake: (() => void) | undefined;
    const cancelledError = () => rpcError(GrpcStatus.CANCELLED, 'Cancelled on client');
    const stream: CancellableStream<unknown> = {
      cancel: () => {
        cancelled = true;
        streams.delete(stream);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        const responses = source();
        try {
          while (!cancelled) {
            const cancellation = new Promise<'cancelled'>((resolve) => {
              wake = () => resolve('cancelled');
            });
            const outcome = await Promise.race([responses.next(), cancellation]);
            if (outcome === 'cancelled') break;
            if (outcome.done) return;
            yield deserialize(Buffer.from(outcome.value.serializeBinary()));
          }
          throw cancelledError();
        } finally {
          wake = undefined;
          void responses.return(undefined);
        }
      },
    };
    streams.add(stream);
    return stream;
  }

  // --- Gateway service -------------------------------------------------------------------------

  async #evaluate(gatewayOrg: string, request: gateway.EvaluateRequest): Promise<gateway.EvaluateResponse> {
    const proposal = decodeProposal(request.getProposedTransaction());
    this.#checkChannel(proposal.channel);
    const targets = request.getTargetOrganizationsList();
    const org = targets.length === 0 || targets.includes(gatewayOrg) ? gatewayOrg : (targets[0] as string);
    this.#checkOrganizations([org]);
    const outcome = proposal.chaincode === QSCC ? this.#qscc(org, proposal) : await this.#simulate(org, proposal);
    if (!outcome.ok) {
      throw rpcError(outcome.code, `evaluate call to endorser returned error: ${outcome.message}`, [
        this.#detail(outcome),
      ]);
    }
    const result = new peer.Response();
    result.setStatus(200);
    result.setPayload(outcome.payload);
    const response = new gateway.EvaluateResponse();
    response.setResult(result);
    return response;
  }

  async #endorse(gatewayOrg: string, request: gateway.EndorseRequest): Promise<gateway.EndorseResponse> {
    const proposal = decodeProposal(request.getProposedTransaction());
    this.#checkChannel(proposal.channel);
    const chosen = request.getEndorsingOrganizationsList();
    const orgs = chosen.length > 0 ? [...new Set(chosen)] : this.#endorsementPlan(gatewayOrg);
    this.#checkOrganizations(orgs);
    const outcomes: (PeerEndorsement | PeerFailure)[] = [];
    for (const org of orgs) {
      const outcome = await this.#simulate(org, proposal);
      outcomes.push(outcome.ok ? { ok: true, mspId: org, endorsement: outcome.endorsement } : outcome);
    }
    const failures = outcomes.filter((o): o is PeerFailure => !o.ok);
    if (chosen.length === 0 && !(outcomes[0]?.ok ?? false)) {
      // The gateway's own organization is asked first; its refusal ends the endorsement.
      throw rpcError(GrpcStatus.ABORTED, 'failed to endorse transaction, see attached details for more info', [
        this.#detail(failures[0] as PeerFailure),
      ]);
    }
    const endorsed = outcomes.filter((o): o is PeerEndorsement => o.ok);
    const first = endorsed[0]?.endorsement.result;
    const mismatched = endorsed.filter(({ endorsement: { result } }) => {
      const same =
        result.payload.equals(first?.payload ?? Buffer.alloc(0)) &&
        result.event?.name === first?.event?.name &&
        (result.event?.payload ?? Buffer.alloc(0)).equals(first?.event?.payload ?? Buffer.alloc(0));
      return !same;
    });
    if (failures.length > 0 || mismatched.length > 0 || !first) {
      const details = [
        ...failures.map((f) => this.#detail(f)),
        ...mismatched.map((m) =>
          this.#detail({
            ok: false,
            mspId: m.mspId,
            code: GrpcStatus.ABORTED,
            message: 'ProposalResponsePayloads do not match',
          }),
        ),
      ];
      throw rpcError(
        GrpcStatus.ABORTED,
        'failed to collect enough transaction endorsements, see attached details for more info',
        details,
      );
    }
    const event = first.event ? this.#chaincodeEvent(proposal, first.event.name, first.event.payload) : undefined;
    const responsePayload = this.#responsePayload(proposal, first.payload, event);
    this.#endorsed.set(proposal.txId, {
      chaincode: proposal.chaincode,
      responsePayload,
      endorsement: (endorsed[0] as PeerEndorsement).endorsement,
      event,
    });
    const response = new gateway.EndorseResponse();
    response.setPreparedTransaction(
      this.#transactionEnvelope(
        proposal,
        responsePayload,
        endorsed.map((e) => e.mspId),
      ),
    );
    return response;
  }

  #submit(request: gateway.SubmitRequest): gateway.SubmitResponse {
    const envelope = request.getPreparedTransaction();
    if (!envelope || envelope.getSignature_asU8().length === 0) {
      throw rpcError(GrpcStatus.INVALID_ARGUMENT, 'prepared transaction must be signed');
    }
    this.#checkChannel(request.getChannelId());
    this.#ordered.push({ txId: this.#envelopeTxId(envelope), envelope });
    if (!this.#cutScheduled) {
      this.#cutScheduled = true;
      // Everything submitted in this turn of the event loop goes into one block.
      setImmediate(() => this.#cutBlock());
    }
    return new gateway.SubmitResponse();
  }

  async #commitStatus(signed: gateway.SignedCommitStatusRequest): Promise<gateway.CommitStatusResponse> {
    const request = gateway.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
    this.#checkChannel(request.getChannelId());
    let committed = this.#committed.get(request.getTransactionId());
    while (!committed) {
      await this.#nextBlock();
      committed = this.#committed.get(request.getTransactionId());
    }
    const response = new gateway.CommitStatusResponse();
    response.setResult(committed.validationCode as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
    response.setBlockNumber(Number(committed.blockNumber));
    return response;
  }

  async *#chaincodeEvents(
    signed: gateway.SignedChaincodeEventsRequest,
  ): AsyncGenerator<gateway.ChaincodeEventsResponse> {
    const request = gateway.ChaincodeEventsRequest.deserializeBinary(signed.getRequest_asU8());
    this.#checkChannel(request.getChannelId());
    const chaincode = request.getChaincodeId();
    const after = request.getAfterTransactionId();
    const afterTx = after !== '' ? this.#committed.get(after) : undefined;
    let passed = after === '';
    const start = afterTx ? Number(afterTx.blockNumber) : this.#startBlock(request.getStartPosition());
    for (let n = start; ; n++) {
      const record = await this.#block(n);
      // As the Fabric gateway: after a transaction, events count once that transaction's event has been passed.
      const events = record.events.filter((event) => {
        if (!passed) {
          passed = event.getTxId() === after;
          return false;
        }
        return event.getChaincodeId() === chaincode;
      });
      if (events.length > 0) {
        const response = new gateway.ChaincodeEventsResponse();
        response.setBlockNumber(n);
        response.setEventsList(events);
        yield response;
      }
    }
  }

  // --- Deliver service (block events) ----------------------------------------------------------

  async *#deliver(request: Uint8Array | undefined, filtered: boolean): AsyncGenerator<peer.DeliverResponse> {
    if (!request) throw rpcError(GrpcStatus.INVALID_ARGUMENT, 'no seek request was sent');
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(request).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    this.#checkChannel(channelHeader.getChannelId());
    const seek = orderer.SeekInfo.deserializeBinary(payload.getData_asU8());
    const stop = seek.getStop()?.getSpecified()?.getNumber() ?? Number.MAX_SAFE_INTEGER;
    for (let n = this.#startBlock(seek.getStart()); n <= stop; n++) {
      const response = new peer.DeliverResponse();
      const { block } = await this.#block(n);
      if (filtered) {
        response.setFilteredBlock(this.#filteredBlock(block));
      } else {
        response.setBlock(block);
      }
      yield response;
    }
  }

  /** A block as `DeliverFiltered` sends it: number, channel, and per transaction its ID, type and validation code. */
  #filteredBlock(block: common.Block): peer.FilteredBlock {
    const filtered = new peer.FilteredBlock();
    filtered.setChannelId(this.channel);
    filtered.setNumber(block.getHeader()?.getNumber() ?? 0);
    const codes = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? [];
    block
      .getData()
      ?.getDataList_asU8()
      .forEach((bytes, index) => {
        const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
        const header = common.ChannelHeader.deserializeBinary(
          payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
        );
        const transaction = new peer.FilteredTransaction();
        transaction.setTxid(header.getTxId());
        transaction.setType(header.getType() as common.HeaderTypeMap[keyof common.HeaderTypeMap]);
        transaction.setTxValidationCode(
          (codes[index] ?? TxValidationCode.VALID) as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap],
        );
        filtered.addFilteredTransactions(transaction);
      });
    return filtered;
  }

  #startBlock(position: orderer.SeekPosition | undefined): number {
    switch (position?.getTypeCase()) {
      case orderer.SeekPosition.TypeCase.SPECIFIED:
        return position.getSpecified()?.getNumber() ?? 0;
      case orderer.SeekPosition.TypeCase.OLDEST:
        return 0;
      case orderer.SeekPosition.TypeCase.NEWEST:
        return this.#blocks.length - 1;
      default:
        return this.#blocks.length; // next commit
    }
  }

  /** Block `n`, waiting for it to be committed. */
  async #block(n: number): Promise<BlockRecord> {
    let record = this.#blocks[n];
    while (!record) {
      await this.#nextBlock();
      record = this.#blocks[n];
    }
    return record;
  }

  #nextBlock(): Promise<void> {
    return new Promise((resolve) => this.#blockListeners.add(resolve));
  }

  // --- peers -------------------------------------------------------------------------------------

  /**
   * Runs a proposal on the peer of `org` as the proposal's creator, on the committed state; the endorsement is
   * committed later (once), if at all.
   */
  async #simulate(
    org: string,
    proposal: DecodedProposal,
  ): Promise<PeerFailure | { ok: true; payload: Uint8Array; endorsement: Endorsement }> {
    const refuse = (code: GrpcStatus, message: string): PeerFailure => ({ ok: false, mspId: org, code, message });
    const user = this.#users.get(proposal.creatorCertificate);
    if (!user || user.identity.mspId !== proposal.creatorMsp) {
      return refuse(
        GrpcStatus.FAILED_PRECONDITION,
        `access denied: channel [${this.channel}] creator org unknown, creator is malformed`,
      );
    }
    const expectedTxId = sha256(proposal.nonce, proposal.creatorBytes).toString('hex');
    if (proposal.txId !== expectedTxId) {
      return refuse(GrpcStatus.FAILED_PRECONDITION, `invalid txID. got [${proposal.txId}], expected [${expectedTxId}]`);
    }
    if (!(proposal.chaincode in NDI_CHAINCODES)) {
      return refuse(
        GrpcStatus.FAILED_PRECONDITION,
        `make sure the chaincode ${proposal.chaincode} has been successfully defined on channel ${this.channel} and try again`,
      );
    }
    const endorsement = await this.ledger.endorse(proposal.chaincode, proposal.fn, proposal.args, {
      caller: user.identity,
      transient: proposal.transient,
      txId: proposal.txId,
      timestamp: proposal.timestampMillis,
      peerMspId: org,
    });
    const { result } = endorsement;
    if (result.status >= 400) {
      // The endorser's answer to a chaincode error; the gateway passes it on as UNKNOWN with this message.
      return refuse(GrpcStatus.UNKNOWN, `chaincode response ${result.status}, ${result.message}`);
    }
    return { ok: true, payload: result.payload, endorsement };
  }

  /** qscc on the peer of `org`: the ledger's blocks and transactions. */
  #qscc(org: string, proposal: DecodedProposal): PeerFailure | { ok: true; payload: Uint8Array } {
    const [channel, arg = ''] = proposal.args;
    const fail = (message: string): PeerFailure => ({
      ok: false,
      mspId: org,
      code: GrpcStatus.UNKNOWN,
      message: `chaincode response 500, ${message}`,
    });
    if (channel !== this.channel) return fail(`Invalid chain ID, ${channel}`);
    const tx = this.#committed.get(arg);
    switch (proposal.fn) {
      case 'GetChainInfo': {
        const last = (this.#blocks[this.#blocks.length - 1] as BlockRecord).block.getHeader() as common.BlockHeader;
        const info = new common.BlockchainInfo();
        info.setHeight(this.#blocks.length);
        info.setCurrentblockhash(headerHash(last));
        info.setPreviousblockhash(last.getPreviousHash_asU8());
        return { ok: true, payload: info.serializeBinary() };
      }
      case 'GetBlockByNumber': {
        const record = /^\d+$/.test(arg) ? this.#blocks[Number(arg)] : undefined;
        return record
          ? { ok: true, payload: record.block.serializeBinary() }
          : fail(`Failed to get block number ${arg}, error no such block number [${arg}] in index`);
      }
      case 'GetBlockByTxID':
        return tx
          ? { ok: true, payload: (this.#blocks[Number(tx.blockNumber)] as BlockRecord).block.serializeBinary() }
          : fail(`Failed to get block for txID ${arg}, error no such transaction ID [${arg}] in index`);
      case 'GetTransactionByID': {
        if (!tx)
          return fail(`Failed to get transaction with id ${arg}, error no such transaction ID [${arg}] in index`);
        const processed = new peer.ProcessedTransaction();
        processed.setTransactionenvelope(tx.envelope);
        processed.setValidationcode(tx.validationCode);
        return { ok: true, payload: processed.serializeBinary() };
      }
      default:
        return fail(`Requested function ${proposal.fn} not found.`);
    }
  }

  /** The gateway's own organization first, then the others in channel order until MAJORITY is met. */
  #endorsementPlan(gatewayOrg: string): string[] {
    const others = this.organizations.filter((org) => org !== gatewayOrg);
    return [gatewayOrg, ...others].slice(0, this.#majority());
  }

  #majority(): number {
    return Math.floor(this.organizations.length / 2) + 1;
  }

  #checkOrganizations(orgs: readonly string[]): void {
    const unknown = orgs.filter((org) => !this.organizations.includes(org));
    if (unknown.length > 0) {
      throw rpcError(GrpcStatus.UNAVAILABLE, `no peers available to endorse for organizations ${unknown.join(', ')}`);
    }
  }

  #checkChannel(channel: string): void {
    if (channel !== this.channel) {
      throw rpcError(GrpcStatus.NOT_FOUND, `channel ${channel} not found`);
    }
  }

  #detail(failure: PeerFailure): gateway.ErrorDetail {
    const detail = new gateway.ErrorDetail();
    detail.setAddress(this.#peerAddress(failure.mspId));
    detail.setMspId(failure.mspId);
    detail.setMessage(failure.message);
    return detail;
  }

  #short(mspId: string): string {
    return mspId.replace(/MSP$/, '').toLowerCase();
  }

  #peerName(mspId: string): string {
    return `peer0.${this.#short(mspId)}`;
  }

  #peerAddress(mspId: string): string {
    return `${this.#peerName(mspId)}.ndi:7051`;
  }

  // --- transactions and blocks -------------------------------------------------------------------

  #chaincodeEvent(proposal: DecodedProposal, name: string, payload: Uint8Array): peer.ChaincodeEvent {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(proposal.chaincode);
    event.setTxId(proposal.txId);
    event.setEventName(name);
    event.setPayload(payload);
    return event;
  }

  #responsePayload(proposal: DecodedProposal, result: Uint8Array, event: peer.ChaincodeEvent | undefined): Uint8Array {
    const response = new peer.Response();
    response.setStatus(200);
    response.setPayload(result);
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(proposal.chaincode);
    chaincodeId.setVersion('1.0');
    const action = new peer.ChaincodeAction();
    action.setResponse(response);
    action.setChaincodeId(chaincodeId);
    if (event) action.setEvents(event.serializeBinary());
    const payload = new peer.ProposalResponsePayload();
    payload.setProposalHash(sha256(proposal.bytes));
    payload.setExtension$(action.serializeBinary());
    return payload.serializeBinary();
  }

  /** The transaction as the gateway assembles it from the proposal and the endorsements (transient data left out). */
  #transactionEnvelope(
    proposal: DecodedProposal,
    responsePayload: Uint8Array,
    orgs: readonly string[],
  ): common.Envelope {
    const forTransaction = new peer.ChaincodeProposalPayload();
    forTransaction.setInput(proposal.payload.getInput_asU8());
    const endorsed = new peer.ChaincodeEndorsedAction();
    endorsed.setProposalResponsePayload(responsePayload);
    endorsed.setEndorsementsList(
      orgs.map((org) => {
        const endorsement = new peer.Endorsement();
        endorsement.setEndorser(this.#peerIdentities.get(org) as Uint8Array);
        endorsement.setSignature(sha256(responsePayload, Buffer.from(org))); // a placeholder nobody verifies
        return endorsement;
      }),
    );
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(forTransaction.serializeBinary());
    actionPayload.setAction(endorsed);
    const action = new peer.TransactionAction();
    action.setHeader(proposal.header.getSignatureHeader_asU8());
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);
    const payload = new common.Payload();
    payload.setHeader(proposal.header);
    payload.setData(transaction.serializeBinary());
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    return envelope;
  }

  #envelopeTxId(envelope: common.Envelope): string {
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    ).getTxId();
  }

  /** The endorsing organizations and the proposal response payload of a submitted transaction. */
  #endorsementsOf(envelope: common.Envelope): { orgs: Set<string>; responsePayload: Uint8Array } {
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const [action] = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
    const endorsed = action
      ? peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction()
      : undefined;
    const orgs = new Set(
      (endorsed?.getEndorsementsList() ?? []).map((e) =>
        msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid(),
      ),
    );
    return { orgs, responsePayload: endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array() };
  }

  /**
   * Whether the endorsing organizations satisfy every policy the writes fall under, as Fabric's validator checks
   * them: public writes (and a transaction that writes nothing) the chaincode's `MAJORITY`; a write to an implicit
   * collection `_implicit_org_<MSP>` that organization's own endorsement policy (one of its peers); a write to
   * another collection the chaincode's policy (none of the suite's chaincodes defines collection policies).
   */
  #satisfiesPolicies(orgs: ReadonlySet<string>, writeSet: WriteSet): boolean {
    const majority = orgs.size >= this.#majority();
    if (writeSet.namespaces.length > 0 || writeSet.collections.length === 0) {
      if (!majority) return false;
    }
    return writeSet.collections.every(({ collection }) => {
      const org = IMPLICIT_COLLECTION.exec(collection)?.[1];
      return org === undefined ? majority : orgs.has(org);
    });
  }

  /** Validates a transaction at commit, in block order, and applies it if valid. */
  #validate(tx: OrderedTransaction): { code: number; endorsed: EndorsedTransaction | undefined } {
    const endorsed = this.#endorsed.get(tx.txId);
    this.#endorsed.delete(tx.txId);
    if (this.#committed.has(tx.txId)) {
      return { code: TxValidationCode.DUPLICATE_TXID, endorsed };
    }
    if (!endorsed) {
      return { code: TxValidationCode.INVALID_OTHER_REASON, endorsed };
    }
    const { orgs, responsePayload } = this.#endorsementsOf(tx.envelope);
    const untampered = Buffer.from(responsePayload).equals(Buffer.from(endorsed.responsePayload));
    if (!untampered || !this.#satisfiesPolicies(orgs, endorsed.endorsement.writeSet)) {
      return { code: TxValidationCode.ENDORSEMENT_POLICY_FAILURE, endorsed };
    }
    const outcome = endorsed.endorsement.commit();
    return { code: TxValidationCode[outcome.validationCode ?? 'VALID'], endorsed };
  }

  #cutBlock(): void {
    this.#cutScheduled = false;
    const batch = this.#ordered.splice(0);
    const number = BigInt(this.#blocks.length);
    const codes: number[] = [];
    const events: peer.ChaincodeEvent[] = [];
    for (const tx of batch) {
      const { code, endorsed } = this.#validate(tx);
      codes.push(code);
      if (code === TxValidationCode.VALID && endorsed?.event) events.push(endorsed.event);
      if (!this.#committed.has(tx.txId)) {
        this.#committed.set(tx.txId, {
          transactionId: tx.txId,
          blockNumber: number,
          validationCode: code,
          chaincode: endorsed?.chaincode ?? '',
          ...(code === TxValidationCode.VALID && endorsed?.event && { eventName: endorsed.event.getEventName() }),
          envelope: tx.envelope,
        });
      }
    }
    this.#appendBlock(
      batch.map((tx) => tx.envelope),
      codes,
      events,
    );
  }

  #appendBlock(envelopes: readonly common.Envelope[], codes: readonly number[], events: peer.ChaincodeEvent[]): void {
    const data = envelopes.map((envelope) => envelope.serializeBinary());
    const previous = this.#blocks[this.#blocks.length - 1]?.block.getHeader();
    const header = new common.BlockHeader();
    header.setNumber(this.#blocks.length);
    header.setPreviousHash(previous ? headerHash(previous) : new Uint8Array());
    header.setDataHash(sha256(...data));
    const blockData = new common.BlockData();
    blockData.setDataList(data);
    const metadata = new common.BlockMetadata();
    const entries = [new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()];
    entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(codes);
    metadata.setMetadataList(entries);
    const block = new common.Block();
    block.setHeader(header);
    block.setData(blockData);
    block.setMetadata(metadata);
    this.#blocks.push({ block, events });
    const listeners = [...this.#blockListeners];
    this.#blockListeners.clear();
    listeners.forEach((listener) => listener());
  }

  #configEnvelope(): common.Envelope {
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.CONFIG);
    channelHeader.setChannelId(this.channel);
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(header);
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    return envelope;
  }
}
