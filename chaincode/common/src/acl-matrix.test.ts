import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts as valuationContracts } from '@ndi/chaincode-asset-valuation';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as certificateContracts } from '@ndi/chaincode-transaction-certificates';
import { createIdentity, InMemoryLedger, type ContractClass, type TestIdentity, type TxResult } from './testing';
import { parseErrorCode, type ErrorCode } from './errors';

/**
 * The ACL matrix: every transaction of every chaincode, tried as every kind of caller, against
 * the table in docs/acl-matrix.md, which this test parses (so the doc cannot drift from what is
 * asserted). Each cell runs on the same committed world (endorsed, never committed), with the
 * same valid arguments for every caller, so only the caller differs.
 *
 * Cells: `allow` (succeeds), `allow CODE` (passes the access checks, then refused by state with
 * CODE), `deny` (FORBIDDEN), `deny CODE` (refused by design with CODE instead), `n/a` (not tried).
 * Lives in chaincode/common because jest's per-package coverage thresholds need every
 * chaincode/<x>/src to hold sources.
 */

const DOC = join(__dirname, '..', '..', '..', 'docs', 'acl-matrix.md');
const CHAINCODES: Record<string, readonly ContractClass[]> = {
  identity: identityContracts,
  'data-registry': registryContracts,
  'asset-valuation': valuationContracts,
  'transaction-certificates': certificateContracts,
};

const ex = (cn: string, admin = false) => createIdentity({ mspId: 'ExchangeMSP', commonName: cn, admin });
const en = (cn: string, admin = false) => createIdentity({ mspId: 'EnterpriseMSP', commonName: cn, admin });
const rg = (cn: string, admin = false) => createIdentity({ mspId: 'RegulatorMSP', commonName: cn, admin });

/** The caller kinds, in the doc's column order. */
const CALLERS: Record<string, TestIdentity> = {
  'ex-admin': ex('admin', true),
  'ex-member': ex('member'),
  'en-admin': en('admin', true),
  'en-member': en('member'),
  'reg-admin': rg('admin', true),
  'reg-member': rg('member'),
  'data-provider': ex('alice'),
  'data-consumer': en('bob'),
  regulator: rg('regina'),
  valuer: en('vic'),
  'exchange-operator': ex('oscar'),
  suspended: ex('sam'),
  revoked: ex('rita'),
  unregistered: en('uma'),
};
const C = CALLERS as Record<keyof typeof CALLERS, TestIdentity> & Record<string, TestIdentity>;
const alice = C['data-provider'];
const bob = C['data-consumer'];
const regina = C.regulator;
const vic = C.valuer;
const vera = rg('vera'); // a second valuer, so that valuations reach consensus
const SALT = 'c2FsdC1zYWx0LXNhbHQ=';
const REAL_NAME = { idNumber: 'ID-1234', salt: SALT };
const EXPIRY = '2026-01-01T00:00:00Z';
const hash = (digit: string) => digit.repeat(64);
// Valid unified social credit codes (check characters computed by the identity chaincode's rule).
const CREDIT_CODE_EXCHANGE = '91350100M000100Y43';

// --- the doc -------------------------------------------------------------------------------------

interface Cell {
  verdict: 'allow' | 'deny' | 'n/a';
  code?: ErrorCode;
}
interface Row {
  label: string;
  fn: string;
  cells: Record<string, Cell>;
}

function parseCell(text: string): Cell {
  const match = /^(allow|deny|n\/a)(?:\s+([A-Z_]+))?(?:\[\^[\w-]+\])*$/.exec(text.trim());
  if (!match) throw new Error(`acl-matrix.md: unreadable cell '${text}'`);
  const code = match[2];
  if (code !== undefined && parseErrorCode(`${code}: x`) !== code)
    throw new Error(`acl-matrix.md: unknown code ${code}`);
  return { verdict: match[1] as Cell['verdict'], code: code as ErrorCode | undefined };
}

function parseDoc(): Record<string, Row[]> {
  const tables: Record<string, Row[]> = {};
  let chaincode: string | undefined;
  let columns: string[] | undefined;
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const heading = /^## `?([a-z-]+)`?\s*$/.exec(line);
    if (heading) {
      chaincode = heading[1];
      columns = undefined;
      continue;
    }
    if (!line.startsWith('|') || chaincode === undefined || !(chaincode in CHAINCODES)) continue;
    const parts = line
      .split('|')
      .slice(1, -1)
      .map((p) => p.trim());
    if (parts[0] === 'transaction') {
      columns = parts.slice(1);
      expect(columns).toEqual(Object.keys(CALLERS));
      continue;
    }
    if (/^-+$/.test(parts[0] ?? '') || columns === undefined) continue;
    const label = (parts[0] ?? '').replace(/`/g, '');
    const cells: Record<string, Cell> = {};
    columns.forEach((column, i) => (cells[column] = parseCell(parts[i + 1] ?? '')));
    (tables[chaincode] ??= []).push({ label, fn: label.split(' ')[0] as string, cells });
  }
  return tables;
}

// --- the world -----------------------------------------------------------------------------------

interface Call {
  args: string[];
  transient?: Record<string, object>;
}

let ledger: InMemoryLedger;
let certificateId = '';

async function tx(cc: string, fn: string, args: unknown[], caller: TestIdentity, transient?: Record<string, object>) {
  const strings = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  return ledger.submit(cc, fn, strings, { caller, transient });
}

function asset(id: string) {
  return {
    id,
    title: `Asset ${id}`,
    category: 'finance',
    classification: 'general',
    contentHash: hash('a'),
    sizeBytes: '1048576',
    format: 'text/csv',
    storageUri: `s3://exchange/${id}.csv`,
    policy: { purposes: ['research', 'listing'], tradable: true, crossBorder: false },
  };
}

function appraisal(value: string) {
  return { method: 'market', value, currency: 'CNY', evidenceHash: hash('e'), validUntil: EXPIRY };
}
const EVIDENCE = { comparables: ['a', 'b'] };

async function buildWorld(): Promise<void> {
  ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000 });
  for (const [name, contracts] of Object.entries(CHAINCODES)) ledger.deploy(name, contracts);
  const exAdmin = C['ex-admin'];
  const org = { name: 'Exchange', creditCode: CREDIT_CODE_EXCHANGE, sector: 'finance' };
  await tx('identity', 'RegisterOrganization', [org], exAdmin);
  const service = { kind: 'service', displayName: 'desk' };
  for (const key of Object.keys(CALLERS).filter((k) => !k.endsWith('-admin') && k !== 'unregistered')) {
    const stored = await tx('identity', 'StoreIdentityDetails', [], C[key], { realName: REAL_NAME });
    const { realNameCommitment } = stored.result as { realNameCommitment: string };
    await tx('identity', 'RegisterIdentity', [{ ...service, realNameCommitment }], C[key]);
  }
  await tx('identity', 'RegisterIdentity', [service], vera);
  await tx('identity', 'GrantRole', [alice.did, 'data-provider', ''], exAdmin);
  await tx('identity', 'GrantRole', [bob.did, 'data-consumer', ''], C['en-admin']);
  await tx('identity', 'GrantRole', [regina.did, 'regulator', ''], C['reg-admin']);
  for (const who of [vic, vera]) await tx('identity', 'GrantRole', [who.did, 'valuer', ''], regina);
  await tx('identity', 'GrantRole', [C['exchange-operator'].did, 'exchange-operator', ''], regina);
  for (const role of ['data-provider', 'data-consumer']) {
    await tx('identity', 'GrantRole', [C.suspended.did, role, ''], exAdmin);
    await tx('identity', 'GrantRole', [C.revoked.did, role, ''], exAdmin);
  }
  await tx('identity', 'SetIdentityStatus', [C.suspended.did, 'suspended', 'audit'], exAdmin);
  await tx('identity', 'SetIdentityStatus', [C.revoked.did, 'revoked', 'left'], exAdmin);
  const cred = { id: 'cred-1', subjectDid: alice.did, type: 'data-security-level', claimsHash: hash('c') };
  await tx('identity', 'IssueCredential', [cred], regina);

  const stored = await tx('data-registry', 'StorePrivateMetadata', ['loans'], alice, {
    privateMetadata: { note: 'x' },
  });
  const { privateMetadataHash } = stored.result as { privateMetadataHash: string };
  await tx('data-registry', 'RegisterDataAsset', [{ ...asset('loans'), privateMetadataHash }], alice);
  await tx('data-registry', 'RegisterDataAsset', [asset('loans2')], alice);
  const grant = { grantId: 'g1', granteeDid: bob.did, purposes: ['research'], expiresAt: EXPIRY };
  await tx('data-registry', 'GrantAccess', ['loans', grant], alice);
  await tx('data-registry', 'RecordAccess', ['loans', 'research', hash('0')], bob);

  const request = (id: string) => ({ id, assetId: 'loans', purpose: 'listing' });
  // vr-4: finalized (the current valuation); vr-3: disputed; vr-2: open with two appraisals; vr-1: open, empty.
  for (const [id, values] of [
    ['vr-4', ['5000', '5000']],
    ['vr-3', ['1000', '9000']],
    ['vr-2', ['5000', '5100']],
    ['vr-1', []],
  ] as const) {
    await tx('asset-valuation', 'RequestValuation', [request(id)], alice);
    for (const [i, value] of values.entries()) {
      const valuer = [vic, vera][i] as TestIdentity;
      await tx('asset-valuation', 'StoreAppraisalEvidence', [id, hash('e')], valuer, { evidence: EVIDENCE });
      await tx('asset-valuation', 'SubmitAppraisal', [id, appraisal(value)], valuer);
    }
    // vr-1: evidence stored by the valuer of the matrix, not yet submitted.
    if (id === 'vr-1')
      await tx('asset-valuation', 'StoreAppraisalEvidence', [id, hash('e')], vic, { evidence: EVIDENCE });
    if (id === 'vr-4' || id === 'vr-3') await tx('asset-valuation', 'FinalizeValuation', [id], alice);
  }

  const cc = 'transaction-certificates';
  await tx(cc, 'TokenizeAsset', ['loans', '1000'], alice);
  const listing = (id: string, shares: string) => ({
    id,
    assetId: 'loans',
    shares,
    pricePerShare: '5',
    currency: 'CNY',
    expiresAt: EXPIRY,
    purposes: ['research'],
  });
  await tx(cc, 'CreateListing', [listing('l1', '100')], alice);
  await tx(cc, 'PlaceOrder', [{ id: 'o1', listingId: 'l1', shares: '10' }], bob);
  certificateId = (
    (await tx(cc, 'IssueRegistrationCertificate', ['loans2'], C['exchange-operator'])).result as {
      id: string;
    }
  ).id;
  SETUPS['transaction-certificates:CreateListing'] = () => ({ args: [JSON.stringify(listing('l-new', '10'))] });
}

/** The valid call of each row (`<chaincode>:<row label>`); the same for every caller. */
const SETUPS: Record<string, () => Call> = {};
function calls(cc: string, table: Record<string, () => unknown[] | Call>): void {
  for (const [label, make] of Object.entries(table)) {
    SETUPS[`${cc}:${label}`] = () => {
      const made = make();
      const call = Array.isArray(made) ? { args: made } : (made as Call);
      return { ...call, args: call.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) };
    };
  }
}
const member = (k: string) => C[k] as TestIdentity;
calls('identity', {
  RegisterOrganization: () => [{ name: 'Org', creditCode: '91350100M000101Y4Q', sector: 'finance' }],
  GetOrganization: () => ['ExchangeMSP'],
  StoreIdentityDetails: () => ({ args: [], transient: { realName: REAL_NAME } }),
  RegisterIdentity: () => [{ kind: 'service', displayName: 'desk' }],
  GetIdentity: () => [alice.did],
  WhoAmI: () => [],
  ListIdentities: () => ['ExchangeMSP', '', ''],
  GetIdentityHistory: () => [alice.did],
  VerifyRealName: () => ({ args: [alice.did], transient: { realName: REAL_NAME } }),
  'GrantRole (data role)': () => [member('en-member').did, 'data-consumer', ''],
  'GrantRole (accreditation)': () => [member('en-member').did, 'valuer', ''],
  'GrantRole (regulator)': () => [member('reg-member').did, 'regulator', ''],
  RevokeRole: () => [alice.did, 'data-provider', 'audit'],
  HasRole: () => [alice.did, 'data-provider'],
  SetIdentityStatus: () => [member('ex-member').did, 'suspended', 'audit'],
  'IssueCredential (regulator type)': () => [
    { id: 'cred-new', subjectDid: member('en-member').did, type: 'data-security-level', claimsHash: hash('d') },
  ],
  'IssueCredential (data-quality)': () => [
    { id: 'cred-new', subjectDid: member('en-member').did, type: 'data-quality', claimsHash: hash('d') },
  ],
  RevokeCredential: () => ['cred-1', 'withdrawn'],
  GetCredential: () => ['cred-1'],
  VerifyCredential: () => ['cred-1', hash('c')],
});
calls('data-registry', {
  StorePrivateMetadata: () => ({ args: ['loans'], transient: { privateMetadata: { note: 'y' } } }),
  RegisterDataAsset: () => [asset('new-1')],
  UpdateDataAsset: () => ['loans', { title: 'New title' }],
  TransferDataAsset: () => ['loans', member('en-member').did],
  RetireDataAsset: () => ['loans', 'superseded'],
  GetDataAsset: () => ['loans'],
  DataAssetExists: () => ['loans'],
  VerifyDataIntegrity: () => ['loans', hash('a')],
  GetLineage: () => ['loans', '1'],
  ListDataAssets: () => [{ category: 'finance' }, '', ''],
  GetDataAssetHistory: () => ['loans'],
  GetPrivateMetadata: () => ['loans'],
  GrantAccess: () => [
    'loans',
    { grantId: 'g-new', granteeDid: member('en-member').did, purposes: ['research'], expiresAt: EXPIRY },
  ],
  GrantAccessForTrade: () => [
    'loans',
    { grantId: 'g-t', granteeDid: member('en-member').did, purposes: ['research'], expiresAt: EXPIRY, tradeId: 't1' },
  ],
  RevokeAccess: () => ['loans', 'g1'],
  CheckAccess: () => ['loans', bob.did, 'research'],
  RecordAccess: () => ['loans', 'research', hash('1')],
  ListAccessRecords: () => ['loans', '', ''],
  ListAccessGrants: () => ['loans', '', ''],
});
calls('asset-valuation', {
  RequestValuation: () => [{ id: 'vr-new', assetId: 'loans', purpose: 'listing' }],
  StoreAppraisalEvidence: () => ({ args: ['vr-1', hash('f')], transient: { evidence: EVIDENCE } }),
  SubmitAppraisal: () => ['vr-1', appraisal('5000')],
  WithdrawAppraisal: () => ['vr-2'],
  FinalizeValuation: () => ['vr-2'],
  ResolveValuation: () => ['vr-3', '3000', 'regulator decision'],
  GetValuationRequest: () => ['vr-1'],
  ListAppraisals: () => ['vr-2'],
  GetCurrentValuation: () => ['loans'],
  ListValuations: () => ['loans', '', ''],
  GetValuationHistory: () => ['vr-1'],
});
calls('transaction-certificates', {
  TokenizeAsset: () => ['loans2', '1000'],
  TransferShares: () => ['loans', vera.did, '10'],
  GetBalance: () => ['loans', alice.did],
  GetTokenization: () => ['loans'],
  ListShareholders: () => ['loans', '', ''],
  ListShareMovements: () => ['loans', '', ''],
  CancelListing: () => ['l1'],
  GetListing: () => ['l1'],
  PlaceOrder: () => [{ id: 'o-new', listingId: 'l1', shares: '5' }],
  CancelOrder: () => ['o1'],
  GetOrder: () => ['o1'],
  SettleTrade: () => ['o1', 'PAY-0001'],
  IssueRegistrationCertificate: () => ['loans'],
  GetCertificate: () => [certificateId],
  VerifyCertificate: () => [certificateId, hash('a')],
  RevokeCertificate: () => [certificateId, 'fraud'],
  ListCertificates: () => [{ assetId: 'loans2' }, '', ''],
});

function verdictOf(result: TxResult): string {
  if (result.status < 400) return 'allow';
  const code = parseErrorCode(result.message);
  return code && result.message.startsWith(`${code}: `) ? code : `UNCODED(${result.message})`;
}

function expected(cell: Cell): string {
  if (cell.verdict === 'allow') return cell.code ?? 'allow';
  return cell.code ?? 'FORBIDDEN';
}

// --- the test ------------------------------------------------------------------------------------

const TABLES = parseDoc();

beforeAll(buildWorld);

describe('docs/acl-matrix.md', () => {
  it.each(Object.keys(CHAINCODES))('has a row for every transaction of %s', (cc) => {
    const names = (CHAINCODES[cc] as readonly ContractClass[]).flatMap((c) =>
      Object.getOwnPropertyNames(c.prototype).filter((n) => /^[A-Z]/.test(n)),
    );
    const rows = (TABLES[cc] ?? []).map((r) => r.fn);
    expect([...new Set(rows)].sort()).toEqual([...new Set(names)].sort());
    for (const row of TABLES[cc] ?? []) expect(SETUPS[`${cc}:${row.label}`]).toBeDefined();
  });
});

describe.each(Object.keys(CHAINCODES))('ACL matrix of %s', (cc) => {
  it.each((TABLES[cc] ?? []).map((row) => [row.label, row] as const))('%s', async (_label, row) => {
    const setup = SETUPS[`${cc}:${row.label}`] as () => Call;
    const mismatches: string[] = [];
    for (const [kind, cell] of Object.entries(row.cells)) {
      if (cell.verdict === 'n/a') continue;
      const { args, transient } = setup();
      // Endorse only: every cell runs on the same committed world.
      const result = await ledger.invoke(cc, row.fn, args, { caller: C[kind], transient }, false);
      const got = verdictOf(result);
      if (got !== expected(cell)) mismatches.push(`${kind}: expected ${expected(cell)}, got ${got} ${result.message}`);
    }
    expect(mismatches).toEqual([]);
  });
});
