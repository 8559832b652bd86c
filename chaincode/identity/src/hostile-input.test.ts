import {
  createIdentity,
  InMemoryLedger,
  runHostile,
  UNKNOWN_FUNCTION,
  type FieldSpec,
  type ParamKind,
  type TxSpec,
} from '@ndi/chaincode-common/testing';
import { creditCodeCheckChar } from './credit-code';
import { contracts } from './index';
import { CREDENTIAL_TYPES, IDENTITY_STATUSES, ROLES, SECTORS } from './model';

/**
 * Hostile input for every identity transaction (property-based, fixed seeds): each malformed call
 * is refused with a stable code at the start of the message and leaves the ledger untouched.
 */

const CC = 'identity';
const SALT = 'c2FsdC1zYWx0LXNhbHQ=';
const exAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
const regAdmin = createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true });
const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
const carol = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'carol' });
const regina = createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' });
const newbie = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'newbie' });
const enAdmin = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'admin', admin: true });

const id: ParamKind = { kind: 'id' };
const did: ParamKind = { kind: 'did' };
const role: ParamKind = { kind: 'enum', values: ROLES };
const reason: ParamKind = { kind: 'text', max: 500, multiline: true };
const salt: FieldSpec = { type: { kind: 'enum', values: [SALT] }, required: true };
const creditCode = '91350100M000100Y4' + creditCodeCheckChar('91350100M000100Y4');
const realName = {
  field: 'realName',
  valid: { idNumber: 'ID-1234', salt: SALT },
  fields: { idNumber: { type: { kind: 'text', max: 64 }, required: true }, salt },
} as const;

function specs(): TxSpec[] {
  const orgFields = {
    name: { type: { kind: 'text', max: 128 }, required: true },
    creditCode: { type: { kind: 'enum', values: [creditCode] }, required: true },
    sector: { type: { kind: 'enum', values: SECTORS }, required: true },
    contactHash: { type: { kind: 'hash' } },
  } satisfies Record<string, FieldSpec>;
  const orgValid = { name: 'Enterprise Ltd', creditCode, sector: 'finance' };
  const profileFields = {
    kind: { type: { kind: 'enum', values: ['organization', 'service'] }, required: true },
    displayName: { type: { kind: 'text', max: 128 }, required: true },
    realNameCommitment: { type: { kind: 'hash' } },
  } satisfies Record<string, FieldSpec>;
  const credFields = {
    id: { type: id, required: true },
    subjectDid: { type: did, required: true },
    type: { type: { kind: 'enum', values: CREDENTIAL_TYPES }, required: true },
    claimsHash: { type: { kind: 'hash' }, required: true },
    expiresAt: { type: { kind: 'timestamp' } },
  } satisfies Record<string, FieldSpec>;
  return [
    {
      fn: 'StoreIdentityDetails',
      params: [],
      valid: [],
      caller: enAdmin,
      transient: [
        {
          field: 'contact',
          required: false,
          valid: { name: 'Desk', salt: SALT },
          fields: {
            name: { type: { kind: 'text', max: 128 } },
            phone: { type: { kind: 'text', max: 32 } },
            email: { type: { kind: 'text', max: 254 } },
            salt,
          },
        },
        {
          field: 'person',
          required: false,
          valid: { displayName: 'Li Wei', salt: SALT },
          fields: { displayName: { type: { kind: 'text', max: 128 }, required: true }, salt },
        },
        // At least one field is needed: the spec's valid call sends this one.
        { ...realName, required: true },
      ],
    },
    {
      fn: 'RegisterOrganization',
      params: [{ kind: 'json', fields: orgFields, valid: orgValid }],
      valid: [JSON.stringify(orgValid)],
      caller: enAdmin,
    },
    { fn: 'GetOrganization', params: [{ kind: 'mspId' }], valid: ['ExchangeMSP'], caller: alice, refs: [0] },
    {
      fn: 'RegisterIdentity',
      params: [{ kind: 'json', fields: profileFields, valid: { kind: 'service', displayName: 'desk' } }],
      valid: [JSON.stringify({ kind: 'service', displayName: 'desk' })],
      caller: newbie,
    },
    {
      fn: 'RegisterIdentity',
      params: [
        {
          kind: 'json',
          fields: {
            kind: { type: { kind: 'enum', values: ['person'] }, required: true },
            displayNameHash: { type: { kind: 'hash' }, required: true },
          },
          valid: { kind: 'person', displayNameHash: 'a'.repeat(64) },
        },
      ],
      valid: [JSON.stringify({ kind: 'person', displayNameHash: 'a'.repeat(64) })],
      caller: newbie,
    },
    { fn: 'GetIdentity', params: [did], valid: [alice.did], caller: carol, refs: [0] },
    { fn: 'WhoAmI', params: [], valid: [], caller: alice },
    {
      fn: 'ListIdentities',
      params: [{ kind: 'mspId' }, { kind: 'pageSize' }, { kind: 'bookmark' }],
      valid: ['ExchangeMSP', '', ''],
      caller: carol,
    },
    { fn: 'GetIdentityHistory', params: [did], valid: [alice.did], caller: carol, refs: [0] },
    {
      fn: 'VerifyRealName',
      params: [did],
      valid: [alice.did],
      caller: carol,
      transient: [{ ...realName, required: true }],
      refs: [0],
    },
    {
      fn: 'GrantRole',
      params: [did, role, { kind: 'timestamp', optional: true }],
      valid: [carol.did, 'valuer', ''],
      caller: regina,
      refs: [0],
    },
    {
      fn: 'RevokeRole',
      params: [did, role, reason],
      valid: [alice.did, 'data-provider', 'audit'],
      caller: regina,
      refs: [0],
    },
    { fn: 'HasRole', params: [did, role], valid: [alice.did, 'data-provider'], caller: carol },
    {
      fn: 'SetIdentityStatus',
      params: [did, { kind: 'enum', values: IDENTITY_STATUSES }, reason],
      valid: [carol.did, 'suspended', 'audit'],
      caller: regina,
      refs: [0],
    },
    {
      fn: 'IssueCredential',
      params: [
        {
          kind: 'json',
          fields: credFields,
          valid: { id: 'cred-2', subjectDid: carol.did, type: 'data-security-level', claimsHash: 'b'.repeat(64) },
        },
      ],
      valid: [
        JSON.stringify({
          id: 'cred-2',
          subjectDid: carol.did,
          type: 'data-security-level',
          claimsHash: 'b'.repeat(64),
        }),
      ],
      caller: regina,
    },
    { fn: 'RevokeCredential', params: [id, reason], valid: ['cred-1', 'withdrawn'], caller: regina, refs: [0] },
    { fn: 'GetCredential', params: [id], valid: ['cred-1'], caller: carol, refs: [0] },
    {
      fn: 'VerifyCredential',
      params: [id, { kind: 'hash' }],
      valid: ['cred-1', 'a'.repeat(64)],
      caller: carol,
      refs: [0],
    },
  ];
}

it('refuses malformed arguments to every identity transaction with a stable code, changing nothing', async () => {
  const ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000 });
  ledger.deploy(CC, contracts);
  const service = JSON.stringify({ kind: 'service', displayName: 'desk' });
  await ledger.submit(
    CC,
    'RegisterOrganization',
    [JSON.stringify({ name: 'Exchange', creditCode, sector: 'finance' })],
    {
      caller: exAdmin,
    },
  );
  for (const who of [alice, carol, regina]) {
    const stored = await ledger.submit(CC, 'StoreIdentityDetails', [], {
      caller: who,
      transient: { realName: realName.valid },
    });
    const { realNameCommitment } = stored.result as { realNameCommitment: string };
    await ledger.submit(CC, 'RegisterIdentity', [JSON.stringify({ ...JSON.parse(service), realNameCommitment })], {
      caller: who,
    });
  }
  await ledger.submit(CC, 'GrantRole', [regina.did, 'regulator', ''], { caller: regAdmin });
  await ledger.submit(CC, 'GrantRole', [alice.did, 'data-provider', ''], { caller: exAdmin });
  await ledger.submit(
    CC,
    'IssueCredential',
    [JSON.stringify({ id: 'cred-1', subjectDid: alice.did, type: 'data-security-level', claimsHash: 'a'.repeat(64) })],
    { caller: regina },
  );

  const report = await runHostile(ledger, CC, specs(), { numRuns: 60, seed: 20250301 });
  console.log(`identity hostile input: ${report.calls} calls`, JSON.stringify(report.outcomes));
  expect(report.outcomes.UNCODED).toBeUndefined();
  expect(report.outcomes.ACCEPTED).toBeUndefined();
  // Unknown functions: the kernel's NdiContract answers NOT_FOUND (fabric's own refusal has no code).
  expect(report.perTransaction[UNKNOWN_FUNCTION]).toEqual({ NOT_FOUND: 60 });
});
