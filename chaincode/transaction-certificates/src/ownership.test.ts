import fc from 'fast-check';
import type { InMemoryLedger, TestIdentity } from '@ndi/chaincode-common/testing';
import {
  alice,
  bob,
  carol,
  CC,
  dave,
  enAdmin,
  expectRefused,
  query,
  registerAsset,
  REGISTRY,
  setUp,
  stranger,
  submit,
} from './testing/fixtures';
import { holdingKey, tokenizationKey } from './keys';
import type { ShareBalance, ShareHolding, TradePage, Tokenization } from './model';

async function balanceOf(ledger: InMemoryLedger, did: string, assetId = 'loans'): Promise<ShareBalance> {
  return query<ShareBalance>(ledger, 'GetBalance', [assetId, did]);
}

/** Sum of all stored holdings of an asset, and whether any is malformed (≤ 0 or listed > balance). */
function holdings(ledger: InMemoryLedger, assetId = 'loans'): ShareHolding[] {
  return ledger
    .keys(CC)
    .filter((key) => key.startsWith(`\u0000shareHolding\u0000${assetId}\u0000`))
    .map((key) => ledger.getJson<ShareHolding>(CC, key) as ShareHolding);
}

describe('TokenizeAsset', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
  });

  it('credits every share to the registry owner, once', async () => {
    const res = await submit(ledger, 'TokenizeAsset', ['loans', '1000000']);
    const tokenization = res.result as Tokenization;
    expect(tokenization).toEqual({
      assetId: 'loans',
      totalShares: '1000000',
      tokenizedBy: alice.did,
      tokenizerMsp: 'ExchangeMSP',
      tokenizedAt: res.timestamp,
      txId: res.txId,
    });
    expect(res.event).toMatchObject({
      name: 'AssetTokenized',
      json: { assetId: 'loans', totalShares: '1000000', ownerDid: alice.did },
    });
    expect(ledger.getJson(CC, tokenizationKey('loans'))).toEqual(tokenization);
    expect(await query(ledger, 'GetTokenization', ['loans'])).toEqual(tokenization);
    expect(await balanceOf(ledger, alice.did)).toEqual({
      assetId: 'loans',
      holderDid: alice.did,
      balance: '1000000',
      listed: '0',
      available: '1000000',
    });
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['loans', '5'],
      /^ALREADY_EXISTS: data asset 'loans' is already tokenized$/,
    );
  });

  it('accepts the maximum of 10^18 shares and refuses malformed totals first', async () => {
    const cases: [string, RegExp][] = [
      ['0', /^INVALID_ARGUMENT: totalShares: must be greater than zero$/],
      ['-5', /^INVALID_ARGUMENT: totalShares: must be a non-negative decimal integer/],
      ['1.5', /^INVALID_ARGUMENT: totalShares: must be a non-negative decimal integer/],
      ['1e6', /^INVALID_ARGUMENT: totalShares: /],
      ['007', /^INVALID_ARGUMENT: totalShares: .*without leading zeros/],
      ['1000000000000000001', /^INVALID_ARGUMENT: totalShares: must be at most 10\^18$/],
      ['', /^INVALID_ARGUMENT: totalShares: /],
    ];
    for (const [total, message] of cases) {
      await expectRefused(ledger, 'TokenizeAsset', ['loans', total], message);
    }
    await expectRefused(ledger, 'TokenizeAsset', ['bad id!', '10'], /^INVALID_ARGUMENT: assetId: /);
    await submit(ledger, 'TokenizeAsset', ['loans', '1000000000000000000']);
    expect((await balanceOf(ledger, alice.did)).balance).toBe('1000000000000000000');
  });

  it('refuses non-owners, unknown assets, core, non-tradable and retired assets', async () => {
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['loans', '10'],
      /^FORBIDDEN: tokenizing data asset 'loans' requires being its owner$/,
      carol,
    );
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['loans', '10'],
      /^FORBIDDEN: tokenizing a data asset requires an active identity; .* is not registered$/,
      stranger,
    );
    await expectRefused(ledger, 'TokenizeAsset', ['nope', '10'], /^NOT_FOUND: data asset 'nope' does not exist$/);
    await registerAsset(ledger, 'secrets', {
      classification: 'core',
      policy: { purposes: ['research'], allowedMsps: ['ExchangeMSP'], tradable: false, crossBorder: false },
    });
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['secrets', '10'],
      /^FAILED_PRECONDITION: data asset 'secrets' is core data, which is never traded$/,
    );
    await registerAsset(ledger, 'closed', { policy: { purposes: ['research'], tradable: false, crossBorder: false } });
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['closed', '10'],
      /^FAILED_PRECONDITION: data asset 'closed' is not tradable under its policy$/,
    );
    await ledger.submit(REGISTRY, 'RetireDataAsset', ['closed', 'superseded'], { caller: alice });
    await expectRefused(
      ledger,
      'TokenizeAsset',
      ['closed', '10'],
      /^FAILED_PRECONDITION: data asset 'closed' is retired$/,
    );
  });
});

describe('TransferShares, GetBalance, ListShareholders', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
  });

  it('moves shares, deletes an emptied holding and lists holders only', async () => {
    const res = await submit(ledger, 'TransferShares', ['loans', carol.did, '400']);
    expect(res.result).toEqual({
      assetId: 'loans',
      holderDid: alice.did,
      balance: '600',
      listed: '0',
      available: '600',
    });
    expect(res.event).toMatchObject({
      name: 'SharesTransferred',
      json: { assetId: 'loans', fromDid: alice.did, toDid: carol.did, quantity: '400' },
    });
    await submit(ledger, 'TransferShares', ['loans', bob.did, '400'], carol);
    expect(ledger.getState(CC, holdingKey('loans', carol.did))).toBeUndefined();
    expect(await balanceOf(ledger, carol.did)).toMatchObject({ balance: '0', available: '0' });
    const page = await query<TradePage<ShareBalance>>(ledger, 'ListShareholders', ['loans', '', '']);
    expect(page.items.map((b) => [b.holderDid, b.balance]).sort()).toEqual(
      [
        [alice.did, '600'],
        [bob.did, '400'],
      ].sort(),
    );
    const first = await query<TradePage<ShareBalance>>(ledger, 'ListShareholders', ['loans', '1', '']);
    expect(first.items).toHaveLength(1);
    const second = await query<TradePage<ShareBalance>>(ledger, 'ListShareholders', ['loans', '1', first.bookmark]);
    expect(second.items).toHaveLength(1);
    expect(second.bookmark).toBe('');
    await expect(ledger.evaluate(CC, 'ListShareholders', ['other', '1', first.bookmark])).rejects.toThrow(
      /^INVALID_ARGUMENT: bookmark: does not belong to this listing$/,
    );
    // Page sizes above the maximum are capped (the kernel's rule), absurd ones refused.
    await expect(ledger.evaluate(CC, 'ListShareholders', ['loans', '101', ''])).resolves.toBeDefined();
    await expect(ledger.evaluate(CC, 'ListShareholders', ['loans', '10000', ''])).rejects.toThrow(
      /^INVALID_ARGUMENT: pageSize: /,
    );
    await expect(ledger.evaluate(CC, 'ListShareholders', ['loans', '0', ''])).rejects.toThrow(
      /^INVALID_ARGUMENT: pageSize: /,
    );
    await expect(ledger.evaluate(CC, 'ListShareholders', ['nope', '', ''])).rejects.toThrow(
      /^NOT_FOUND: data asset 'nope' is not tokenized$/,
    );
    await expect(ledger.evaluate(CC, 'GetBalance', ['nope', alice.did])).rejects.toThrow(/^NOT_FOUND: /);
    await expect(ledger.evaluate(CC, 'GetBalance', ['loans', 'did:x'])).rejects.toThrow(
      /^INVALID_ARGUMENT: holderDid: /,
    );
    await expect(ledger.evaluate(CC, 'GetTokenization', ['nope'])).rejects.toThrow(/^NOT_FOUND: /);
  });

  it('refuses bad transfers without any change', async () => {
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', alice.did, '1'],
      /^INVALID_ARGUMENT: toDid: must not be the caller$/,
    );
    await expectRefused(ledger, 'TransferShares', ['loans', 'did:ndi:x', '1'], /^INVALID_ARGUMENT: toDid: /);
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '0'],
      /^INVALID_ARGUMENT: quantity: must be greater than zero$/,
    );
    await expectRefused(ledger, 'TransferShares', ['loans', bob.did, '2.5'], /^INVALID_ARGUMENT: quantity: /);
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '1001'],
      /^FAILED_PRECONDITION: quantity: 1001 shares of 'loans' requested but only 1000 available \(balance 1000, listed 0\)$/,
    );
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '1'],
      /^FAILED_PRECONDITION: quantity: 1 shares of 'loans' requested but only 0 available/,
      carol,
    );
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', stranger.did, '1'],
      /^NOT_FOUND: toDid: identity .* does not exist$/,
    );
    await expectRefused(
      ledger,
      'TransferShares',
      ['nope', bob.did, '1'],
      /^NOT_FOUND: data asset 'nope' is not tokenized$/,
    );
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '1'],
      /^FORBIDDEN: transferring shares requires an active identity/,
      stranger,
    );
    await ledger.submit('identity', 'SetIdentityStatus', [bob.did, 'suspended', 'audit'], { caller: enAdmin });
    await expectRefused(
      ledger,
      'TransferShares',
      ['loans', bob.did, '1'],
      /^FAILED_PRECONDITION: toDid: identity .* is suspended$/,
    );
  });

  it('keeps the balances summing to the total under random transfer sequences', async () => {
    const cast: TestIdentity[] = [alice, bob, carol, dave];
    const step = fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: 0, max: 3 }),
      quantity: fc.bigInt({ min: 0n, max: 1100n }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const run = await setUp();
        await submit(run, 'TokenizeAsset', ['loans', '1000']);
        for (const { from, to, quantity } of steps) {
          const sender = cast[from] as TestIdentity;
          const recipient = cast[to] as TestIdentity;
          const before = (await balanceOf(run, sender.did)).balance;
          const result = await run.invoke(
            CC,
            'TransferShares',
            ['loans', recipient.did, quantity.toString()],
            { caller: sender },
            true,
          );
          const shouldSucceed = from !== to && quantity > 0n && quantity <= BigInt(before);
          expect(result.committed).toBe(shouldSucceed);
          const stored = holdings(run);
          const sum = stored.reduce((total, h) => total + BigInt(h.balance), 0n);
          expect(sum).toBe(1000n);
          for (const h of stored) {
            expect(BigInt(h.balance)).toBeGreaterThan(0n);
            expect(BigInt(h.listed)).toBeGreaterThanOrEqual(0n);
            expect(BigInt(h.listed)).toBeLessThanOrEqual(BigInt(h.balance));
          }
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
