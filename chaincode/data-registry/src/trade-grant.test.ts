import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson, emitEvent, invokeChaincode } from '@ndi/chaincode-common';
import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import {
  alice,
  bob,
  CC,
  carol,
  expectRefused,
  reg,
  register,
  seed,
  setUp,
  snapshot,
  stranger,
} from './testing/fixtures';
import { grantByDidKey, grantKey } from './keys';
import type { AccessDecision, AccessGrant } from './model';
import { TRADE_CHAINCODE } from './index';

const LATER = '2025-06-01T00:00:00.000Z';

/** Stands in for transaction-certificates: relays a settlement's grant in the same transaction. */
@Info({ title: 'transaction-certificates', description: 'test relay' })
class RelayContract extends Contract {
  constructor() {
    super('relay');
  }

  @Transaction()
  @Returns('string')
  public async Settle(ctx: Context, id: string, grantJson: string): Promise<string> {
    const grant = await invokeChaincode<AccessGrant>(ctx, 'data-registry', 'GrantAccessForTrade', [id, grantJson]);
    emitEvent(ctx, 'TradeSettled', { grantId: grant.grantId });
    return canonicalJson(grant);
  }
}

function tradeGrant(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    grantId: 'trade-g1',
    granteeDid: bob.did,
    purposes: ['research'],
    expiresAt: LATER,
    tradeId: 'order-1',
    ...fields,
  });
}

async function check(ledger: InMemoryLedger, did: string, purpose: string): Promise<AccessDecision> {
  return (await ledger.evaluate(CC, 'CheckAccess', ['loans', did, purpose], { caller: reg })).result as AccessDecision;
}

/** Settles through the relay and asserts the refusal left the registry untouched. */
async function expectRelayRefused(ledger: InMemoryLedger, args: string[], message: RegExp): Promise<void> {
  const before = snapshot(ledger);
  const result = await ledger.invoke(TRADE_CHAINCODE, 'Settle', args, { caller: carol }, true);
  expect(result.message).toMatch(message);
  expect(result.committed).toBe(false);
  expect(snapshot(ledger)).toEqual(before);
}

describe('GrantAccessForTrade', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    ledger.deploy(TRADE_CHAINCODE, [RelayContract]);
    await register(ledger, 'loans');
  });

  it('grants the buyer access when reached through transaction-certificates', async () => {
    expect(await check(ledger, bob.did, 'research')).toEqual({ allowed: false, reason: 'no-grant' });
    const res = await ledger.submit(TRADE_CHAINCODE, 'Settle', ['loans', tradeGrant()], { caller: carol });
    const grant = res.result as AccessGrant;
    expect(grant).toEqual({
      assetId: 'loans',
      grantId: 'trade-g1',
      granteeDid: bob.did,
      purposes: ['research'],
      expiresAt: LATER,
      status: 'active',
      grantedBy: carol.did,
      grantedAt: res.timestamp,
      tradeId: 'order-1',
    });
    expect(ledger.getJson(CC, grantKey('loans', 'trade-g1'))).toEqual(grant);
    expect(ledger.getJson(CC, grantByDidKey('loans', bob.did, 'trade-g1'))).toEqual(grant);
    // Only the top-level chaincode's event reaches the block.
    expect(res.event).toMatchObject({ chaincode: TRADE_CHAINCODE, name: 'TradeSettled' });
    expect(await check(ledger, bob.did, 'research')).toEqual({ allowed: true, reason: 'grant', grantId: 'trade-g1' });
    expect(await check(ledger, bob.did, 'credit-scoring')).toEqual({ allowed: false, reason: 'purpose-not-granted' });
    // The regulator's listing of the asset's grants shows it with its trade.
    const listed = await ledger.evaluate(CC, 'ListAccessGrants', ['loans', '', ''], { caller: reg });
    expect(listed.result).toEqual({ items: [grant], bookmark: '', fetchedCount: 1 });
  });

  it('refuses a client calling it directly, even the owner', async () => {
    for (const caller of [alice, carol, bob]) {
      await expectRefused(
        ledger,
        'GrantAccessForTrade',
        ['loans', tradeGrant()],
        /^FORBIDDEN: granting access for a trade is only accepted from chaincode transaction-certificates, not from a transaction on data-registry$/,
        { caller },
      );
    }
  });

  it('validates the arguments first', async () => {
    const cases: [string[], RegExp][] = [
      [['bad id', tradeGrant()], /^INVALID_ARGUMENT: id: /],
      [['loans', '{'], /^INVALID_ARGUMENT: grant: malformed JSON/],
      [['loans', tradeGrant({ granteeDid: undefined, granteeMsp: 'EnterpriseMSP' })], /granteeDid: .*granteeMsp/],
      [['loans', tradeGrant({ tradeId: undefined })], /^INVALID_ARGUMENT: tradeId: /],
      [['loans', tradeGrant({ purposes: [] })], /^INVALID_ARGUMENT: purposes: /],
      [
        ['loans', tradeGrant({ expiresAt: '2020-01-01T00:00:00Z' })],
        /^INVALID_ARGUMENT: expiresAt: must be in the future/,
      ],
    ];
    for (const [args, message] of cases) {
      await expectRefused(ledger, 'GrantAccessForTrade', args, message);
      await expectRelayRefused(ledger, args, message);
    }
  });

  it('keeps the policy: tradable, active, purposes, grantee, duplicates', async () => {
    await register(ledger, 'closed', { policy: { purposes: ['research'], tradable: false, crossBorder: false } });
    await expectRelayRefused(
      ledger,
      ['closed', tradeGrant()],
      /^FAILED_PRECONDITION: data asset 'closed' is not tradable$/,
    );
    await expectRelayRefused(ledger, ['nope', tradeGrant()], /^NOT_FOUND: data asset 'nope' does not exist$/);
    await expectRelayRefused(
      ledger,
      ['loans', tradeGrant({ purposes: ['marketing'] })],
      /^FAILED_PRECONDITION: purposes\[0\]: 'marketing' is not a purpose/,
    );
    await expectRelayRefused(
      ledger,
      ['loans', tradeGrant({ granteeDid: alice.did })],
      /^FAILED_PRECONDITION: granteeDid: the owner needs no grant$/,
    );
    await expectRelayRefused(
      ledger,
      ['loans', tradeGrant({ granteeDid: stranger.did })],
      /^NOT_FOUND: granteeDid: identity .* does not exist$/,
    );
    await seed(ledger, bob, { roles: ['data-consumer'], status: 'suspended' });
    await expectRelayRefused(ledger, ['loans', tradeGrant()], /^FAILED_PRECONDITION: granteeDid: .* is suspended$/);
    await seed(ledger, bob, { roles: ['data-consumer'] });
    await ledger.submit(TRADE_CHAINCODE, 'Settle', ['loans', tradeGrant()], { caller: carol });
    await expectRelayRefused(
      ledger,
      ['loans', tradeGrant()],
      /^ALREADY_EXISTS: grant 'trade-g1' of data asset 'loans'/,
    );
    await ledger.submit(CC, 'RetireDataAsset', ['loans', 'superseded'], { caller: alice });
    await expectRelayRefused(
      ledger,
      ['loans', tradeGrant({ grantId: 'trade-g2' })],
      /^FAILED_PRECONDITION: data asset 'loans' is retired$/,
    );
  });
});
