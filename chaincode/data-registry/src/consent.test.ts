import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import {
  alice,
  bob,
  CC,
  carol,
  dave,
  exchangeAdmin,
  expectRefused,
  hash,
  reg,
  register,
  seed,
  setUp,
  stranger,
} from './testing/fixtures';
import { grantByDidKey, grantByMspKey, grantKey } from './keys';
import type { AccessDecision, AccessGrant, AccessRecord, DataRegistryPage } from './model';
import { MAX_ACTIVE_GRANTS_PER_GRANTEE } from './consent-store';

const LATER = '2025-06-01T00:00:00.000Z';

function grantJson(grantId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ grantId, purposes: ['credit-scoring'], expiresAt: LATER, ...fields });
}

async function grant(ledger: InMemoryLedger, assetId: string, grantId: string, fields: Record<string, unknown>) {
  return ledger.submit(CC, 'GrantAccess', [assetId, grantJson(grantId, fields)], { caller: alice });
}

async function check(ledger: InMemoryLedger, assetId: string, did: string, purpose: string): Promise<AccessDecision> {
  return (await ledger.evaluate(CC, 'CheckAccess', [assetId, did, purpose], { caller: reg })).result as AccessDecision;
}

describe('consent', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    await register(ledger, 'loans');
  });

  it('grants by DID for named purposes only', async () => {
    const res = await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    const stored = res.result as AccessGrant;
    expect(stored).toEqual({
      assetId: 'loans',
      grantId: 'g1',
      granteeDid: bob.did,
      purposes: ['credit-scoring'],
      expiresAt: LATER,
      status: 'active',
      grantedBy: alice.did,
      grantedAt: res.timestamp,
    });
    expect(ledger.getJson(CC, grantKey('loans', 'g1'))).toEqual(stored);
    expect(ledger.getJson(CC, grantByDidKey('loans', bob.did, 'g1'))).toEqual(stored);
    expect(res.event).toMatchObject({
      name: 'AccessGranted',
      json: { assetId: 'loans', grantId: 'g1', granteeDid: bob.did },
    });

    expect(await check(ledger, 'loans', bob.did, 'credit-scoring')).toEqual({
      allowed: true,
      reason: 'grant',
      grantId: 'g1',
    });
    expect(await check(ledger, 'loans', bob.did, 'research')).toEqual({
      allowed: false,
      reason: 'purpose-not-granted',
    });
    expect(await check(ledger, 'loans', bob.did, 'marketing')).toEqual({
      allowed: false,
      reason: 'purpose-not-in-policy',
    });
    expect(await check(ledger, 'loans', dave.did, 'credit-scoring')).toEqual({ allowed: false, reason: 'no-grant' });
    // The owner is always allowed.
    expect(await check(ledger, 'loans', alice.did, 'anything')).toEqual({ allowed: true, reason: 'owner' });
  });

  it('grants by organization to its active data consumers', async () => {
    const res = await grant(ledger, 'loans', 'org', { granteeMsp: 'EnterpriseMSP', purposes: ['research'] });
    expect(ledger.getJson(CC, grantByMspKey('loans', 'EnterpriseMSP', 'org'))).toEqual(res.result);
    expect(await check(ledger, 'loans', dave.did, 'research')).toEqual({
      allowed: true,
      reason: 'grant',
      grantId: 'org',
    });
    expect(await check(ledger, 'loans', bob.did, 'research')).toMatchObject({ allowed: true });
    expect(await check(ledger, 'loans', carol.did, 'research')).toEqual({ allowed: false, reason: 'no-grant' });
    // Known identities that are not consumers, unknown and suspended ones are refused.
    await seed(ledger, reg, { roles: ['regulator'] });
    await grant(ledger, 'loans', 'reg', { granteeMsp: 'RegulatorMSP', purposes: ['research'] });
    expect(await check(ledger, 'loans', reg.did, 'research')).toEqual({
      allowed: false,
      reason: 'requester-not-consumer',
    });
    expect(await check(ledger, 'loans', stranger.did, 'research')).toEqual({
      allowed: false,
      reason: 'requester-unknown',
    });
    await seed(ledger, dave, { roles: ['data-consumer'], status: 'suspended' });
    expect(await check(ledger, 'loans', dave.did, 'research')).toEqual({
      allowed: false,
      reason: 'requester-inactive',
    });
  });

  it('stops allowing access when a grant expires', async () => {
    const expiresAt = new Date(Date.parse(ledger.now) + 3_600_000).toISOString();
    await grant(ledger, 'loans', 'short', { granteeDid: bob.did, expiresAt });
    expect(await check(ledger, 'loans', bob.did, 'credit-scoring')).toMatchObject({ allowed: true });
    ledger.advanceTime(2 * 3_600_000);
    expect(await check(ledger, 'loans', bob.did, 'credit-scoring')).toEqual({
      allowed: false,
      reason: 'grant-expired',
    });
    await expectRefused(
      ledger,
      'RecordAccess',
      ['loans', 'credit-scoring', hash('d')],
      /^FORBIDDEN: access to data asset 'loans' for purpose 'credit-scoring' is not allowed: grant-expired$/,
      { caller: bob },
    );
  });

  it('stops allowing access when a grant is revoked, keeping the revoked record', async () => {
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    await expectRefused(
      ledger,
      'RevokeAccess',
      ['loans', 'g1'],
      /^FORBIDDEN: revoking access requires being the owner/,
      {
        caller: bob,
      },
    );
    const res = await ledger.submit(CC, 'RevokeAccess', ['loans', 'g1']);
    expect(res.result).toMatchObject({ status: 'revoked', revokedBy: alice.did, revokedAt: res.timestamp });
    expect(res.event).toMatchObject({ name: 'AccessRevoked', json: { assetId: 'loans', grantId: 'g1' } });
    expect(ledger.getJson(CC, grantKey('loans', 'g1'))).toMatchObject({ status: 'revoked' });
    expect(ledger.getState(CC, grantByDidKey('loans', bob.did, 'g1'))).toBeUndefined();
    expect(await check(ledger, 'loans', bob.did, 'credit-scoring')).toEqual({ allowed: false, reason: 'no-grant' });

    await expectRefused(
      ledger,
      'RevokeAccess',
      ['loans', 'g1'],
      /^FAILED_PRECONDITION: grant 'g1' of data asset 'loans' is already revoked$/,
    );
    await expectRefused(
      ledger,
      'RevokeAccess',
      ['loans', 'g9'],
      /^NOT_FOUND: grant 'g9' of data asset 'loans' does not exist$/,
    );
    await expectRefused(ledger, 'RevokeAccess', ['loans', 'g 9'], /^INVALID_ARGUMENT: grantId: /);
    // A revoked grant ID stays taken.
    await expectRefused(
      ledger,
      'GrantAccess',
      ['loans', grantJson('g1', { granteeDid: bob.did })],
      /^ALREADY_EXISTS: grant 'g1' of data asset 'loans' already exists$/,
    );
  });

  it('applies policy changes to existing grants at once', async () => {
    await register(ledger, 'imp', {
      classification: 'important',
      policy: {
        purposes: ['credit-scoring', 'research'],
        allowedMsps: ['EnterpriseMSP'],
        expiresAt: '2025-09-01T00:00:00Z',
        tradable: false,
        crossBorder: false,
      },
    });
    await grant(ledger, 'imp', 'g1', { granteeDid: bob.did });
    await expectRefused(
      ledger,
      'GrantAccess',
      ['imp', grantJson('g2', { granteeMsp: 'RegulatorMSP' })],
      /^FAILED_PRECONDITION: granteeMsp: organization RegulatorMSP is not in the policy's allowedMsps$/,
    );
    await expectRefused(
      ledger,
      'GrantAccess',
      ['imp', grantJson('g2', { granteeDid: carol.did })],
      /^FAILED_PRECONDITION: granteeDid: organization ExchangeMSP is not in the policy's allowedMsps$/,
    );
    await expectRefused(
      ledger,
      'GrantAccess',
      ['imp', grantJson('g2', { granteeDid: dave.did, expiresAt: '2025-10-01T00:00:00Z' })],
      /^FAILED_PRECONDITION: expiresAt: must not be after the policy's expiry 2025-09-01T00:00:00.000Z$/,
    );
    expect(await check(ledger, 'imp', bob.did, 'credit-scoring')).toMatchObject({ allowed: true });

    const narrowed = {
      purposes: ['credit-scoring'],
      allowedMsps: ['OtherMSP'],
      expiresAt: '2025-09-01T00:00:00Z',
      tradable: false,
      crossBorder: false,
    };
    await ledger.submit(CC, 'UpdateDataAsset', ['imp', JSON.stringify({ policy: narrowed })]);
    expect(await check(ledger, 'imp', bob.did, 'credit-scoring')).toEqual({
      allowed: false,
      reason: 'msp-not-allowed',
    });
    expect(await check(ledger, 'imp', bob.did, 'research')).toEqual({
      allowed: false,
      reason: 'purpose-not-in-policy',
    });
    ledger.setTime('2025-09-02T00:00:00Z');
    expect(await check(ledger, 'imp', bob.did, 'credit-scoring')).toEqual({ allowed: false, reason: 'policy-expired' });
  });

  it('refuses everything on a retired asset', async () => {
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    await ledger.submit(CC, 'RetireDataAsset', ['loans', 'withdrawn']);
    expect(await check(ledger, 'loans', bob.did, 'credit-scoring')).toEqual({
      allowed: false,
      reason: 'asset-retired',
    });
    expect(await check(ledger, 'loans', alice.did, 'credit-scoring')).toEqual({
      allowed: false,
      reason: 'asset-retired',
    });
    await expectRefused(
      ledger,
      'GrantAccess',
      ['loans', grantJson('g2', { granteeDid: dave.did })],
      /^FAILED_PRECONDITION: data asset 'loans' is retired$/,
    );
    await expectRefused(
      ledger,
      'RecordAccess',
      ['loans', 'credit-scoring', hash('d')],
      /^FAILED_PRECONDITION: data asset 'loans' is retired$/,
      { caller: bob },
    );
    // Revoking still works: it only takes access away.
    await ledger.submit(CC, 'RevokeAccess', ['loans', 'g1']);
  });

  it('refuses grants that break the rules', async () => {
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    const refusals: [string, Parameters<typeof ledger.submit>[3], RegExp][] = [
      [
        grantJson('g2', { granteeDid: bob.did, granteeMsp: 'EnterpriseMSP' }),
        {},
        /^INVALID_ARGUMENT: granteeDid: exactly one/,
      ],
      [grantJson('g2', {}), {}, /^INVALID_ARGUMENT: granteeDid: exactly one of granteeDid and granteeMsp/],
      [
        grantJson('g2', { granteeDid: bob.did, expiresAt: '2025-01-01T00:00:00Z' }),
        {},
        /^INVALID_ARGUMENT: expiresAt: must be in the future$/,
      ],
      [grantJson('g2', { granteeDid: bob.did, expiresAt: 'soon' }), {}, /^INVALID_ARGUMENT: expiresAt: /],
      [grantJson('g2', { granteeDid: bob.did, purposes: [] }), {}, /^INVALID_ARGUMENT: purposes: /],
      [
        grantJson('g2', { granteeDid: bob.did, purposes: ['research', 'research'] }),
        {},
        /^INVALID_ARGUMENT: purposes: .*duplicates/,
      ],
      [grantJson('g2', { granteeDid: bob.did, extra: 1 }), {}, /^INVALID_ARGUMENT: grant: .*extra/],
      [grantJson('g2', { granteeMsp: 'Enterprise MSP' }), {}, /^INVALID_ARGUMENT: granteeMsp: /],
      [grantJson('g\u0001', { granteeDid: bob.did }), {}, /^INVALID_ARGUMENT: grantId: /],
      ['{', {}, /^INVALID_ARGUMENT: grant: malformed JSON/],
      [
        grantJson('g2', { granteeDid: bob.did, purposes: ['research', 'marketing'] }),
        {},
        /^FAILED_PRECONDITION: purposes\[1\]: 'marketing' is not a purpose of the asset's policy$/,
      ],
      [grantJson('g2', { granteeDid: stranger.did }), {}, /^NOT_FOUND: granteeDid: identity '.*' does not exist$/],
      [grantJson('g2', { granteeDid: alice.did }), {}, /^FAILED_PRECONDITION: granteeDid: the owner needs no grant$/],
      [grantJson('g1', { granteeDid: dave.did }), {}, /^ALREADY_EXISTS: /],
      [
        grantJson('g2', { granteeDid: dave.did }),
        { caller: carol },
        /^FORBIDDEN: granting access requires being the owner of data asset 'loans'$/,
      ],
    ];
    for (const [json, options, message] of refusals) {
      await expectRefused(ledger, 'GrantAccess', ['loans', json], message, { caller: alice, ...options });
    }
    await expectRefused(ledger, 'GrantAccess', ['ghost', grantJson('g2', { granteeDid: bob.did })], /^NOT_FOUND: /);
    await seed(ledger, dave, { roles: ['data-consumer'], status: 'suspended' });
    await expectRefused(
      ledger,
      'GrantAccess',
      ['loans', grantJson('g2', { granteeDid: dave.did })],
      /^FAILED_PRECONDITION: granteeDid: identity '.*' is suspended$/,
    );
  });

  it(`bounds the active grants per grantee at ${MAX_ACTIVE_GRANTS_PER_GRANTEE}, pruning expired ones`, async () => {
    const soon = new Date(Date.parse(ledger.now) + 60_000).toISOString();
    await grant(ledger, 'loans', 'old', { granteeMsp: 'EnterpriseMSP', expiresAt: soon });
    for (let i = 1; i < MAX_ACTIVE_GRANTS_PER_GRANTEE; i += 1) {
      await grant(ledger, 'loans', `g${i}`, { granteeMsp: 'EnterpriseMSP' });
    }
    await expectRefused(
      ledger,
      'GrantAccess',
      ['loans', grantJson('g10', { granteeMsp: 'EnterpriseMSP' })],
      /^FAILED_PRECONDITION: granteeMsp: already holds 10 active grants on data asset 'loans'$/,
    );
    ledger.advanceTime(120_000);
    await grant(ledger, 'loans', 'g10', { granteeMsp: 'EnterpriseMSP' });
    expect(ledger.getState(CC, grantByMspKey('loans', 'EnterpriseMSP', 'old'))).toBeUndefined();
    expect(ledger.getJson(CC, grantKey('loans', 'old'))).toMatchObject({ status: 'active', grantId: 'old' });
  });

  it('refuses malformed CheckAccess arguments', async () => {
    await expect(ledger.evaluate(CC, 'CheckAccess', ['loans', 'bob', 'research'])).rejects.toThrow(
      /^INVALID_ARGUMENT: requesterDid: /,
    );
    await expect(ledger.evaluate(CC, 'CheckAccess', ['loans', bob.did, 'Research!'])).rejects.toThrow(
      /^INVALID_ARGUMENT: purpose: /,
    );
    await expect(ledger.evaluate(CC, 'CheckAccess', ['nope', bob.did, 'research'])).rejects.toThrow(/^NOT_FOUND: /);
  });
});

describe('RecordAccess and ListAccessRecords', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    await register(ledger, 'loans');
    await register(ledger, 'other');
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did, purposes: ['credit-scoring', 'research'] });
  });

  it('appends a record per allowed access, under the grant or as owner', async () => {
    const res = await ledger.submit(CC, 'RecordAccess', ['loans', 'credit-scoring', hash('e')], { caller: bob });
    const record = res.result as AccessRecord;
    expect(record).toEqual({
      assetId: 'loans',
      txId: res.txId,
      accessorDid: bob.did,
      accessorMsp: 'EnterpriseMSP',
      purpose: 'credit-scoring',
      detailsHash: hash('e'),
      basis: 'grant',
      grantId: 'g1',
      recordedAt: res.timestamp,
    });
    expect(res.event).toMatchObject({
      name: 'AccessRecorded',
      json: { assetId: 'loans', accessorDid: bob.did, grantId: 'g1', txId: res.txId },
    });
    const own = await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('f')], { caller: alice });
    expect(own.result).toMatchObject({ basis: 'owner', accessorDid: alice.did });
    expect((own.result as AccessRecord).grantId).toBeUndefined();
  });

  it('refuses accesses that are not allowed and malformed arguments', async () => {
    await expectRefused(
      ledger,
      'RecordAccess',
      ['loans', 'research', hash('e')],
      /^FORBIDDEN: access to data asset 'loans' for purpose 'research' is not allowed: no-grant$/,
      { caller: dave },
    );
    await seed(ledger, bob, { roles: ['data-consumer'], status: 'suspended' });
    await expectRefused(ledger, 'RecordAccess', ['loans', 'research', hash('e')], /not allowed: requester-inactive$/, {
      caller: bob,
    });
    await expectRefused(
      ledger,
      'RecordAccess',
      ['loans', 'research', 'E'.repeat(64)],
      /^INVALID_ARGUMENT: detailsHash: /,
      {
        caller: bob,
      },
    );
    await expectRefused(ledger, 'RecordAccess', ['loans', '', hash('e')], /^INVALID_ARGUMENT: purpose: /, {
      caller: bob,
    });
    await expectRefused(ledger, 'RecordAccess', ['ghost', 'research', hash('e')], /^NOT_FOUND: /, { caller: bob });
  });

  it('lists the audit trail chronologically across pages for the owner, its org admins and regulators', async () => {
    const txIds: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash(String(i))], { caller: bob });
      txIds.push(res.txId);
    }
    await ledger.submit(CC, 'RecordAccess', ['other', 'research', hash('9')], { caller: alice });

    for (const reader of [alice, exchangeAdmin, reg]) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let bookmark = '';
      do {
        const page = (await ledger.evaluate(CC, 'ListAccessRecords', ['loans', '2', bookmark], { caller: reader }))
          .result as DataRegistryPage<AccessRecord>;
        seen.push(...page.items.map((r) => r.txId));
        sizes.push(page.items.length);
        bookmark = page.bookmark;
      } while (bookmark !== '');
      expect(seen).toEqual(txIds);
      expect(sizes).toEqual([2, 2, 1]);
    }
    const all = (await ledger.evaluate(CC, 'ListAccessRecords', ['loans', '', '']))
      .result as DataRegistryPage<AccessRecord>;
    expect(all.items.map((r) => r.detailsHash)).toEqual([0, 1, 2, 3, 4].map((i) => hash(String(i))));
  });

  it('refuses other readers, foreign bookmarks and bad page sizes', async () => {
    await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('1')], { caller: bob });
    await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('2')], { caller: bob });
    await ledger.submit(CC, 'RecordAccess', ['other', 'research', hash('3')], { caller: alice });
    await ledger.submit(CC, 'RecordAccess', ['other', 'research', hash('4')], { caller: alice });
    const forbidden =
      /^FORBIDDEN: listing access records of data asset 'loans' requires being its owner, an admin of ExchangeMSP, or the regulator role$/;
    for (const caller of [bob, carol, stranger]) {
      await expect(ledger.evaluate(CC, 'ListAccessRecords', ['loans', '10', ''], { caller })).rejects.toThrow(
        forbidden,
      );
    }
    const otherPage = (await ledger.evaluate(CC, 'ListAccessRecords', ['other', '1', '']))
      .result as DataRegistryPage<AccessRecord>;
    await expect(ledger.evaluate(CC, 'ListAccessRecords', ['loans', '1', otherPage.bookmark])).rejects.toThrow(
      'INVALID_ARGUMENT: bookmark: does not belong to this listing',
    );
    await expect(ledger.evaluate(CC, 'ListAccessRecords', ['loans', '10000', ''])).rejects.toThrow(
      /^INVALID_ARGUMENT: pageSize: /,
    );
    await expect(ledger.evaluate(CC, 'ListAccessRecords', ['nope', '10', ''])).rejects.toThrow(/^NOT_FOUND: /);
  });
});

describe('ListAccessGrants', () => {
  let ledger: InMemoryLedger;
  const list = async (assetId: string, pageSize: string, bookmark: string, caller = alice) =>
    (await ledger.evaluate(CC, 'ListAccessGrants', [assetId, pageSize, bookmark], { caller }))
      .result as DataRegistryPage<AccessGrant>;

  beforeEach(async () => {
    ledger = await setUp();
    await register(ledger, 'loans');
    await register(ledger, 'other');
  });

  it('lists active and revoked grants in grant-ID order, page by page, for the owner, its org admins and regulators', async () => {
    const granted: AccessGrant[] = [];
    for (const [grantId, fields] of [
      ['g3', { granteeDid: bob.did }],
      ['g1', { granteeMsp: 'EnterpriseMSP', purposes: ['research'] }],
      ['g2', { granteeDid: dave.did }],
    ] as const) {
      granted.push((await grant(ledger, 'loans', grantId, fields)).result as AccessGrant);
    }
    await grant(ledger, 'other', 'g0', { granteeDid: bob.did });
    const revoked = (await ledger.submit(CC, 'RevokeAccess', ['loans', 'g2'])).result as AccessGrant;
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: alice.did });
    const expected = [granted[1], revoked, granted[0]];

    for (const reader of [alice, exchangeAdmin, reg]) {
      const seen: AccessGrant[] = [];
      const sizes: number[] = [];
      let bookmark = '';
      do {
        const page = await list('loans', '2', bookmark, reader);
        seen.push(...page.items);
        sizes.push(page.fetchedCount);
        bookmark = page.bookmark;
      } while (bookmark !== '');
      expect(seen).toEqual(expected);
      expect(sizes).toEqual([2, 1]);
    }
    // The default page holds them all; the grantee index copies are not listed.
    expect((await list('loans', '', '')).items.map((g) => g.grantId)).toEqual(['g1', 'g2', 'g3']);
    // No grant yet: an empty last page.
    await register(ledger, 'fresh');
    expect(await list('fresh', '10', '')).toEqual({ items: [], bookmark: '', fetchedCount: 0 });
    // A page larger than the maximum is capped, not refused.
    expect((await list('loans', '5000', '')).items).toHaveLength(3);
  });

  it('lists the grants of a retired asset, whose owner keeps the audit trail', async () => {
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    await ledger.submit(CC, 'RetireDataAsset', ['loans', 'superseded']);
    expect((await list('loans', '', '', reg)).items.map((g) => g.grantId)).toEqual(['g1']);
  });

  it('refuses other readers (grantees included), foreign bookmarks and malformed arguments, changing nothing', async () => {
    await grant(ledger, 'loans', 'g1', { granteeDid: bob.did });
    await grant(ledger, 'other', 'a1', { granteeDid: bob.did });
    await grant(ledger, 'other', 'a2', { granteeDid: dave.did });
    const forbidden =
      /^FORBIDDEN: listing access grants of data asset 'loans' requires being its owner, an admin of ExchangeMSP, or the regulator role$/;
    for (const caller of [bob, carol, dave, stranger]) {
      await expect(ledger.evaluate(CC, 'ListAccessGrants', ['loans', '10', ''], { caller })).rejects.toThrow(forbidden);
      await expectRefused(ledger, 'ListAccessGrants', ['loans', '10', ''], forbidden, { caller });
    }
    const otherPage = await list('other', '1', '');
    expect(otherPage.bookmark).not.toBe('');
    const cases: [string[], RegExp][] = [
      [['loans', '1', otherPage.bookmark], /^INVALID_ARGUMENT: bookmark: does not belong to this listing$/],
      [['loans', '10000', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['loans', '-1', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['loans', '1.5', ''], /^INVALID_ARGUMENT: pageSize: /],
      [['', '10', ''], /^INVALID_ARGUMENT: id: /],
      [['loans\u0000x', '10', ''], /^INVALID_ARGUMENT: id: /],
      [['ghost', '10', ''], /^NOT_FOUND: data asset 'ghost' does not exist$/],
    ];
    for (const [args, message] of cases) {
      await expect(ledger.evaluate(CC, 'ListAccessGrants', args)).rejects.toThrow(message);
      await expectRefused(ledger, 'ListAccessGrants', args, message);
    }
  });
});
