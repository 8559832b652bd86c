import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

/** One transaction of a block as the event stream needs it: its ID and the chaincode events it emitted. */
export interface BlockTransaction {
  /** The transaction ID. */
  readonly transactionId: string;
  /** Its chaincode events of the wanted chaincodes (Fabric keeps at most one per transaction action). */
  readonly events: readonly ChaincodeEvent[];
}

/** The block number of a block. */
export function blockNumberOf(block: common.Block): bigint {
  return BigInt(block.getHeader()?.getNumber() ?? 0);
}

function eventsOfAction(action: peer.TransactionAction, blockNumber: bigint, transactionId: string) {
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (!endorsed) {
    return undefined;
  }
  const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8());
  const bytes = chaincodeAction.getEvents_asU8();
  if (bytes.length === 0) {
    return undefined;
  }
  const event = peer.ChaincodeEvent.deserializeBinary(bytes);
  return {
    blockNumber,
    transactionId,
    chaincodeName: event.getChaincodeId(),
    eventName: event.getEventName(),
    payload: event.getPayload_asU8(),
  };
}

/**
 * The valid endorser transactions of a block, in block order, each with the chaincode events it emitted from the
 * wanted chaincodes: what the Fabric Gateway's chaincode event service reports per chaincode, but for several
 * chaincodes at once and with the block's transaction order kept. Invalid transactions (validation code other than
 * `VALID`), config and other non-endorser transactions are left out, as the gateway does.
 *
 * @param block - a committed block, as `network.getBlockEvents()` delivers it
 * @param chaincodes - the chaincode names whose events to keep
 */
export function blockTransactions(block: common.Block, chaincodes: ReadonlySet<string>): BlockTransaction[] {
  const blockNumber = blockNumberOf(block);
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  // One validation code per transaction; a block without them has not been validated, so nothing in it counts.
  const validationCodes = metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions: BlockTransaction[] = [];
  envelopes.forEach((bytes, index) => {
    if (validationCodes[index] !== peer.TxValidationCode.VALID) {
      return;
    }
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
      return;
    }
    const transactionId = channelHeader.getTxId();
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const events = transaction
      .getActionsList()
      .map((action) => eventsOfAction(action, blockNumber, transactionId))
      .filter((event): event is ChaincodeEvent => event !== undefined && chaincodes.has(event.chaincodeName));
    transactions.push({ transactionId, events });
  });
  return transactions;
}
