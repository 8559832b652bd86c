import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ChaincodeEvent, checkpointers } from '@hyperledger/fabric-gateway';
import { blockTransactions } from './block-events';
import { FileCheckpointer } from './checkpoint';
import { GatewayRequestError, NdiError } from './errors';
import { NDI_EVENT_NAMES, type NdiChaincodeName, type NdiEvent, parseNdiEvent } from './event-types';
import { type EventStream, openEventStream } from './events';
import { blockOf, FakeNetwork, type FakeTx, gatewayError, tempDir } from './test-helpers';

const did = 'did:ndi:Org1MSP:0123456789abcdef0123456789abcdef';
const registered = (id: string): FakeTx => ({
  txId: `reg-${id}`,
  chaincode: 'data-registry',
  event: 'DataAssetRegistered',
  payload: { id, ownerDid: did, ownerMsp: 'Org1MSP', category: 'finance', classification: 'general' },
});
const granted = (n: number): FakeTx => ({
  txId: `role-${n}`,
  chaincode: 'identity',
  event: 'RoleGranted',
  payload: { did, role: 'data-provider', grantedBy: did, renewed: n > 1 },
});

// Blocks 1..4: two chaincodes interleaved within blocks, an invalid transaction, a chaincode not asked for, a config
// transaction and a transaction without event, none of which may surface.
const ledger: FakeTx[][] = [
  [granted(1), registered('a1')],
  [
    { txId: 'cfg', chaincode: '', config: true },
    registered('a2'),
    { ...granted(9), txId: 'invalid', valid: false },
    granted(2),
  ],
  [
    { txId: 'val-1', chaincode: 'asset-valuation', event: 'ValuationRequested' },
    { txId: 'q', chaincode: 'identity' },
  ],
  [registered('a3'), granted(3)],
];

const ids = (events: readonly NdiEvent[]): string[] => events.map((e) => e.transactionId);

/** Reads the stream, handling (recording) each event; stops after `limit` events without acknowledging the last. */
async function consume<C extends NdiChaincodeName>(stream: EventStream<C>, limit = Infinity): Promise<NdiEvent<C>[]> {
  const seen: NdiEvent<C>[] = [];
  for await (const event of stream) {
    seen.push(event);
    if (seen.length >= limit) {
      break; // a crash while handling: the last event is not acknowledged
    }
  }
  return seen;
}

describe('openEventStream over one chaincode', () => {
  it('delivers the typed events of the chaincode in ledger order, from the start block', async () => {
    const network = new FakeNetwork(ledger);
    const stream = await openEventStream(network, { chaincodes: ['identity'], startBlock: 1n });
    const events = await consume(stream);
    expect(ids(events)).toEqual(['role-1', 'role-2', 'role-3']);
    expect(network.requests).toEqual([{ kind: 'chaincode', chaincode: 'identity', start: 1n }]);
    const first = events[0];
    expect(first).toEqual({
      chaincode: 'identity',
      name: 'RoleGranted',
      payload: { did, role: 'data-provider', grantedBy: did, renewed: false },
      blockNumber: 1n,
      transactionId: 'role-1',
    });
    if (first?.name === 'RoleGranted') {
      const role: 'data-provider' | 'regulator' | 'valuer' | 'data-consumer' | 'exchange-operator' = first.payload.role;
      expect(role).toBe('data-provider');
    }
    expect(network.closed).toBe(1);
  });

  it('resumes from a checkpoint file after a crash without gap, repeating only the unacknowledged event', async () => {
    const file = path.join(tempDir(), 'identity.json');
    const network = new FakeNetwork(ledger);
    const first = await consume(
      await openEventStream(network, { chaincodes: ['identity'], checkpoint: file, startBlock: 1n }),
      2,
    );
    expect(ids(first)).toEqual(['role-1', 'role-2']);
    expect((await FileCheckpointer.open(file)).getTransactionId()).toBe('role-1');

    const second = await consume(await openEventStream(network, { chaincodes: ['identity'], checkpoint: file }));
    expect(ids(second)).toEqual(['role-2', 'role-3']);
    expect(network.requests[1]).toEqual({ kind: 'chaincode', chaincode: 'identity', start: 1n, after: 'role-1' });

    const third = await consume(await openEventStream(network, { chaincodes: ['identity'], checkpoint: file }));
    expect(third).toEqual([]);
  });

  it('checkpoints an event early on ack(), so a break after handling it does not repeat it', async () => {
    const checkpoint = checkpointers.inMemory();
    const network = new FakeNetwork(ledger);
    const stream = await openEventStream(network, { chaincodes: ['data-registry'], checkpoint, startBlock: 1n });
    for await (const event of stream) {
      expect(event.transactionId).toBe('reg-a1');
      await stream.ack();
      await stream.ack(); // idempotent
      break;
    }
    expect(checkpoint.getTransactionId()).toBe('reg-a1');
    const rest = await consume(await openEventStream(network, { chaincodes: ['data-registry'], checkpoint }));
    expect(ids(rest)).toEqual(['reg-a2', 'reg-a3']);
  });

  it('ends with a GatewayRequestError (stage events) when the connection fails, keeping the position', async () => {
    const network = new FakeNetwork(ledger);
    network.failWith = gatewayError('evaluate', 14, 'connection dropped', [{ address: 'p', mspId: 'M', message: 'x' }]);
    const checkpoint = checkpointers.inMemory();
    const stream = await openEventStream(network, { chaincodes: ['identity'], checkpoint, startBlock: 1n });
    const seen: NdiEvent[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).stage).toBe('events');
    expect(ids(seen)).toHaveLength(3);
    expect(checkpoint.getTransactionId()).toBe('role-3');
  });

  it('maps a failure to open the stream', async () => {
    const network = new FakeNetwork(ledger);
    network.getChaincodeEvents = () => Promise.reject(gatewayError('evaluate', 7, 'access denied'));
    await expect(openEventStream(network, { chaincodes: ['identity'] })).rejects.toMatchObject({
      stage: 'events',
      grpcStatus: 'PERMISSION_DENIED',
    });
  });
});

describe('openEventStream over several chaincodes', () => {
  it('reads blocks and delivers the events of the chaincodes in block, then transaction order', async () => {
    const network = new FakeNetwork(ledger);
    const stream = await openEventStream(network, { chaincodes: ['identity', 'data-registry'], startBlock: 1n });
    const events = await consume(stream);
    expect(ids(events)).toEqual(['role-1', 'reg-a1', 'reg-a2', 'role-2', 'reg-a3', 'role-3']);
    expect(events.map((e) => `${e.blockNumber}:${e.chaincode}/${e.name}`)).toEqual([
      '1:identity/RoleGranted',
      '1:data-registry/DataAssetRegistered',
      '2:data-registry/DataAssetRegistered',
      '2:identity/RoleGranted',
      '4:data-registry/DataAssetRegistered',
      '4:identity/RoleGranted',
    ]);
    expect(network.requests).toEqual([{ kind: 'blocks', start: 1n }]);
  });

  it('resumes within a block after the last handled transaction, and past blocks without events', async () => {
    const file = path.join(tempDir(), 'all.json');
    const network = new FakeNetwork(ledger);
    const options = { chaincodes: ['identity', 'data-registry'] as ['identity', 'data-registry'], checkpoint: file };
    const crashes = [3, 1, 1, 2];
    const delivered: string[] = [];
    for (const limit of crashes) {
      delivered.push(...ids(await consume(await openEventStream(network, { ...options, startBlock: 1n }), limit)));
    }
    // Every crash repeats the one event being handled, and nothing else; nothing is skipped.
    expect(delivered).toEqual(['role-1', 'reg-a1', 'reg-a2', 'reg-a2', 'reg-a2', 'reg-a2', 'role-2']);
    const rest = ids(await consume(await openEventStream(network, options)));
    expect(rest).toEqual(['role-2', 'reg-a3', 'role-3']);
    expect(network.requests.map((r) => r.start)).toEqual([1n, 2n, 2n, 2n, 2n]);
    // A block fully handled moves the position to the next block.
    const checkpoint = await FileCheckpointer.open(file);
    expect([checkpoint.getBlockNumber(), checkpoint.getTransactionId()]).toEqual([5n, undefined]);
  });

  it('a restart after ack() of the last event of a block resumes with the next block', async () => {
    const checkpoint = checkpointers.inMemory();
    const network = new FakeNetwork(ledger);
    const stream = await openEventStream(network, {
      chaincodes: ['identity', 'data-registry'],
      checkpoint,
      startBlock: 1n,
    });
    let handled = 0;
    for await (const _event of stream) {
      if (++handled === 2) {
        await stream.ack();
        break;
      }
    }
    expect([checkpoint.getBlockNumber(), checkpoint.getTransactionId()]).toEqual([1n, 'reg-a1']);
    const rest = await consume(
      await openEventStream(network, { chaincodes: ['identity', 'data-registry'], checkpoint }),
    );
    expect(ids(rest)).toEqual(['reg-a2', 'role-2', 'reg-a3', 'role-3']);
  });
});

describe('unrecognized events', () => {
  const future: FakeTx[][] = [
    [granted(1), { txId: 'new', chaincode: 'identity', event: 'IdentityMerged' }, granted(2)],
  ];

  it('end the stream before the event by default, so that nothing is lost', async () => {
    const checkpoint = checkpointers.inMemory();
    const stream = await openEventStream(new FakeNetwork(future), {
      chaincodes: ['identity'],
      checkpoint,
      startBlock: 1n,
    });
    const seen: NdiEvent[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NdiError);
    expect((error as NdiError).message).toMatch(/unrecognized event 'IdentityMerged' of chaincode 'identity'/);
    expect((error as NdiError).transactionId).toBe('new');
    expect(ids(seen)).toEqual(['role-1']);
    expect(checkpoint.getTransactionId()).toBe('role-1');
  });

  it.each([[['identity'] as const], [['identity', 'data-registry'] as const]])(
    'are passed over with unrecognized: skip (%j)',
    async (chaincodes) => {
      const checkpoint = checkpointers.inMemory();
      const network = new FakeNetwork(future);
      const stream = await openEventStream(network, {
        chaincodes: [...chaincodes] as ['identity'],
        checkpoint,
        startBlock: 1n,
        unrecognized: 'skip',
      });
      expect(ids(await consume(stream))).toEqual(['role-1', 'role-2']);
    },
  );
});

describe('EventStream.close', () => {
  it('closes the connection once and ends the iteration, leaving the last event unacknowledged', async () => {
    const checkpoint = checkpointers.inMemory();
    const network = new FakeNetwork(ledger);
    const stream = await openEventStream(network, {
      chaincodes: ['identity', 'data-registry'],
      checkpoint,
      startBlock: 1n,
    });
    const seen: NdiEvent[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (seen.length === 2) {
        stream.close();
        stream[Symbol.dispose]();
      }
    }
    expect(ids(seen)).toEqual(['role-1', 'reg-a1']);
    expect(network.closed).toBe(1);
    expect(checkpoint.getTransactionId()).toBe('role-1');
  });
});

describe('parseNdiEvent', () => {
  const raw = (over: Partial<ChaincodeEvent>): ChaincodeEvent => ({
    blockNumber: 7n,
    transactionId: 't',
    chaincodeName: 'data-registry',
    eventName: 'AccessRevoked',
    payload: new TextEncoder().encode('{"assetId":"a1","grantId":"g1","revokedBy":"d"}'),
    ...over,
  });

  it('types a known event', () => {
    expect(parseNdiEvent(raw({}))).toEqual({
      chaincode: 'data-registry',
      name: 'AccessRevoked',
      payload: { assetId: 'a1', grantId: 'g1', revokedBy: 'd' },
      blockNumber: 7n,
      transactionId: 't',
    });
  });

  it.each([
    ['an unknown chaincode', { chaincodeName: 'basic' }],
    ['an unknown event name', { eventName: 'RoleGranted' }],
    ['a name of Object.prototype', { chaincodeName: 'toString' }],
    ['a payload that is not JSON', { payload: new TextEncoder().encode('{') }],
    ['a payload that is not an object', { payload: new TextEncoder().encode('[1]') }],
    ['a null payload', { payload: new TextEncoder().encode('null') }],
  ])('refuses %s', (_what, over) => {
    expect(parseNdiEvent(raw(over))).toBeUndefined();
  });
});

describe('blockTransactions', () => {
  it('lists valid endorser transactions in order with the wanted chaincodes events', () => {
    const transactions = blockTransactions(blockOf(2n, ledger[1] as FakeTx[]), new Set(['identity']));
    expect(transactions.map((t) => [t.transactionId, t.events.map((e) => e.eventName)])).toEqual([
      ['reg-a2', []],
      ['role-2', ['RoleGranted']],
    ]);
    expect(transactions[1]?.events[0]).toMatchObject({ blockNumber: 2n, chaincodeName: 'identity' });
  });
});

describe('the market and valuation chaincodes', () => {
  const assetId = 'loans-2024';
  const market: FakeTx[][] = [
    [
      {
        txId: 'val-req',
        chaincode: 'asset-valuation',
        event: 'ValuationRequested',
        payload: {
          requestId: 'val-1',
          assetId,
          ownerDid: did,
          purpose: 'listing',
          currency: 'CNY',
          minAppraisals: 2,
          maxSpreadBp: 3000,
        },
      },
      {
        txId: 'tok',
        chaincode: 'transaction-certificates',
        event: 'AssetTokenized',
        payload: { assetId, totalShares: '1000', ownerDid: did },
      },
    ],
    [
      {
        txId: 'val-fin',
        chaincode: 'asset-valuation',
        event: 'ValuationFinalized',
        payload: {
          requestId: 'val-1',
          assetId,
          value: '1250000',
          currency: 'CNY',
          validUntil: '2027-01-01T00:00:00.000Z',
          appraisalCount: 2,
          spreadBp: '400',
        },
      },
      registered('a4'),
      {
        txId: 'settle',
        chaincode: 'transaction-certificates',
        event: 'TradeSettled',
        payload: {
          orderId: 'ord-1',
          listingId: 'lst-1',
          assetId,
          sellerDid: did,
          buyerDid: 'did:ndi:BankMSP:1',
          shares: '40',
          price: '500000',
          currency: 'CNY',
          certificateId: 'cert-1',
          certHash: 'ab'.repeat(32),
        },
      },
    ],
  ];

  it('delivers their typed events in ledger order, narrowing the payloads', async () => {
    const network = new FakeNetwork(market);
    const stream = await openEventStream(network, {
      chaincodes: ['asset-valuation', 'transaction-certificates'],
      startBlock: 1n,
    });
    const events = await consume(stream);
    expect(events.map((e) => `${e.blockNumber}:${e.chaincode}/${e.name}`)).toEqual([
      '1:asset-valuation/ValuationRequested',
      '1:transaction-certificates/AssetTokenized',
      '2:asset-valuation/ValuationFinalized',
      '2:transaction-certificates/TradeSettled',
    ]);
    const amounts: string[] = [];
    for (const event of events) {
      if (event.chaincode === 'asset-valuation' && event.name === 'ValuationFinalized') {
        const value: string = event.payload.value;
        amounts.push(`${value} ${event.payload.currency}`);
      } else if (event.chaincode === 'transaction-certificates' && event.name === 'TradeSettled') {
        const grantId: string | undefined = event.payload.grantId;
        amounts.push(`${event.payload.price} ${event.payload.currency} ${event.payload.certificateId} ${grantId}`);
      }
    }
    expect(amounts).toEqual(['1250000 CNY', '500000 CNY cert-1 undefined']);
  });

  it('streams one of them through its chaincode events', async () => {
    const network = new FakeNetwork(market);
    const events = await consume(await openEventStream(network, { chaincodes: ['asset-valuation'], startBlock: 1n }));
    expect(ids(events)).toEqual(['val-req', 'val-fin']);
    expect(network.requests).toEqual([{ kind: 'chaincode', chaincode: 'asset-valuation', start: 1n }]);
  });

  it.each([
    ['asset-valuation', 'ValuationDisputed', { requestId: 'val-1', assetId, medianValue: '100', maxSpreadBp: 3000 }],
    ['asset-valuation', 'AppraisalWithdrawn', { requestId: 'val-1', assetId, valuerDid: did }],
    ['transaction-certificates', 'CertificateRevoked', { certificateId: 'cert-1', assetId, revokedBy: did }],
    ['transaction-certificates', 'ListingCancelled', { listingId: 'lst-1', assetId, unlockedShares: '60' }],
  ])('parseNdiEvent types %s %s', (chaincodeName, eventName, payload) => {
    const raw: ChaincodeEvent = {
      blockNumber: 3n,
      transactionId: 't',
      chaincodeName,
      eventName,
      payload: new TextEncoder().encode(JSON.stringify(payload)),
    };
    expect(parseNdiEvent(raw)).toEqual({
      chaincode: chaincodeName,
      name: eventName,
      payload,
      blockNumber: 3n,
      transactionId: 't',
    });
    // An event name of another chaincode is not one of this chaincode's.
    expect(parseNdiEvent({ ...raw, eventName: 'RoleGranted' })).toBeUndefined();
  });
});

describe('NDI_EVENT_NAMES', () => {
  /** The event names a chaincode's sources emit (`emitEvent(ctx, 'Name', ...)`), sorted. */
  const emitted = (chaincode: string): string[] => {
    const dir = path.join(__dirname, '..', '..', 'chaincode', chaincode, 'src');
    const names = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const match of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/emitEvent\(\s*ctx,\s*'(\w+)'/g)) {
        names.add(match[1] as string);
      }
    }
    return [...names].sort();
  };

  it.each(Object.keys(NDI_EVENT_NAMES) as NdiChaincodeName[])('lists every event the %s chaincode emits', (name) => {
    const listed = [...NDI_EVENT_NAMES[name]].sort();
    expect(listed).toEqual(emitted(name));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('types the events of every chaincode of the suite', () => {
    expect(Object.keys(NDI_EVENT_NAMES).sort()).toEqual([
      'asset-valuation',
      'data-registry',
      'identity',
      'transaction-certificates',
    ]);
  });
});
