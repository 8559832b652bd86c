import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { holdingKey, listingKey, orderKey } from './keys';
import type { Certificate, Listing, Order, ShareBalance } from './model';
import { GRANT_PERIOD_MILLIS } from './market';
import {
  alice,
  bob,
  carol,
  CC,
  dave,
  enAdmin,
  exAdmin,
  expectRefused,
  LATER,
  listingJson,
  orderJson,
  query,
  registerAsset,
  REGISTRY,
  regina,
  seedValuation,
  setUp,
  snapshot,
  stranger,
  submit,
  VALUATION,
} from './testing/fixtures';

async function balanceOf(ledger: InMemoryLedger, did: string): Promise<ShareBalance> {
  return query<ShareBalance>(ledger, 'GetBalance', ['loans', did]);
}

async function listing(ledger: InMemoryLedger, id: string): Promise<Listing> {
  return query<Listing>(ledger, 'GetListing', [id]);
}

async function check(ledger: InMemoryLedger, did: string, purpose: string): Promise<unknown> {
  return (await ledger.evaluate(REGISTRY, 'CheckAccess', ['loans', did, purpose], { caller: regina })).result;
}

/** alice tokenizes loans into 1000 shares and gives carol 300 (carol is a shareholder, not the owner). */
async function market(): Promise<InMemoryLedger> {
  const ledger = await setUp();
  await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
  await submit(ledger, 'TransferShares', ['loans', carol.did, '300']);
  return ledger;
}

describe('CreateListing and CancelListing', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await market();
  });

  it('locks the listed shares, and unlocks them on cancellation', async () => {
    const res = await submit(ledger, 'CreateListing', [listingJson('l1', { shares: '200' })], carol);
    const created = res.result as Listing;
    expect(created).toEqual({
      id: 'l1',
      assetId: 'loans',
      sellerDid: carol.did,
      sellerMsp: 'ExchangeMSP',
      shares: '200',
      remaining: '200',
      reserved: '0',
      sold: '0',
      pricePerShare: '50',
      currency: 'CNY',
      purposes: ['research'],
      expiresAt: LATER,
      status: 'open',
      createdAt: res.timestamp,
      updatedAt: res.timestamp,
    });
    expect(res.event).toMatchObject({
      name: 'ListingCreated',
      json: { listingId: 'l1', shares: '200', sellerDid: carol.did },
    });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '300', listed: '200', available: '100' });
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '101'],
      /^FAILED_PRECONDITION: quantity: .*only 100 available/,
      carol,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l2', { shares: '101' })],
      /^FAILED_PRECONDITION: shares: 101 shares .*only 100 available/,
      carol,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1', { shares: '1' })],
      /^ALREADY_EXISTS: listing 'l1' already exists$/,
      carol,
    );
    expect(await listing(ledger, 'l1')).toEqual(created);

    await expectRefused(
      ledger,
      'CancelListing',
      ['l1'],
      /^FORBIDDEN: cancelling listing 'l1' requires being its seller$/,
      alice,
    );
    const cancelled = await submit(ledger, 'CancelListing', ['l1'], carol);
    expect(cancelled.result).toMatchObject({ status: 'cancelled' });
    expect(cancelled.event).toMatchObject({
      name: 'ListingCancelled',
      json: { listingId: 'l1', unlockedShares: '200' },
    });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ listed: '0', available: '300' });
    await expectRefused(ledger, 'CancelListing', ['l1'], /^FAILED_PRECONDITION: listing 'l1' is cancelled$/, carol);
    await expectRefused(ledger, 'CancelListing', ['nope'], /^NOT_FOUND: listing 'nope' does not exist$/, carol);
    await expectRefused(ledger, 'CancelListing', ['bad id'], /^INVALID_ARGUMENT: id: /, carol);
    await expect(ledger.evaluate(CC, 'GetListing', ['nope'])).rejects.toThrow(/^NOT_FOUND: /);
  });

  it('validates every field of the listing first', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ shares: '0' }, /^INVALID_ARGUMENT: shares: must be greater than zero$/],
      [{ shares: 10 }, /^INVALID_ARGUMENT: shares: /],
      [{ shares: '-1' }, /^INVALID_ARGUMENT: shares: /],
      [{ shares: '01' }, /^INVALID_ARGUMENT: shares: /],
      [{ pricePerShare: '0.5' }, /^INVALID_ARGUMENT: pricePerShare: /],
      [{ pricePerShare: '100000000001' }, /^INVALID_ARGUMENT: pricePerShare: must be at most 10\^11$/],
      [{ currency: 'cny' }, /^INVALID_ARGUMENT: currency: /],
      [{ expiresAt: 'tomorrow' }, /^INVALID_ARGUMENT: expiresAt: /],
      [{ expiresAt: '2025-01-01T00:00:00Z' }, /^INVALID_ARGUMENT: expiresAt: must be after the transaction time/],
      [{ purposes: [] }, /^INVALID_ARGUMENT: purposes: /],
      [{ purposes: ['research', 'research'] }, /^INVALID_ARGUMENT: purposes: must not contain duplicates$/],
      [{ purposes: ['Research'] }, /^INVALID_ARGUMENT: purposes\[0\]: /],
      [{ id: 'a b' }, /^INVALID_ARGUMENT: id: /],
      [{ extra: true }, /^INVALID_ARGUMENT: listing: .*extra/],
    ];
    for (const [overrides, message] of cases) {
      await expectRefused(ledger, 'CreateListing', [listingJson('bad', overrides)], message, carol);
    }
    await expectRefused(ledger, 'CreateListing', ['[]'], /^INVALID_ARGUMENT: listing: /, carol);
    await expectRefused(ledger, 'CreateListing', ['{'], /^INVALID_ARGUMENT: listing: malformed JSON/, carol);
  });

  it('checks the seller, the asset and the policy purposes', async () => {
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1', { purposes: ['marketing'] })],
      /^FAILED_PRECONDITION: purposes\[0\]: 'marketing' is not a purpose of the asset's policy$/,
      carol,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1')],
      /^FAILED_PRECONDITION: shares: 100 shares .*only 0 available/,
      bob,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1')],
      /^FORBIDDEN: creating a listing requires an active identity/,
      stranger,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1', { assetId: 'nope' })],
      /^NOT_FOUND: data asset 'nope' is not tokenized$/,
      carol,
    );
    await ledger.submit(
      REGISTRY,
      'UpdateDataAsset',
      ['loans', JSON.stringify({ policy: { purposes: ['research'], tradable: false, crossBorder: false } })],
      { caller: alice },
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l1')],
      /^FAILED_PRECONDITION: data asset 'loans' is not tradable under its policy$/,
      carol,
    );
  });
});

describe('the price band', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await market();
    // 1000 shares valued 100000 in total: fair price 100 per share, band 50..200 per share.
    await seedValuation(ledger, 'loans', '100000');
  });

  it('accepts the implied asset value at exactly 50% and 200% of the valuation, inclusive', async () => {
    const low = await submit(
      ledger,
      'CreateListing',
      [listingJson('low', { pricePerShare: '50', shares: '10' })],
      carol,
    );
    expect((low.result as Listing).priceReference).toEqual({ requestId: 'vr-1', value: '100000', currency: 'CNY' });
    await submit(ledger, 'CreateListing', [listingJson('high', { pricePerShare: '200', shares: '10' })], carol);
  });

  it('refuses just outside the band, naming the bounds', async () => {
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l', { pricePerShare: '49' })],
      /^FAILED_PRECONDITION: pricePerShare: implies an asset value of 49000 CNY \(pricePerShare × 1000 total shares\), outside 50%..200% of the current valuation 100000 CNY: the implied value must be between 50000 and 200000 inclusive, i.e. pricePerShare between 50 and 200$/,
      carol,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l', { pricePerShare: '201' })],
      /implies an asset value of 201000 CNY/,
      carol,
    );
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('l', { currency: 'USD' })],
      /^FAILED_PRECONDITION: currency: must be CNY, the currency of the asset's current valuation$/,
      carol,
    );
  });

  it('rounds the bounds exactly on odd valuations, and ignores missing or expired valuations', async () => {
    // value 1001 over 10 shares of 'odd': implied value must be within 501..2002, per share 51..200.
    await registerAsset(ledger, 'odd');
    await submit(ledger, 'TokenizeAsset', ['odd', '10']);
    await seedValuation(ledger, 'odd', '1001');
    await expectRefused(
      ledger,
      'CreateListing',
      [listingJson('o', { assetId: 'odd', shares: '1', pricePerShare: '50' })],
      /between 501 and 2002 inclusive, i.e. pricePerShare between 51 and 200$/,
    );
    await submit(ledger, 'CreateListing', [listingJson('o1', { assetId: 'odd', shares: '1', pricePerShare: '51' })]);
    await submit(ledger, 'CreateListing', [listingJson('o2', { assetId: 'odd', shares: '1', pricePerShare: '200' })]);

    await ledger.submit(VALUATION, 'Clear', ['loans']);
    const free = await submit(
      ledger,
      'CreateListing',
      [listingJson('free', { pricePerShare: '1', currency: 'USD', shares: '1' })],
      carol,
    );
    expect((free.result as Listing).priceReference).toBeUndefined();
    await seedValuation(ledger, 'loans', '100000', { validUntil: '2025-03-01T08:00:00.000Z' });
    await submit(ledger, 'CreateListing', [listingJson('stale', { pricePerShare: '1', shares: '1' })], carol);
  });
});

describe('orders and settlement', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await market();
    await submit(ledger, 'CreateListing', [listingJson('l1', { shares: '100', purposes: ['research'] })], carol);
  });

  it('reserves, settles, grants access and certifies in one transaction', async () => {
    const placed = await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '60')], bob);
    const order = placed.result as Order;
    expect(order).toMatchObject({
      id: 'o1',
      buyerDid: bob.did,
      sellerDid: carol.did,
      shares: '60',
      totalPrice: '3000',
      status: 'pending',
    });
    expect(placed.event).toMatchObject({
      name: 'OrderPlaced',
      json: { orderId: 'o1', shares: '60', totalPrice: '3000' },
    });
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '40', reserved: '60', sold: '0' });
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o2', 'l1', '41')],
      /^FAILED_PRECONDITION: shares: 41 requested but listing 'l1' has only 40 left$/,
      dave,
    );
    expect(await check(ledger, bob.did, 'research')).toEqual({ allowed: false, reason: 'no-grant' });

    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay-1'],
      /^FORBIDDEN: settling order 'o1' requires being its seller$/,
      alice,
    );
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay-1'],
      /^FORBIDDEN: settling order 'o1' requires being its seller$/,
      bob,
    );
    const settled = await submit(ledger, 'SettleTrade', ['o1', 'bank-transfer 2025-03-01 #42'], carol);
    const certificate = settled.result as Certificate;
    const grantId = certificate.terms?.grantId as string;
    expect(grantId).toMatch(/^grant-[0-9a-f]{32}$/);
    expect(certificate).toMatchObject({
      type: 'transaction',
      assetId: 'loans',
      assetVersion: 1,
      parties: [
        { role: 'seller', did: carol.did, mspId: 'ExchangeMSP' },
        { role: 'buyer', did: bob.did, mspId: 'EnterpriseMSP' },
      ],
      terms: {
        orderId: 'o1',
        listingId: 'l1',
        shares: '60',
        totalShares: '1000',
        pricePerShare: '50',
        price: '3000',
        currency: 'CNY',
        purposes: ['research'],
        paymentRef: 'bank-transfer 2025-03-01 #42',
        accessExpiresAt: new Date(Date.parse(settled.timestamp) + GRANT_PERIOD_MILLIS).toISOString(),
      },
      txId: settled.txId,
      issuerMsp: 'ExchangeMSP',
      status: 'valid',
    });
    expect(settled.event).toMatchObject({
      name: 'TradeSettled',
      chaincode: CC,
      json: { orderId: 'o1', certificateId: certificate.id, grantId, shares: '60', price: '3000' },
    });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '240', listed: '40', available: '200' });
    expect(await balanceOf(ledger, bob.did)).toMatchObject({ balance: '60', listed: '0' });
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '40', reserved: '0', sold: '60', status: 'open' });
    expect(await query(ledger, 'GetOrder', ['o1'])).toMatchObject({
      status: 'settled',
      certificateId: certificate.id,
      grantId,
      paymentRef: 'bank-transfer 2025-03-01 #42',
    });
    // The buyer may now use the data for the listing's purposes, and only those.
    expect(await check(ledger, bob.did, 'research')).toEqual({ allowed: true, reason: 'grant', grantId });
    expect(await check(ledger, bob.did, 'credit-scoring')).toEqual({ allowed: false, reason: 'purpose-not-granted' });
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay-again'],
      /^FAILED_PRECONDITION: order 'o1' is settled$/,
      carol,
    );

    // Selling the rest closes the listing.
    await submit(ledger, 'PlaceOrder', [orderJson('o2', 'l1', '40')], dave);
    await submit(ledger, 'SettleTrade', ['o2', 'pay-2'], carol);
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '0', reserved: '0', sold: '100', status: 'sold' });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '200', listed: '0' });
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o3', 'l1', '1')],
      /^FAILED_PRECONDITION: listing 'l1' is sold$/,
      dave,
    );
    await expectRefused(ledger, 'CancelListing', ['l1'], /^FAILED_PRECONDITION: listing 'l1' is sold$/, carol);
  });

  it('caps the access grant at the policy expiry and grants nothing to the registry owner', async () => {
    await ledger.submit(
      REGISTRY,
      'UpdateDataAsset',
      [
        'loans',
        JSON.stringify({
          policy: {
            purposes: ['credit-scoring', 'research'],
            tradable: true,
            crossBorder: false,
            expiresAt: '2025-06-01T00:00:00Z',
          },
        }),
      ],
      { caller: alice },
    );
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '10')], bob);
    const settled = (await submit(ledger, 'SettleTrade', ['o1', 'pay'], carol)).result as Certificate;
    expect(settled.terms?.accessExpiresAt).toBe('2025-06-01T00:00:00.000Z');

    await ledger.submit('identity', 'GrantRole', [alice.did, 'data-consumer', ''], { caller: exAdmin });
    await submit(ledger, 'PlaceOrder', [orderJson('o2', 'l1', '10')], alice);
    const own = (await submit(ledger, 'SettleTrade', ['o2', 'pay'], carol)).result as Certificate;
    expect(own.terms?.grantId).toBeUndefined();
    expect(await balanceOf(ledger, alice.did)).toMatchObject({ balance: '710' });

    await submit(ledger, 'PlaceOrder', [orderJson('o3', 'l1', '10')], bob);
    ledger.setTime('2025-06-02T00:00:00Z');
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o3', 'pay'],
      /^FAILED_PRECONDITION: the policy of data asset 'loans' expired at 2025-06-01T00:00:00.000Z$/,
      carol,
    );
  });

  it('refuses bad orders: role, seller, listing state, expiry, policy organizations', async () => {
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o1', 'l1', '0')],
      /^INVALID_ARGUMENT: shares: must be greater than zero$/,
      bob,
    );
    await expectRefused(
      ledger,
      'PlaceOrder',
      [JSON.stringify({ id: 'o1', listingId: 'l1', shares: '1', price: '1' })],
      /^INVALID_ARGUMENT: order: .*price/,
      bob,
    );
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o1', 'l1')],
      /^FORBIDDEN: placing an order requires an active identity with the data-consumer role$/,
      carol,
    );
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o1', 'nope')],
      /^NOT_FOUND: listing 'nope' does not exist$/,
      bob,
    );
    await ledger.submit('identity', 'GrantRole', [carol.did, 'data-consumer', ''], { caller: exAdmin });
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o1', 'l1')],
      /^FORBIDDEN: the seller may not order from its own listing 'l1'$/,
      carol,
    );
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1')], bob);
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o1', 'l1')],
      /^ALREADY_EXISTS: order 'o1' already exists$/,
      dave,
    );
    ledger.setTime('2025-09-01T00:00:00Z');
    await expectRefused(
      ledger,
      'PlaceOrder',
      [orderJson('o2', 'l1')],
      /^FAILED_PRECONDITION: listing 'l1' expired at 2025-09-01T00:00:00.000Z$/,
      dave,
    );
    // An order placed in time still settles after the listing expired.
    await submit(ledger, 'SettleTrade', ['o1', 'pay'], carol);

    const fresh = await market();
    await fresh.submit(
      REGISTRY,
      'UpdateDataAsset',
      [
        'loans',
        JSON.stringify({
          policy: { purposes: ['research'], allowedMsps: ['ExchangeMSP'], tradable: true, crossBorder: false },
        }),
      ],
      { caller: alice },
    );
    await submit(fresh, 'CreateListing', [listingJson('l1')], carol);
    await expectRefused(
      fresh,
      'PlaceOrder',
      [orderJson('o1', 'l1')],
      /^FAILED_PRECONDITION: organization EnterpriseMSP is not in the policy's allowedMsps of 'loans'$/,
      bob,
    );
  });

  it('cancels orders (buyer or seller) and releases reservations', async () => {
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '30')], bob);
    await expectRefused(
      ledger,
      'CancelOrder',
      ['o1'],
      /^FORBIDDEN: cancelling order 'o1' requires being its buyer or seller$/,
      dave,
    );
    const cancelled = await submit(ledger, 'CancelOrder', ['o1'], bob);
    expect(cancelled.result).toMatchObject({ status: 'cancelled', cancelledBy: bob.did });
    expect(cancelled.event).toMatchObject({ name: 'OrderCancelled', json: { orderId: 'o1', cancelledBy: bob.did } });
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '100', reserved: '0' });
    await expectRefused(ledger, 'CancelOrder', ['o1'], /^FAILED_PRECONDITION: order 'o1' is cancelled$/, bob);
    await expectRefused(ledger, 'SettleTrade', ['o1', 'pay'], /^FAILED_PRECONDITION: order 'o1' is cancelled$/, carol);
    await expectRefused(ledger, 'CancelOrder', ['nope'], /^NOT_FOUND: order 'nope' does not exist$/, bob);
    await expect(ledger.evaluate(CC, 'GetOrder', ['nope'])).rejects.toThrow(/^NOT_FOUND: /);

    await submit(ledger, 'PlaceOrder', [orderJson('o2', 'l1', '30')], bob);
    await submit(ledger, 'CancelOrder', ['o2'], carol);
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '100', reserved: '0' });
  });

  it('a cancelled listing unlocks reserved shares too; its pending orders cannot settle', async () => {
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '30')], bob);
    await submit(ledger, 'CancelListing', ['l1'], carol);
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '300', listed: '0' });
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay'],
      /^FAILED_PRECONDITION: listing 'l1' is cancelled$/,
      carol,
    );
    await submit(ledger, 'CancelOrder', ['o1'], bob);
    expect(await listing(ledger, 'l1')).toMatchObject({ status: 'cancelled', remaining: '70', reserved: '30' });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '300', listed: '0' });
  });

  it('refuses settlement by a suspended seller, of unknown orders, and when the grant fails', async () => {
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '10')], bob);
    await expectRefused(ledger, 'SettleTrade', ['nope', 'pay'], /^NOT_FOUND: order 'nope' does not exist$/, carol);
    await expectRefused(ledger, 'SettleTrade', ['o1', ''], /^INVALID_ARGUMENT: paymentRef: /, carol);
    await expectRefused(ledger, 'SettleTrade', ['o1', 'x\u0000'], /^INVALID_ARGUMENT: paymentRef: /, carol);
    await ledger.submit('identity', 'SetIdentityStatus', [bob.did, 'suspended', 'audit'], { caller: enAdmin });
    // The registry refuses to grant a suspended buyer: the whole settlement fails, no share moves.
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay'],
      /^FAILED_PRECONDITION: granteeDid: .* is suspended$/,
      carol,
    );
    await ledger.submit(REGISTRY, 'RetireDataAsset', ['loans', 'superseded'], { caller: alice });
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay'],
      /^FAILED_PRECONDITION: data asset 'loans' is retired$/,
      carol,
    );
    await expectRefused(
      ledger,
      'SettleTrade',
      ['o1', 'pay'],
      /^FORBIDDEN: settling a trade requires an active identity/,
      stranger,
    );
  });
});

describe('races (MVCC on the listing key)', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await market();
    await submit(ledger, 'CreateListing', [listingJson('l1', { shares: '100' })], carol);
  });

  it('two orders endorsed on the same state for the same shares: one commits, the other is invalidated', async () => {
    const first = await ledger.endorse(CC, 'PlaceOrder', [orderJson('o1', 'l1', '80')], { caller: bob });
    const second = await ledger.endorse(CC, 'PlaceOrder', [orderJson('o2', 'l1', '80')], { caller: dave });
    // Each alone was fine when simulated: both endorsed.
    expect([first.result.status, second.result.status]).toEqual([200, 200]);
    expect(first.commit().committed).toBe(true);
    const lost = second.commit();
    expect(lost).toMatchObject({ committed: false, validationCode: 'MVCC_READ_CONFLICT' });
    expect(lost.message).toContain(`read key ${JSON.stringify(listingKey('l1'))} of ${CC}`);
    expect(await listing(ledger, 'l1')).toMatchObject({ remaining: '20', reserved: '80' });
    expect(ledger.getState(CC, orderKey('o2'))).toBeUndefined();
    expect(ledger.events.filter((e) => e.name === 'OrderPlaced')).toHaveLength(1);
    // Resubmitted on the new state, the loser is refused outright.
    await expectRefused(ledger, 'PlaceOrder', [orderJson('o2', 'l1', '80')], /only 20 left$/, dave);
  });

  it('a listing cancelled while an order settles: whichever commits first wins, shares stay conserved', async () => {
    await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1', '50')], bob);
    const before = snapshot(ledger);
    const settle = await ledger.endorse(CC, 'SettleTrade', ['o1', 'pay'], { caller: carol });
    const cancel = await ledger.endorse(CC, 'CancelListing', ['l1'], { caller: carol });
    expect(cancel.commit().committed).toBe(true);
    expect(settle.commit()).toMatchObject({ committed: false, validationCode: 'MVCC_READ_CONFLICT' });
    // The settlement's writes in the registry (the grant) were discarded with it.
    expect(await check(ledger, bob.did, 'research')).toEqual({ allowed: false, reason: 'no-grant' });
    expect(await balanceOf(ledger, bob.did)).toMatchObject({ balance: '0' });
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '300', listed: '0' });
    expect(snapshot(ledger)).not.toBe(before);

    // The other order of commits: the settlement wins, the cancellation is invalidated.
    const other = await market();
    await submit(other, 'CreateListing', [listingJson('l1', { shares: '100' })], carol);
    await submit(other, 'PlaceOrder', [orderJson('o1', 'l1', '50')], bob);
    const settle2 = await other.endorse(CC, 'SettleTrade', ['o1', 'pay'], { caller: carol });
    const cancel2 = await other.endorse(CC, 'CancelListing', ['l1'], { caller: carol });
    expect(settle2.commit().committed).toBe(true);
    expect(cancel2.commit().validationCode).toBe('MVCC_READ_CONFLICT');
    const holders = other.keys(CC).filter((k) => k.startsWith('\u0000shareHolding\u0000loans\u0000'));
    const total = holders.reduce(
      (sum, k) => sum + BigInt(other.getJson<{ balance: string }>(CC, k)?.balance ?? '0'),
      0n,
    );
    expect(total).toBe(1000n);
    expect(other.getJson(CC, holdingKey('loans', carol.did))).toMatchObject({ balance: '250', listed: '50' });
  });
});
