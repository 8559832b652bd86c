import type { ValuationRequest } from '@ndi/chaincode-asset-valuation';
import type { AccessGrant, AccessRecord, DataAsset, DataAssetHistory } from '@ndi/chaincode-data-registry';
import type { Certificate, ShareMovement, Tokenization } from '@ndi/chaincode-transaction-certificates';
import { AUDIT_ENTRY_KINDS, AuditClient, type AuditEntry, sortAuditEntries } from './audit';
import { fakeNetwork, fakeQscc, type Handler, ScriptedContract } from './audit-test-helpers';
import { ConnectionError, ForbiddenError, NotFoundError } from './errors';
import { gatewayError } from './test-helpers';

const owner = 'did:ndi:Org1MSP:0123456789abcdef0123456789abcdef';
const buyer = 'did:ndi:Org2MSP:fedcba9876543210fedcba9876543210';
const regulator = 'did:ndi:RegulatorMSP:00000000000000000000000000000001';
const hash = (c: string) => c.repeat(64);

const v1: DataAsset = {
  id: 'loans-2024',
  title: 'SME loans 2024',
  category: 'finance',
  classification: 'important',
  contentHash: hash('a'),
  sizeBytes: '1048576',
  format: 'parquet',
  storageUri: 's3://org1/loans-2024.parquet',
  derivedFrom: [],
  policy: { purposes: ['credit-scoring'], tradable: true, crossBorder: false },
  ownerDid: owner,
  ownerMsp: 'Org1MSP',
  status: 'active',
  version: 1,
  registeredBy: owner,
  registeredAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const v2: DataAsset = { ...v1, contentHash: hash('b'), version: 2, updatedAt: '2025-01-05T00:00:00.000Z' };
const v2b: DataAsset = { ...v2, title: 'SME loans 2024 (rev.)', updatedAt: '2025-01-06T00:00:00.000Z' };
const v3: DataAsset = { ...v2b, ownerDid: buyer, ownerMsp: 'Org2MSP', updatedAt: '2025-03-01T00:00:00.000Z' };
const v4: DataAsset = {
  ...v3,
  status: 'retired',
  retiredAt: '2025-04-01T00:00:00.000Z',
  retiredReason: 'superseded',
  updatedAt: '2025-04-01T00:00:00.000Z',
};
const versions: [string, DataAsset][] = [
  ['tx-reg', v1],
  ['tx-v2', v2],
  ['tx-title', v2b],
  ['tx-transfer', v3],
  ['tx-retire', v4],
];
const history: DataAssetHistory = {
  id: 'loans-2024',
  // Newest first, as the chaincode answers.
  entries: versions.map(([txId, asset]) => ({ txId, timestamp: asset.updatedAt, isDelete: false, asset })).reverse(),
  truncated: false,
};

const access = (n: number, at: string): AccessRecord => ({
  assetId: 'loans-2024',
  txId: `tx-access-${n}`,
  accessorDid: buyer,
  accessorMsp: 'Org2MSP',
  purpose: 'credit-scoring',
  detailsHash: hash('c'),
  basis: 'grant',
  grantId: 'g1',
  recordedAt: at,
});
const accessRecords = [
  access(1, '2025-02-01T00:00:00.000Z'),
  access(2, '2025-02-02T00:00:00.000Z'),
  // Same instant as the settlement, written with another precision: ordered by txId.
  access(3, '2025-02-15T10:00:00Z'),
  access(4, '2025-02-20T00:00:00.000Z'),
  access(5, '2025-02-21T00:00:00.000Z'),
];

const grantG1: AccessGrant = {
  assetId: 'loans-2024',
  grantId: 'g1',
  granteeDid: buyer,
  purposes: ['credit-scoring'],
  expiresAt: '2026-01-01T00:00:00.000Z',
  status: 'active',
  grantedBy: owner,
  grantedAt: '2025-01-25T00:00:00.000Z',
};
const grantOld: AccessGrant = {
  assetId: 'loans-2024',
  grantId: 'g-old',
  granteeMsp: 'Org2MSP',
  purposes: ['credit-scoring', 'research'],
  expiresAt: '2025-12-01T00:00:00.000Z',
  status: 'revoked',
  grantedBy: owner,
  grantedAt: '2025-01-03T00:00:00.000Z',
  revokedBy: owner,
  revokedAt: '2025-01-04T00:00:00.000Z',
};
const grantTrade: AccessGrant = {
  ...grantG1,
  grantId: 'g-trade',
  grantedAt: '2025-02-15T10:00:00.000Z',
  tradeId: 'order-1',
};
// Grant-ID order, as the chaincode lists them.
const grants = [grantOld, grantTrade, grantG1];

const disputed: ValuationRequest = {
  id: 'val-1',
  assetId: 'loans-2024',
  ownerDid: owner,
  ownerMsp: 'Org1MSP',
  purpose: 'listing',
  currency: 'CNY',
  minAppraisals: 2,
  maxSpreadBp: 3000,
  status: 'finalized',
  requestedAt: '2025-01-10T00:00:00.000Z',
  updatedAt: '2025-01-20T00:00:00.000Z',
  disputedAt: '2025-01-15T00:00:00.000Z',
  resolution: {
    value: '500000',
    reason: 'median of market appraisals',
    resolvedBy: regulator,
    resolvedAt: '2025-01-20T00:00:00.000Z',
  },
  value: '500000',
  finalizedAt: '2025-01-20T00:00:00.000Z',
};
const finalized: ValuationRequest = {
  ...disputed,
  id: 'val-2',
  requestedAt: '2025-02-10T00:00:00.000Z',
  disputedAt: undefined,
  resolution: undefined,
  value: '520000',
  validUntil: '2026-02-10T00:00:00.000Z',
  finalizedAt: '2025-02-12T00:00:00.000Z',
};
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const { disputedAt, resolution, value, finalizedAt, ...requested } = disputed;
const pending: ValuationRequest = {
  ...requested,
  id: 'val-3',
  status: 'open',
  requestedAt: '2025-05-01T00:00:00.000Z',
};
delete finalized.disputedAt;
delete finalized.resolution;

const tokenization: Tokenization = {
  assetId: 'loans-2024',
  totalShares: '1000',
  tokenizedBy: owner,
  tokenizerMsp: 'Org1MSP',
  tokenizedAt: '2025-02-14T00:00:00.000Z',
  txId: 'tx-tokenize',
};
const trade: Certificate = {
  id: 'cert-' + 'e'.repeat(32),
  type: 'transaction',
  assetId: 'loans-2024',
  assetVersion: 2,
  contentHash: hash('b'),
  parties: [
    { role: 'seller', did: owner, mspId: 'Org1MSP' },
    { role: 'buyer', did: buyer, mspId: 'Org2MSP' },
  ],
  terms: {
    orderId: 'order-1',
    listingId: 'listing-1',
    shares: '250',
    totalShares: '1000',
    pricePerShare: '500',
    price: '125000',
    currency: 'CNY',
    purposes: ['credit-scoring'],
    paymentRef: 'pay-1',
    grantId: 'g-trade',
  },
  issuedAt: '2025-02-15T10:00:00.000Z',
  txId: 'tx-settle',
  issuerMsp: 'Org1MSP',
  issuerDid: owner,
  status: 'revoked',
  revocation: { revokedBy: regulator, revokedAt: '2025-03-10T00:00:00.000Z', reason: 'fraudulent payment' },
  certHash: hash('f'),
};
const registrationCert: Certificate = {
  ...trade,
  id: 'cert-' + 'a'.repeat(32),
  type: 'registration',
  parties: [{ role: 'owner', did: owner, mspId: 'Org1MSP' }],
  issuedAt: '2025-01-02T00:00:00.000Z',
  txId: 'tx-regcert',
  status: 'valid',
};
delete registrationCert.terms;
delete registrationCert.revocation;

const minted: ShareMovement = {
  assetId: 'loans-2024',
  reason: 'tokenize',
  toDid: owner,
  quantity: '1000',
  txId: 'tx-tokenize',
  index: 0,
  at: '2025-02-14T00:00:00.000Z',
};
const transferred: ShareMovement = {
  assetId: 'loans-2024',
  reason: 'transfer',
  fromDid: owner,
  toDid: regulator,
  quantity: '5',
  txId: 'tx-shares',
  index: 0,
  at: '2025-02-14T12:00:00.000Z',
};
const settled: ShareMovement = {
  assetId: 'loans-2024',
  reason: 'settlement',
  fromDid: owner,
  toDid: buyer,
  quantity: '250',
  txId: 'tx-settle',
  index: 0,
  at: '2025-02-15T10:00:00.000Z',
  orderId: 'order-1',
  certificateId: trade.id,
};
const movements = [minted, transferred, settled];

/** Serves `items` in pages of the requested size, with numeric bookmarks, as the chaincodes do. */
function pages<T>(items: readonly T[], argsOffset: number): Handler {
  return (args) => {
    const size = Number(args[argsOffset] || 100);
    const from = Number(args[argsOffset + 1] || 0);
    const slice = items.slice(from, from + size);
    const next = from + size < items.length ? String(from + size) : '';
    return { items: slice, bookmark: next, fetchedCount: slice.length };
  };
}

function contracts(overrides: { registry?: Record<string, Handler>; trade?: Record<string, Handler> } = {}) {
  const registry = new ScriptedContract({
    GetDataAssetHistory: () => history,
    ListAccessRecords: pages(accessRecords, 1),
    ListAccessGrants: pages(grants, 1),
    ...overrides.registry,
  });
  const valuation = new ScriptedContract({
    ListValuations: pages([disputed, finalized, pending], 1),
    GetValuationHistory: () => ({ entries: [], truncated: false }),
  });
  const certificates = new ScriptedContract({
    GetTokenization: () => tokenization,
    ListCertificates: pages([registrationCert, trade], 1),
    ListShareMovements: pages(movements, 1),
    ...overrides.trade,
  });
  const identity = new ScriptedContract({ GetIdentityHistory: () => ({ entries: [], truncated: true }) });
  return { registry, valuation, certificates, identity };
}

function auditOf(c: ReturnType<typeof contracts>, names: Record<string, string> = {}) {
  const network = fakeNetwork({
    qscc: fakeQscc([[{ txId: 'genesis' }], [{ txId: 'tx-settle', code: 11 }]]),
    [names['data-registry'] ?? 'data-registry']: c.registry,
    'asset-valuation': c.valuation,
    [names['transaction-certificates'] ?? 'transaction-certificates']: c.certificates,
    identity: c.identity,
  });
  return { network, audit: new AuditClient(network, { chaincodes: names, retry: { maxAttempts: 1 } }) };
}

const brief = (entries: readonly AuditEntry[]) => entries.map((e) => [e.at, e.kind, e.txId ?? '-']);

describe('AuditClient.history', () => {
  it('calls each chaincode history transaction with the ID', async () => {
    const c = contracts();
    const { audit } = auditOf(c);
    await expect(audit.history('data-registry', 'loans-2024')).resolves.toEqual(history);
    await expect(audit.history('identity', owner)).resolves.toEqual({ entries: [], truncated: true });
    await expect(audit.history('asset-valuation', 'val-1')).resolves.toEqual({ entries: [], truncated: false });
    expect(c.registry.calls).toEqual([{ name: 'GetDataAssetHistory', args: ['loans-2024'] }]);
    expect(c.identity.calls).toEqual([{ name: 'GetIdentityHistory', args: [owner] }]);
    expect(c.valuation.calls).toEqual([{ name: 'GetValuationHistory', args: ['val-1'] }]);
  });

  it('uses the chaincode names given and passes endorsing organizations', async () => {
    const c = contracts();
    const { audit, network } = auditOf(c, { 'data-registry': 'registry-v2' });
    expect(audit.chaincodeName('data-registry')).toBe('registry-v2');
    await audit.history('data-registry', 'loans-2024', { endorsingOrganizations: ['Org1MSP'] });
    expect(network.requested).toContain('registry-v2');
    expect(c.registry.calls[0]?.endorsingOrganizations).toEqual(['Org1MSP']);
  });
});

describe('AuditClient ledger reads', () => {
  it('reads a transaction, with its block number when asked', async () => {
    const { audit } = auditOf(contracts());
    const tx = await audit.transaction('tx-settle');
    expect(tx).toMatchObject({ txId: 'tx-settle', validationCodeName: 'MVCC_READ_CONFLICT', valid: false });
    expect(tx.blockNumber).toBeUndefined();
    await expect(audit.transaction('tx-settle', { withBlockNumber: true })).resolves.toMatchObject({
      blockNumber: 1n,
    });
    await expect(audit.transaction('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('summarises blocks and the chain', async () => {
    const { audit } = auditOf(contracts());
    const block = await audit.block(1);
    expect(block.transactions.map((t) => [t.txId, t.validationCode])).toEqual([['tx-settle', 11]]);
    await expect(audit.chainInfo()).resolves.toMatchObject({ height: 2n });
  });
});

describe('AuditClient.auditTrail', () => {
  it('merges every source into one ordered trail', async () => {
    const c = contracts();
    const { audit } = auditOf(c);
    const trail = await audit.auditTrail('loans-2024');
    expect(brief(trail.entries)).toEqual([
      ['2025-01-01T00:00:00.000Z', 'registration', 'tx-reg'],
      ['2025-01-02T00:00:00.000Z', 'certificate-issued', 'tx-regcert'],
      ['2025-01-03T00:00:00.000Z', 'access-granted', '-'],
      ['2025-01-04T00:00:00.000Z', 'access-revoked', '-'],
      ['2025-01-05T00:00:00.000Z', 'new-version', 'tx-v2'],
      ['2025-01-06T00:00:00.000Z', 'asset-update', 'tx-title'],
      ['2025-01-10T00:00:00.000Z', 'valuation-requested', '-'],
      ['2025-01-15T00:00:00.000Z', 'valuation-disputed', '-'],
      ['2025-01-20T00:00:00.000Z', 'valuation-resolved', '-'],
      ['2025-01-25T00:00:00.000Z', 'access-granted', '-'],
      ['2025-02-01T00:00:00.000Z', 'access', 'tx-access-1'],
      ['2025-02-02T00:00:00.000Z', 'access', 'tx-access-2'],
      ['2025-02-10T00:00:00.000Z', 'valuation-requested', '-'],
      ['2025-02-12T00:00:00.000Z', 'valuation-finalized', '-'],
      ['2025-02-14T00:00:00.000Z', 'tokenization', 'tx-tokenize'],
      ['2025-02-14T00:00:00.000Z', 'share-movement', 'tx-tokenize'],
      ['2025-02-14T12:00:00.000Z', 'share-movement', 'tx-shares'],
      // The settlement's grant carries no transaction ID: first among entries of the same instant.
      ['2025-02-15T10:00:00.000Z', 'access-granted', '-'],
      ['2025-02-15T10:00:00Z', 'access', 'tx-access-3'],
      ['2025-02-15T10:00:00.000Z', 'share-trade', 'tx-settle'],
      ['2025-02-15T10:00:00.000Z', 'share-movement', 'tx-settle'],
      ['2025-02-20T00:00:00.000Z', 'access', 'tx-access-4'],
      ['2025-02-21T00:00:00.000Z', 'access', 'tx-access-5'],
      ['2025-03-01T00:00:00.000Z', 'ownership-transfer', 'tx-transfer'],
      ['2025-03-10T00:00:00.000Z', 'certificate-revoked', '-'],
      ['2025-04-01T00:00:00.000Z', 'retirement', 'tx-retire'],
      ['2025-05-01T00:00:00.000Z', 'valuation-requested', '-'],
    ]);
    expect(trail.complete).toBe(true);
    // Grants and share movements are read now; what remains are the transaction IDs the records do not carry.
    expect(trail.gaps.some((g) => g.startsWith('access grants') || g.startsWith('share transfers'))).toBe(false);
    expect(trail.gaps.some((g) => g.startsWith('access-grant transactions'))).toBe(true);
    expect(trail.sources).toEqual({
      assetHistory: {
        chaincode: 'data-registry',
        transaction: 'GetDataAssetHistory',
        records: 5,
        pages: 1,
        truncated: false,
      },
      accessRecords: {
        chaincode: 'data-registry',
        transaction: 'ListAccessRecords',
        records: 5,
        pages: 1,
        truncated: false,
      },
      accessGrants: {
        chaincode: 'data-registry',
        transaction: 'ListAccessGrants',
        records: 3,
        pages: 1,
        truncated: false,
      },
      valuations: {
        chaincode: 'asset-valuation',
        transaction: 'ListValuations',
        records: 3,
        pages: 1,
        truncated: false,
      },
      tokenization: {
        chaincode: 'transaction-certificates',
        transaction: 'GetTokenization',
        records: 1,
        pages: 1,
        truncated: false,
      },
      shareMovements: {
        chaincode: 'transaction-certificates',
        transaction: 'ListShareMovements',
        records: 3,
        pages: 1,
        truncated: false,
      },
      certificates: {
        chaincode: 'transaction-certificates',
        transaction: 'ListCertificates',
        records: 2,
        pages: 1,
        truncated: false,
      },
    });
    expect(c.certificates.calls.find((call) => call.name === 'ListCertificates')?.args).toEqual([
      '{"assetId":"loans-2024"}',
      '100',
      '',
    ]);
  });

  it('types each record by kind and writes summaries', async () => {
    const { audit } = auditOf(contracts());
    const { entries } = await audit.auditTrail('loans-2024');
    const byKind = (kind: AuditEntry['kind']) => entries.find((e) => e.kind === kind);
    expect(byKind('share-trade')?.summary).toBe(
      `250 of 1000 shares sold by ${owner} (Org1MSP) to ${buyer} (Org2MSP) for 125000 CNY ` +
        `(order order-1, certificate ${trade.id}, grant g-trade)`,
    );
    expect(byKind('ownership-transfer')?.summary).toBe(`ownership ${owner} -> ${buyer} (Org2MSP)`);
    expect(byKind('retirement')?.summary).toBe('retired: superseded');
    expect(byKind('valuation-resolved')?.summary).toBe(
      `valuation val-1: resolved by ${regulator} at 500000 CNY: median of market appraisals`,
    );
    expect(byKind('valuation-finalized')?.summary).toBe(
      'valuation val-2: finalized at 520000 CNY, valid until 2026-02-10T00:00:00.000Z',
    );
    expect(byKind('certificate-revoked')?.summary).toBe(
      `certificate ${trade.id} revoked by ${regulator}: fraudulent payment`,
    );
    const registration = byKind('registration');
    expect(registration?.kind === 'registration' && registration.record.asset?.title).toBe('SME loans 2024');
    const accessEntry = byKind('access');
    expect(accessEntry?.kind === 'access' && accessEntry.record.grantId).toBe('g1');
    expect(accessEntry?.summary).toBe(`${buyer} (Org2MSP) accessed for 'credit-scoring' as grant under grant g1`);

    const summaries = (kind: AuditEntry['kind']) => entries.filter((e) => e.kind === kind).map((e) => e.summary);
    expect(summaries('access-granted')).toEqual([
      `grant g-old to organization Org2MSP for 'credit-scoring', 'research' until 2025-12-01T00:00:00.000Z by ${owner}`,
      `grant g1 to ${buyer} for 'credit-scoring' until 2026-01-01T00:00:00.000Z by ${owner}`,
      `grant g-trade to ${buyer} for 'credit-scoring' until 2026-01-01T00:00:00.000Z by ${owner} (trade order-1)`,
    ]);
    expect(summaries('access-revoked')).toEqual([`grant g-old revoked by ${owner}`]);
    expect(summaries('share-movement')).toEqual([
      `1000 shares minted to ${owner} at tokenization`,
      `5 shares transferred ${owner} -> ${regulator}`,
      `250 shares settled ${owner} -> ${buyer} (order order-1, certificate ${trade.id})`,
    ]);
    const revokedGrant = byKind('access-revoked');
    expect(revokedGrant?.kind === 'access-revoked' && revokedGrant.record).toEqual(grantOld);
    const movement = entries.find((e) => e.kind === 'share-movement' && e.txId === 'tx-shares');
    expect(movement?.kind === 'share-movement' && movement.record).toEqual(transferred);
  });

  it('shows share movements of a reason it does not know yet, and grants whose fields are missing', async () => {
    const odd = { ...transferred, reason: 'split', txId: 'tx-split' } as unknown as ShareMovement;
    const bareSettlement: ShareMovement = { ...minted, reason: 'settlement' };
    const bare: AccessGrant = { ...grantOld, granteeMsp: undefined, grantId: 'g-bare', revokedBy: undefined };
    const { audit } = auditOf(
      contracts({
        registry: { ListAccessGrants: pages([bare], 1) },
        trade: { ListShareMovements: pages([odd, bareSettlement], 1) },
      }),
    );
    const { entries } = await audit.auditTrail('loans-2024');
    expect(entries.filter((e) => e.kind === 'share-movement').map((e) => e.summary)).toEqual([
      `1000 shares settled ? -> ${owner} (order ?, certificate ?)`,
      `5 shares moved ${owner} -> ${regulator} (split)`,
    ]);
    expect(entries.filter((e) => e.kind.startsWith('access-')).map((e) => e.summary)).toEqual([
      `grant g-bare to organization ? for 'credit-scoring', 'research' until 2025-12-01T00:00:00.000Z by ${owner}`,
      'grant g-bare revoked by ?',
    ]);
  });

  it('reads paginated sources page by page, up to the page cap', async () => {
    const c = contracts();
    const { audit } = auditOf(c);
    const trail = await audit.auditTrail('loans-2024', { pageSize: 2, maxPages: 2 });
    const listCalls = c.registry.calls.filter((call) => call.name === 'ListAccessRecords').map((call) => call.args);
    expect(listCalls).toEqual([
      ['loans-2024', '2', ''],
      ['loans-2024', '2', '2'],
    ]);
    expect(trail.entries.filter((e) => e.kind === 'access').map((e) => e.txId)).toEqual([
      'tx-access-1',
      'tx-access-2',
      'tx-access-3',
      'tx-access-4',
    ]);
    expect(trail.sources.accessRecords).toMatchObject({ records: 4, pages: 2, truncated: true });
    expect(c.certificates.calls.filter((call) => call.name === 'ListShareMovements').map((call) => call.args)).toEqual([
      ['loans-2024', '2', ''],
      ['loans-2024', '2', '2'],
    ]);
    expect(trail.sources.shareMovements).toMatchObject({ records: 3, pages: 2, truncated: false });
    expect(trail.sources.accessGrants).toMatchObject({ records: 3, pages: 2, truncated: false });
    expect(trail.sources.valuations).toMatchObject({ records: 3, pages: 2, truncated: false });
    expect(trail.complete).toBe(false);

    const all = await auditOf(contracts()).audit.auditTrail('loans-2024', { pageSize: 2, maxPages: 3 });
    expect(all.sources.accessRecords).toMatchObject({ records: 5, pages: 3, truncated: false });
  });

  it('rejects a page cap below one', async () => {
    const { audit } = auditOf(contracts());
    await expect(audit.auditTrail('loans-2024', { maxPages: 0 })).rejects.toThrow(RangeError);
  });

  it('reports a history capped by the chaincode as incomplete, without inventing a registration', async () => {
    const capped = { ...history, entries: history.entries.slice(0, 2), truncated: true };
    const { audit } = auditOf(contracts({ registry: { GetDataAssetHistory: () => capped } }));
    const trail = await audit.auditTrail('loans-2024');
    const assetKinds = trail.entries.filter((e) => e.chaincode === 'data-registry' && !e.kind.startsWith('access'));
    expect(assetKinds.map((e) => e.kind)).toEqual(['asset-update', 'retirement']);
    expect(trail.sources.assetHistory.truncated).toBe(true);
    expect(trail.complete).toBe(false);
  });

  it('records a refused source and an untokenized asset, and goes on', async () => {
    const { audit } = auditOf(
      contracts({
        registry: {
          ListAccessRecords: () => {
            throw new ForbiddenError('only the owner, its admins and regulators read access records');
          },
        },
        trade: {
          GetTokenization: () => {
            throw new NotFoundError("data asset 'loans-2024' is not tokenized");
          },
        },
      }),
    );
    const trail = await audit.auditTrail('loans-2024');
    expect(trail.entries.some((e) => e.kind === 'access' || e.kind === 'tokenization')).toBe(false);
    expect(trail.sources.accessRecords).toEqual({
      chaincode: 'data-registry',
      transaction: 'ListAccessRecords',
      records: 0,
      pages: 0,
      truncated: false,
      error: 'FORBIDDEN: only the owner, its admins and regulators read access records',
    });
    expect(trail.sources.tokenization).toMatchObject({ records: 0, truncated: false });
    expect(trail.sources.tokenization.error).toBeUndefined();
    expect(trail.complete).toBe(false);
  });

  it('reads no share movements of an untokenized asset, and calls the trail complete', async () => {
    const c = contracts({
      trade: {
        GetTokenization: () => {
          throw new NotFoundError("data asset 'loans-2024' is not tokenized");
        },
        ListShareMovements: () => {
          throw new NotFoundError("data asset 'loans-2024' is not tokenized");
        },
      },
    });
    const trail = await auditOf(c).audit.auditTrail('loans-2024');
    expect(c.certificates.names).not.toContain('ListShareMovements');
    expect(trail.sources.shareMovements).toEqual({
      chaincode: 'transaction-certificates',
      transaction: 'ListShareMovements',
      records: 0,
      pages: 0,
      truncated: false,
    });
    expect(trail.entries.some((e) => e.kind === 'share-movement' || e.kind === 'tokenization')).toBe(false);
    expect(trail.complete).toBe(true);
  });

  it('reports refused grants and share movements (e.g. chaincodes older than these reads) as incomplete', async () => {
    const c = contracts({
      registry: {
        ListAccessGrants: () => {
          throw new ForbiddenError("listing access grants of data asset 'loans-2024' requires being its owner");
        },
      },
      trade: {
        ListShareMovements: () => {
          throw new NotFoundError(
            "transaction 'ListShareMovements' does not exist on contract 'transaction-certificates'",
          );
        },
      },
    });
    const trail = await auditOf(c).audit.auditTrail('loans-2024');
    expect(trail.sources.accessGrants.error).toBe(
      "FORBIDDEN: listing access grants of data asset 'loans-2024' requires being its owner",
    );
    expect(trail.sources.shareMovements).toMatchObject({
      records: 0,
      pages: 0,
      error: "NOT_FOUND: transaction 'ListShareMovements' does not exist on contract 'transaction-certificates'",
    });
    expect(trail.entries.some((e) => e.kind.startsWith('access-') || e.kind === 'share-movement')).toBe(false);
    // The other sources still tell their part.
    expect(trail.entries.some((e) => e.kind === 'share-trade')).toBe(true);
    expect(trail.complete).toBe(false);
  });

  it('rejects for an unknown asset and for connection failures', async () => {
    const unknown = auditOf(
      contracts({
        registry: {
          GetDataAssetHistory: () => {
            throw new NotFoundError("data asset 'nope' does not exist");
          },
        },
      }),
    );
    await expect(unknown.audit.auditTrail('nope')).rejects.toBeInstanceOf(NotFoundError);
    const down = auditOf(
      contracts({
        trade: {
          ListCertificates: () => {
            throw gatewayError('evaluate', 14, 'connection refused');
          },
        },
      }),
    );
    await expect(down.audit.auditTrail('loans-2024')).rejects.toBeInstanceOf(ConnectionError);
  });

  it('uses renamed chaincodes', async () => {
    const c = contracts();
    const { audit } = auditOf(c, { 'transaction-certificates': 'trade-v2' });
    const trail = await audit.auditTrail('loans-2024');
    expect(trail.sources.certificates.chaincode).toBe('trade-v2');
    expect(trail.entries.find((e) => e.kind === 'share-trade')?.chaincode).toBe('trade-v2');
  });
});

describe('sortAuditEntries', () => {
  it('orders by instant, then txId, then kind, then summary, whatever the input order', async () => {
    const { audit } = auditOf(contracts());
    const { entries } = await audit.auditTrail('loans-2024');
    const base = { chaincode: 'x', record: tokenization } as const;
    const sameTime: AuditEntry[] = [
      { ...base, at: '2025-06-01T00:00:00.000Z', kind: 'tokenization', txId: 'b', summary: 'z' },
      { ...base, at: '2025-06-01T00:00:00Z', kind: 'tokenization', txId: 'a', summary: 'y' },
      { ...base, at: '2025-06-01T00:00:00.000Z', kind: 'tokenization', summary: 'no tx' },
    ];
    const all = [...entries, ...sameTime];
    const expected = sortAuditEntries(all);
    expect(expected.slice(-3).map((e) => e.txId)).toEqual([undefined, 'a', 'b']);
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = [...all].sort((x, y) => ((x.summary.length * seed) % 7) - ((y.summary.length * seed) % 7));
      expect(sortAuditEntries(shuffled)).toEqual(expected);
    }
    const kindsInOrder = [
      ...new Set(
        sortAuditEntries([
          {
            ...base,
            at: '2025-06-01T00:00:00.000Z',
            kind: 'certificate-issued',
            txId: 't',
            summary: '',
            record: trade,
          },
          { ...base, at: '2025-06-01T00:00:00.000Z', kind: 'share-trade', txId: 't', summary: '', record: trade },
        ]).map((e) => e.kind),
      ),
    ];
    expect(kindsInOrder).toEqual(['share-trade', 'certificate-issued']);
    expect(AUDIT_ENTRY_KINDS.indexOf('registration')).toBe(0);
  });
});
