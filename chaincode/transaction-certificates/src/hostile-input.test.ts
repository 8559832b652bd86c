import {
  runHostile,
  UNKNOWN_FUNCTION,
  type FieldSpec,
  type ParamKind,
  type TxSpec,
} from '@ndi/chaincode-common/testing';
import type { Certificate } from './model';
import { alice, bob, CC, carol, LATER, listingJson, oscar, regina, setUp, submit } from './testing/fixtures';

/**
 * Hostile input for every transaction-certificates transaction (property-based, fixed seeds),
 * against the real identity and data-registry chaincodes: each malformed call is refused with a
 * stable code at the start of the message and leaves the ledger (every namespace, private data,
 * events) untouched.
 */

const id: ParamKind = { kind: 'id' };
const did: ParamKind = { kind: 'did' };
const shares: ParamKind = { kind: 'decimal', positive: true, max: 10n ** 18n };
const page: ParamKind[] = [{ kind: 'pageSize' }, { kind: 'bookmark' }];
const listing = {
  id: 'l-new',
  assetId: 'loans',
  shares: '10',
  pricePerShare: '50',
  currency: 'CNY',
  expiresAt: LATER,
  purposes: ['research'],
};
const listingFields = {
  id: { type: id, required: true },
  assetId: { type: id, required: true },
  shares: { type: shares, required: true },
  pricePerShare: { type: { kind: 'decimal', positive: true, max: 10n ** 11n }, required: true },
  currency: { type: { kind: 'enum', values: ['CNY'] }, required: true },
  expiresAt: { type: { kind: 'timestamp' }, required: true },
  purposes: { type: { kind: 'list', item: { kind: 'purpose' }, min: 1, max: 20 }, required: true },
} satisfies Record<string, FieldSpec>;
const order = { id: 'o-new', listingId: 'l1', shares: '5' };
const orderFields = {
  id: { type: id, required: true },
  listingId: { type: id, required: true },
  shares: { type: shares, required: true },
} satisfies Record<string, FieldSpec>;

function specs(certificateId: string): TxSpec[] {
  return [
    { fn: 'TokenizeAsset', params: [id, shares], valid: ['loans', '1000'], caller: alice, refs: [0] },
    {
      fn: 'TransferShares',
      params: [id, did, shares],
      valid: ['loans', carol.did, '10'],
      caller: alice,
      refs: [0, 1],
    },
    { fn: 'GetBalance', params: [id, did], valid: ['loans', alice.did], caller: bob },
    { fn: 'GetTokenization', params: [id], valid: ['loans'], caller: bob, refs: [0] },
    { fn: 'ListShareholders', params: [id, ...page], valid: ['loans', '', ''], caller: bob },
    {
      fn: 'CreateListing',
      params: [{ kind: 'json', fields: listingFields, valid: listing }],
      valid: [JSON.stringify(listing)],
      caller: alice,
    },
    { fn: 'CancelListing', params: [id], valid: ['l1'], caller: alice, refs: [0] },
    { fn: 'GetListing', params: [id], valid: ['l1'], caller: bob, refs: [0] },
    {
      fn: 'PlaceOrder',
      params: [{ kind: 'json', fields: orderFields, valid: order }],
      valid: [JSON.stringify(order)],
      caller: bob,
    },
    { fn: 'CancelOrder', params: [id], valid: ['o1'], caller: bob, refs: [0] },
    { fn: 'GetOrder', params: [id], valid: ['o1'], caller: bob, refs: [0] },
    {
      fn: 'SettleTrade',
      params: [id, { kind: 'text', max: 128 }],
      valid: ['o1', 'PAY-0001'],
      caller: alice,
      refs: [0],
    },
    { fn: 'IssueRegistrationCertificate', params: [id], valid: ['loans'], caller: oscar, refs: [0] },
    { fn: 'GetCertificate', params: [id], valid: [certificateId], caller: bob, refs: [0] },
    {
      fn: 'VerifyCertificate',
      params: [id, { kind: 'hash' }],
      valid: [certificateId, 'a'.repeat(64)],
      caller: bob,
      refs: [0],
    },
    {
      fn: 'RevokeCertificate',
      params: [id, { kind: 'text', max: 500, multiline: true }],
      valid: [certificateId, 'fraud'],
      caller: regina,
      refs: [0],
    },
    {
      fn: 'ListCertificates',
      params: [
        { kind: 'json', fields: { assetId: { type: id, required: true } }, valid: { assetId: 'loans' } },
        ...page,
      ],
      valid: [JSON.stringify({ assetId: 'loans' }), '', ''],
      caller: bob,
    },
    // Appended (not beside ListShareholders) so that the seeds of the specs above stay as they were.
    { fn: 'ListShareMovements', params: [id, ...page], valid: ['loans', '', ''], caller: bob, refs: [0] },
  ];
}

it('refuses malformed arguments to every transaction-certificates transaction with a stable code, changing nothing', async () => {
  const ledger = await setUp();
  await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
  await submit(ledger, 'CreateListing', [listingJson('l1')]);
  await submit(ledger, 'PlaceOrder', [JSON.stringify({ id: 'o1', listingId: 'l1', shares: '10' })], bob);
  const certificate = (await submit(ledger, 'IssueRegistrationCertificate', ['loans'], oscar)).result as Certificate;

  const report = await runHostile(ledger, CC, specs(certificate.id), { numRuns: 50, seed: 20250304 });
  console.log(`transaction-certificates hostile input: ${report.calls} calls`, JSON.stringify(report.outcomes));
  expect(report.outcomes.UNCODED).toBeUndefined();
  expect(report.outcomes.ACCEPTED).toBeUndefined();
  // Unknown functions: the kernel's NdiContract answers NOT_FOUND (fabric's own refusal has no code).
  expect(report.perTransaction[UNKNOWN_FUNCTION]).toEqual({ NOT_FOUND: 50 });
});
