// Test support of the audit, qscc and certificate verification tests (excluded from the build): real protobuf
// ledger objects built with fabric-protos, served by a fake qscc, and scripted chaincode contracts.
import type { Proposal, ProposalOptions } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { AuditNetwork } from './audit';
import { gatewayError } from './test-helpers';

/** A transaction to put on the fake ledger. */
export interface LedgerTx {
  readonly txId: string;
  /** Submitter's MSP (default `Org1MSP`). */
  readonly creatorMsp?: string;
  /** Proposal time (default 2025-01-31T12:00:00.000Z). */
  readonly time?: string;
  /** Chaincode invoked (default `transaction-certificates`). */
  readonly chaincode?: string;
  /** Function invoked (default `SettleTrade`). */
  readonly fn?: string;
  /** Further arguments. */
  readonly args?: readonly string[];
  /** Validation code (default 0 = VALID). */
  readonly code?: number;
  /** Channel header type (default ENDORSER_TRANSACTION). */
  readonly type?: number;
}

const encoder = new TextEncoder();

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/**
 * `ChannelHeader.timestamp` (field 3) encoded by hand: fabric-protos types `google.protobuf.Timestamp` from
 * google-protobuf, which is not a dependency of this package. Appended to a serialized ChannelHeader it sets it.
 */
function timestampField(iso: string): Uint8Array {
  const millis = Date.parse(iso);
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis % 1000) * 1_000_000 + 123; // sub-millisecond nanos, truncated by the decoder
  const timestamp = [0x08, ...varint(seconds), 0x10, ...varint(nanos)];
  return Uint8Array.from([0x1a, ...varint(timestamp.length), ...timestamp]);
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => Uint8Array.from([...a, ...b]);

/** A transaction envelope as a client sends it and a block holds it. */
export function envelopeOf(tx: LedgerTx): common.Envelope {
  const type = tx.type ?? common.HeaderType.ENDORSER_TRANSACTION;
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  channelHeader.setChannelId('mychannel');
  channelHeader.setTxId(tx.txId);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(tx.creatorMsp ?? 'Org1MSP');
  creator.setIdBytes(encoder.encode('-----BEGIN CERTIFICATE-----'));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  signatureHeader.setNonce(Uint8Array.from([1, 2, 3]));
  const header = new common.Header();
  header.setChannelHeader(
    concat(channelHeader.serializeBinary(), timestampField(tx.time ?? '2025-01-31T12:00:00.000Z')),
  );
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(tx.chaincode ?? 'transaction-certificates');
  const input = new peer.ChaincodeInput();
  input.setArgsList([tx.fn ?? 'SettleTrade', ...(tx.args ?? [])].map((a) => encoder.encode(a)));
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  actionPayload.setAction(new peer.ChaincodeEndorsedAction());
  const action = new peer.TransactionAction();
  action.setHeader(signatureHeader.serializeBinary());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(
    type === common.HeaderType.ENDORSER_TRANSACTION ? transaction.serializeBinary() : Uint8Array.from([9, 9]),
  );
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(Uint8Array.from([4, 5, 6]));
  return envelope;
}

/** What qscc `GetTransactionByID` answers for `tx`. */
export function processedTransactionOf(tx: LedgerTx): Uint8Array {
  const processed = new peer.ProcessedTransaction();
  processed.setTransactionenvelope(envelopeOf(tx));
  processed.setValidationcode(tx.code ?? peer.TxValidationCode.VALID);
  return processed.serializeBinary();
}

/** A committed block of `txs`, with their validation codes in the TRANSACTIONS_FILTER metadata. */
export function ledgerBlock(blockNumber: number, txs: readonly LedgerTx[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(blockNumber);
  header.setDataHash(Uint8Array.from([0xda, 0x7a, blockNumber]));
  header.setPreviousHash(Uint8Array.from([0x0b, blockNumber]));
  const data = new common.BlockData();
  data.setDataList(txs.map((tx) => envelopeOf(tx).serializeBinary()));
  const metadata = new common.BlockMetadata();
  const filter = Uint8Array.from(txs.map((tx) => tx.code ?? peer.TxValidationCode.VALID));
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter, new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/** A call a {@link ScriptedContract} received. */
export interface ScriptedCall {
  readonly name: string;
  readonly args: readonly string[];
  readonly endorsingOrganizations?: readonly string[];
}

/** Answers a call: bytes are returned as they are, anything else JSON-encoded; throwing fails the call. */
export type Handler = (args: readonly string[]) => unknown;

/** A fake contract answering evaluations by transaction name; records the calls. Writes are not supported. */
export class ScriptedContract {
  public readonly calls: ScriptedCall[] = [];

  constructor(private readonly handlers: Record<string, Handler>) {}

  public async evaluate(name: string, options?: ProposalOptions): Promise<Uint8Array> {
    const args = (options?.arguments ?? []).map((a) => (typeof a === 'string' ? a : new TextDecoder().decode(a)));
    this.calls.push({
      name,
      args,
      ...(options?.endorsingOrganizations !== undefined && { endorsingOrganizations: options.endorsingOrganizations }),
    });
    const handler = this.handlers[name];
    if (!handler) {
      throw new Error(`unexpected call ${name}`);
    }
    const result = await handler(args);
    return result instanceof Uint8Array ? result : encoder.encode(JSON.stringify(result));
  }

  public newProposal(name: string): Proposal {
    throw new Error(`unexpected write ${name}`);
  }

  /** The names of the calls made, in order. */
  public get names(): string[] {
    return this.calls.map((c) => c.name);
  }
}

/** How a peer's qscc fails on a missing ledger entry (a chaincode error without a stable code). */
export function ledgerNotFound(what: string): Error {
  return gatewayError(
    'evaluate',
    2,
    `evaluate call to endorser returned error: chaincode response 500, Failed to get ${what}, error no such ${what} in index`,
  );
}

/** A fake qscc over `blocks` (block `i` holds `blocks[i]`) of channel `mychannel`. */
export function fakeQscc(blocks: readonly (readonly LedgerTx[])[]): ScriptedContract {
  const channel = (args: readonly string[]): void => {
    if (args[0] !== 'mychannel') throw new Error(`wrong channel ${args[0]}`);
  };
  const locate = (txId: string | undefined) => {
    for (const [number, txs] of blocks.entries()) {
      const tx = txs.find((t) => t.txId === txId);
      if (tx) return { number, tx };
    }
    throw ledgerNotFound(`transaction ID [${txId}]`);
  };
  return new ScriptedContract({
    GetTransactionByID: (args) => {
      channel(args);
      return processedTransactionOf(locate(args[1]).tx);
    },
    GetBlockByTxID: (args) => {
      channel(args);
      const { number } = locate(args[1]);
      return ledgerBlock(number, blocks[number] ?? []).serializeBinary();
    },
    GetBlockByNumber: (args) => {
      channel(args);
      const number = Number(args[1]);
      const txs = blocks[number];
      if (!txs) throw ledgerNotFound(`block number [${args[1]}]`);
      return ledgerBlock(number, txs).serializeBinary();
    },
    GetChainInfo: (args) => {
      channel(args);
      const info = new common.BlockchainInfo();
      info.setHeight(blocks.length);
      info.setCurrentblockhash(Uint8Array.from([0xcc, blocks.length]));
      info.setPreviousblockhash(Uint8Array.from([0xbb]));
      return info.serializeBinary();
    },
  });
}

/** A fake channel `mychannel` whose chaincodes are the given contracts. */
export function fakeNetwork(contracts: Record<string, ScriptedContract>): AuditNetwork & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    getName: () => 'mychannel',
    getContract: (name: string) => {
      requested.push(name);
      const contract = contracts[name];
      if (!contract) throw new Error(`no contract ${name}`);
      return contract;
    },
  };
}
