import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConnectOptions, NdiClient } from '../client';
import {
  CommitFailedError,
  ConfigurationError,
  ConnectionError,
  EndorsementFailedError,
  ForbiddenError,
  NotFoundError,
} from '../errors';
import { NDI_EVENT_NAMES } from '../event-types';
import { tempDir } from '../test-helpers';
import type { Submitted } from '../typed-contract';
import type { CliDeps } from './context';
import { ExitCode } from './exit-codes';
import { run } from './main';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function submitted<T>(result: T, transactionId = 'tx-1', blockNumber = 42n): Submitted<T> {
  return { result, transactionId, blockNumber, attempts: 1 };
}

const identityRecord = {
  did: 'did:ndi:ExchangeMSP:0123456789abcdef0123456789abcdef',
  mspId: 'ExchangeMSP',
  kind: 'organization',
  displayName: 'Exchange Ops',
  status: 'active',
  roles: [
    { role: 'data-provider', grantedBy: 'did:admin', grantedByMsp: 'ExchangeMSP', grantedAt: '2025-01-01T00:00:00Z' },
  ],
  registeredAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const asset = {
  id: 'asset-1',
  title: 'Loans 2025',
  category: 'finance',
  classification: 'general',
  contentHash: ABC_SHA256,
  sizeBytes: '3',
  format: 'text/csv',
  storageUri: 's3://bucket/loans.csv',
  policy: { purposes: ['credit-scoring'], tradable: true, crossBorder: false },
};

/** A fake NdiClient whose typed clients are jest mocks, and buffers for the CLI's output. */
function harness() {
  const identity = {
    registerOrganization: jest.fn(),
    getOrganization: jest.fn(),
    registerIdentity: jest.fn(async () => submitted(identityRecord)),
    getIdentity: jest.fn(async () => identityRecord),
    whoAmI: jest.fn(async () => identityRecord),
    listIdentities: jest.fn(),
    getIdentityHistory: jest.fn(),
    verifyRealName: jest.fn(),
    grantRole: jest.fn(async () => submitted(identityRecord)),
    revokeRole: jest.fn(),
    hasRole: jest.fn(async () => true),
    setIdentityStatus: jest.fn(),
    issueCredential: jest.fn(),
    revokeCredential: jest.fn(),
    getCredential: jest.fn(),
    verifyCredential: jest.fn(),
  };
  const data = {
    registerDataAsset: jest.fn(async () => submitted({ ...asset, ownerDid: identityRecord.did, version: 1 })),
    updateDataAsset: jest.fn(async () => submitted(asset)),
    transferDataAsset: jest.fn(),
    retireDataAsset: jest.fn(),
    getDataAsset: jest.fn(async () => asset),
    dataAssetExists: jest.fn(async () => true),
    verifyDataIntegrity: jest.fn(async () => ({ match: 'current', version: 1 })),
    getLineage: jest.fn(),
    listDataAssets: jest.fn(async () => ({ items: [asset], bookmark: 'bm-2', fetchedCount: 1 })),
    getDataAssetHistory: jest.fn(),
    getPrivateMetadata: jest.fn(),
    grantAccess: jest.fn(async () => submitted({ assetId: 'asset-1', grantId: 'g-1' })),
    revokeAccess: jest.fn(),
    checkAccess: jest.fn(async () => ({ allowed: false, reason: 'no-grant' })),
    recordAccess: jest.fn(async () => submitted({ assetId: 'asset-1', txId: 'tx-1' })),
    listAccessRecords: jest.fn(),
    listAccessGrants: jest.fn(async () => ({
      items: [
        {
          assetId: 'asset-1',
          grantId: 'g-1',
          granteeMsp: 'EnterpriseMSP',
          purposes: ['credit-scoring', 'research'],
          expiresAt: '2026-06-01T00:00:00.000Z',
          status: 'revoked',
          grantedBy: identityRecord.did,
          grantedAt: '2025-01-02T00:00:00.000Z',
          revokedBy: identityRecord.did,
          revokedAt: '2025-01-03T00:00:00.000Z',
        },
      ],
      bookmark: '',
      fetchedCount: 1,
    })),
  };
  const valuation = {
    requestValuation: jest.fn(async () => submitted({ id: 'val-1' })),
    storeAppraisalEvidence: jest.fn(async () => submitted({ requestId: 'val-1' })),
    submitAppraisal: jest.fn(async () => submitted({ requestId: 'val-1' })),
    finalizeValuation: jest.fn(async () => submitted({ id: 'val-1', status: 'finalized' })),
    resolveValuation: jest.fn(async () => submitted({ id: 'val-1', status: 'finalized' })),
    getCurrentValuation: jest.fn(async () => ({ assetId: 'asset-1', value: '1250000', currency: 'CNY' })),
    listValuations: jest.fn(async () => ({ items: [], bookmark: '', fetchedCount: 0 })),
  };
  const market = {
    tokenizeAsset: jest.fn(async () => submitted({ assetId: 'asset-1', totalShares: '1000' })),
    createListing: jest.fn(async () => submitted({ id: 'lst-1' })),
    placeOrder: jest.fn(async () => submitted({ id: 'ord-1' })),
    settleTrade: jest.fn(async () => submitted({ id: 'cert-1' })),
    getCertificate: jest.fn(async () => ({ id: 'cert-1', certHash: ABC_SHA256 })),
    verifyCertificate: jest.fn(async () => ({ valid: true, status: 'valid', reason: 'valid' })),
    listCertificates: jest.fn(async () => ({ items: [], bookmark: '', fetchedCount: 0 })),
    listShareMovements: jest.fn(async () => ({
      items: [
        {
          assetId: 'asset-1',
          reason: 'tokenize',
          toDid: identityRecord.did,
          quantity: '1000',
          txId: 'tx-5',
          index: 0,
          at: '2025-01-04T00:00:00.000Z',
        },
        {
          assetId: 'asset-1',
          reason: 'settlement',
          fromDid: identityRecord.did,
          toDid: 'did:ndi:EnterpriseMSP:b',
          quantity: '40',
          txId: 'tx-6',
          index: 0,
          at: '2025-01-05T00:00:00.000Z',
          orderId: 'ord-1',
          certificateId: 'cert-1',
        },
      ],
      bookmark: 'bm-3',
      fetchedCount: 2,
    })),
  };
  const verification = {
    certificateId: 'cert-1',
    valid: false,
    offlineHashMatches: true,
    offline: { claimedHash: ABC_SHA256, computedHash: ABC_SHA256, matches: true },
    onChain: { found: true, valid: false, status: 'revoked', reason: 'revoked' },
    transaction: { txId: 'tx-3', found: true, valid: true, validationCodeName: 'VALID', matchesCertificate: true },
    reasons: ['revoked by a regulator'],
  };
  const audit = {
    auditTrail: jest.fn(async () => ({
      assetId: 'asset-1',
      entries: [
        {
          at: '2025-01-01T00:00:00Z',
          kind: 'registered',
          chaincode: 'data-registry',
          txId: 'tx-1',
          summary: 'registered',
        },
      ],
      complete: false,
      sources: { accessRecords: { error: 'FORBIDDEN: owner or regulator only', truncated: false } },
      gaps: ['reads of private data'],
    })),
    transaction: jest.fn(async () => ({ txId: 'tx-1', validationCodeName: 'VALID', blockNumber: 5n })),
    block: jest.fn(async () => ({
      number: 5n,
      dataHash: 'aa',
      previousHash: 'bb',
      transactionCount: 0,
      transactions: [],
    })),
    chainInfo: jest.fn(async () => ({ height: 9n, currentBlockHash: 'cc', previousBlockHash: 'dd' })),
    verifyCertificate: jest.fn(async () => verification),
  };
  const client = {
    mspId: 'ExchangeMSP',
    identity: jest.fn(() => identity),
    dataRegistry: jest.fn(() => data),
    assetValuation: jest.fn(() => valuation),
    transactionCertificates: jest.fn(() => market),
    audit: jest.fn(() => audit),
    events: jest.fn(),
    close: jest.fn(),
  };
  let stdout = '';
  let stderr = '';
  const spinner = { start: jest.fn(), update: jest.fn(), succeed: jest.fn(), fail: jest.fn() };
  const connect = jest.fn(async (_options: ConnectOptions) => client as unknown as NdiClient);
  const dir = tempDir('ndi-cli-');
  const deps: CliDeps = {
    connect,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: dir,
    spinner,
    now: () => NOW,
    onInterrupt: () => () => undefined,
  };
  return {
    identity,
    data,
    valuation,
    market,
    audit,
    client,
    connect,
    spinner,
    dir,
    deps,
    run: (...argv: string[]) => run(argv, deps),
    stdout: () => stdout,
    stderr: () => stderr,
    file: (name: string, content: string | object) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
  };
}

describe('global options', () => {
  it('connects with the default profile of the exchange org as user1', async () => {
    const h = harness();
    expect(await h.run('identity', 'whoami')).toBe(ExitCode.Ok);
    expect(h.connect).toHaveBeenCalledWith({
      profile: path.join(h.dir, 'network', '.runtime', 'connection', 'exchange.json'),
      identity: 'user1',
    });
    expect(h.client.close).toHaveBeenCalledTimes(1);
  });

  it('passes --profile, --user, --peer and --timeout, accepted after the subcommand too', async () => {
    const h = harness();
    const code = await h.run(
      '--profile',
      'p.json',
      'identity',
      'whoami',
      '--user',
      'admin',
      '--peer',
      '1',
      '--timeout',
      '5s',
    );
    expect(code).toBe(ExitCode.Ok);
    expect(h.connect).toHaveBeenCalledWith({
      profile: path.join(h.dir, 'p.json'),
      identity: 'admin',
      peer: 1,
      deadlines: { evaluateMs: 5000, endorseMs: 5000, submitMs: 5000, commitStatusMs: 5000 },
    });
  });

  it('resolves the profile from --org and $NDI_RUNTIME_DIR, names a peer, and honours $NDI_PROFILE', async () => {
    const h = harness();
    await run(['--org', 'regulator', '--peer', 'peer0.regulator', 'identity', 'whoami'], {
      ...h.deps,
      env: { NDI_RUNTIME_DIR: '/rt' },
    });
    expect(h.connect).toHaveBeenLastCalledWith({
      profile: '/rt/connection/regulator.json',
      identity: 'user1',
      peer: 'peer0.regulator',
    });
    await run(['identity', 'whoami'], { ...h.deps, env: { NDI_PROFILE: '/x/org.json', NDI_USER: 'u9' } });
    expect(h.connect).toHaveBeenLastCalledWith({ profile: '/x/org.json', identity: 'u9' });
  });

  it('shows the exit codes in --help and exits 0', async () => {
    const h = harness();
    expect(await h.run('--help')).toBe(ExitCode.Ok);
    expect(h.stdout()).toContain('Exit codes:');
    expect(h.stdout()).toContain('3  business error');
    expect(h.connect).not.toHaveBeenCalled();
  });

  it.each([
    [['nope']],
    [['identity']],
    [['identity', 'grant-role', 'did:x', 'emperor']],
    [['data', 'list', '--page-size', 'ten', '--owner', 'did:x']],
    [['--timeout', 'soon', 'identity', 'whoami']],
    [['identity', 'register', '--kind', 'person']],
  ])('exits 2 on a usage error: %j', async (argv) => {
    const h = harness();
    expect(await h.run(...argv)).toBe(ExitCode.Usage);
    expect(h.stderr()).not.toBe('');
    expect(h.connect).not.toHaveBeenCalled();
  });
});

describe('output', () => {
  it('prints a record as aligned key/value lines for humans', async () => {
    const h = harness();
    await h.run('data', 'get', 'asset-1');
    expect(h.data.getDataAsset).toHaveBeenCalledWith('asset-1');
    expect(h.stdout()).toMatch(/^id +asset-1$/m);
    expect(h.stdout()).toMatch(/^policy\.purposes +credit-scoring$/m);
  });

  it('prints exactly one JSON document with --json', async () => {
    const h = harness();
    await h.run('data', 'get', 'asset-1', '--json');
    expect(JSON.parse(h.stdout())).toEqual(asset);
  });

  it('prints a write with its transaction ID and block number', async () => {
    const h = harness();
    await h.run('identity', 'grant-role', identityRecord.did, 'valuer');
    expect(h.stdout()).toMatch(/transaction tx-1 committed in block 42\n$/);
    expect(h.stdout()).toContain('data-provider');
    expect(h.spinner.start).toHaveBeenCalledWith(`granting valuer to ${identityRecord.did}`);
    expect(h.spinner.succeed).toHaveBeenCalledWith(expect.stringContaining('committed in block 42'));
  });

  it('prints a write as { transactionId, blockNumber, attempts, result } with --json', async () => {
    const h = harness();
    await h.run('--json', 'identity', 'grant-role', identityRecord.did, 'valuer');
    expect(JSON.parse(h.stdout())).toEqual({
      transactionId: 'tx-1',
      blockNumber: 42,
      attempts: 1,
      result: identityRecord,
    });
  });

  it('prints a page as a table with the next bookmark', async () => {
    const h = harness();
    await h.run('data', 'list', '--category', 'finance', '--page-size', '10', '--bookmark', 'bm-1');
    expect(h.data.listDataAssets).toHaveBeenCalledWith({ category: 'finance' }, { pageSize: 10, bookmark: 'bm-1' });
    const lines = h.stdout().split('\n');
    expect(lines[0]).toMatch(/^ID +TITLE +CATEGORY +CLASS +STATUS +VERSION +OWNER$/);
    expect(lines[1]).toMatch(/^asset-1 +Loans 2025 +finance +general/);
    expect(h.stdout()).toContain('more: add --bookmark bm-2');
  });
});

describe('identity commands', () => {
  it('registers a person with the display name in transient data only', async () => {
    const h = harness();
    await h.run('identity', 'register', '--kind', 'person', '--display-name', 'Li Hua');
    expect(h.identity.registerIdentity).toHaveBeenCalledWith(
      { kind: 'person' },
      { transient: { person: { displayName: 'Li Hua', salt: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) } } },
    );
  });

  it('registers a service with its public display name, and prints a generated real-name salt', async () => {
    const h = harness();
    await h.run('--json', 'identity', 'register', '--kind', 'service', '--display-name', 'Bot', '--id-number', 'X1');
    const [profile, options] = h.identity.registerIdentity.mock.calls[0] as unknown as [unknown, { transient: object }];
    expect(profile).toEqual({ kind: 'service', displayName: 'Bot' });
    const out = JSON.parse(h.stdout());
    expect(options.transient).toEqual({ realName: { idNumber: 'X1', salt: out.realNameSalt } });
  });

  it('grants a role with a relative or absolute expiry', async () => {
    const h = harness();
    await h.run('identity', 'grant-role', 'did:a', 'valuer', '--expires-at', '+30d');
    expect(h.identity.grantRole).toHaveBeenLastCalledWith('did:a', 'valuer', { expiresAt: '2026-01-31T00:00:00.000Z' });
    await h.run('identity', 'grant-role', 'did:a', 'valuer', '--expires-at', '2027-01-01T08:00:00+08:00');
    expect(h.identity.grantRole).toHaveBeenLastCalledWith('did:a', 'valuer', { expiresAt: '2027-01-01T00:00:00.000Z' });
    await h.run('identity', 'grant-role', 'did:a', 'regulator');
    expect(h.identity.grantRole).toHaveBeenLastCalledWith('did:a', 'regulator', {});
  });

  it('answers has-role for humans and machines', async () => {
    const h = harness();
    await h.run('identity', 'has-role', 'did:a', 'valuer');
    expect(h.stdout()).toBe('did:a holds valuer: yes\n');
    const j = harness();
    await j.run('identity', 'has-role', 'did:a', 'valuer', '--json');
    expect(JSON.parse(j.stdout())).toEqual({ did: 'did:a', role: 'valuer', hasRole: true });
  });

  it("lists the caller's organization by default", async () => {
    const h = harness();
    h.identity.listIdentities.mockResolvedValue({ items: [identityRecord], bookmark: '', fetchedCount: 1 });
    await h.run('identity', 'list');
    expect(h.identity.listIdentities).toHaveBeenCalledWith('ExchangeMSP', { pageSize: undefined, bookmark: undefined });
    expect(h.stdout()).toContain('data-provider');
    expect(h.stdout()).not.toContain('more:');
  });

  it('hashes a claims file to verify a credential', async () => {
    const h = harness();
    h.identity.verifyCredential.mockResolvedValue({ result: 'valid', id: 'c1' });
    await h.run('identity', 'verify-credential', 'c1', '--claims-file', h.file('claims.txt', 'abc'));
    expect(h.identity.verifyCredential).toHaveBeenCalledWith('c1', ABC_SHA256);
  });
});

describe('data commands', () => {
  it('registers an asset from a file with private metadata in transient data', async () => {
    const h = harness();
    const code = await h.run(
      'data',
      'register',
      '--file',
      h.file('asset.json', asset),
      '--private-metadata',
      h.file('meta.json', { desk: 'data-office' }),
    );
    expect(code).toBe(ExitCode.Ok);
    expect(h.data.registerDataAsset).toHaveBeenCalledWith(asset, {
      transient: { privateMetadata: { desk: 'data-office' } },
    });
    expect(h.stdout()).toContain('transaction tx-1 committed in block 42');
  });

  it('tells on stderr about the private step of a two-step write', async () => {
    const h = harness();
    h.data.registerDataAsset.mockResolvedValueOnce({
      ...submitted(asset, 'tx-2', 43n),
      privateMetadata: submitted({ collection: '_implicit_org_Org1MSP' }, 'tx-1', 42n),
    } as never);
    const code = await h.run(
      '--json',
      'data',
      'register',
      '--file',
      h.file('asset.json', asset),
      '--private-metadata',
      h.file('meta.json', { desk: 'data-office' }),
    );
    expect(code).toBe(ExitCode.Ok);
    expect(h.stderr()).toContain(
      "private metadata stored first in _implicit_org_Org1MSP by transaction tx-1 (block 42), endorsed by the caller's organization alone",
    );
    expect(JSON.parse(h.stdout())).toMatchObject({ transactionId: 'tx-2' });
  });

  it('fills contentHash and sizeBytes from --content', async () => {
    const h = harness();
    const { contentHash: _h, sizeBytes: _s, ...rest } = asset;
    await h.run('data', 'register', '--file', h.file('asset.json', rest), '--content', h.file('data.csv', 'abc'));
    expect(h.data.registerDataAsset).toHaveBeenCalledWith({ ...rest, contentHash: ABC_SHA256, sizeBytes: '3' }, {});
  });

  it.each([
    ['a missing file', (h: ReturnType<typeof harness>) => path.join(h.dir, 'none.json')],
    ['invalid JSON', (h: ReturnType<typeof harness>) => h.file('bad.json', '{')],
    ['a JSON array', (h: ReturnType<typeof harness>) => h.file('arr.json', '[]')],
  ])('exits 2 on %s', async (_what, file) => {
    const h = harness();
    expect(await h.run('data', 'register', '--file', file(h))).toBe(ExitCode.Usage);
    expect(h.data.registerDataAsset).not.toHaveBeenCalled();
    expect(h.stderr()).toMatch(/^error: /);
  });

  it('verifies a file by its locally computed SHA-256, or a given hash', async () => {
    const h = harness();
    await h.run('data', 'verify', 'asset-1', '--file', h.file('data.csv', 'abc'));
    expect(h.data.verifyDataIntegrity).toHaveBeenLastCalledWith('asset-1', ABC_SHA256);
    expect(h.stdout()).toContain('matches the current content (version 1)');
    await h.run('data', 'verify', 'asset-1', '--hash', ABC_SHA256.toUpperCase());
    expect(h.data.verifyDataIntegrity).toHaveBeenLastCalledWith('asset-1', ABC_SHA256);
  });

  it.each([[[]], [['--hash', ABC_SHA256, '--file', 'x']], [['--hash', 'abc']]])(
    'refuses verify %j with exit 2',
    async (extra) => {
      const h = harness();
      expect(await h.run('data', 'verify', 'asset-1', ...extra)).toBe(ExitCode.Usage);
      expect(h.data.verifyDataIntegrity).not.toHaveBeenCalled();
    },
  );

  it('lists by owner, and refuses both or neither filter', async () => {
    const h = harness();
    await h.run('data', 'list', '--owner', 'did:a');
    expect(h.data.listDataAssets).toHaveBeenCalledWith(
      { ownerDid: 'did:a' },
      { pageSize: undefined, bookmark: undefined },
    );
    expect(await h.run('data', 'list')).toBe(ExitCode.Usage);
    expect(await h.run('data', 'list', '--owner', 'did:a', '--category', 'tax')).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('give exactly one of --owner, --category');
  });

  it('grants access to an identity for several purposes', async () => {
    const h = harness();
    await h.run(
      'data',
      'grant',
      'asset-1',
      '--grantee-did',
      'did:b',
      '--purpose',
      'credit-scoring',
      '--purpose',
      'risk,audit',
      '--expires-at',
      '2026-06-30',
      '--grant-id',
      'g-1',
    );
    expect(h.data.grantAccess).toHaveBeenCalledWith('asset-1', {
      grantId: 'g-1',
      purposes: ['credit-scoring', 'risk', 'audit'],
      expiresAt: '2026-06-30T00:00:00.000Z',
      granteeDid: 'did:b',
    });
  });

  it('checks and records access', async () => {
    const h = harness();
    await h.run('data', 'check-access', 'asset-1', 'did:b', 'credit-scoring');
    expect(h.data.checkAccess).toHaveBeenCalledWith('asset-1', 'did:b', 'credit-scoring');
    expect(h.stdout()).toBe('denied: no-grant\n');
    await h.run('data', 'record-access', 'asset-1', 'credit-scoring', '--details-file', h.file('d.txt', 'abc'));
    expect(h.data.recordAccess).toHaveBeenCalledWith('asset-1', 'credit-scoring', ABC_SHA256);
  });

  it("lists a data asset's grants, revoked ones included", async () => {
    const h = harness();
    await h.run('data', 'access-grants', 'asset-1', '--bookmark', 'bm-1');
    expect(h.data.listAccessGrants).toHaveBeenCalledWith('asset-1', { pageSize: undefined, bookmark: 'bm-1' });
    const lines = h.stdout().split('\n');
    expect(lines[0]).toMatch(/^GRANT +GRANTEE +PURPOSES +EXPIRES AT +STATUS +GRANTED AT +TRADE +REVOKED AT$/);
    expect(lines[1]).toMatch(
      /^g-1 +EnterpriseMSP +credit-scoring, research +2026-06-01T00:00:00.000Z +revoked +2025-01-02T00:00:00.000Z +2025-01-03T00:00:00.000Z$/,
    );
    await h.run('data', 'access-grants', 'asset-1', '--json');
    expect(JSON.parse(h.stdout().slice(h.stdout().indexOf('{')))).toMatchObject({ items: [{ grantId: 'g-1' }] });
  });
});

describe('exit codes and error reports', () => {
  it('exits 3 on a business error and prints CODE: detail', async () => {
    const h = harness();
    h.data.getDataAsset.mockRejectedValue(new NotFoundError("data asset 'x' does not exist"));
    expect(await h.run('data', 'get', 'x')).toBe(ExitCode.Business);
    expect(h.stderr()).toBe("NOT_FOUND: data asset 'x' does not exist\n");
    expect(h.stdout()).toBe('');
  });

  it('reports a business error as one JSON document with --json', async () => {
    const h = harness();
    h.identity.grantRole.mockRejectedValue(new ForbiddenError('only admins', { transactionId: 'tx-9' }));
    expect(await h.run('--json', 'identity', 'grant-role', 'did:a', 'valuer')).toBe(ExitCode.Business);
    expect(JSON.parse(h.stdout())).toEqual({
      error: expect.objectContaining({ code: 'FORBIDDEN', detail: 'only admins', transactionId: 'tx-9', exitCode: 3 }),
    });
    expect(h.spinner.fail).toHaveBeenCalled();
  });

  it('exits 4 on an endorsement failure, printing the cause and transaction ID', async () => {
    const h = harness();
    const err = new EndorsementFailedError('endorse: failed to endorse', {
      stage: 'endorse',
      grpcCode: 10,
      transactionId: 'tx-7',
      cause: new Error('peer0 timed out'),
    });
    h.data.registerDataAsset.mockRejectedValue(err);
    expect(await h.run('data', 'register', '--file', h.file('a.json', asset))).toBe(ExitCode.Network);
    expect(h.stderr()).toContain('EndorsementFailedError: endorse: failed to endorse');
    expect(h.stderr()).toContain('cause: peer0 timed out');
    expect(h.stderr()).toContain('transaction: tx-7');
  });

  it('exits 4 on a commit failure and on an unreachable peer', async () => {
    const h = harness();
    h.identity.grantRole.mockRejectedValue(new CommitFailedError({ transactionId: 'tx-8', validationCode: 11 }));
    expect(await h.run('identity', 'grant-role', 'did:a', 'valuer')).toBe(ExitCode.Network);
    expect(h.stderr()).toContain('MVCC_READ_CONFLICT');
    expect(h.stderr()).toContain('transaction: tx-8');
    h.identity.whoAmI.mockRejectedValue(
      new ConnectionError('evaluate: gateway peer unavailable: No connection established', {
        stage: 'evaluate',
        grpcCode: 14,
      }),
    );
    expect(await h.run('identity', 'whoami', '--json')).toBe(ExitCode.Network);
    expect(JSON.parse(h.stdout().slice(h.stdout().indexOf('{'))).error).toMatchObject({
      type: 'ConnectionError',
      grpcStatus: 'UNAVAILABLE',
      transactionId: null,
      exitCode: 4,
    });
  });

  it('exits 1 on a configuration error and on anything else', async () => {
    const h = harness();
    h.connect.mockRejectedValueOnce(new ConfigurationError('cannot read the connection profile p.json', 'p.json'));
    expect(await h.run('identity', 'whoami')).toBe(ExitCode.Failure);
    expect(h.stderr()).toContain('ConfigurationError: cannot read the connection profile p.json');
    h.identity.whoAmI.mockRejectedValue(new TypeError('boom'));
    expect(await h.run('identity', 'whoami')).toBe(ExitCode.Failure);
    expect(h.stderr()).toContain('TypeError: boom');
  });
});

describe('valuation commands', () => {
  it('requests a valuation with a chosen ID and the defaults left to the chaincode', async () => {
    const h = harness();
    await h.run('valuation', 'request', 'asset-1', '--purpose', 'listing', '--id', 'val-1', '--min-appraisals', '3');
    expect(h.valuation.requestValuation).toHaveBeenCalledWith({
      id: 'val-1',
      assetId: 'asset-1',
      purpose: 'listing',
      minAppraisals: 3,
    });
  });

  it('submits an appraisal with the report hashed locally and the evidence in transient data', async () => {
    const h = harness();
    const code = await h.run(
      'valuation',
      'appraise',
      'val-1',
      '--method',
      'market',
      '--value',
      '1250000',
      '--report-file',
      h.file('report.pdf', 'abc'),
      '--valid-until',
      '+365d',
      '--evidence',
      h.file('evidence.json', { comparables: ['deal-17'] }),
      '--endorsing-org',
      'ValuerMSP',
    );
    expect(code).toBe(ExitCode.Ok);
    // First the evidence, to the chosen endorsers; then the public appraisal.
    expect(h.valuation.storeAppraisalEvidence).toHaveBeenCalledWith('val-1', ABC_SHA256, {
      endorsingOrganizations: ['ValuerMSP'],
      transient: { evidence: { comparables: ['deal-17'] } },
    });
    expect(h.valuation.submitAppraisal).toHaveBeenCalledWith('val-1', {
      method: 'market',
      value: '1250000',
      currency: 'CNY',
      evidenceHash: ABC_SHA256,
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    expect(h.valuation.storeAppraisalEvidence.mock.invocationCallOrder[0]).toBeLessThan(
      h.valuation.submitAppraisal.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('refuses a money amount with decimals (values are integer minor units)', async () => {
    const h = harness();
    expect(await h.run('valuation', 'resolve', 'val-1', '--value', '12.50', '--reason', 'x')).toBe(ExitCode.Usage);
    await h.run('valuation', 'resolve', 'val-1', '--value', '1250', '--reason', 'panel decision');
    expect(h.valuation.resolveValuation).toHaveBeenCalledWith('val-1', '1250', 'panel decision');
  });

  it('prints the current valuation', async () => {
    const h = harness();
    await h.run('valuation', 'current', 'asset-1', '--json');
    expect(JSON.parse(h.stdout())).toEqual({ assetId: 'asset-1', value: '1250000', currency: 'CNY' });
  });
});

describe('cert commands', () => {
  it('tokenizes, lists, orders and settles', async () => {
    const h = harness();
    await h.run('cert', 'tokenize', 'asset-1', '--shares', '1000');
    expect(h.market.tokenizeAsset).toHaveBeenCalledWith('asset-1', '1000');
    await h.run(
      'cert',
      'listing',
      'create',
      '--asset',
      'asset-1',
      '--shares',
      '100',
      '--price-per-share',
      '12500',
      '--expires-at',
      '2026-12-31',
      '--purpose',
      'credit-scoring',
      '--id',
      'lst-1',
    );
    expect(h.market.createListing).toHaveBeenCalledWith({
      id: 'lst-1',
      assetId: 'asset-1',
      shares: '100',
      pricePerShare: '12500',
      currency: 'CNY',
      expiresAt: '2026-12-31T00:00:00.000Z',
      purposes: ['credit-scoring'],
    });
    await h.run('cert', 'order', 'place', '--listing', 'lst-1', '--shares', '40');
    expect(h.market.placeOrder).toHaveBeenCalledWith({
      id: expect.stringMatching(/^ord-[0-9a-f]{12}$/),
      listingId: 'lst-1',
      shares: '40',
    });
    await h.run('cert', 'settle', 'ord-1', '--payment-ref', 'bank-42');
    expect(h.market.settleTrade).toHaveBeenCalledWith('ord-1', 'bank-42');
  });

  it('verifies the ledger copy of a certificate three ways, and reports NOT VALID', async () => {
    const h = harness();
    expect(await h.run('cert', 'verify', 'cert-1')).toBe(ExitCode.Ok);
    expect(h.audit.verifyCertificate).toHaveBeenCalledWith({ id: 'cert-1', certHash: ABC_SHA256 });
    expect(h.stdout()).toContain('certificate cert-1: NOT VALID');
    expect(h.stdout()).toContain('revoked by a regulator');
  });

  it('verifies a held copy, or only a hash', async () => {
    const h = harness();
    await h.run('cert', 'verify', 'cert-1', '--file', h.file('cert.json', { id: 'cert-1', certHash: 'x' }));
    expect(h.audit.verifyCertificate).toHaveBeenCalledWith({ id: 'cert-1', certHash: 'x' });
    expect(h.market.getCertificate).not.toHaveBeenCalled();
    expect(await h.run('cert', 'verify', 'cert-2', '--file', h.file('c2.json', { id: 'cert-1' }))).toBe(ExitCode.Usage);
    await h.run('cert', 'verify', 'cert-1', '--hash', ABC_SHA256);
    expect(h.market.verifyCertificate).toHaveBeenCalledWith('cert-1', ABC_SHA256);
  });

  it("lists an asset's share movements page by page", async () => {
    const h = harness();
    await h.run('cert', 'share-movements', 'asset-1', '--page-size', '2');
    expect(h.market.listShareMovements).toHaveBeenCalledWith('asset-1', { pageSize: 2, bookmark: undefined });
    const lines = h.stdout().split('\n');
    expect(lines[0]).toMatch(/^AT +REASON +FROM +TO +QUANTITY +ORDER +TRANSACTION$/);
    expect(lines[1]).toMatch(/^2025-01-04T00:00:00.000Z +tokenize +did:ndi:ExchangeMSP:\w+ +1000 +tx-5$/);
    expect(lines[2]).toMatch(/ settlement +did:ndi:ExchangeMSP:\w+ +did:ndi:EnterpriseMSP:b +40 +ord-1 +tx-6$/);
    expect(h.stdout()).toContain('more: add --bookmark bm-3');
  });

  it('lists the certificates of exactly one asset or party', async () => {
    const h = harness();
    await h.run('cert', 'list', '--party', 'did:a');
    expect(h.market.listCertificates).toHaveBeenCalledWith(
      { partyDid: 'did:a' },
      { pageSize: undefined, bookmark: undefined },
    );
    expect(await h.run('cert', 'list')).toBe(ExitCode.Usage);
  });
});

describe('audit commands', () => {
  it('prints an asset trail with its incomplete sources and gaps', async () => {
    const h = harness();
    await h.run('audit', 'trail', 'asset-1', '--max-pages', '2');
    expect(h.audit.auditTrail).toHaveBeenCalledWith('asset-1', { maxPages: 2 });
    expect(h.stdout()).toContain('audit trail of asset-1: 1 entries, INCOMPLETE');
    expect(h.stdout()).toContain('accessRecords: FORBIDDEN: owner or regulator only');
    expect(h.stdout()).toContain('- reads of private data');
  });

  it('looks up a transaction with its block, a block, and the height', async () => {
    const h = harness();
    await h.run('audit', 'tx', 'tx-1', '--json');
    expect(h.audit.transaction).toHaveBeenCalledWith('tx-1', { withBlockNumber: true });
    expect(JSON.parse(h.stdout())).toEqual({ txId: 'tx-1', validationCodeName: 'VALID', blockNumber: 5 });
    await h.run('audit', 'block', '5');
    expect(h.audit.block).toHaveBeenCalledWith(5n);
    await h.run('audit', 'height');
    expect(h.stdout()).toMatch(/^height +9$/m);
    expect(await h.run('audit', 'block', 'latest')).toBe(ExitCode.Usage);
  });
});

describe('events tail', () => {
  const events = [
    {
      chaincode: 'identity',
      name: 'RoleGranted',
      payload: { did: 'did:a', role: 'valuer' },
      blockNumber: 5n,
      transactionId: 'tx-5',
    },
    {
      chaincode: 'data-registry',
      name: 'DataAssetRetired',
      payload: { id: 'asset-1' },
      blockNumber: 6n,
      transactionId: 'tx-6',
    },
  ];

  function fakeStream() {
    const stream = {
      ack: jest.fn(async () => undefined),
      close: jest.fn(),
      async *[Symbol.asyncIterator]() {
        yield* events;
      },
    };
    return stream;
  }

  it('prints one line per event, following every known chaincode by default', async () => {
    const h = harness();
    const stream = fakeStream();
    h.client.events.mockResolvedValue(stream);
    expect(await h.run('events', 'tail')).toBe(ExitCode.Ok);
    expect(h.client.events).toHaveBeenCalledWith({ chaincodes: Object.keys(NDI_EVENT_NAMES), unrecognized: 'error' });
    expect(h.stdout()).toBe(
      '5 tx-5 identity RoleGranted {"did":"did:a","role":"valuer"}\n' +
        '6 tx-6 data-registry DataAssetRetired {"id":"asset-1"}\n',
    );
    expect(stream.close).toHaveBeenCalled();
  });

  it('writes JSON Lines, stops after --count and saves the position', async () => {
    const h = harness();
    const stream = fakeStream();
    h.client.events.mockResolvedValue(stream);
    await h.run(
      'events',
      'tail',
      '--json',
      '--count',
      '1',
      '--chaincode',
      'identity',
      '--start-block',
      '5',
      '--skip-unknown',
    );
    expect(h.client.events).toHaveBeenCalledWith({ chaincodes: ['identity'], startBlock: 5n, unrecognized: 'skip' });
    expect(
      h
        .stdout()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        chaincode: 'identity',
        name: 'RoleGranted',
        payload: { did: 'did:a', role: 'valuer' },
        blockNumber: 5,
        transactionId: 'tx-5',
      },
    ]);
    expect(stream.ack).toHaveBeenCalled();
  });

  it('refuses to overwrite a saved position unless resuming from it', async () => {
    const h = harness();
    h.client.events.mockResolvedValue(fakeStream());
    const checkpoint = h.file('cp.json', { blockNumber: '9', transactionId: 'tx-9' });
    expect(await h.run('events', 'tail', '--checkpoint', checkpoint)).toBe(ExitCode.Usage);
    expect(h.stderr()).toContain('--from-checkpoint');
    expect(await h.run('events', 'tail', '--checkpoint', checkpoint, '--from-checkpoint')).toBe(ExitCode.Ok);
    const options = h.client.events.mock.calls[0]?.[0] as { checkpoint: { getBlockNumber(): bigint } };
    expect(options.checkpoint.getBlockNumber()).toBe(9n);
    expect(await h.run('events', 'tail', '--from-checkpoint')).toBe(ExitCode.Usage);
    expect(await h.run('events', 'tail', '--chaincode', 'nope')).toBe(ExitCode.Usage);
  });

  it('closes the stream on an interrupt after saving the last event', async () => {
    const h = harness();
    let interrupt: () => void = () => undefined;
    const stream = {
      ack: jest.fn(async () => undefined),
      close: jest.fn(),
      async *[Symbol.asyncIterator]() {
        yield events[0];
        interrupt();
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    h.client.events.mockResolvedValue(stream);
    const code = await run(['events', 'tail'], {
      ...h.deps,
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => undefined;
      },
    });
    expect(code).toBe(ExitCode.Ok);
    expect(stream.ack).toHaveBeenCalled();
    expect(stream.close).toHaveBeenCalled();
  });
});
