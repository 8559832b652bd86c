import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import type { ConnectionProfile, PeerEndpoint } from './connection-profile';
import { AssetValuationClient } from './asset-valuation-client';
import { AuditClient, type AuditClientOptions } from './audit';
import {
  type BlockStream,
  type BlockStreamOptions,
  type FilteredBlockSummary,
  openBlockStream,
  openFilteredBlockStream,
} from './block-stream';
import { DataRegistryClient } from './data-registry-client';
import { ConfigurationError } from './errors';
import type { NdiChaincodeName } from './event-types';
import { type EventStream, type EventStreamOptions, openEventStream } from './events';
import { type Credentials, type IdentitySource, loadCredentials } from './identity';
import type { BlockSummary } from './qscc';
import { IdentityClient } from './identity-client';
import { TransactionCertificatesClient } from './transaction-certificates-client';
import type { ContractClientOptions } from './typed-contract';

/** Per-call gRPC deadlines, in milliseconds. Event streams have none: they run until closed. */
export interface Deadlines {
  /** Evaluating a query (default 10 s). */
  readonly evaluateMs: number;
  /** Collecting endorsements (default 30 s). */
  readonly endorseMs: number;
  /** Handing the transaction to the orderer (default 10 s). */
  readonly submitMs: number;
  /** Waiting for the commit status (default 60 s). */
  readonly commitStatusMs: number;
}

/** The deadlines used unless {@link ConnectOptions.deadlines} overrides them. */
export const DEFAULT_DEADLINES: Deadlines = Object.freeze({
  evaluateMs: 10_000,
  endorseMs: 30_000,
  submitMs: 10_000,
  commitStatusMs: 60_000,
});

/** How to connect an {@link NdiClient}. */
export interface ConnectOptions {
  /**
   * The org's connection profile, as written by the ndi network tool (`<runtime>/connection/<org>.json`):
   * its path, or the parsed object. Relative paths inside a profile file are resolved against its folder.
   */
  readonly profile: string | ConnectionProfile;
  /**
   * Who to act as: the name of an identity in the profile (e.g. `user1`), an {@link IdentitySource}, or
   * ready {@link Credentials}. Sources without an MSP ID get the profile's.
   */
  readonly identity: string | IdentitySource | Credentials;
  /** The gateway peer: its index in `profile.peers` or its name (default: the first). */
  readonly peer?: number | string;
  /** Overrides of {@link DEFAULT_DEADLINES}. */
  readonly deadlines?: Partial<Deadlines>;
  /** Extra gRPC channel options (keepalive, message sizes); merged over the TLS name override. */
  readonly grpcOptions?: grpc.ChannelOptions;
}

/** Reads a connection profile file, resolving relative paths in it against the file's folder. */
export async function readConnectionProfile(file: string): Promise<ConnectionProfile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`cannot read the connection profile ${file}: ${(err as Error).message}`, file, err);
  }
  let profile: ConnectionProfile;
  try {
    profile = JSON.parse(text) as ConnectionProfile;
  } catch (err) {
    throw new ConfigurationError(`connection profile ${file} is not valid JSON`, file, err);
  }
  if (!profile || !Array.isArray(profile.peers) || typeof profile.mspId !== 'string') {
    throw new ConfigurationError(`connection profile ${file} lacks peers or mspId`, file);
  }
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string): string => path.resolve(base, p);
  return {
    ...profile,
    peers: profile.peers.map((peer) => ({ ...peer, tlsCACert: resolve(peer.tlsCACert) })),
    identities: Object.fromEntries(
      Object.entries(profile.identities ?? {}).map(([name, id]) => [
        name,
        { mspDir: resolve(id.mspDir), certificate: resolve(id.certificate), privateKey: resolve(id.privateKey) },
      ]),
    ),
  };
}

function choosePeer(profile: ConnectionProfile, choice: number | string | undefined): PeerEndpoint {
  const peers = profile.peers;
  const peer = typeof choice === 'string' ? peers.find((p) => p.name === choice) : peers[choice ?? 0];
  if (!peer) {
    const known = peers.map((p, i) => `${i}: ${p.name}`).join(', ') || 'none';
    throw new ConfigurationError(
      `connection profile ${profile.name} has no peer ${JSON.stringify(choice ?? 0)} (peers: ${known})`,
    );
  }
  return peer;
}

function isCredentials(value: IdentitySource | Credentials): value is Credentials {
  return 'identity' in value && 'signer' in value;
}

async function resolveCredentials(profile: ConnectionProfile, choice: ConnectOptions['identity']) {
  if (typeof choice === 'string') {
    const files = profile.identities[choice];
    if (!files) {
      const known = Object.keys(profile.identities).join(', ') || 'none';
      throw new ConfigurationError(
        `connection profile ${profile.name} has no identity '${choice}' (identities: ${known})`,
      );
    }
    return loadCredentials({ certificate: files.certificate, privateKey: files.privateKey }, profile.mspId);
  }
  return isCredentials(choice) ? choice : loadCredentials(choice, profile.mspId);
}

async function readTlsCACert(peer: PeerEndpoint): Promise<Buffer> {
  try {
    return await fs.readFile(peer.tlsCACert);
  } catch (err) {
    throw new ConfigurationError(
      `cannot read the TLS CA certificate ${peer.tlsCACert} of peer ${peer.name}: ${(err as Error).message}`,
      peer.tlsCACert,
      err,
    );
  }
}

/**
 * Options of the typed chaincode clients made by {@link NdiClient.identity}, {@link NdiClient.dataRegistry},
 * {@link NdiClient.assetValuation} and {@link NdiClient.transactionCertificates}.
 */
export interface ChaincodeClientOptions extends ContractClientOptions {
  /** The chaincode's name, if deployed under another than the default. */
  readonly chaincode?: string;
  /** The channel (default: the profile's). */
  readonly channel?: string;
}

const deadline = (ms: number) => (): grpc.CallOptions => ({ deadline: Date.now() + ms });

/** How {@link NdiClient.fromGateway} wraps a fabric-gateway `Gateway` connected by its caller. */
export interface FromGatewayOptions {
  /** The connection profile the gateway stands for: its `channel` is the default channel. */
  readonly profile: ConnectionProfile;
  /** The gateway peer among `profile.peers`: its index or its name (default: the first). */
  readonly peer?: number | string;
  /** The deadlines the gateway was connected with, reported as {@link NdiClient.deadlines} (default: the defaults). */
  readonly deadlines?: Partial<Deadlines>;
}

/**
 * A connection to one org's gateway peer as one identity: one gRPC client (TLS, trusting the profile's CA and
 * expecting the peer's host name) shared by every network and contract obtained from it, with a deadline on
 * every unary call. Obtain with {@link NdiClient.connect}; release with {@link NdiClient.close}.
 *
 * @example
 * ```typescript
 * const client = await NdiClient.connect({ profile: 'network/.runtime/connection/org1.json', identity: 'user1' });
 * try {
 *     const { result: asset, transactionId } = await client.dataRegistry().registerDataAsset(input);
 *     const me = await client.identity().whoAmI();
 *     const { value } = await client.assetValuation().getCurrentValuation(asset.id);
 *     const { valid } = await client.transactionCertificates().verifyCertificate(certificateId, certHash);
 * } finally {
 *     client.close();
 * }
 * ```
 */
export class NdiClient {
  /** The connection profile connected with. */
  public readonly profile: ConnectionProfile;
  /** The gateway peer connected to. */
  public readonly peer: PeerEndpoint;
  /** The fabric-gateway `Gateway`, for anything this class does not wrap. */
  public readonly gateway: Gateway;
  /** The deadlines in force. */
  public readonly deadlines: Deadlines;
  readonly #grpcClient: grpc.Client | undefined;
  #closed = false;

  private constructor(
    profile: ConnectionProfile,
    peer: PeerEndpoint,
    grpcClient: grpc.Client | undefined,
    gateway: Gateway,
    deadlines: Deadlines,
  ) {
    this.profile = profile;
    this.peer = peer;
    this.#grpcClient = grpcClient;
    this.gateway = gateway;
    this.deadlines = deadlines;
  }

  /**
   * Connects to a gateway peer of the profile. No network traffic happens until the first call: a peer that is
   * down surfaces then, as a {@link ConnectionError}.
   *
   * @param options - profile, identity, peer choice, deadlines
   * @throws {@link ConfigurationError} if the profile, identity or TLS CA certificate cannot be loaded
   */
  public static async connect(options: ConnectOptions): Promise<NdiClient> {
    const profile =
      typeof options.profile === 'string' ? await readConnectionProfile(options.profile) : options.profile;
    const peer = choosePeer(profile, options.peer);
    const credentials = await resolveCredentials(profile, options.identity);
    const tlsCACert = await readTlsCACert(peer);
    const deadlines: Deadlines = Object.freeze({ ...DEFAULT_DEADLINES, ...options.deadlines });
    const grpcClient = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(tlsCACert), {
      'grpc.ssl_target_name_override': peer.hostnameOverride,
      ...options.grpcOptions,
    });
    try {
      const gateway = connect({
        client: grpcClient,
        identity: credentials.identity,
        signer: credentials.signer,
        hash: credentials.hash,
        evaluateOptions: deadline(deadlines.evaluateMs),
        endorseOptions: deadline(deadlines.endorseMs),
        submitOptions: deadline(deadlines.submitMs),
        commitStatusOptions: deadline(deadlines.commitStatusMs),
      });
      return new NdiClient(profile, peer, grpcClient, gateway, deadlines);
    } catch (err) {
      grpcClient.close();
      throw err;
    }
  }

  /**
   * Wraps a fabric-gateway `Gateway` that the caller connected itself, over its own gRPC client or transport (an
   * in-process stand-in of the gateway peer in tests, a connection shared with other code), instead of dialing the
   * profile's peer like {@link NdiClient.connect}. Everything else behaves as after `connect`: typed clients, audit,
   * events. {@link NdiClient.close} closes the gateway only: the gRPC connection stays the caller's to close.
   *
   * @param gateway - a gateway from fabric-gateway's `connect`
   * @param options - the profile it stands for (default channel), the peer, the deadlines it was connected with
   * @throws {@link ConfigurationError} if the profile has no such peer
   */
  public static fromGateway(gateway: Gateway, options: FromGatewayOptions): NdiClient {
    const peer = choosePeer(options.profile, options.peer);
    const deadlines: Deadlines = Object.freeze({ ...DEFAULT_DEADLINES, ...options.deadlines });
    return new NdiClient(options.profile, peer, undefined, gateway, deadlines);
  }

  /** The MSP ID of the identity acting. */
  public get mspId(): string {
    return this.gateway.getIdentity().mspId;
  }

  /** `true` once {@link NdiClient.close} has been called. */
  public get closed(): boolean {
    return this.#closed;
  }

  /**
   * A channel.
   *
   * @param channel - channel name (default: the profile's channel)
   */
  public network(channel: string = this.profile.channel): Network {
    return this.gateway.getNetwork(channel);
  }

  /**
   * A chaincode on a channel.
   *
   * @param chaincode - chaincode name, e.g. `data-registry`
   * @param options - contract name within the chaincode, channel (default: the profile's)
   */
  public contract(chaincode: string, options: { contractName?: string; channel?: string } = {}): Contract {
    return this.network(options.channel).getContract(chaincode, options.contractName);
  }

  /**
   * The typed client of the `identity` chaincode.
   *
   * @param options - chaincode name, channel, retry policy and hook
   */
  public identity(options: ChaincodeClientOptions = {}): IdentityClient {
    const { chaincode = IdentityClient.CHAINCODE, channel, ...rest } = options;
    return new IdentityClient(this.contract(chaincode, { channel }), { ...rest, mspId: this.mspId });
  }

  /**
   * The typed client of the `data-registry` chaincode.
   *
   * @param options - chaincode name, channel, retry policy and hook
   */
  public dataRegistry(options: ChaincodeClientOptions = {}): DataRegistryClient {
    const { chaincode = DataRegistryClient.CHAINCODE, channel, ...rest } = options;
    return new DataRegistryClient(this.contract(chaincode, { channel }), { ...rest, mspId: this.mspId });
  }

  /**
   * The typed client of the `asset-valuation` chaincode.
   *
   * @param options - chaincode name, channel, retry policy and hook
   */
  public assetValuation(options: ChaincodeClientOptions = {}): AssetValuationClient {
    const { chaincode = AssetValuationClient.CHAINCODE, channel, ...rest } = options;
    return new AssetValuationClient(this.contract(chaincode, { channel }), { ...rest, mspId: this.mspId });
  }

  /**
   * The typed client of the `transaction-certificates` chaincode.
   *
   * @param options - chaincode name, channel, retry policy and hook
   */
  public transactionCertificates(options: ChaincodeClientOptions = {}): TransactionCertificatesClient {
    const { chaincode = TransactionCertificatesClient.CHAINCODE, channel, ...rest } = options;
    return new TransactionCertificatesClient(this.contract(chaincode, { channel }), rest);
  }

  /**
   * The regulator's audit view of a channel: key histories, transactions and blocks from the ledger (qscc), an
   * asset's merged audit trail, certificate verification. See {@link AuditClient}.
   *
   * @param options - chaincode names, retry policy and hook; channel (default: the profile's)
   */
  public audit(options: AuditClientOptions & { readonly channel?: string } = {}): AuditClient {
    const { channel, ...rest } = options;
    return new AuditClient(this.network(channel), rest);
  }

  /**
   * Opens a typed, resumable stream of chaincode events: see {@link openEventStream} and {@link EventStream}.
   *
   * @param options - chaincodes, checkpoint (e.g. a file path), start block; channel (default: the profile's)
   */
  public events<C extends NdiChaincodeName>(
    options: EventStreamOptions<C> & { readonly channel?: string },
  ): Promise<EventStream<C>> {
    return openEventStream(this.network(options.channel), options);
  }

  /**
   * Opens a resumable stream of the channel's committed blocks, summarised with every transaction's submitter,
   * chaincode, function and validation code: see {@link openBlockStream}.
   *
   * @param options - checkpoint (e.g. a file path), start block; channel (default: the profile's)
   */
  public blocks(options: BlockStreamOptions & { readonly channel?: string } = {}): Promise<BlockStream<BlockSummary>> {
    return openBlockStream(this.network(options.channel), options);
  }

  /**
   * Opens a resumable stream of filtered blocks (transaction IDs, types and validation codes only): see
   * {@link openFilteredBlockStream}.
   *
   * @param options - checkpoint (e.g. a file path), start block; channel (default: the profile's)
   */
  public filteredBlocks(
    options: BlockStreamOptions & { readonly channel?: string } = {},
  ): Promise<BlockStream<FilteredBlockSummary>> {
    return openFilteredBlockStream(this.network(options.channel), options);
  }

  /** Closes the gateway and the gRPC connection (that of {@link NdiClient.connect}, not a caller's). Idempotent. */
  public close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    try {
      this.gateway.close();
    } finally {
      this.#grpcClient?.close();
    }
  }
}
