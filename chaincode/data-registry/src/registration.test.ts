import { canonicalSha256, sha256Hex } from '@ndi/chaincode-common';
import { createIdentity, type InMemoryLedger } from '@ndi/chaincode-common/testing';
import {
  alice,
  assetInput,
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
import { assetKey, categoryIndexKey, derivedKey, hashKey, ownerIndexKey, privateMetadataKey, versionKey } from './keys';
import type { DataAsset } from './model';

const secret = { contactName: 'Zhang San', contactPhone: '13800000000' };

describe('RegisterDataAsset', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
  });

  it('registers an asset owned by the caller, with version, indexes, endorsement and one event', async () => {
    const res = await ledger.submit(CC, 'RegisterDataAsset', [
      JSON.stringify(assetInput('loans-2024', { description: 'SME loans' })),
    ]);
    const asset = res.result as DataAsset;
    expect(asset).toEqual({
      id: 'loans-2024',
      title: 'Asset loans-2024',
      description: 'SME loans',
      category: 'finance',
      classification: 'general',
      contentHash: hash('a'),
      sizeBytes: '1048576',
      format: 'text/csv',
      storageUri: 's3://exchange/loans-2024.csv',
      derivedFrom: [],
      policy: { purposes: ['credit-scoring', 'research'], tradable: true, crossBorder: false },
      ownerDid: alice.did,
      ownerMsp: 'ExchangeMSP',
      status: 'active',
      version: 1,
      registeredBy: alice.did,
      registeredAt: res.timestamp,
      updatedAt: res.timestamp,
    });
    expect(ledger.getJson(CC, assetKey('loans-2024'))).toEqual(asset);
    expect(ledger.getJson(CC, versionKey('loans-2024', 1))).toMatchObject({
      version: 1,
      contentHash: hash('a'),
      txId: res.txId,
    });
    expect(ledger.getJson(CC, hashKey('loans-2024', hash('a')))).toEqual({ version: 1 });
    expect(ledger.getJson(CC, ownerIndexKey(alice.did, 'loans-2024'))).toEqual({ id: 'loans-2024' });
    expect(ledger.getJson(CC, categoryIndexKey('finance', 'loans-2024'))).toEqual({ id: 'loans-2024' });
    expect(endorsers(ledger, 'loans-2024')).toEqual(['ExchangeMSP']);
    expect(res.event).toMatchObject({
      name: 'DataAssetRegistered',
      json: { id: 'loans-2024', ownerDid: alice.did, ownerMsp: 'ExchangeMSP', contentHash: hash('a') },
    });
    expect(ledger.events.filter((e) => e.chaincode === CC)).toHaveLength(1);

    expect((await ledger.evaluate(CC, 'DataAssetExists', ['loans-2024'], { caller: bob })).result).toBe(true);
    expect((await ledger.evaluate(CC, 'DataAssetExists', ['nope'])).result).toBe(false);
    expect((await ledger.evaluate(CC, 'GetDataAsset', ['loans-2024'], { caller: bob })).result).toEqual(asset);
    await expect(ledger.evaluate(CC, 'GetDataAsset', ['nope'])).rejects.toThrow(
      "NOT_FOUND: data asset 'nope' does not exist",
    );
    await expect(ledger.evaluate(CC, 'DataAssetExists', ['bad id'])).rejects.toThrow(/^INVALID_ARGUMENT: id: /);
  });

  it('records lineage to existing parents and indexes each derivation child under its parent', async () => {
    await register(ledger, 'raw-a');
    await register(ledger, 'raw-b', {}, carol);
    const child = await register(ledger, 'joined', { derivedFrom: ['raw-a', 'raw-b'] });
    expect(child.derivedFrom).toEqual(['raw-a', 'raw-b']);
    expect(ledger.getJson(CC, derivedKey('raw-a', 'joined'))).toEqual({ parent: 'raw-a', child: 'joined' });
    expect(ledger.getJson(CC, derivedKey('raw-b', 'joined'))).toEqual({ parent: 'raw-b', child: 'joined' });
  });

  it('accepts core data with a closed, untradable, domestic policy and normalizes timestamps', async () => {
    const asset = await register(ledger, 'census', {
      category: 'civil-status',
      classification: 'core',
      policy: {
        purposes: ['statistics'],
        allowedMsps: ['RegulatorMSP'],
        expiresAt: '2030-01-01T00:00:00Z',
        tradable: false,
        crossBorder: false,
      },
    });
    expect(asset.policy).toEqual({
      purposes: ['statistics'],
      allowedMsps: ['RegulatorMSP'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      tradable: false,
      crossBorder: false,
    });
  });

  it('refuses callers without an active data-provider identity with FORBIDDEN', async () => {
    const json = JSON.stringify(assetInput('x'));
    const message = /^FORBIDDEN: registering a data asset requires an active identity with the data-provider role/;
    await expectRefused(ledger, 'RegisterDataAsset', [json], message, { caller: bob });
    await expectRefused(ledger, 'RegisterDataAsset', [json], message, { caller: stranger });
    await seed(ledger, alice, { roles: ['data-provider'], status: 'suspended' });
    await expectRefused(ledger, 'RegisterDataAsset', [json], message, { caller: alice });
  });

  it('refuses duplicates, unknown or retired parents', async () => {
    await register(ledger, 'a1');
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('a1', { contentHash: hash('b') }))],
      /^ALREADY_EXISTS: data asset 'a1' already exists$/,
    );
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('a2', { derivedFrom: ['a1', 'ghost'] }))],
      /^NOT_FOUND: derivedFrom\[1\]: data asset 'ghost' does not exist$/,
    );
    await ledger.submit(CC, 'RetireDataAsset', ['a1', 'superseded']);
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('a2', { derivedFrom: ['a1'] }))],
      /^FAILED_PRECONDITION: derivedFrom\[0\]: data asset 'a1' is retired$/,
    );
  });

  const policy = { purposes: ['research'], tradable: false, crossBorder: false };
  const badInputs: [string, string, RegExp][] = [
    ['malformed JSON', '{"id":', /^INVALID_ARGUMENT: asset: malformed JSON/],
    ['a non-string argument type', '42', /^INVALID_ARGUMENT: asset: /],
    ['an array', '[]', /^INVALID_ARGUMENT: asset: /],
    ['a missing field', JSON.stringify({ ...assetInput('a'), contentHash: undefined }), /contentHash: /],
    ['an extra field', JSON.stringify({ ...assetInput('a'), owner: 'me' }), /^INVALID_ARGUMENT: asset: .*owner/],
    ['a wrong type', JSON.stringify(assetInput('a', { sizeBytes: 1024 })), /^INVALID_ARGUMENT: sizeBytes: /],
    ['a negative size', JSON.stringify(assetInput('a', { sizeBytes: '-1' })), /^INVALID_ARGUMENT: sizeBytes: /],
    ['a fractional size', JSON.stringify(assetInput('a', { sizeBytes: '1.5' })), /sizeBytes: /],
    ['an uppercase hash', JSON.stringify(assetInput('a', { contentHash: 'A'.repeat(64) })), /contentHash: /],
    ['a short hash', JSON.stringify(assetInput('a', { contentHash: 'abc' })), /contentHash: /],
    ['an id with a control character', JSON.stringify(assetInput('a\u0000b')), /^INVALID_ARGUMENT: id: /],
    ['an id with a key delimiter', JSON.stringify(assetInput('a\u0000')), /^INVALID_ARGUMENT: id: /],
    ['an id with a slash', JSON.stringify(assetInput('a/b')), /^INVALID_ARGUMENT: id: /],
    ['an over-long id', JSON.stringify(assetInput('x'.repeat(65))), /^INVALID_ARGUMENT: id: /],
    ['an over-long title', JSON.stringify(assetInput('a', { title: 't'.repeat(201) })), /title: /],
    ['an empty title', JSON.stringify(assetInput('a', { title: '' })), /title: /],
    ['a title with a newline', JSON.stringify(assetInput('a', { title: 'a\nb' })), /title: /],
    ['an unknown category', JSON.stringify(assetInput('a', { category: 'mining' })), /category: /],
    ['an unknown classification', JSON.stringify(assetInput('a', { classification: 'secret' })), /classification: /],
    ['a storage URI without scheme', JSON.stringify(assetInput('a', { storageUri: 'bucket/key' })), /storageUri: /],
    ['a storage URI with spaces', JSON.stringify(assetInput('a', { storageUri: 's3://a b' })), /storageUri: /],
    ['duplicate parents', JSON.stringify(assetInput('a', { derivedFrom: ['p', 'p'] })), /derivedFrom: /],
    [
      'too many parents',
      JSON.stringify(assetInput('a', { derivedFrom: Array.from({ length: 17 }, (_, i) => `p${i}`) })),
      /derivedFrom: /,
    ],
    ['no purposes', JSON.stringify(assetInput('a', { policy: { ...policy, purposes: [] } })), /policy\.purposes: /],
    [
      'a malformed purpose',
      JSON.stringify(assetInput('a', { policy: { ...policy, purposes: ['Credit Scoring'] } })),
      /policy\.purposes\[0\]: /,
    ],
    [
      'an extra policy field',
      JSON.stringify(assetInput('a', { policy: { ...policy, resale: true } })),
      /policy: .*resale/,
    ],
    [
      'a bad MSP in allowedMsps',
      JSON.stringify(assetInput('a', { policy: { ...policy, allowedMsps: ['Org 1'] } })),
      /policy\.allowedMsps\[0\]: /,
    ],
    [
      'a malformed expiry',
      JSON.stringify(assetInput('a', { policy: { ...policy, expiresAt: 'tomorrow' } })),
      /policy\.expiresAt: /,
    ],
    [
      'a past expiry',
      JSON.stringify(assetInput('a', { policy: { ...policy, expiresAt: '2020-01-01T00:00:00Z' } })),
      /^INVALID_ARGUMENT: policy\.expiresAt: must be in the future$/,
    ],
    [
      'tradable core data',
      JSON.stringify(
        assetInput('a', { classification: 'core', policy: { ...policy, allowedMsps: ['X'], tradable: true } }),
      ),
      /^INVALID_ARGUMENT: policy\.tradable: core data must not be tradable$/,
    ],
    [
      'cross-border core data',
      JSON.stringify(
        assetInput('a', { classification: 'core', policy: { ...policy, allowedMsps: ['X'], crossBorder: true } }),
      ),
      /^INVALID_ARGUMENT: policy\.crossBorder: core data must not cross borders$/,
    ],
    [
      'important data open to every organization',
      JSON.stringify(assetInput('a', { classification: 'important', policy })),
      /^INVALID_ARGUMENT: policy\.allowedMsps: important data must name the organizations allowed$/,
    ],
  ];

  it.each(badInputs)(
    'refuses %s with INVALID_ARGUMENT naming the field, before reading state',
    async (_, json, message) => {
      // Even a caller without the provider role gets INVALID_ARGUMENT: arguments are checked first.
      await expectRefused(ledger, 'RegisterDataAsset', [json], message, { caller: bob });
      await expectRefused(ledger, 'RegisterDataAsset', [json], /^INVALID_ARGUMENT: /);
    },
  );
});

describe('private metadata', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
  });

  it('is stored on its own in the owner organization collection, then named by its hash on the record', async () => {
    const stored = await ledger.submit(CC, 'StorePrivateMetadata', ['m1'], {
      transient: { privateMetadata: secret },
      peerMspId: 'ExchangeMSP',
    });
    const hashOfSecret = canonicalSha256(secret);
    expect(stored.result).toEqual({
      assetId: 'm1',
      mspId: 'ExchangeMSP',
      collection: '_implicit_org_ExchangeMSP',
      privateMetadataHash: hashOfSecret,
      storedAt: stored.timestamp,
    });
    expect(stored.event).toMatchObject({ name: 'PrivateMetadataStored', json: stored.result });
    const record = ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('m1', hashOfSecret));
    expect(JSON.parse(record?.toString() ?? '{}')).toEqual(secret);
    // Fabric's own hash of the private value is the name.
    expect(sha256Hex(record ?? '')).toBe(hashOfSecret);
    // Nothing public yet.
    expect(ledger.keys(CC)).toEqual([]);

    // Registered through another organization's peer: no private detail travels with the record.
    const res = await ledger.submit(
      CC,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('m1', { privateMetadataHash: hashOfSecret }))],
      { peerMspId: 'RegulatorMSP' },
    );
    const asset = res.result as DataAsset;
    expect(asset.privateMetadataHash).toBe(hashOfSecret);
    for (const key of ledger.keys(CC)) {
      expect(ledger.getState(CC, key)?.toString()).not.toMatch(/Zhang|13800000000/);
    }
    expect(JSON.stringify(ledger.events.map((e) => e.json))).not.toMatch(/Zhang/);

    const own = await ledger.evaluate(CC, 'GetPrivateMetadata', ['m1']);
    expect(own.result).toEqual({
      id: 'm1',
      collection: '_implicit_org_ExchangeMSP',
      metadata: secret,
      hash: hashOfSecret,
    });
    // Any active identity of the owner's organization, on its own peer.
    expect((await ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'], { caller: carol })).result).toMatchObject({
      metadata: secret,
    });
  });

  it('replaces the metadata on update and deletes the version it replaces', async () => {
    const first = await storePrivateMetadata(ledger, 'm1', secret);
    await register(ledger, 'm1', { privateMetadataHash: first });
    const second = await storePrivateMetadata(ledger, 'm1', { contactName: 'Li Si' });
    const res = await ledger.submit(CC, 'UpdateDataAsset', ['m1', JSON.stringify({ privateMetadataHash: second })]);
    expect(res.result).toMatchObject({ version: 1, privateMetadataHash: second });
    expect(res.event?.json).toMatchObject({ fields: ['privateMetadataHash'] });
    expect(ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('m1', first))).toBeUndefined();
    expect((await ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'])).result).toMatchObject({
      metadata: { contactName: 'Li Si' },
    });
  });

  it('refuses naming the current metadata again, and a taken ID before looking for metadata', async () => {
    const first = await storePrivateMetadata(ledger, 'm1', secret);
    await register(ledger, 'm1', { privateMetadataHash: first });
    await expectRefused(
      ledger,
      'UpdateDataAsset',
      ['m1', JSON.stringify({ privateMetadataHash: first })],
      /^FAILED_PRECONDITION: privateMetadataHash: equals the current private metadata/,
    );
    expect(ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('m1', first))).toBeDefined();
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('m1', { privateMetadataHash: canonicalSha256({ other: true }) }))],
      /^ALREADY_EXISTS: data asset 'm1' already exists/,
    );
  });

  it('refuses a record naming metadata that is not stored, and metadata sent along with the record', async () => {
    const json = JSON.stringify(assetInput('m1', { privateMetadataHash: canonicalSha256(secret) }));
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [json],
      /^FAILED_PRECONDITION: privateMetadataHash: no private metadata [0-9a-f]{64} of data asset 'm1' in _implicit_org_ExchangeMSP; store it first with StorePrivateMetadata$/,
    );
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [JSON.stringify(assetInput('m1'))],
      /^INVALID_ARGUMENT: transient\.privateMetadata: not accepted here; store it first with StorePrivateMetadata/,
      { transient: { privateMetadata: secret } },
    );
    // Stored by a provider of another organization: not in the owner's collection.
    await seed(ledger, bob, { roles: ['data-provider', 'data-consumer'] });
    await storePrivateMetadata(ledger, 'm1', secret, bob);
    await expectRefused(
      ledger,
      'RegisterDataAsset',
      [json],
      /^FAILED_PRECONDITION: privateMetadataHash: no private metadata/,
    );
  });

  it('stores metadata only for active owners or, before registration, active data providers', async () => {
    await expectRefused(
      ledger,
      'StorePrivateMetadata',
      ['m1'],
      /^FORBIDDEN: storing private metadata of a new data asset requires an active identity with the data-provider role/,
      { caller: bob, peerMspId: 'EnterpriseMSP', transient: { privateMetadata: secret } },
    );
    await register(ledger, 'm1');
    await expectRefused(ledger, 'StorePrivateMetadata', ['m1'], /^FORBIDDEN: storing private metadata .*owner/, {
      caller: carol,
      transient: { privateMetadata: secret },
    });
    await ledger.submit(CC, 'RetireDataAsset', ['m1', 'superseded']);
    await expectRefused(ledger, 'StorePrivateMetadata', ['m1'], /^FAILED_PRECONDITION: .*retired/, {
      transient: { privateMetadata: secret },
    });
  });

  it('is refused to other organizations, on other peers, and when absent', async () => {
    await register(ledger, 'm1', { privateMetadataHash: await storePrivateMetadata(ledger, 'm1', secret) });
    await register(ledger, 'm2');
    await expect(ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'], { caller: bob })).rejects.toThrow(
      "FORBIDDEN: reading private metadata of data asset 'm1' requires being of ExchangeMSP",
    );
    await expect(ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'], { peerMspId: 'EnterpriseMSP' })).rejects.toThrow(
      /^FORBIDDEN: client of ExchangeMSP must use a peer of ExchangeMSP, not of EnterpriseMSP/,
    );
    await expect(ledger.evaluate(CC, 'GetPrivateMetadata', ['m2'])).rejects.toThrow(
      "NOT_FOUND: private metadata of data asset 'm2' does not exist",
    );
    await expect(ledger.evaluate(CC, 'GetPrivateMetadata', ['m\u0001'])).rejects.toThrow(/^INVALID_ARGUMENT: id: /);
  });

  it('is refused to suspended identities of the owner organization, not to its admins', async () => {
    await register(ledger, 'm1', { privateMetadataHash: await storePrivateMetadata(ledger, 'm1', secret) });
    await seed(ledger, carol, { status: 'suspended' });
    await expect(ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'], { caller: carol })).rejects.toThrow(
      new RegExp(
        `^FORBIDDEN: reading private metadata of data asset 'm1' requires an active identity of ExchangeMSP or an admin of it; ${carol.did} is suspended`,
      ),
    );
    const admin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'exchange-admin', admin: true });
    expect((await ledger.evaluate(CC, 'GetPrivateMetadata', ['m1'], { caller: admin })).result).toMatchObject({
      metadata: secret,
    });
  });

  it('refuses malformed metadata and endorsement by another organization peer, writing nothing', async () => {
    for (const [metadata, detail] of [
      ['[1,2]', /^INVALID_ARGUMENT: transient\.privateMetadata: /],
      [{}, /^INVALID_ARGUMENT: transient\.privateMetadata: must not be empty/],
      ['{', /^INVALID_ARGUMENT: transient\.privateMetadata: malformed JSON/],
      [{ blob: 'x'.repeat(17 * 1024) }, /^INVALID_ARGUMENT: transient\.privateMetadata: JSON exceeds/],
    ] as const) {
      await expectRefused(ledger, 'StorePrivateMetadata', ['m1'], detail, { transient: { privateMetadata: metadata } });
    }
    await expectRefused(
      ledger,
      'StorePrivateMetadata',
      ['m1'],
      /^INVALID_ARGUMENT: transient field 'privateMetadata' is required/,
    );
    for (const peer of ['EnterpriseMSP', 'RegulatorMSP']) {
      await expectRefused(
        ledger,
        'StorePrivateMetadata',
        ['m1'],
        new RegExp(`^FORBIDDEN: client of ExchangeMSP must use a peer of ExchangeMSP, not of ${peer}`),
        { transient: { privateMetadata: secret }, peerMspId: peer },
      );
    }
    expect(
      ledger.getPrivateData(CC, '_implicit_org_ExchangeMSP', privateMetadataKey('m1', canonicalSha256(secret))),
    ).toBeUndefined();
  });
});
