import { txTime } from '@ndi/chaincode-common';
import type { InMemoryLedger, TestIdentity } from '@ndi/chaincode-common/testing';
import { movementKey } from './keys';
import type { Certificate, ShareBalance, ShareMovement, TradePage } from './model';
import { recordMovements } from './movements';
import {
  alice,
  bob,
  carol,
  CC,
  dave,
  enAdmin,
  expectRefused,
  listingJson,
  orderJson,
  query,
  registerAsset,
  regina,
  setUp,
  stranger,
  submit,
} from './testing/fixtures';

async function movements(
  ledger: InMemoryLedger,
  assetId = 'loans',
  caller: TestIdentity = stranger,
): Promise<ShareMovement[]> {
  const all: ShareMovement[] = [];
  let bookmark = '';
  do {
    const page = await query<TradePage<ShareMovement>>(ledger, 'ListShareMovements', [assetId, '2', bookmark], caller);
    all.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return all;
}

/** Each holder's balance replayed from the movements: must equal the stored balances. */
function replay(log: readonly ShareMovement[]): Map<string, bigint> {
  const balances = new Map<string, bigint>();
  for (const m of log) {
    if (m.fromDid !== undefined) balances.set(m.fromDid, (balances.get(m.fromDid) ?? 0n) - BigInt(m.quantity));
    balances.set(m.toDid, (balances.get(m.toDid) ?? 0n) + BigInt(m.quantity));
  }
  return new Map([...balances].filter(([, balance]) => balance !== 0n));
}

describe('share movements', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
  });

  it('records the mint at tokenization, a transfer and a settlement, immutable and in time order', async () => {
    const tokenized = await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
    const mint: ShareMovement = {
      assetId: 'loans',
      reason: 'tokenize',
      toDid: alice.did,
      quantity: '1000',
      txId: tokenized.txId,
      index: 0,
      at: tokenized.timestamp,
    };
    expect(ledger.getJson(CC, movementKey('loans', tokenized.timestamp, tokenized.txId, 0))).toEqual(mint);
    expect(await movements(ledger)).toEqual([mint]);

    const transferred = await submit(ledger, 'TransferShares', ['loans', carol.did, '300']);
    // One event per transaction still: the movement is state, not a second event.
    expect(transferred.event).toMatchObject({ name: 'SharesTransferred' });
    const transfer: ShareMovement = {
      assetId: 'loans',
      reason: 'transfer',
      fromDid: alice.did,
      toDid: carol.did,
      quantity: '300',
      txId: transferred.txId,
      index: 0,
      at: transferred.timestamp,
    };

    await submit(ledger, 'CreateListing', [listingJson('l1', { shares: '100' })], carol);
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '60')], bob);
    const settled = await submit(ledger, 'SettleTrade', ['o1', 'pay-1'], carol);
    const certificate = settled.result as Certificate;
    const settlement: ShareMovement = {
      assetId: 'loans',
      reason: 'settlement',
      fromDid: carol.did,
      toDid: bob.did,
      quantity: '60',
      txId: settled.txId,
      index: 0,
      at: settled.timestamp,
      orderId: 'o1',
      certificateId: certificate.id,
    };
    expect(await movements(ledger)).toEqual([mint, transfer, settlement]);
    expect(certificate.terms?.shares).toBe(settlement.quantity);

    // The log explains the balances: replaying it gives every holder's stored balance.
    const holders = await query<TradePage<ShareBalance>>(ledger, 'ListShareholders', ['loans', '', '']);
    expect(replay(await movements(ledger))).toEqual(
      new Map(holders.items.map((h) => [h.holderDid, BigInt(h.balance)] as const)),
    );

    // Later changes of the holdings leave the records as written.
    await submit(ledger, 'TransferShares', ['loans', dave.did, '60'], bob);
    const log = await movements(ledger);
    expect(log.slice(0, 3)).toEqual([mint, transfer, settlement]);
    expect(log[3]).toMatchObject({ reason: 'transfer', fromDid: bob.did, toDid: dave.did, quantity: '60' });
    expect(replay(log).get(bob.did)).toBeUndefined();
  });

  it('keeps each asset apart and is readable by anyone, registered or not', async () => {
    await registerAsset(ledger, 'loans2');
    await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
    await submit(ledger, 'TokenizeAsset', ['loans2', '7']);
    await submit(ledger, 'TransferShares', ['loans2', carol.did, '2']);
    for (const caller of [alice, bob, regina, stranger]) {
      expect((await movements(ledger, 'loans', caller)).map((m) => m.quantity)).toEqual(['1000']);
      expect((await movements(ledger, 'loans2', caller)).map((m) => m.quantity)).toEqual(['7', '2']);
    }
  });

  it('orders movements of the same instant by transaction ID', async () => {
    await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
    const at = '2025-03-02T00:00:00.000Z';
    const [late, early] = ['f'.repeat(64), '0'.repeat(64)];
    await ledger.submit(CC, 'TransferShares', ['loans', carol.did, '5'], { caller: alice, txId: late, timestamp: at });
    await ledger.submit(CC, 'TransferShares', ['loans', dave.did, '7'], { caller: alice, txId: early, timestamp: at });
    const log = await movements(ledger);
    expect(log.slice(1).map((m) => [m.at, m.txId, m.toDid])).toEqual([
      [at, early, dave.did],
      [at, late, carol.did],
    ]);
  });

  it('indexes several movements of one transaction in the order given', async () => {
    const { ctx, commit } = ledger.openTransaction(CC, { caller: alice });
    const now = txTime(ctx);
    const written = await recordMovements(
      ctx,
      'loans',
      [
        { reason: 'transfer', fromDid: alice.did, toDid: carol.did, quantity: 3n },
        { reason: 'transfer', fromDid: carol.did, toDid: bob.did, quantity: 10n ** 18n },
      ],
      now,
    );
    commit();
    expect(written.map((m) => [m.index, m.quantity])).toEqual([
      [0, '3'],
      [1, '1000000000000000000'],
    ]);
    const txId = ctx.stub.getTxID();
    expect(ledger.getJson(CC, movementKey('loans', now.iso, txId, 1))).toEqual(written[1]);
    expect(movementKey('loans', now.iso, txId, 1) > movementKey('loans', now.iso, txId, 0)).toBe(true);
    expect(movementKey('loans', now.iso, txId, 10) > movementKey('loans', now.iso, txId, 9)).toBe(true);
  });

  it('writes no movement when a transfer, a tokenization or a settlement is refused', async () => {
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', carol.did, '1'],
      /^NOT_FOUND: data asset 'loans' is not tokenized$/,
    );
    await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
    await expectRefused(ledger, 'TokenizeAsset', ['loans', '5'], /^ALREADY_EXISTS: /);
    await expectRefused(ledger, 'TransferShares', ['loans', carol.did, '1001'], /^FAILED_PRECONDITION: quantity: /);
    await expectRefused(ledger, 'TransferShares', ['loans', carol.did, '01'], /^INVALID_ARGUMENT: quantity: /);
    await expectRefused(ledger, 'TransferShares', ['loans', stranger.did, '1'], /^NOT_FOUND: toDid: /);
    await submit(ledger, 'CreateListing', [listingJson('l1', { shares: '100' })]);
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '10')], bob);
    // The registry refuses the buyer's grant: the whole settlement, movement included, is undone.
    await ledger.submit('identity', 'SetIdentityStatus', [bob.did, 'suspended', 'audit'], { caller: enAdmin });
    await expectRefused(ledger, 'SettleTrade', ['o1', 'pay'], /^FAILED_PRECONDITION: granteeDid: /);
    expect((await movements(ledger)).map((m) => m.reason)).toEqual(['tokenize']);
  });

  it('refuses listings of untokenized assets, foreign bookmarks and malformed arguments, changing nothing', async () => {
    await registerAsset(ledger, 'loans2');
    await submit(ledger, 'TokenizeAsset', ['loans2', '10']);
    await submit(ledger, 'TransferShares', ['loans2', carol.did, '1']);
    const foreign = await query<TradePage<ShareMovement>>(ledger, 'ListShareMovements', ['loans2', '1', '']);
    expect(foreign.bookmark).not.toBe('');
    await submit(ledger, 'TokenizeAsset', ['loans', '10']);
    const cases: [string[], RegExp][] = [
      [['loans', '1', foreign.bookmark], /^INVALID_ARGUMENT: bookmark: does not belong to this listing$/],
      [['loans', '10000', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['loans', '0', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['loans', 'ten', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['', '10', ''], /^INVALID_ARGUMENT: assetId: /],
      [['loans~x y', '10', ''], /^INVALID_ARGUMENT: assetId: /],
      [['ghost', '10', ''], /^NOT_FOUND: data asset 'ghost' is not tokenized$/],
    ];
    for (const [args, message] of cases) {
      await expect(ledger.evaluate(CC, 'ListShareMovements', args, { caller: bob })).rejects.toThrow(message);
      await expectRefused(ledger, 'ListShareMovements', args, message, bob);
    }
    // A registered but untokenized asset has no movements to list either.
    await registerAsset(ledger, 'fresh');
    await expect(ledger.evaluate(CC, 'ListShareMovements', ['fresh', '', ''])).rejects.toThrow(
      /^NOT_FOUND: data asset 'fresh' is not tokenized$/,
    );
  });
});
