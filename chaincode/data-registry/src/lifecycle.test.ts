import { canonicalSha256 } from '@ndi/chaincode-common';
import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import {
  alice,
  bob,
  CC,
  carol,
  endorsers,
  expectRefused,
  hash,
  register,
  seed,
  setUp,
  storePrivateMetadata,
  stranger,
} from './testing/fixtures';
import { hashKey, ownerIndexKey, privateMetadataKey, versionKey } from './keys';
import type { DataAsset, DataAssetHistory } from './model';

const newContent = { contentHash: hash('b'), sizeBytes: '2048', format: 'parquet' };

describe('UpdateDataAsset', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    await register(ledger, 'a1');
  });

  it('makes a new version when the content changes and keeps every version', async () => {
    const res = await ledger.submit(CC, 'UpdateDataAsset', [
      'a1',
      JSON.stringify({ ...newContent, storageUri: 's3://exchange/a1-v2.parquet' }),
    ]);
    const asset = res.result as DataAsset;
    expect(asset).toMatchObject({ version: 2, contentHash: hash('b'), sizeBytes: '2048', format: 'parquet' });
    expect(asset.updatedAt).toBe(res.timestamp);
    expect(ledger.getJson(CC, versionKey('a1', 2))).toMatchObject({ version: 2, contentHash: hash('b') });
    expect(ledger.getJson(CC, versionKey('a1', 1))).toMatchObject({ version: 1, contentHash: hash('a') });
    expect(res.event).toMatchObject({
      name: 'DataAssetUpdated',
      json: { id: 'a1', version: 2, newVersion: true, fields: ['contentHash', 'format', 'sizeBytes', 'storageUri'] },
    });
  });

  it('changes metadata and policy without a new version', async () => {
    const policy = { purposes: ['research'], tradable: false, crossBorder: false };
    const res = await ledger.submit(CC, 'UpdateDataAsset', [
      'a1',
      JSON.stringify({ title: 'Renamed', description: 'now described', policy }),
    ]);
    expect(res.result).toMatchObject({ version: 1, title: 'Renamed', description: 'now described', policy });
    expect(ledger.getState(CC, versionKey('a1', 2))).toBeUndefined();
    expect(res.event?.json).toMatchObject({ newVersion: false, fields: ['description', 'policy', 'title'] });
  });

  it('attaches private metadata stored before, by its hash', async () => {
    const hash = await storePrivateMetadata(ledger, 'a1', { steward: 'Li Si' });
    const res = await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ privateMetadataHash: hash })]);
    expect(res.result).toMatchObject({ version: 1, privateMetadataHash: canonicalSha256({ steward: 'Li Si' }) });
    expect(ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('a1', hash))?.toString()).toBe(
      '{"steward":"Li Si"}',
    );
    expect(res.event?.json).toMatchObject({ fields: ['privateMetadataHash'] });
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['a1', '{}'],
      /^INVALID_ARGUMENT: patch: must change at least one field$/,
    );
  });

  it('refuses non-owners, suspended owners, retired assets and unchanged content', async () => {
    const patch = JSON.stringify({ title: 'x' });
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['a1', patch],
      /^FORBIDDEN: updating a data asset requires being the owner of data asset 'a1'$/,
      { caller: carol },
    );
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['a1', JSON.stringify({ contentHash: hash('a') })],
      /^FAILED_PRECONDITION: contentHash: equals the current content hash/,
    );
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['a1', JSON.stringify({ policy: { purposes: ['x'], tradable: false, crossBorder: false, allowedMsps: [] } })],
      /^INVALID_ARGUMENT: policy\.allowedMsps: /,
    );
    await expectRefused(ledger, 'UpdateDataAsset', ['ghost', patch], /^NOT_FOUND: data asset 'ghost' does not exist$/);
    await seed(ledger, alice, { roles: ['data-provider'], status: 'suspended' });
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['a1', patch],
      /^FORBIDDEN: updating a data asset requires an active identity; did:ndi:ExchangeMSP:[0-9a-f]{32} is suspended$/,
    );
    await seed(ledger, alice, { roles: ['data-provider'] });
    await ledger.submit(CC, 'RetireDataAsset', ['a1', 'obsolete']);
    await expectRefused(ledger, 'UpdateDataAsset', ['a1', patch], /^FAILED_PRECONDITION: data asset 'a1' is retired$/);
  });

  it('refuses a policy that breaks the tier rules of the stored classification', async () => {
    await register(ledger, 'core1', {
      classification: 'core',
      policy: { purposes: ['statistics'], allowedMsps: ['RegulatorMSP'], tradable: false, crossBorder: false },
    });
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      [
        'core1',
        JSON.stringify({
          policy: { purposes: ['statistics'], allowedMsps: ['RegulatorMSP'], tradable: true, crossBorder: false },
        }),
      ],
      /^FAILED_PRECONDITION: policy\.tradable: core data must not be tradable$/,
    );
  });

  it.each([
    ['an empty patch', ['a1', '{}'], /^INVALID_ARGUMENT: patch: must change at least one field/],
    ['a non-patchable field', ['a1', '{"category":"tax"}'], /^INVALID_ARGUMENT: patch: .*category/],
    ['an owner change', ['a1', '{"ownerDid":"x"}'], /^INVALID_ARGUMENT: patch: .*ownerDid/],
    ['a size without content', ['a1', '{"sizeBytes":"5"}'], /^INVALID_ARGUMENT: sizeBytes: may only change together/],
    ['a format without content', ['a1', '{"format":"csv"}'], /^INVALID_ARGUMENT: format: may only change together/],
    ['a bad hash', ['a1', '{"contentHash":"xyz"}'], /^INVALID_ARGUMENT: contentHash: /],
    ['malformed JSON', ['a1', 'nope'], /^INVALID_ARGUMENT: patch: malformed JSON/],
    ['a bad id', ['a 1', '{"title":"t"}'], /^INVALID_ARGUMENT: id: /],
    [
      'a past policy expiry',
      [
        'a1',
        JSON.stringify({
          policy: { purposes: ['r'], tradable: false, crossBorder: false, expiresAt: '2024-01-01T00:00:00Z' },
        }),
      ],
      /^INVALID_ARGUMENT: policy\.expiresAt: must be in the future$/,
    ],
  ])('refuses %s with INVALID_ARGUMENT', async (_, args, message) => {
    await expectRefused(ledger, 'UpdateDataAsset', args, message, { caller: carol });
  });
});

describe('VerifyDataIntegrity', () => {
  it('matches the current version, any previous version, or nothing', async () => {
    const ledger = await setUp();
    await register(ledger, 'a1');
    await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ contentHash: hash('b') })]);
    await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ contentHash: hash('c') })]);
    const verify = async (h: string): Promise<unknown> =>
      (await ledger.evaluate(CC, 'VerifyDataIntegrity', ['a1', h], { caller: bob })).result;
    expect(await verify(hash('c'))).toEqual({ match: 'current', version: 3 });
    expect(await verify(hash('b'))).toEqual({ match: 'previous', version: 2 });
    expect(await verify(hash('a'))).toEqual({ match: 'previous', version: 1 });
    expect(await verify(hash('d'))).toEqual({ match: 'none' });
    expect(ledger.getJson(CC, hashKey('a1', hash('a')))).toEqual({ version: 1 });

    // Returning to older content makes a new version that the hash now points at.
    await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ contentHash: hash('a') })]);
    expect(await verify(hash('a'))).toEqual({ match: 'current', version: 4 });
    expect(await verify(hash('c'))).toEqual({ match: 'previous', version: 3 });

    await expect(ledger.evaluate(CC, 'VerifyDataIntegrity', ['a1', 'ABC'])).rejects.toThrow(
      /^INVALID_ARGUMENT: contentHash: /,
    );
    await expect(ledger.evaluate(CC, 'VerifyDataIntegrity', ['zz', hash('a')])).rejects.toThrow(/^NOT_FOUND: /);
  });
});

describe('TransferDataAsset', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
    const privateMetadataHash = await storePrivateMetadata(ledger, 'a1', { steward: 'Li Si' });
    await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify({ ...baseAsset('a1'), privateMetadataHash })]);
  });

  it('moves ownership, the owner index and the key-level endorsement to the new owner org', async () => {
    expect(endorsers(ledger, 'a1')).toEqual(['ExchangeMSP']);
    const res = await ledger.submit(CC, 'TransferDataAsset', ['a1', bob.did]);
    const asset = res.result as DataAsset;
    expect(asset).toMatchObject({ ownerDid: bob.did, ownerMsp: 'EnterpriseMSP', registeredBy: alice.did });
    expect(asset.privateMetadataHash).toBeUndefined();
    expect(endorsers(ledger, 'a1')).toEqual(['EnterpriseMSP']);
    expect(ledger.getState(CC, ownerIndexKey(alice.did, 'a1'))).toBeUndefined();
    expect(ledger.getJson(CC, ownerIndexKey(bob.did, 'a1'))).toEqual({ id: 'a1' });
    expect(
      ledger.getPrivateData(
        CC,
        '_implicit_org_ExchangeMSP',
        privateMetadataKey('a1', canonicalSha256({ steward: 'Li Si' })),
      ),
    ).toBeUndefined();
    expect(res.event).toMatchObject({
      name: 'DataAssetTransferred',
      json: { id: 'a1', fromDid: alice.did, toDid: bob.did, toMsp: 'EnterpriseMSP', privateMetadataRemoved: true },
    });
    // The new owner now acts as owner; the old one no longer can.
    await ledger.submit(CC, 'UpdateDataAsset', ['a1', '{"title":"Mine now"}'], { caller: bob });
    await expectRefused(ledger, 'UpdateDataAsset', ['a1', '{"title":"x"}'], /^FORBIDDEN: .*owner/, { caller: alice });
  });

  it('keeps private metadata when the organization stays the same', async () => {
    const res = await ledger.submit(CC, 'TransferDataAsset', ['a1', carol.did]);
    const hash = canonicalSha256({ steward: 'Li Si' });
    expect((res.result as DataAsset).privateMetadataHash).toBe(hash);
    expect(ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('a1', hash))).toBeDefined();
    expect(endorsers(ledger, 'a1')).toEqual(['ExchangeMSP']);
    expect(res.event?.json).toMatchObject({ privateMetadataRemoved: false });
  });

  it('refuses non-owners, self-transfers, unknown or suspended new owners and retired assets', async () => {
    await expectRefused(ledger, 'TransferDataAsset', ['a1', bob.did], /^FORBIDDEN: transferring .* owner/, {
      caller: carol,
    });
    await expectRefused(
      ledger,
      'TransferDataAsset',
      ['a1', alice.did],
      /^FAILED_PRECONDITION: newOwnerDid: already owns/,
    );
    await expectRefused(
      ledger,
      'TransferDataAsset',
      ['a1', stranger.did],
      /^NOT_FOUND: newOwnerDid: identity 'did:ndi:EnterpriseMSP:[0-9a-f]+' does not exist$/,
    );
    await seed(ledger, bob, { status: 'revoked' });
    await expectRefused(
      ledger,
      'TransferDataAsset',
      ['a1', bob.did],
      /^FAILED_PRECONDITION: newOwnerDid: .* is revoked$/,
    );
    await expectRefused(ledger, 'TransferDataAsset', ['a1', 'did:web:example.com'], /^INVALID_ARGUMENT: newOwnerDid: /);
    await expectRefused(ledger, 'TransferDataAsset', ['a:1', carol.did], /^NOT_FOUND: /);
    await ledger.submit(CC, 'RetireDataAsset', ['a1', 'obsolete']);
    await expectRefused(
      ledger,
      'TransferDataAsset',
      ['a1', carol.did],
      /^FAILED_PRECONDITION: data asset 'a1' is retired$/,
    );
  });
});

describe('RetireDataAsset and GetDataAssetHistory', () => {
  it('retires once, keeps the record readable, and lists its changes newest first', async () => {
    const ledger = await setUp();
    const reg = await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(baseAsset('a1'))]);
    const upd = await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ contentHash: hash('b') })]);
    const ret = await ledger.submit(CC, 'RetireDataAsset', ['a1', 'replaced by a2']);
    expect(ret.result).toMatchObject({ status: 'retired', retiredReason: 'replaced by a2', retiredAt: ret.timestamp });
    expect(ret.event).toMatchObject({ name: 'DataAssetRetired', json: { id: 'a1', reason: 'replaced by a2' } });
    await expectRefused(
      ledger,
      'RetireDataAsset',
      ['a1', 'again'],
      /^FAILED_PRECONDITION: data asset 'a1' is retired$/,
    );
    await expectRefused(ledger, 'RetireDataAsset', ['a1', ''], /^INVALID_ARGUMENT: reason: /);
    await expectRefused(ledger, 'RetireDataAsset', ['a1', 'r'.repeat(501)], /^INVALID_ARGUMENT: reason: /);
    await expectRefused(ledger, 'RetireDataAsset', ['a1', 'x'], /^FORBIDDEN: retiring .* owner/, { caller: bob });

    const history = (await ledger.evaluate(CC, 'GetDataAssetHistory', ['a1'], { caller: bob }))
      .result as DataAssetHistory;
    expect(history.id).toBe('a1');
    expect(history.truncated).toBe(false);
    expect(history.entries.map((e) => e.txId)).toEqual([ret.txId, upd.txId, reg.txId]);
    expect(history.entries.map((e) => e.asset?.version)).toEqual([2, 2, 1]);
    expect(history.entries[0]).toMatchObject({ isDelete: false, timestamp: ret.timestamp });
    await expect(ledger.evaluate(CC, 'GetDataAssetHistory', ['zz'])).rejects.toThrow(/^NOT_FOUND: /);
  });

  it('caps the history at the newest 50 changes', async () => {
    const ledger = await setUp();
    await register(ledger, 'a1');
    for (let i = 0; i < 50; i += 1) {
      await ledger.submit(CC, 'UpdateDataAsset', ['a1', JSON.stringify({ title: `t${i}` })]);
    }
    const history = (await ledger.evaluate(CC, 'GetDataAssetHistory', ['a1'])).result as DataAssetHistory;
    expect(history.entries).toHaveLength(50);
    expect(history.truncated).toBe(true);
    expect(history.entries[0]?.asset?.title).toBe('t49');
  });
});

function baseAsset(id: string): Record<string, unknown> {
  return {
    id,
    title: `Asset ${id}`,
    category: 'healthcare',
    classification: 'general',
    contentHash: hash('a'),
    sizeBytes: '10',
    format: 'text/csv',
    storageUri: `s3://exchange/${id}`,
    policy: { purposes: ['research'], tradable: false, crossBorder: false },
  };
}
