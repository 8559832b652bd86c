import { StatusCode } from '@hyperledger/fabric-gateway';
import { type Identity, IdentityContract } from '@ndi/chaincode-identity';
import { AlreadyExistsError, CommitFailedError, ForbiddenError, NdiError, NotFoundError } from './errors';
import { IdentityClient } from './identity-client';
import { type Case, clientMethods, FakeContract, gatewayError, runCase, transactionNames } from './test-helpers';

const did = 'did:ndi:Org1MSP:0123456789abcdef0123456789abcdef';
const salt = 'salt-salt-salt-salt';
const identity = { did, mspId: 'Org1MSP', kind: 'person', status: 'active', roles: [] };
const organization = { mspId: 'Org1MSP', name: 'Org One', creditCode: '91350100M000100Y43', sector: 'finance' };
const credential = { id: 'c1', type: 'data-quality', subjectDid: did, status: 'active' };
const page = { items: [identity], bookmark: '', fetchedCount: 1 };

const receipt = {
  mspId: 'Org1MSP',
  did,
  collection: '_implicit_org_Org1MSP',
  contactHash: 'c1'.repeat(32),
  displayNameHash: 'd1'.repeat(32),
  realNameCommitment: 'e1'.repeat(32),
  storedAt: '2026-01-01T00:00:00.000Z',
};

const cases: Case<IdentityClient>[] = [
  {
    call: (c) =>
      c.storeIdentityDetails({
        contact: { email: 'ops@org1.example', salt },
        person: { displayName: 'Li Hua', salt },
        realName: { idNumber: 'X123', salt },
      }),
    kind: 'submit',
    name: 'StoreIdentityDetails',
    args: [],
    transient: {
      contact: { email: 'ops@org1.example', salt },
      person: { displayName: 'Li Hua', salt },
      realName: { idNumber: 'X123', salt },
    },
    result: receipt,
  },
  {
    call: (c) =>
      c.registerOrganization({
        name: 'Org One',
        creditCode: '91350100M000100Y43',
        sector: 'finance',
        contactHash: receipt.contactHash,
      }),
    kind: 'submit',
    name: 'RegisterOrganization',
    args: [
      `{"name":"Org One","creditCode":"91350100M000100Y43","sector":"finance","contactHash":"${receipt.contactHash}"}`,
    ],
    result: organization,
  },
  {
    call: (c) => c.registerOrganization({ name: 'Org One', creditCode: '91350100M000100Y43', sector: 'finance' }),
    kind: 'submit',
    name: 'RegisterOrganization',
    args: ['{"name":"Org One","creditCode":"91350100M000100Y43","sector":"finance"}'],
    result: organization,
  },
  {
    call: (c) => c.getOrganization('Org1MSP'),
    kind: 'evaluate',
    name: 'GetOrganization',
    args: ['Org1MSP'],
    result: organization,
  },
  {
    call: (c) => c.registerIdentity({ kind: 'person', displayNameHash: receipt.displayNameHash }),
    kind: 'submit',
    name: 'RegisterIdentity',
    args: [`{"kind":"person","displayNameHash":"${receipt.displayNameHash}"}`],
    result: identity,
  },
  {
    // An omitted transient field is left out of the map, not sent as "undefined".
    call: (c) => c.registerIdentity({ kind: 'service', displayName: 'Ingest' }, { transient: { realName: undefined } }),
    kind: 'submit',
    name: 'RegisterIdentity',
    args: ['{"kind":"service","displayName":"Ingest"}'],
    result: identity,
  },
  { call: (c) => c.getIdentity(did), kind: 'evaluate', name: 'GetIdentity', args: [did], result: identity },
  { call: (c) => c.whoAmI(), kind: 'evaluate', name: 'WhoAmI', args: [], result: identity },
  {
    call: (c) => c.listIdentities('Org1MSP'),
    kind: 'evaluate',
    name: 'ListIdentities',
    args: ['Org1MSP', '', ''],
    result: page,
  },
  {
    call: (c) => c.listIdentities('Org1MSP', { pageSize: 50, bookmark: 'bm' }),
    kind: 'evaluate',
    name: 'ListIdentities',
    args: ['Org1MSP', '50', 'bm'],
    result: page,
  },
  {
    call: (c) => c.getIdentityHistory(did),
    kind: 'evaluate',
    name: 'GetIdentityHistory',
    args: [did],
    result: { entries: [], truncated: false },
  },
  {
    call: (c) => c.verifyRealName(did, { transient: { realName: { idNumber: 'X123', salt } } }),
    kind: 'evaluate',
    name: 'VerifyRealName',
    args: [did],
    transient: { realName: { idNumber: 'X123', salt } },
    result: true,
  },
  {
    call: (c) => c.grantRole(did, 'valuer'),
    kind: 'submit',
    name: 'GrantRole',
    args: [did, 'valuer', ''],
    result: identity,
  },
  {
    call: (c) => c.grantRole(did, 'valuer', { expiresAt: '2030-01-01T00:00:00.000Z' }),
    kind: 'submit',
    name: 'GrantRole',
    args: [did, 'valuer', '2030-01-01T00:00:00.000Z'],
    result: identity,
  },
  {
    call: (c) => c.grantRole(did, 'valuer', { expiresAt: new Date(Date.UTC(2030, 0, 1)) }),
    kind: 'submit',
    name: 'GrantRole',
    args: [did, 'valuer', '2030-01-01T00:00:00.000Z'],
    result: identity,
  },
  {
    call: (c) => c.revokeRole(did, 'valuer', 'licence withdrawn'),
    kind: 'submit',
    name: 'RevokeRole',
    args: [did, 'valuer', 'licence withdrawn'],
    result: identity,
  },
  {
    call: (c) => c.hasRole(did, 'regulator'),
    kind: 'evaluate',
    name: 'HasRole',
    args: [did, 'regulator'],
    result: false,
  },
  {
    call: (c) => c.setIdentityStatus(did, 'suspended', 'audit'),
    kind: 'submit',
    name: 'SetIdentityStatus',
    args: [did, 'suspended', 'audit'],
    result: identity,
  },
  {
    call: (c) => c.issueCredential({ id: 'c1', subjectDid: did, type: 'data-quality', claimsHash: 'ab'.repeat(32) }),
    kind: 'submit',
    name: 'IssueCredential',
    args: [JSON.stringify({ id: 'c1', subjectDid: did, type: 'data-quality', claimsHash: 'ab'.repeat(32) })],
    result: credential,
  },
  {
    call: (c) => c.revokeCredential('c1', 'superseded'),
    kind: 'submit',
    name: 'RevokeCredential',
    args: ['c1', 'superseded'],
    result: credential,
  },
  { call: (c) => c.getCredential('c1'), kind: 'evaluate', name: 'GetCredential', args: ['c1'], result: credential },
  {
    call: (c) => c.verifyCredential('c1', 'ab'.repeat(32)),
    kind: 'evaluate',
    name: 'VerifyCredential',
    args: ['c1', 'ab'.repeat(32)],
    result: { result: 'valid', id: 'c1' },
  },
];

describe('IdentityClient', () => {
  it.each(cases.map((c) => [`${c.name}(${c.args.join(', ')})`, c] as const))(
    '%s sends the transaction and parses the result',
    async (_title, testCase) => {
      await runCase((contract) => new IdentityClient(contract), testCase);
    },
  );

  it('has one method per transaction of the chaincode, each tested above', () => {
    expect(clientMethods(IdentityClient)).toEqual(transactionNames(IdentityContract));
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(transactionNames(IdentityContract)));
  });

  it('maps a chaincode refusal of a read to the typed error', async () => {
    const message = `chaincode response 500, NOT_FOUND: identity ${did} does not exist`;
    const contract = new FakeContract([], [gatewayError('evaluate', 2, message)]);
    const error = await new IdentityClient(contract).getIdentity(did).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).detail).toBe(`identity ${did} does not exist`);
  });

  it('maps a chaincode refusal of a write to the typed error, without retrying it', async () => {
    const details = [{ address: 'peer0:7051', mspId: 'Org1MSP', message: 'chaincode response 500, FORBIDDEN: no' }];
    const contract = new FakeContract([{ endorse: gatewayError('endorse', 10, 'failed to endorse', details) }]);
    const error = await new IdentityClient(contract).setIdentityStatus(did, 'revoked', 'fraud').catch((e) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).attempts).toBe(1);
    expect(contract.transactionIds).toEqual(['tx-1']);
  });

  it('retries an MVCC conflict per the client policy, per-call overrides winning', async () => {
    const conflict = { validationCode: StatusCode.MVCC_READ_CONFLICT };
    const retries: number[] = [];
    const contract = new FakeContract([conflict, conflict, { result: JSON.stringify(identity) }]);
    const client = new IdentityClient(contract, {
      retry: { baseDelayMs: 0, maxAttempts: 5 },
      onRetry: (e) => retries.push(e.attempt),
    });
    const outcome = await client.grantRole(did, 'data-provider');
    expect(outcome).toMatchObject({ transactionId: 'tx-3', blockNumber: 12n, attempts: 3, result: identity });
    expect(retries).toEqual([1, 2]);

    const once = new IdentityClient(new FakeContract([conflict]), { retry: { baseDelayMs: 0 } });
    await expect(once.grantRole(did, 'data-provider', { retry: { maxAttempts: 1 } })).rejects.toBeInstanceOf(
      CommitFailedError,
    );
  });

  it('reports ALREADY_EXISTS as AlreadyExistsError', async () => {
    const details = [{ address: 'p:1', mspId: 'Org1MSP', message: `ALREADY_EXISTS: identity ${did} already exists` }];
    const contract = new FakeContract([{ endorse: gatewayError('endorse', 10, 'failed', details) }]);
    await expect(new IdentityClient(contract).registerIdentity({ kind: 'person' })).rejects.toBeInstanceOf(
      AlreadyExistsError,
    );
  });

  it("stores personal details through the caller's organization alone, then names them on the record", async () => {
    const org = { name: 'Org One', creditCode: '91350100M000100Y43', sector: 'finance' } as const;
    const answers = [receipt, organization, organization, receipt, identity, receipt, identity, receipt, identity];
    const contract = new FakeContract(answers.map((answer) => ({ result: JSON.stringify(answer) })));
    const client = new IdentityClient(contract, { mspId: 'ExchangeMSP' });
    const registered = await client.registerOrganization(org, {
      transient: { contact: { email: 'ops@org1.example', salt } },
    });
    expect(registered.details?.result).toEqual(receipt);
    await client.registerOrganization(org); // no contact: one transaction, the gateway chooses
    await client.registerIdentity({ kind: 'person' }, { transient: { person: { displayName: 'Li Hua', salt } } });
    await client.registerIdentity(
      { kind: 'service', displayName: 'desk' },
      { transient: { realName: { idNumber: 'X123', salt } }, endorsingOrganizations: ['ExchangeMSP', 'EnterpriseMSP'] },
    ); // the public write's choice; the details stay home
    // A regulator's own person registration: its organization alone endorses the details, as MAJORITY allows.
    await new IdentityClient(contract, { mspId: 'RegulatorMSP' }).registerIdentity(
      { kind: 'person' },
      { transient: { person: { displayName: 'Li Hua', salt } } },
    );
    expect(contract.proposals.map((p) => [p.name, p.options?.endorsingOrganizations])).toEqual([
      ['StoreIdentityDetails', ['ExchangeMSP']],
      ['RegisterOrganization', undefined],
      ['RegisterOrganization', undefined],
      ['StoreIdentityDetails', ['ExchangeMSP']],
      ['RegisterIdentity', undefined],
      ['StoreIdentityDetails', ['ExchangeMSP']],
      ['RegisterIdentity', ['ExchangeMSP', 'EnterpriseMSP']],
      ['StoreIdentityDetails', ['RegulatorMSP']],
      ['RegisterIdentity', undefined],
    ]);
    expect(contract.proposals[1]?.options?.arguments).toEqual([
      JSON.stringify({ ...org, contactHash: receipt.contactHash }),
    ]);
    expect(contract.proposals[4]?.options?.arguments).toEqual([
      JSON.stringify({
        kind: 'person',
        displayNameHash: receipt.displayNameHash,
        realNameCommitment: receipt.realNameCommitment,
      }),
    ]);
    expect(contract.proposals[4]?.options?.transientData).toBeUndefined();

    // A person profile for another kind is refused before anything is stored.
    const untouched = new FakeContract([]);
    await expect(
      new IdentityClient(untouched, { mspId: 'ExchangeMSP' }).registerIdentity(
        { kind: 'service', displayName: 'desk' },
        { transient: { person: { displayName: 'Li Hua', salt } } },
      ),
    ).rejects.toThrow(/^INVALID_ARGUMENT: transient.person: only identities of kind person send it, not service$/);
    expect(untouched.proposals).toEqual([]);
  });

  it('refuses a result that is not JSON with an NdiError naming the transaction', async () => {
    const contract = new FakeContract([], ['not json']);
    const error = await new IdentityClient(contract).whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NdiError);
    expect((error as Error).message).toMatch(/^WhoAmI returned a result that is not JSON/);
    const submitted = new FakeContract([{ result: '<html>' }]);
    const failure = await new IdentityClient(submitted).revokeCredential('c1', 'x').catch((e: NdiError) => e);
    expect(failure).toMatchObject({ transactionId: 'tx-1' });
  });

  it('types results as the chaincode model', async () => {
    const contract = new FakeContract([], [JSON.stringify(identity)]);
    const record: Identity = await new IdentityClient(contract).getIdentity(did);
    expect(record.roles).toEqual([]);
  });
});
