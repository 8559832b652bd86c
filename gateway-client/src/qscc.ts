import type { Contract } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { blockNumberOf } from './block-events';
import { GatewayRequestError, NotFoundError, toNdiError, validationCodeName } from './errors';
import type { ContractClientOptions } from './typed-contract';
import { evaluate } from './submit';

/** The name of the query system chaincode, present on every peer of every channel. */
export const QSCC = 'qscc';

/** What {@link QsccClient} needs of the `qscc` contract: `network.getContract('qscc')` provides it. */
export type QsccContract = Pick<Contract, 'evaluate'>;

/** The names of the channel header types (`ENDORSER_TRANSACTION`, `CONFIG`, ...), by value. */
const HEADER_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(common.HeaderType).map(([name, value]) => [value, name]),
);

/** The name of a channel header type (`3` → `ENDORSER_TRANSACTION`), or `UNKNOWN(<n>)`. */
export function headerTypeName(type: number): string {
  return HEADER_TYPE_NAMES.get(type) ?? `UNKNOWN(${type})`;
}

/** What the envelope of a transaction says about it: who sent what, when. */
export interface EnvelopeSummary {
  /** The transaction ID (`''` if the header carries none, e.g. some config transactions). */
  readonly txId: string;
  /** The channel header type, e.g. 3. */
  readonly type: number;
  /** Its name, e.g. `ENDORSER_TRANSACTION`. */
  readonly typeName: string;
  /** The MSP ID of the submitter (the signature header's creator), `''` if absent. */
  readonly creatorMsp: string;
  /** The proposal time chosen by the client (ISO-8601 UTC, milliseconds), as the chaincode's transaction time. */
  readonly timestamp: string | undefined;
  /** The chaincode invoked (endorser transactions only). */
  readonly chaincode: string | undefined;
  /** The transaction function invoked: the first chaincode argument, e.g. `SettleTrade` (endorser transactions only). */
  readonly function: string | undefined;
}

/** A committed transaction as the ledger holds it: {@link EnvelopeSummary} plus its validation outcome. */
export interface TransactionSummary extends EnvelopeSummary {
  /** The validation code the committing peers gave it (0 = VALID). */
  readonly validationCode: number;
  /** Its name, e.g. `VALID` or `MVCC_READ_CONFLICT`. */
  readonly validationCodeName: string;
  /** Whether it committed valid: its writes took effect. */
  readonly valid: boolean;
  /** The block it is in, when asked for (one more query). */
  readonly blockNumber?: bigint;
}

/** A block, summarised. */
export interface BlockSummary {
  /** Its number. */
  readonly number: bigint;
  /** SHA-256 of its data, hex. */
  readonly dataHash: string;
  /** The hash of the previous block's header, hex. */
  readonly previousHash: string;
  /** Number of transactions. */
  readonly transactionCount: number;
  /** Its transactions, in block order, with their validation codes (from the TRANSACTIONS_FILTER metadata). */
  readonly transactions: readonly TransactionSummary[];
}

/** The height and head of a channel's ledger, from `GetChainInfo`. */
export interface ChainInfo {
  /** Number of blocks (the newest block is `height - 1`). */
  readonly height: bigint;
  /** Hash of the newest block's header, hex. */
  readonly currentBlockHash: string;
  /** Hash of the block before it, hex. */
  readonly previousBlockHash: string;
}

const utf8 = new TextDecoder();
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The fields of `google.protobuf.Timestamp` used (fabric-protos types it from an optional package). */
interface ProtoTimestamp {
  getSeconds(): number | string;
  getNanos(): number;
}

function isoOf(timestamp: ProtoTimestamp | undefined): string | undefined {
  if (!timestamp) {
    return undefined;
  }
  // The chaincodes' transaction time: seconds plus whole milliseconds of the nanos (see timestampToTxTime).
  const millis = Number(timestamp.getSeconds()) * 1000 + Math.floor(timestamp.getNanos() / 1_000_000);
  return new Date(millis).toISOString();
}

function invocationOf(payloadData: Uint8Array): { chaincode: string | undefined; fn: string | undefined } {
  const [action] = peer.Transaction.deserializeBinary(payloadData).getActionsList();
  if (!action) {
    return { chaincode: undefined, fn: undefined };
  }
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8()).getChaincodeSpec();
  const [first] = spec?.getInput()?.getArgsList_asU8() ?? [];
  return { chaincode: spec?.getChaincodeId()?.getName() || undefined, fn: first && utf8.decode(first) };
}

/**
 * Decodes what a transaction envelope says about the transaction: its ID, type, submitter's MSP, proposal time and,
 * for an endorser transaction, the chaincode and function invoked (of its first action; the ndi chaincodes' calls
 * to each other do not appear: only the top-level invocation is in the envelope).
 *
 * @param envelope - a transaction envelope (a block's data entry, or a `ProcessedTransaction`'s)
 */
export function decodeEnvelope(envelope: common.Envelope): EnvelopeSummary {
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  const signatureHeader = common.SignatureHeader.deserializeBinary(
    header?.getSignatureHeader_asU8() ?? new Uint8Array(),
  );
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const type = channelHeader.getType();
  const { chaincode, fn } =
    type === common.HeaderType.ENDORSER_TRANSACTION
      ? invocationOf(payload.getData_asU8())
      : { chaincode: undefined, fn: undefined };
  return {
    txId: channelHeader.getTxId(),
    type,
    typeName: headerTypeName(type),
    creatorMsp: creator.getMspid(),
    timestamp: isoOf(channelHeader.getTimestamp() as ProtoTimestamp | undefined),
    chaincode,
    function: fn,
  };
}

function withValidation(summary: EnvelopeSummary, validationCode: number): TransactionSummary {
  return {
    ...summary,
    validationCode,
    validationCodeName: validationCodeName(validationCode),
    valid: validationCode === peer.TxValidationCode.VALID,
  };
}

/**
 * Decodes the answer of qscc `GetTransactionByID`: a `ProcessedTransaction` (the envelope and its validation code).
 *
 * @param bytes - the serialized `peer.ProcessedTransaction`
 */
export function decodeProcessedTransaction(bytes: Uint8Array): TransactionSummary {
  const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
  const envelope = processed.getTransactionenvelope() ?? new common.Envelope();
  return withValidation(decodeEnvelope(envelope), processed.getValidationcode());
}

/**
 * Summarises a block: number, hashes, and each transaction with its validation code from the block's
 * TRANSACTIONS_FILTER metadata (`NOT_VALIDATED`, 254, where the block carries none).
 *
 * @param block - a block, e.g. decoded from qscc `GetBlockByNumber` or delivered by `network.getBlockEvents()`
 */
export function summarizeBlock(block: common.Block): BlockSummary {
  const header = block.getHeader();
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const filter = metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions = envelopes.map((bytes, index) =>
    withValidation(
      decodeEnvelope(common.Envelope.deserializeBinary(bytes)),
      filter[index] ?? peer.TxValidationCode.NOT_VALIDATED,
    ),
  );
  return {
    number: blockNumberOf(block),
    dataHash: hex(header?.getDataHash_asU8() ?? new Uint8Array()),
    previousHash: hex(header?.getPreviousHash_asU8() ?? new Uint8Array()),
    transactionCount: envelopes.length,
    transactions,
  };
}

/**
 * Decodes the answer of qscc `GetChainInfo`: a `common.BlockchainInfo`.
 *
 * @param bytes - the serialized `common.BlockchainInfo`
 */
export function decodeChainInfo(bytes: Uint8Array): ChainInfo {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return {
    height: BigInt(info.getHeight()),
    currentBlockHash: hex(info.getCurrentblockhash_asU8()),
    previousBlockHash: hex(info.getPreviousblockhash_asU8()),
  };
}

// qscc answers "Failed to get transaction with id <id>, error no such transaction ID [<id>] in index" and the like
// (status 500, no stable code): these messages mean the ledger has no such entry.
const LEDGER_NOT_FOUND = /no such (transaction|block)|not found/i;

/**
 * The query system chaincode (`qscc`) of one channel: reads blocks and transactions straight from the gateway peer's
 * ledger, whatever chaincode wrote them. Answers are protobuf, decoded here. Queries are retried like other reads;
 * a missing transaction or block rejects with {@link NotFoundError}.
 */
export class QsccClient {
  readonly #contract: QsccContract;
  readonly #channel: string;
  readonly #options: ContractClientOptions;

  /**
   * @param contract - the `qscc` contract of the channel's network (`network.getContract('qscc')`)
   * @param channel - the channel whose ledger to read (qscc takes it as its first argument)
   * @param options - retry policy and hook
   */
  constructor(contract: QsccContract, channel: string, options: ContractClientOptions = {}) {
    this.#contract = contract;
    this.#channel = channel;
    this.#options = options;
  }

  /** The channel read. */
  public get channel(): string {
    return this.#channel;
  }

  async #query(transactionName: string, argument?: string): Promise<Uint8Array> {
    const args = argument === undefined ? [this.#channel] : [this.#channel, argument];
    try {
      const { result } = await evaluate(this.#contract, transactionName, {
        arguments: args,
        ...(this.#options.retry !== undefined && { retry: this.#options.retry }),
        ...(this.#options.onRetry !== undefined && { onRetry: this.#options.onRetry }),
      });
      return result;
    } catch (err) {
      const error = toNdiError(err);
      if (error instanceof GatewayRequestError && LEDGER_NOT_FOUND.test(error.message)) {
        throw new NotFoundError(`${transactionName}(${args.join(', ')}): ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * The transaction with this ID, with its validation code (`GetTransactionByID`).
   *
   * @param txId - the transaction ID
   * @throws {@link NotFoundError} if the ledger holds no such transaction
   */
  public async transaction(txId: string): Promise<TransactionSummary> {
    return decodeProcessedTransaction(await this.#query('GetTransactionByID', txId));
  }

  /**
   * The block holding a transaction, raw (`GetBlockByTxID`).
   *
   * @param txId - the transaction ID
   * @throws {@link NotFoundError} if the ledger holds no such transaction
   */
  public async blockByTxId(txId: string): Promise<common.Block> {
    return common.Block.deserializeBinary(await this.#query('GetBlockByTxID', txId));
  }

  /**
   * A block, raw (`GetBlockByNumber`).
   *
   * @param blockNumber - the block number (0 = genesis)
   * @throws {@link NotFoundError} if the ledger has no such block yet
   */
  public async blockByNumber(blockNumber: bigint | number): Promise<common.Block> {
    return common.Block.deserializeBinary(await this.#query('GetBlockByNumber', String(blockNumber)));
  }

  /** The ledger's height and head (`GetChainInfo`). */
  public async chainInfo(): Promise<ChainInfo> {
    return decodeChainInfo(await this.#query('GetChainInfo'));
  }
}
