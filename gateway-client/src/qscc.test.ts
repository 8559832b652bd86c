import { common, peer } from '@hyperledger/fabric-protos';
import { envelopeOf, fakeQscc, ledgerBlock, processedTransactionOf, ScriptedContract } from './audit-test-helpers';
import { ConnectionError, NotFoundError } from './errors';
import {
  decodeChainInfo,
  decodeEnvelope,
  decodeProcessedTransaction,
  headerTypeName,
  QsccClient,
  summarizeBlock,
} from './qscc';
import { gatewayError } from './test-helpers';

const settle = {
  txId: 'a1b2',
  creatorMsp: 'Org2MSP',
  time: '2025-03-01T08:30:15.250Z',
  chaincode: 'transaction-certificates',
  fn: 'SettleTrade',
  args: ['order-1', 'pay-77'],
};

describe('decodeProcessedTransaction', () => {
  it('decodes the envelope and validation code of a valid endorser transaction', () => {
    expect(decodeProcessedTransaction(processedTransactionOf(settle))).toEqual({
      txId: 'a1b2',
      type: common.HeaderType.ENDORSER_TRANSACTION,
      typeName: 'ENDORSER_TRANSACTION',
      creatorMsp: 'Org2MSP',
      timestamp: '2025-03-01T08:30:15.250Z',
      chaincode: 'transaction-certificates',
      function: 'SettleTrade',
      validationCode: 0,
      validationCodeName: 'VALID',
      valid: true,
    });
  });

  it.each([
    [peer.TxValidationCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT'],
    [peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE, 'ENDORSEMENT_POLICY_FAILURE'],
    [peer.TxValidationCode.NOT_VALIDATED, 'NOT_VALIDATED'],
    [peer.TxValidationCode.INVALID_OTHER_REASON, 'INVALID_OTHER_REASON'],
    [99, 'UNKNOWN(99)'],
  ])('maps validation code %i to %s, not valid', (code, name) => {
    const tx = decodeProcessedTransaction(processedTransactionOf({ ...settle, code }));
    expect(tx).toMatchObject({ validationCode: code, validationCodeName: name, valid: false });
  });

  it('keeps a contract-name prefix of the function as sent', () => {
    const tx = decodeProcessedTransaction(processedTransactionOf({ ...settle, fn: 'TradeContract:SettleTrade' }));
    expect(tx.function).toBe('TradeContract:SettleTrade');
  });

  it('leaves chaincode and function out for other transaction types', () => {
    const config = decodeEnvelope(envelopeOf({ ...settle, type: common.HeaderType.CONFIG }));
    expect(config).toMatchObject({ typeName: 'CONFIG', chaincode: undefined, function: undefined, txId: 'a1b2' });
  });

  it('tolerates an empty ProcessedTransaction', () => {
    const empty = decodeProcessedTransaction(new peer.ProcessedTransaction().serializeBinary());
    expect(empty).toMatchObject({ txId: '', creatorMsp: '', timestamp: undefined, valid: true, typeName: 'MESSAGE' });
  });

  it('names header types', () => {
    expect(headerTypeName(common.HeaderType.ENDORSER_TRANSACTION)).toBe('ENDORSER_TRANSACTION');
    expect(headerTypeName(77)).toBe('UNKNOWN(77)');
  });
});

describe('summarizeBlock', () => {
  it('lists every transaction with its validation code from the TRANSACTIONS_FILTER', () => {
    const block = ledgerBlock(7, [
      settle,
      { txId: 'c3', code: peer.TxValidationCode.MVCC_READ_CONFLICT, fn: 'PlaceOrder' },
      { txId: 'd4', chaincode: 'data-registry', fn: 'RecordAccess' },
    ]);
    const summary = summarizeBlock(common.Block.deserializeBinary(block.serializeBinary()));
    expect(summary).toMatchObject({ number: 7n, dataHash: 'da7a07', previousHash: '0b07', transactionCount: 3 });
    expect(summary.transactions.map((t) => [t.txId, t.validationCodeName, t.valid, t.chaincode, t.function])).toEqual([
      ['a1b2', 'VALID', true, 'transaction-certificates', 'SettleTrade'],
      ['c3', 'MVCC_READ_CONFLICT', false, 'transaction-certificates', 'PlaceOrder'],
      ['d4', 'VALID', true, 'data-registry', 'RecordAccess'],
    ]);
  });

  it('reports transactions of a block without validation codes as NOT_VALIDATED', () => {
    const block = ledgerBlock(1, [settle]);
    block.getMetadata()?.setMetadataList([]);
    expect(summarizeBlock(block).transactions[0]).toMatchObject({ validationCodeName: 'NOT_VALIDATED', valid: false });
  });

  it('summarises an empty block', () => {
    expect(summarizeBlock(new common.Block())).toEqual({
      number: 0n,
      dataHash: '',
      previousHash: '',
      transactionCount: 0,
      transactions: [],
    });
  });
});

describe('decodeChainInfo', () => {
  it('decodes height and hashes', () => {
    const info = new common.BlockchainInfo();
    info.setHeight(42);
    info.setCurrentblockhash(Uint8Array.from([0xab, 0xcd]));
    info.setPreviousblockhash(Uint8Array.from([0x01]));
    expect(decodeChainInfo(info.serializeBinary())).toEqual({
      height: 42n,
      currentBlockHash: 'abcd',
      previousBlockHash: '01',
    });
  });
});

describe('QsccClient', () => {
  const blocks = [[{ txId: 'genesis', type: common.HeaderType.CONFIG }], [settle, { txId: 'e5' }]];

  it('passes the channel first and decodes each answer', async () => {
    const contract = fakeQscc(blocks);
    const qscc = new QsccClient(contract, 'mychannel');
    expect(qscc.channel).toBe('mychannel');
    await expect(qscc.transaction('a1b2')).resolves.toMatchObject({ txId: 'a1b2', valid: true });
    expect((await qscc.blockByTxId('e5')).getHeader()?.getNumber()).toBe(1);
    expect((await qscc.blockByNumber(0n)).getData()?.getDataList()).toHaveLength(1);
    await expect(qscc.chainInfo()).resolves.toMatchObject({ height: 2n });
    expect(contract.calls).toEqual([
      { name: 'GetTransactionByID', args: ['mychannel', 'a1b2'] },
      { name: 'GetBlockByTxID', args: ['mychannel', 'e5'] },
      { name: 'GetBlockByNumber', args: ['mychannel', '0'] },
      { name: 'GetChainInfo', args: ['mychannel'] },
    ]);
  });

  it('rejects a missing transaction or block with NotFoundError', async () => {
    const qscc = new QsccClient(fakeQscc(blocks), 'mychannel');
    const missingTx = qscc.transaction('nope');
    await expect(missingTx).rejects.toBeInstanceOf(NotFoundError);
    await expect(missingTx).rejects.toThrow(/GetTransactionByID\(mychannel, nope\).*no such transaction ID \[nope\]/);
    await expect(qscc.blockByNumber(5)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retries an unreachable peer, then rejects with ConnectionError', async () => {
    const contract = new ScriptedContract({
      GetChainInfo: () => {
        throw gatewayError('evaluate', 14, 'connection refused');
      },
    });
    const retries: number[] = [];
    const qscc = new QsccClient(contract, 'mychannel', {
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      onRetry: (event) => retries.push(event.attempt),
    });
    await expect(qscc.chainInfo()).rejects.toBeInstanceOf(ConnectionError);
    expect(contract.names).toEqual(['GetChainInfo', 'GetChainInfo']);
    expect(retries).toEqual([1]);
  });
});
