import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson, invokeChaincode, sha256Hex } from '@ndi/chaincode-common';
import {
  createIdentity,
  InMemoryLedger,
  TransactionError,
  type CallOptions,
  type TestIdentity,
} from '@ndi/chaincode-common/testing';
import { creditCodeCheckChar } from './credit-code';
import { contracts, type Credential, type Identity, type IdentityDetailsReceipt, type Organization } from './index';
import { credentialKey, identityKey, organizationContactKey, organizationKey, personProfileKey } from './keys';

const CC = 'identity';
const START = '2025-03-01T08:00:00.000Z';
const SALT = 'c2FsdC1zYWx0LXNhbHQ=';
const HASH_A = sha256Hex('claims A');
const HASH_B = sha256Hex('claims B');

const ids = {
  exAdmin: createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true }),
  alice: createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' }),
  bob: createIdentity({ mspId: 'ExchangeMSP', commonName: 'bob' }),
  enAdmin: createIdentity({ mspId: 'EnterpriseMSP', commonName: 'admin', admin: true }),
  carol: createIdentity({ mspId: 'EnterpriseMSP', commonName: 'carol' }),
  regAdmin: createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true }),
  regina: createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' }),
  rex: createIdentity({ mspId: 'RegulatorMSP', commonName: 'rex' }),
};

/** A valid credit code built from a 17-character prefix. */
function creditCode(prefix: string): string {
  return prefix + creditCodeCheckChar(prefix);
}

let ledger: InMemoryLedger;

beforeEach(() => {
  ledger = new InMemoryLedger({ startTime: START, stepMillis: 1000 });
  ledger.deploy(CC, contracts);
});

async function submit(fn: string, args: string[], caller: TestIdentity, options: CallOptions = {}) {
  return ledger.submit(CC, fn, args, { caller, ...options });
}

async function evaluate(fn: string, args: string[], caller: TestIdentity, options: CallOptions = {}) {
  return ledger.evaluate(CC, fn, args, { caller, ...options });
}

async function register(who: TestIdentity, displayName = 'A service', options: CallOptions = {}): Promise<Identity> {
  const res = await submit('RegisterIdentity', [JSON.stringify({ kind: 'service', displayName })], who, options);
  return res.result as Identity;
}

/** `StoreIdentityDetails` as `who` on a peer of its own organization; returns the receipt. */
async function storeDetails(
  who: TestIdentity,
  transient: NonNullable<CallOptions['transient']>,
  options: CallOptions = {},
): Promise<IdentityDetailsReceipt> {
  const res = await submit('StoreIdentityDetails', [], who, { transient, peerMspId: who.mspId, ...options });
  return res.result as IdentityDetailsReceipt;
}

/** Stores a person's profile (and a real-name commitment) with `StoreIdentityDetails`, then registers the person. */
async function registerPerson(
  who: TestIdentity,
  person: { displayName: string; salt: string },
  realName?: { idNumber: string; salt: string },
  options: CallOptions = {},
) {
  const receipt = await storeDetails(who, realName === undefined ? { person } : { person, realName });
  const profile = {
    kind: 'person',
    displayNameHash: receipt.displayNameHash,
    realNameCommitment: receipt.realNameCommitment,
  };
  return submit('RegisterIdentity', [JSON.stringify(profile)], who, options);
}

async function grant(by: TestIdentity, who: TestIdentity, role: string, expiresAt = ''): Promise<Identity> {
  return (await submit('GrantRole', [who.did, role, expiresAt], by)).result as Identity;
}

async function hasRole(who: TestIdentity, role: string, options: CallOptions = {}): Promise<boolean> {
  return (await evaluate('HasRole', [who.did, role], ids.alice, options)).result as boolean;
}

/** Registers regina and makes her the first regulator, as a RegulatorMSP admin does. */
async function bootstrapRegulator(): Promise<void> {
  await register(ids.regina, 'Data regulator');
  await grant(ids.regAdmin, ids.regina, 'regulator');
}

/** Everything a refused transaction must leave untouched: public state and committed events. */
function snapshot(): string {
  const state = ledger.keys(CC).map((key) => [key, ledger.getState(CC, key)?.toString('utf8')]);
  return JSON.stringify({ state, events: ledger.events.length });
}

/** Submits, expects a refusal with `code` (and `detail` in the message), and that nothing changed. */
async function expectRefused(
  fn: string,
  args: string[],
  caller: TestIdentity,
  code: string,
  detail?: RegExp,
  options: CallOptions = {},
): Promise<void> {
  const before = snapshot();
  const result = await ledger.invoke(CC, fn, args, { caller, ...options }, true);
  const error = new TransactionError(result);
  expect(result.committed).toBe(false);
  expect(result.event).toBeUndefined();
  expect(error.code).toBe(code);
  expect(result.message.startsWith(`${code}: `)).toBe(true);
  if (detail) {
    expect(result.message).toMatch(detail);
  }
  expect(snapshot()).toBe(before);
}

describe('RegisterOrganization', () => {
  const org = { name: 'Shenzhen Data Exchange', creditCode: '91350100M000100Y43', sector: 'finance' };
  const contact = { name: 'Li Lei', phone: '+86 138 0000 0000', email: 'li.lei@example.cn', salt: SALT };

  it('registers the caller MSP, keeping contact details private with only their hash public', async () => {
    const stored = await submit('StoreIdentityDetails', [], ids.exAdmin, {
      transient: { contact },
      peerMspId: 'ExchangeMSP',
    });
    const receipt = stored.result as IdentityDetailsReceipt;
    const contactRecord = ledger.getPrivateData(
      CC,
      '_implicit_org_ExchangeMSP',
      organizationContactKey('ExchangeMSP', receipt.contactHash ?? ''),
    );
    expect(JSON.parse(String(contactRecord))).toEqual({ ...contact, mspId: 'ExchangeMSP' });
    expect(receipt).toEqual({
      mspId: 'ExchangeMSP',
      did: ids.exAdmin.did,
      collection: '_implicit_org_ExchangeMSP',
      contactHash: sha256Hex(contactRecord ?? ''),
      storedAt: stored.timestamp,
    });
    expect(stored.event).toMatchObject({ name: 'IdentityDetailsStored', json: receipt });
    expect(ledger.keys(CC)).toEqual([]); // nothing public yet

    // Registered through another organization's peer: no personal data travels with the record.
    const res = await submit(
      'RegisterOrganization',
      [JSON.stringify({ ...org, contactHash: receipt.contactHash })],
      ids.exAdmin,
      {
        peerMspId: 'EnterpriseMSP',
      },
    );
    const record = res.result as Organization;
    expect(record).toMatchObject({ ...org, mspId: 'ExchangeMSP', registeredBy: ids.exAdmin.did });
    expect(record.contactHash).toBe(receipt.contactHash);
    expect(res.event?.name).toBe('OrganizationRegistered');
    expect(res.event?.json).toEqual({ mspId: 'ExchangeMSP', creditCode: org.creditCode, sector: 'finance' });
    expect(ledger.getJson(CC, organizationKey('ExchangeMSP'))).toEqual(record);
    const publicState = ledger.keys(CC).map((k) => String(ledger.getState(CC, k)));
    expect(publicState.join()).not.toMatch(/Li Lei|138 0000|li\.lei/);
    expect(JSON.stringify(ledger.events.map((e) => e.json))).not.toMatch(/Li Lei|138 0000|li\.lei/);

    const read = await evaluate('GetOrganization', ['ExchangeMSP'], ids.carol);
    expect(read.result).toEqual(record);
  });

  it('registers without contact details and then has no contact hash', async () => {
    const res = await submit('RegisterOrganization', [JSON.stringify(org)], ids.exAdmin);
    expect((res.result as Organization).contactHash).toBeUndefined();
  });

  it('allows one record per MSP and one MSP per credit code', async () => {
    await submit('RegisterOrganization', [JSON.stringify(org)], ids.exAdmin);
    const other = { ...org, creditCode: creditCode('91440300MA5F00001') };
    await expectRefused('RegisterOrganization', [JSON.stringify(other)], ids.exAdmin, 'ALREADY_EXISTS', /ExchangeMSP/);
    await expectRefused(
      'RegisterOrganization',
      [JSON.stringify(org)],
      ids.enAdmin,
      'ALREADY_EXISTS',
      /credit code 91350100M000100Y43 is already registered by ExchangeMSP/,
    );
  });

  it('refuses callers that are not admins, or whose identity is suspended', async () => {
    await expectRefused('RegisterOrganization', [JSON.stringify(org)], ids.alice, 'FORBIDDEN', /admin of ExchangeMSP/);
    await register(ids.exAdmin);
    await bootstrapRegulator();
    await submit('SetIdentityStatus', [ids.exAdmin.did, 'suspended', 'audit'], ids.regina);
    await expectRefused('RegisterOrganization', [JSON.stringify(org)], ids.exAdmin, 'FORBIDDEN', /is suspended/);
  });

  it.each([
    ['malformed JSON', '{"name":', /org: malformed JSON/],
    ['a missing field', JSON.stringify({ name: 'x', creditCode: org.creditCode }), /sector/],
    ['an extra field', JSON.stringify({ ...org, region: 'south' }), /region/],
    ['contact in the arguments', JSON.stringify({ ...org, contact: 'Li Lei' }), /contact: personal data/],
    ['a wrong check character', JSON.stringify({ ...org, creditCode: '91350100M000100Y44' }), /creditCode: check/],
    ['a lowercase credit code', JSON.stringify({ ...org, creditCode: '91350100m000100y43' }), /creditCode/],
    ['an unknown sector', JSON.stringify({ ...org, sector: 'mining' }), /sector/],
    ['an over-long name', JSON.stringify({ ...org, name: 'n'.repeat(129) }), /name/],
    ['a control character', JSON.stringify({ ...org, name: 'a\u0000b' }), /name: must not contain control/],
    ['a number for a string', JSON.stringify({ ...org, name: 7 }), /name/],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, json, detail) => {
    await expectRefused('RegisterOrganization', [json], ids.exAdmin, 'INVALID_ARGUMENT', detail);
  });

  it.each([
    ['no contact field', { salt: SALT }, /transient.contact: needs at least one/],
    ['a short salt', { ...contact, salt: 'short' }, /transient.contact.salt/],
    ['a bad e-mail', { ...contact, email: 'not-an-email' }, /transient.contact.email/],
    ['a bad phone', { ...contact, phone: 'call me' }, /transient.contact.phone/],
    ['an extra field', { ...contact, idNumber: '1' }, /idNumber/],
  ])('refuses transient contact with %s', async (_label, value, detail) => {
    await expectRefused('StoreIdentityDetails', [], ids.exAdmin, 'INVALID_ARGUMENT', detail, {
      transient: { contact: value },
      peerMspId: 'ExchangeMSP',
    });
  });

  it('stores a contact only for admins, only on their own organization peers, and names only stored ones', async () => {
    for (const peer of ['EnterpriseMSP', 'RegulatorMSP']) {
      await expectRefused(
        'StoreIdentityDetails',
        [],
        ids.exAdmin,
        'FORBIDDEN',
        new RegExp(`^FORBIDDEN: client of ExchangeMSP must use a peer of ExchangeMSP, not of ${peer}$`),
        { transient: { contact }, peerMspId: peer },
      );
    }
    await expectRefused(
      'StoreIdentityDetails',
      [],
      ids.alice,
      'FORBIDDEN',
      /contact of organization ExchangeMSP requires an admin/,
      {
        transient: { contact },
        peerMspId: 'ExchangeMSP',
      },
    );
    await expectRefused(
      'StoreIdentityDetails',
      [],
      ids.exAdmin,
      'INVALID_ARGUMENT',
      /send at least one of contact, person, realName/,
      {
        peerMspId: 'ExchangeMSP',
      },
    );
    const named = JSON.stringify({ ...org, contactHash: sha256Hex('never stored') });
    await expectRefused(
      'RegisterOrganization',
      [named],
      ids.exAdmin,
      'FAILED_PRECONDITION',
      /^FAILED_PRECONDITION: org.contactHash: no such record in _implicit_org_ExchangeMSP; store it first with StoreIdentityDetails$/,
    );
    await expectRefused(
      'RegisterOrganization',
      [JSON.stringify(org)],
      ids.exAdmin,
      'INVALID_ARGUMENT',
      /^INVALID_ARGUMENT: transient.contact: not accepted here; store it first with StoreIdentityDetails/,
      { transient: { contact } },
    );
  });

  it('answers NOT_FOUND for an unregistered MSP and INVALID_ARGUMENT for a malformed MSP ID', async () => {
    await expect(evaluate('GetOrganization', ['NoSuchMSP'], ids.alice)).rejects.toThrow(/^NOT_FOUND: organization/);
    await expect(evaluate('GetOrganization', ['Bad MSP'], ids.alice)).rejects.toThrow(/^INVALID_ARGUMENT: mspId/);
  });
});

describe('RegisterIdentity and reads', () => {
  it('registers an organization or service under the DID derived from MSP and certificate subject', async () => {
    const res = await submit(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'organization', displayName: 'Exchange' })],
      ids.alice,
    );
    const identity = res.result as Identity;
    expect(identity).toEqual({
      did: ids.alice.did,
      mspId: 'ExchangeMSP',
      kind: 'organization',
      displayName: 'Exchange',
      status: 'active',
      roles: [],
      registeredAt: START,
      updatedAt: START,
    });
    expect(identity.did).toMatch(/^did:ndi:ExchangeMSP:[0-9a-f]{32}$/);
    expect(res.event?.name).toBe('IdentityRegistered');
    expect(res.event?.json).toEqual({
      did: ids.alice.did,
      mspId: 'ExchangeMSP',
      kind: 'organization',
      realNameCommitted: false,
    });
    // Stored as canonical JSON.
    const bytes = String(ledger.getState(CC, identityKey(ids.alice.did)));
    expect(bytes).toBe(canonicalJson(JSON.parse(bytes)));
    expect((await evaluate('GetIdentity', [ids.alice.did], ids.bob)).result).toEqual(identity);
    expect((await evaluate('WhoAmI', [], ids.alice)).result).toEqual(identity);
  });

  it('keeps the DID for a renewed certificate with the same subject, and not across MSPs', async () => {
    await register(ids.alice);
    const renewed = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice', attributes: { renewed: '2026' } });
    expect(renewed.certificate).not.toBe(ids.alice.certificate);
    expect(renewed.did).toBe(ids.alice.did);
    expect(((await evaluate('WhoAmI', [], renewed)).result as Identity).did).toBe(ids.alice.did);
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'service', displayName: 'x' })],
      renewed,
      'ALREADY_EXISTS',
    );

    const namesake = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'alice' });
    expect(namesake.did).not.toBe(ids.alice.did);
    expect((await register(namesake)).did).toBe(namesake.did);
  });

  it('keeps a person’s display name in the org’s implicit collection, with only its hash public', async () => {
    const person = { displayName: 'Zhang San', salt: SALT };
    const res = await registerPerson(ids.alice, person, undefined, { peerMspId: 'EnterpriseMSP' });
    const identity = res.result as Identity;
    expect(identity.displayName).toBeUndefined();
    const stored = ledger.getPrivateData(
      CC,
      '_implicit_org_ExchangeMSP',
      personProfileKey(ids.alice.did, identity.displayNameHash ?? ''),
    );
    expect(JSON.parse(String(stored))).toEqual({ did: ids.alice.did, ...person });
    expect(identity.displayNameHash).toBe(sha256Hex(stored ?? ''));
    const publicState = ledger.keys(CC).map((k) => String(ledger.getState(CC, k)));
    expect(publicState.join()).not.toContain('Zhang San');
    expect(JSON.stringify(ledger.events)).not.toContain('Zhang San');
  });

  it("stores a person's profile or a real-name commitment only on the caller's own organization peers", async () => {
    const person = { displayName: 'Zhang San', salt: SALT };
    const realName = { idNumber: '11010519491231002X', salt: SALT };
    for (const peer of ['EnterpriseMSP', 'RegulatorMSP']) {
      for (const transient of [{ person }, { realName }] as NonNullable<CallOptions['transient']>[]) {
        await expectRefused(
          'StoreIdentityDetails',
          [],
          ids.alice,
          'FORBIDDEN',
          new RegExp(`^FORBIDDEN: client of ExchangeMSP must use a peer of ExchangeMSP, not of ${peer}$`),
          { transient, peerMspId: peer },
        );
      }
    }
    // Sent along with the registration, they are refused wherever it is endorsed.
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'service', displayName: 'desk' })],
      ids.alice,
      'INVALID_ARGUMENT',
      /^INVALID_ARGUMENT: transient.realName: not accepted here; store it first with StoreIdentityDetails/,
      { transient: { realName } },
    );
    // A registration naming records that were never stored.
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'person', displayNameHash: sha256Hex('x') })],
      ids.alice,
      'FAILED_PRECONDITION',
      /^FAILED_PRECONDITION: profile.displayNameHash: no such record in _implicit_org_ExchangeMSP/,
    );
    const service = { kind: 'service', displayName: 'desk', realNameCommitment: sha256Hex(`${SALT}:x`) };
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify(service)],
      ids.alice,
      'FAILED_PRECONDITION',
      /^FAILED_PRECONDITION: profile.realNameCommitment: no such record/,
    );
    // A record stored by one identity cannot be named by another, even of the same organization.
    const alices = await storeDetails(ids.alice, { person });
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'person', displayNameHash: alices.displayNameHash })],
      createIdentity({ mspId: 'ExchangeMSP', commonName: 'mallory' }),
      'FAILED_PRECONDITION',
      /^FAILED_PRECONDITION: profile.displayNameHash: no such record/,
    );
    // A regulator's own person registration works: its peers alone endorse the details.
    const res = await registerPerson(ids.regina, person, realName, { peerMspId: 'RegulatorMSP' });
    expect((res.result as Identity).realNameCommitment).toBe(sha256Hex(`${SALT}:${realName.idNumber}`));
  });

  describe('real-name commitment', () => {
    const idNumber = '11010519491231002X';
    const realName = { idNumber, salt: SALT };

    beforeEach(async () => {
      const res = await registerPerson(ids.alice, { displayName: 'Zhang San', salt: SALT }, realName);
      expect(res.event?.json).toMatchObject({ realNameCommitted: true });
    });

    it('stores only sha256(salt:idNumber), never the number', async () => {
      const identity = (await evaluate('GetIdentity', [ids.alice.did], ids.bob)).result as Identity;
      expect(identity.realNameCommitment).toBe(sha256Hex(`${SALT}:${idNumber}`));
      for (const key of ledger.keys(CC)) {
        expect(String(ledger.getState(CC, key))).not.toContain(idNumber);
        for (const h of ledger.getHistory(CC, key)) {
          expect(Buffer.from(h.value).toString('utf8')).not.toContain(idNumber);
        }
      }
      expect(JSON.stringify(ledger.events)).not.toContain(idNumber);
    });

    it('verifies the commitment: true for the same number and salt, false otherwise', async () => {
      const verify = async (value: object) =>
        (await evaluate('VerifyRealName', [ids.alice.did], ids.bob, { transient: { realName: value } })).result;
      expect(await verify(realName)).toBe(true);
      expect(await verify({ idNumber: '110105194912310021', salt: SALT })).toBe(false);
      expect(await verify({ idNumber, salt: `${SALT}x` })).toBe(false);
    });

    it('answers false for an identity without commitment, NOT_FOUND for an unknown one', async () => {
      await register(ids.bob);
      const opts = { transient: { realName } };
      expect((await evaluate('VerifyRealName', [ids.bob.did], ids.alice, opts)).result).toBe(false);
      await expect(evaluate('VerifyRealName', [ids.carol.did], ids.alice, opts)).rejects.toThrow(/^NOT_FOUND/);
    });

    it("answers only on peers of the caller's organization and the regulator's", async () => {
      const opts = { transient: { realName } };
      await expect(
        evaluate('VerifyRealName', [ids.alice.did], ids.carol, { ...opts, peerMspId: 'ExchangeMSP' }),
      ).rejects.toThrow(/^FORBIDDEN: client of EnterpriseMSP must use a peer of EnterpriseMSP or RegulatorMSP/);
      const onRegulatorPeer = await evaluate('VerifyRealName', [ids.alice.did], ids.carol, {
        ...opts,
        peerMspId: 'RegulatorMSP',
      });
      expect(onRegulatorPeer.result).toBe(true);
    });

    it('refuses a missing or malformed transient realName', async () => {
      await expect(evaluate('VerifyRealName', [ids.alice.did], ids.bob)).rejects.toThrow(
        /^INVALID_ARGUMENT: transient field 'realName' is required/,
      );
      await expect(
        evaluate('VerifyRealName', [ids.alice.did], ids.bob, {
          transient: { realName: { idNumber: 'a:b', salt: SALT } },
        }),
      ).rejects.toThrow(/^INVALID_ARGUMENT: transient.realName.idNumber/);
    });
  });

  it.each([
    ['malformed JSON', 'not json', /profile: malformed JSON/],
    ['an unknown kind', JSON.stringify({ kind: 'robot', displayName: 'x' }), /kind/],
    ['a missing display name', JSON.stringify({ kind: 'service' }), /displayName/],
    ['an extra field', JSON.stringify({ kind: 'service', displayName: 'x', email: 'e' }), /email/],
    [
      'a person name in the arguments',
      JSON.stringify({ kind: 'person', displayName: 'Zhang San', displayNameHash: sha256Hex('x') }),
      /displayName: personal data: store a person's display name with StoreIdentityDetails/,
    ],
    ['a person without displayNameHash', JSON.stringify({ kind: 'person' }), /displayNameHash/],
    [
      'a displayNameHash for a service',
      JSON.stringify({ kind: 'service', displayName: 'x', displayNameHash: sha256Hex('x') }),
      /displayNameHash/,
    ],
    [
      'an uppercase realNameCommitment',
      JSON.stringify({ kind: 'service', displayName: 'x', realNameCommitment: 'A'.repeat(64) }),
      /realNameCommitment/,
    ],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, json, detail) => {
    await expectRefused('RegisterIdentity', [json], ids.alice, 'INVALID_ARGUMENT', detail);
  });

  it.each([
    [
      'an over-long person name',
      { person: { displayName: 'n'.repeat(129), salt: SALT } },
      /transient.person.displayName/,
    ],
    ['a short real-name salt', { realName: { idNumber: '1', salt: 'short' } }, /transient.realName.salt/],
    ['a real-name number with a colon', { realName: { idNumber: 'a:b', salt: SALT } }, /transient.realName.idNumber/],
  ])('refuses personal details with %s', async (_label, transient, detail) => {
    await expectRefused('StoreIdentityDetails', [], ids.alice, 'INVALID_ARGUMENT', detail, {
      transient,
      peerMspId: 'ExchangeMSP',
    });
  });

  it('refuses a second registration of the same certificate', async () => {
    await register(ids.alice);
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'service', displayName: 'y' })],
      ids.alice,
      'ALREADY_EXISTS',
      /did:ndi:ExchangeMSP/,
    );
  });

  it('answers NOT_FOUND naming the caller’s DID from WhoAmI when unregistered', async () => {
    await expect(evaluate('WhoAmI', [], ids.bob)).rejects.toThrow(`NOT_FOUND: identity ${ids.bob.did} does not exist`);
  });

  it.each([
    ['', /did/],
    ['did:ndi:ExchangeMSP:XYZ', /did: must be a did:ndi/],
    ['did:ndi:Exchange\u0000MSP:0123456789abcdef0123456789abcdef', /did/],
    [`did:ndi:ExchangeMSP:${'0'.repeat(32)}\n`, /did/],
  ])('refuses the malformed DID %j', async (did, detail) => {
    await expect(evaluate('GetIdentity', [did], ids.alice)).rejects.toThrow(/^INVALID_ARGUMENT: /);
    await expect(evaluate('GetIdentity', [did], ids.alice)).rejects.toThrow(detail);
  });

  it('answers NOT_FOUND for an unknown DID', async () => {
    await expect(evaluate('GetIdentity', [ids.carol.did], ids.alice)).rejects.toThrow(/^NOT_FOUND: identity/);
  });
});

describe('ListIdentities', () => {
  it('pages through the identities of one MSP with bookmarks', async () => {
    const members = ['u1', 'u2', 'u3', 'u4', 'u5'].map((cn) =>
      createIdentity({ mspId: 'ExchangeMSP', commonName: cn }),
    );
    for (const member of members) await register(member);
    await register(ids.carol); // another MSP: never listed
    const seen: string[] = [];
    let bookmark = '';
    const sizes: number[] = [];
    do {
      const page = (await evaluate('ListIdentities', ['ExchangeMSP', '2', bookmark], ids.carol)).result as {
        items: Identity[];
        bookmark: string;
        fetchedCount: number;
      };
      sizes.push(page.items.length);
      expect(page.fetchedCount).toBe(page.items.length);
      seen.push(...page.items.map((i) => i.did));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(members.map((m) => m.did).sort());
    const all = (await evaluate('ListIdentities', ['ExchangeMSP', '', ''], ids.carol)).result as { items: Identity[] };
    expect(all.items).toHaveLength(5);
    const capped = (await evaluate('ListIdentities', ['ExchangeMSP', '5000', ''], ids.carol)).result as {
      items: Identity[];
    };
    expect(capped.items).toHaveLength(5);
    const none = (await evaluate('ListIdentities', ['NobodyMSP', '10', ''], ids.carol)).result as { items: Identity[] };
    expect(none.items).toEqual([]);
  });

  it("refuses a bookmark that is not of the listed MSP's identities", async () => {
    for (const cn of ['u1', 'u2']) await register(createIdentity({ mspId: 'ExchangeMSP', commonName: cn }));
    await register(ids.carol);
    const page = (await evaluate('ListIdentities', ['ExchangeMSP', '1', ''], ids.carol)).result as { bookmark: string };
    expect(page.bookmark).not.toBe('');
    // Another MSP's listing, or any other key, would otherwise page through someone else's keys.
    for (const foreign of [page.bookmark, 'not-a-bookmark', '\u0000']) {
      await expect(evaluate('ListIdentities', ['EnterpriseMSP', '1', foreign], ids.carol)).rejects.toThrow(
        /^INVALID_ARGUMENT: bookmark: does not belong to this listing$/,
      );
    }
  });

  it.each([
    [['ExchangeMSP', '0', ''], /pageSize/],
    [['ExchangeMSP', '-1', ''], /pageSize/],
    [['ExchangeMSP', 'ten', ''], /pageSize/],
    [['ExchangeMSP', '10000', ''], /pageSize/],
    [['Exchange\u0000MSP', '10', ''], /mspId/],
    [['ExchangeMSP', '10', 'b'.repeat(2049)], /bookmark/],
  ])('refuses %j', async (args, detail) => {
    await expect(evaluate('ListIdentities', args, ids.alice)).rejects.toThrow(/^INVALID_ARGUMENT: /);
    await expect(evaluate('ListIdentities', args, ids.alice)).rejects.toThrow(detail);
  });
});

describe('GetIdentityHistory', () => {
  it('returns every version, newest first', async () => {
    await register(ids.alice);
    await grant(ids.exAdmin, ids.alice, 'data-provider');
    await submit('SetIdentityStatus', [ids.alice.did, 'suspended', 'audit'], ids.exAdmin);
    const history = (await evaluate('GetIdentityHistory', [ids.alice.did], ids.carol)).result as {
      entries: { txId: string; timestamp: string; isDelete: boolean; value: Identity }[];
      truncated: boolean;
    };
    expect(history.truncated).toBe(false);
    expect(history.entries.map((e) => e.value.status)).toEqual(['suspended', 'active', 'active']);
    expect(history.entries.map((e) => e.value.roles.length)).toEqual([1, 1, 0]);
    expect(history.entries[2]?.timestamp).toBe(START);
    expect(history.entries.every((e) => !e.isDelete && /^[0-9a-f]{64}$/.test(e.txId))).toBe(true);
  });

  it('answers NOT_FOUND for an unknown DID', async () => {
    await expect(evaluate('GetIdentityHistory', [ids.alice.did], ids.alice)).rejects.toThrow(/^NOT_FOUND/);
  });
});

describe('roles', () => {
  beforeEach(async () => {
    for (const who of [ids.alice, ids.bob, ids.carol]) await register(who);
  });

  it('lets an admin of the subject’s own org grant data-provider and data-consumer', async () => {
    const res = await submit('GrantRole', [ids.alice.did, 'data-provider', ''], ids.exAdmin);
    expect(res.event?.name).toBe('RoleGranted');
    expect(res.event?.json).toEqual({
      did: ids.alice.did,
      role: 'data-provider',
      grantedBy: ids.exAdmin.did,
      renewed: false,
    });
    await grant(ids.exAdmin, ids.alice, 'data-consumer');
    const identity = (await evaluate('GetIdentity', [ids.alice.did], ids.bob)).result as Identity;
    expect(identity.roles.map((r) => r.role)).toEqual(['data-consumer', 'data-provider']);
    expect(identity.roles[1]).toMatchObject({ grantedBy: ids.exAdmin.did, grantedByMsp: 'ExchangeMSP' });
    expect(await hasRole(ids.alice, 'data-provider')).toBe(true);
    expect(await hasRole(ids.alice, 'valuer')).toBe(false);
  });

  it('refuses data roles from other orgs’ admins and from non-admins', async () => {
    await expectRefused(
      'GrantRole',
      [ids.alice.did, 'data-provider', ''],
      ids.enAdmin,
      'FORBIDDEN',
      /admin of ExchangeMSP/,
    );
    await expectRefused(
      'GrantRole',
      [ids.alice.did, 'data-consumer', ''],
      ids.bob,
      'FORBIDDEN',
      /admin of ExchangeMSP/,
    );
  });

  it('bootstraps the regulator role by a RegulatorMSP admin, only for RegulatorMSP identities', async () => {
    await register(ids.regina);
    await expectRefused(
      'GrantRole',
      [ids.regina.did, 'regulator', ''],
      ids.exAdmin,
      'FORBIDDEN',
      /admin of RegulatorMSP/,
    );
    await expectRefused('GrantRole', [ids.regina.did, 'regulator', ''], ids.rex, 'FORBIDDEN', /admin of RegulatorMSP/);
    await expectRefused(
      'GrantRole',
      [ids.alice.did, 'regulator', ''],
      ids.regAdmin,
      'FAILED_PRECONDITION',
      /only RegulatorMSP/,
    );
    await grant(ids.regAdmin, ids.regina, 'regulator');
    expect(await hasRole(ids.regina, 'regulator')).toBe(true);
  });

  it('lets only an active regulator accredit valuers and exchange operators, never itself', async () => {
    await expectRefused('GrantRole', [ids.carol.did, 'valuer', ''], ids.regAdmin, 'FORBIDDEN', /active regulator role/);
    await bootstrapRegulator();
    await grant(ids.regina, ids.carol, 'valuer');
    await grant(ids.regina, ids.alice, 'exchange-operator');
    expect(await hasRole(ids.carol, 'valuer')).toBe(true);
    expect(await hasRole(ids.alice, 'exchange-operator')).toBe(true);
    await expectRefused(
      'GrantRole',
      [ids.regina.did, 'valuer', ''],
      ids.regina,
      'FORBIDDEN',
      /cannot grant valuer to itself/,
    );
    await expectRefused('GrantRole', [ids.bob.did, 'valuer', ''], ids.carol, 'FORBIDDEN', /active regulator role/);
  });

  it('checks expiry against the transaction time', async () => {
    const res = await submit('GrantRole', [ids.alice.did, 'data-provider', '2025-03-01T09:00:00Z'], ids.exAdmin);
    expect((res.result as Identity).roles[0]?.expiresAt).toBe('2025-03-01T09:00:00.000Z');
    expect(await hasRole(ids.alice, 'data-provider', { timestamp: '2025-03-01T08:59:59.999Z' })).toBe(true);
    expect(await hasRole(ids.alice, 'data-provider', { timestamp: '2025-03-01T09:00:00.000Z' })).toBe(false);
    ledger.setTime('2025-03-02T00:00:00Z');
    expect(await hasRole(ids.alice, 'data-provider')).toBe(false);
  });

  it('lets an expired regulator role lapse its authority', async () => {
    await register(ids.regina);
    await grant(ids.regAdmin, ids.regina, 'regulator', '2025-03-01T10:00:00Z');
    ledger.setTime('2025-03-01T10:00:00Z');
    await expectRefused('GrantRole', [ids.carol.did, 'valuer', ''], ids.regina, 'FORBIDDEN', /active regulator role/);
  });

  it('renews a held role with a new grant', async () => {
    await grant(ids.exAdmin, ids.alice, 'data-provider', '2025-03-01T09:00:00Z');
    const res = await submit('GrantRole', [ids.alice.did, 'data-provider', '2025-06-01T00:00:00Z'], ids.exAdmin);
    expect(res.event?.json).toMatchObject({ renewed: true, expiresAt: '2025-06-01T00:00:00.000Z' });
    expect((res.result as Identity).roles).toHaveLength(1);
  });

  it.each([
    [['did:ndi:x', 'data-provider', ''], /did/],
    [[ids.alice.did, 'admin', ''], /role/],
    [[ids.alice.did, 'data-provider', 'tomorrow'], /expiresAt/],
    [[ids.alice.did, 'data-provider', '2025-03-01T08:00:00Z'], /expiresAt: must be after the transaction time/],
    [[ids.alice.did, 'data-provider', '2024-01-01T00:00:00Z'], /expiresAt: must be after/],
  ])('refuses GrantRole %j with INVALID_ARGUMENT', async (args, detail) => {
    await expectRefused('GrantRole', args, ids.exAdmin, 'INVALID_ARGUMENT', detail, {
      timestamp: '2025-03-01T08:30:00Z',
    });
  });

  it('refuses grants to unknown or inactive identities', async () => {
    const stranger = createIdentity({ mspId: 'ExchangeMSP', commonName: 'stranger' });
    await expectRefused('GrantRole', [stranger.did, 'data-provider', ''], ids.exAdmin, 'NOT_FOUND');
    await submit('SetIdentityStatus', [ids.alice.did, 'suspended', 'audit'], ids.exAdmin);
    await expectRefused(
      'GrantRole',
      [ids.alice.did, 'data-provider', ''],
      ids.exAdmin,
      'FAILED_PRECONDITION',
      /suspended/,
    );
  });

  it('revokes by the granting authority or a regulator', async () => {
    await bootstrapRegulator();
    await grant(ids.exAdmin, ids.alice, 'data-provider');
    await grant(ids.enAdmin, ids.carol, 'data-consumer');
    await grant(ids.regina, ids.carol, 'valuer');

    const res = await submit('RevokeRole', [ids.alice.did, 'data-provider', 'left the company'], ids.exAdmin);
    expect(res.event?.name).toBe('RoleRevoked');
    expect(res.event?.json).toEqual({
      did: ids.alice.did,
      role: 'data-provider',
      revokedBy: ids.exAdmin.did,
      reason: 'left the company',
    });
    expect(await hasRole(ids.alice, 'data-provider')).toBe(false);

    await expectRefused(
      'RevokeRole',
      [ids.carol.did, 'data-consumer', 'x'],
      ids.exAdmin,
      'FORBIDDEN',
      /admin of EnterpriseMSP/,
    );
    await expectRefused('RevokeRole', [ids.carol.did, 'valuer', 'x'], ids.enAdmin, 'FORBIDDEN', /active regulator/);
    await submit('RevokeRole', [ids.carol.did, 'data-consumer', 'breach'], ids.regina);
    await submit('RevokeRole', [ids.carol.did, 'valuer', 'licence lapsed'], ids.regina);
    expect(((await evaluate('GetIdentity', [ids.carol.did], ids.bob)).result as Identity).roles).toEqual([]);
    await expectRefused(
      'RevokeRole',
      [ids.carol.did, 'valuer', 'again'],
      ids.regina,
      'NOT_FOUND',
      /does not hold role valuer/,
    );
  });

  it('refuses RevokeRole with bad arguments', async () => {
    await grant(ids.exAdmin, ids.alice, 'data-provider');
    await expectRefused('RevokeRole', [ids.alice.did, 'data-provider', ''], ids.exAdmin, 'INVALID_ARGUMENT', /reason/);
    await expectRefused(
      'RevokeRole',
      [ids.alice.did, 'data-provider', 'r'.repeat(501)],
      ids.exAdmin,
      'INVALID_ARGUMENT',
      /reason/,
    );
    await expectRefused('RevokeRole', [ids.alice.did, 'owner', 'x'], ids.exAdmin, 'INVALID_ARGUMENT', /role/);
  });

  it('answers HasRole false for unknown DIDs and refuses malformed arguments', async () => {
    expect(await hasRole(createIdentity({ mspId: 'ExchangeMSP', commonName: 'nobody' }), 'valuer')).toBe(false);
    await expect(evaluate('HasRole', [ids.alice.did, 'superuser'], ids.alice)).rejects.toThrow(
      /^INVALID_ARGUMENT: role/,
    );
    await expect(evaluate('HasRole', ['alice', 'valuer'], ids.alice)).rejects.toThrow(/^INVALID_ARGUMENT: did/);
  });

  it('answers HasRole to another chaincode through invokeChaincode', async () => {
    @Info({ title: 'consumer', description: 'calls the identity chaincode' })
    class ConsumerContract extends Contract {
      constructor() {
        super('consumer');
      }

      @Transaction(false)
      @Returns('string')
      public async Check(ctx: Context, did: string, role: string): Promise<string> {
        const answer = await invokeChaincode<boolean>(ctx, CC, 'HasRole', [did, role]);
        return `${typeof answer}:${String(answer)}`;
      }
    }
    ledger.deploy('consumer', [ConsumerContract]);
    await grant(ids.exAdmin, ids.alice, 'data-provider');
    const check = async (did: string) => (await ledger.evaluate('consumer', 'Check', [did, 'data-provider'])).text;
    expect(await check(ids.alice.did)).toBe('boolean:true');
    expect(await check(ids.bob.did)).toBe('boolean:false');
    expect(await check(createIdentity({ mspId: 'X', commonName: 'y' }).did)).toBe('boolean:false');
  });
});

describe('SetIdentityStatus', () => {
  beforeEach(async () => {
    for (const who of [ids.alice, ids.bob, ids.carol]) await register(who);
    await bootstrapRegulator();
    await grant(ids.exAdmin, ids.alice, 'data-provider');
  });

  it('suspends: the identity holds no role until reactivated', async () => {
    const res = await submit('SetIdentityStatus', [ids.alice.did, 'suspended', 'audit pending'], ids.exAdmin);
    expect(res.event?.name).toBe('IdentityStatusChanged');
    expect(res.event?.json).toEqual({
      did: ids.alice.did,
      from: 'active',
      to: 'suspended',
      changedBy: ids.exAdmin.did,
      authority: 'org-admin',
      reason: 'audit pending',
    });
    expect(res.result).toMatchObject({
      status: 'suspended',
      statusAuthority: 'org-admin',
      statusReason: 'audit pending',
    });
    expect(await hasRole(ids.alice, 'data-provider')).toBe(false);
    await submit('SetIdentityStatus', [ids.alice.did, 'active', 'audit passed'], ids.exAdmin);
    expect(await hasRole(ids.alice, 'data-provider')).toBe(true);
  });

  it('keeps a regulator’s suspension in force against the org admin', async () => {
    await submit('SetIdentityStatus', [ids.alice.did, 'suspended', 'investigation'], ids.regina);
    await expectRefused(
      'SetIdentityStatus',
      [ids.alice.did, 'active', 'x'],
      ids.exAdmin,
      'FORBIDDEN',
      /imposed by a regulator/,
    );
    const res = await submit('SetIdentityStatus', [ids.alice.did, 'active', 'cleared'], ids.regina);
    expect(res.event?.json).toMatchObject({ authority: 'regulator', to: 'active' });
  });

  it('stops a suspended identity from acting', async () => {
    await submit('SetIdentityStatus', [ids.regina.did, 'suspended', 'conflict of interest'], ids.regAdmin);
    expect(await hasRole(ids.regina, 'regulator')).toBe(false);
    await expectRefused(
      'GrantRole',
      [ids.carol.did, 'valuer', ''],
      ids.regina,
      'FORBIDDEN',
      /caller identity .* is suspended/,
    );
    await expectRefused('SetIdentityStatus', [ids.bob.did, 'suspended', 'x'], ids.regina, 'FORBIDDEN', /is suspended/);
  });

  it('makes revocation final and drops the roles', async () => {
    const res = await submit('SetIdentityStatus', [ids.alice.did, 'revoked', 'fraud'], ids.regina);
    expect((res.result as Identity).roles).toEqual([]);
    expect(await hasRole(ids.alice, 'data-provider')).toBe(false);
    for (const status of ['active', 'suspended', 'revoked']) {
      await expectRefused(
        'SetIdentityStatus',
        [ids.alice.did, status, 'x'],
        ids.regina,
        'FAILED_PRECONDITION',
        /final/,
      );
    }
    await expectRefused(
      'GrantRole',
      [ids.alice.did, 'data-provider', ''],
      ids.exAdmin,
      'FAILED_PRECONDITION',
      /revoked/,
    );
    await expectRefused(
      'RegisterIdentity',
      [JSON.stringify({ kind: 'service', displayName: 'again' })],
      ids.alice,
      'ALREADY_EXISTS',
    );
    await expectRefused('RevokeCredential', ['c1', 'x'], ids.alice, 'FORBIDDEN', /is revoked/);
  });

  it('refuses a change to the current status', async () => {
    await expectRefused(
      'SetIdentityStatus',
      [ids.alice.did, 'active', 'x'],
      ids.exAdmin,
      'FAILED_PRECONDITION',
      /already active/,
    );
  });

  it('refuses callers that are neither a regulator nor an admin of the identity’s org', async () => {
    await expectRefused(
      'SetIdentityStatus',
      [ids.alice.did, 'suspended', 'x'],
      ids.enAdmin,
      'FORBIDDEN',
      /admin of ExchangeMSP/,
    );
    await expectRefused('SetIdentityStatus', [ids.alice.did, 'suspended', 'x'], ids.bob, 'FORBIDDEN');
  });

  it.each([
    [[ids.alice.did, 'frozen', 'x'], /status/],
    [[ids.alice.did, 'suspended', ''], /reason/],
    [[ids.alice.did, 'suspended', 'a\u0007b'], /reason: must not contain control/],
    [['did:ndi:ExchangeMSP:zz', 'suspended', 'x'], /did/],
  ])('refuses %j with INVALID_ARGUMENT', async (args, detail) => {
    await expectRefused('SetIdentityStatus', args, ids.regina, 'INVALID_ARGUMENT', detail);
  });

  it('answers NOT_FOUND for an unknown identity', async () => {
    const stranger = createIdentity({ mspId: 'ExchangeMSP', commonName: 'stranger' });
    await expectRefused('SetIdentityStatus', [stranger.did, 'suspended', 'x'], ids.regina, 'NOT_FOUND');
  });
});

describe('credentials', () => {
  const cred = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: 'cred-1',
      subjectDid: ids.alice.did,
      type: 'data-security-level',
      claimsHash: HASH_A,
      ...over,
    });

  beforeEach(async () => {
    for (const who of [ids.alice, ids.bob, ids.carol]) await register(who);
    await bootstrapRegulator();
  });

  it('issues, verifies and revokes a credential', async () => {
    const res = await submit('IssueCredential', [cred({ expiresAt: '2026-03-01T00:00:00Z' })], ids.regina);
    const credential = res.result as Credential;
    expect(credential).toMatchObject({
      id: 'cred-1',
      issuerDid: ids.regina.did,
      issuerRole: 'regulator',
      status: 'active',
      expiresAt: '2026-03-01T00:00:00.000Z',
    });
    expect(res.event?.name).toBe('CredentialIssued');
    expect(res.event?.json).toEqual({
      id: 'cred-1',
      type: 'data-security-level',
      subjectDid: ids.alice.did,
      issuerDid: ids.regina.did,
      expiresAt: '2026-03-01T00:00:00.000Z',
    });
    expect(ledger.getJson(CC, credentialKey('cred-1'))).toEqual(credential);
    expect((await evaluate('GetCredential', ['cred-1'], ids.bob)).result).toEqual(credential);

    const verify = async (hash: string, options: CallOptions = {}) =>
      (await evaluate('VerifyCredential', ['cred-1', hash], ids.bob, options)).result as { result: string };
    expect(await verify(HASH_A)).toMatchObject({
      result: 'valid',
      subjectDid: ids.alice.did,
      type: 'data-security-level',
    });
    expect((await verify(HASH_B)).result).toBe('mismatch');
    expect((await verify(HASH_A, { timestamp: '2026-03-01T00:00:00Z' })).result).toBe('expired');

    const revoked = await submit('RevokeCredential', ['cred-1', 'level downgraded'], ids.regina);
    expect(revoked.event?.name).toBe('CredentialRevoked');
    expect(revoked.event?.json).toEqual({ id: 'cred-1', revokedBy: ids.regina.did, reason: 'level downgraded' });
    expect(revoked.result).toMatchObject({
      status: 'revoked',
      revokedBy: ids.regina.did,
      revocationReason: 'level downgraded',
    });
    expect(await verify(HASH_B)).toMatchObject({ result: 'revoked' });
    await expectRefused('RevokeCredential', ['cred-1', 'again'], ids.regina, 'FAILED_PRECONDITION', /already revoked/);
  });

  it('follows the issuer table', async () => {
    await grant(ids.regina, ids.bob, 'exchange-operator');
    await expectRefused(
      'IssueCredential',
      [cred({ type: 'data-quality' })],
      ids.regina,
      'FORBIDDEN',
      /exchange-operator/,
    );
    const res = await submit('IssueCredential', [cred({ type: 'data-quality' })], ids.bob);
    expect(res.result).toMatchObject({ issuerRole: 'exchange-operator' });
    await expectRefused(
      'IssueCredential',
      [cred({ id: 'c2', type: 'valuation-license' })],
      ids.bob,
      'FORBIDDEN',
      /regulator/,
    );
    await expectRefused('IssueCredential', [cred({ id: 'c3' })], ids.exAdmin, 'FORBIDDEN', /regulator/);
  });

  it('lets the issuer or a regulator revoke, nobody else', async () => {
    await grant(ids.regina, ids.bob, 'exchange-operator');
    await submit('IssueCredential', [cred({ type: 'data-quality' })], ids.bob);
    await expectRefused(
      'RevokeCredential',
      ['cred-1', 'x'],
      ids.carol,
      'FORBIDDEN',
      /its issuer or an active regulator/,
    );
    await submit('RevokeCredential', ['cred-1', 'quality audit failed'], ids.regina);
    await submit('IssueCredential', [cred({ id: 'cred-2', type: 'data-quality' })], ids.bob);
    await submit('RevokeCredential', ['cred-2', 'superseded'], ids.bob);
  });

  it('refuses self-attestation, duplicates, unknown and inactive subjects', async () => {
    await expectRefused(
      'IssueCredential',
      [cred({ subjectDid: ids.regina.did })],
      ids.regina,
      'FORBIDDEN',
      /about itself/,
    );
    await submit('IssueCredential', [cred()], ids.regina);
    await expectRefused('IssueCredential', [cred()], ids.regina, 'ALREADY_EXISTS', /cred-1/);
    const stranger = createIdentity({ mspId: 'ExchangeMSP', commonName: 'stranger' });
    await expectRefused('IssueCredential', [cred({ id: 'c2', subjectDid: stranger.did })], ids.regina, 'NOT_FOUND');
    await submit('SetIdentityStatus', [ids.carol.did, 'suspended', 'x'], ids.regina);
    await expectRefused(
      'IssueCredential',
      [cred({ id: 'c3', subjectDid: ids.carol.did })],
      ids.regina,
      'FAILED_PRECONDITION',
      /suspended/,
    );
  });

  it.each([
    ['malformed JSON', '{', /credential: malformed JSON/],
    ['an ID with a key delimiter', cred({ id: 'a\u0000b' }), /id/],
    ['an ID with a space', cred({ id: 'a b' }), /id/],
    ['an over-long ID', cred({ id: 'x'.repeat(65) }), /id/],
    ['an uppercase hash', cred({ claimsHash: HASH_A.toUpperCase() }), /claimsHash/],
    ['a short hash', cred({ claimsHash: 'abc' }), /claimsHash/],
    ['an unknown type', cred({ type: 'diploma' }), /type/],
    ['an extra field', cred({ claims: {} }), /claims/],
    ['a malformed subject', cred({ subjectDid: 'alice' }), /subjectDid/],
    ['a past expiry', cred({ expiresAt: '2020-01-01T00:00:00Z' }), /credential.expiresAt: must be after/],
    ['a non-ISO expiry', cred({ expiresAt: '01/01/2030' }), /expiresAt/],
  ])('refuses IssueCredential with %s', async (_label, json, detail) => {
    await expectRefused('IssueCredential', [json], ids.regina, 'INVALID_ARGUMENT', detail);
  });

  it('refuses bad lookups', async () => {
    await expect(evaluate('VerifyCredential', ['nope', HASH_A], ids.bob)).rejects.toThrow(
      /^NOT_FOUND: credential 'nope'/,
    );
    await expect(evaluate('VerifyCredential', ['nope', 'xyz'], ids.bob)).rejects.toThrow(
      /^INVALID_ARGUMENT: claimsHash/,
    );
    await expect(evaluate('GetCredential', ['nope'], ids.bob)).rejects.toThrow(/^NOT_FOUND/);
    await expect(evaluate('GetCredential', ['no pe'], ids.bob)).rejects.toThrow(/^INVALID_ARGUMENT: id/);
    await expectRefused('RevokeCredential', ['nope', 'x'], ids.regina, 'NOT_FOUND');
    await expectRefused('RevokeCredential', ['nope', ''], ids.regina, 'INVALID_ARGUMENT', /reason/);
  });
});
