import { createHash } from 'node:crypto';
import { canonicalJson } from '@ndi/chaincode-common';
import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { computeCertificateHash, UNHASHED_CERTIFICATE_FIELDS } from './certificate-hash';
import { certificateId, deriveId } from './certificates';
import { certificateKey } from './keys';
import type { Certificate, CertificateVerification, TradePage } from './model';
import {
  alice,
  bob,
  carol,
  CC,
  expectRefused,
  hash,
  listingJson,
  orderJson,
  oscar,
  query,
  registerAsset,
  REGISTRY,
  regina,
  setUp,
  stranger,
  submit,
} from './testing/fixtures';

async function verify(ledger: InMemoryLedger, id: string, certHash: string): Promise<CertificateVerification> {
  return query<CertificateVerification>(ledger, 'VerifyCertificate', [id, certHash], stranger);
}

/** A ledger with one registration certificate (by oscar) and one transaction certificate (carol → bob). */
async function withCertificates(): Promise<{ ledger: InMemoryLedger; registration: Certificate; trade: Certificate }> {
  const ledger = await setUp();
  const registration = (await submit(ledger, 'IssueRegistrationCertificate', ['loans'], oscar)).result as Certificate;
  await submit(ledger, 'TokenizeAsset', ['loans', '1000']);
  await submit(ledger, 'TransferShares', ['loans', carol.did, '300']);
  await submit(ledger, 'CreateListing', [listingJson('l1')], carol);
  await submit(ledger, 'PlaceOrder', [orderJson('o1', 'l1')], bob);
  const trade = (await submit(ledger, 'SettleTrade', ['o1', 'pay-1'], carol)).result as Certificate;
  return { ledger, registration, trade };
}

describe('certificate IDs and hashes', () => {
  it('derives IDs from the transaction ID and the type, the same on every endorser', () => {
    const expected = `cert-${createHash('sha256').update('tx-1:transaction').digest('hex').slice(0, 32)}`;
    expect(certificateId('tx-1', 'transaction')).toBe(expected);
    expect(certificateId('tx-1', 'registration')).not.toBe(expected);
    expect(deriveId('tx-1', 'grant', 'trade')).toMatch(/^grant-[0-9a-f]{32}$/);
  });

  it('hashes the canonical JSON of everything but status, revocation and certHash', async () => {
    const { trade } = await withCertificates();
    const { status, certHash, ...rest } = trade;
    expect(status).toBe('valid');
    expect(UNHASHED_CERTIFICATE_FIELDS).toEqual(['status', 'revocation', 'certHash']);
    expect(certHash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(computeCertificateHash(trade)).toBe(certHash);
    expect(
      computeCertificateHash({
        ...trade,
        status: 'revoked',
        revocation: { revokedBy: 'x', revokedAt: 'y', reason: 'z' },
      }),
    ).toBe(certHash);
    // Tampering with any covered field changes the hash.
    const tampered: Certificate[] = [
      { ...trade, id: 'cert-other' },
      { ...trade, type: 'registration' },
      { ...trade, assetId: 'other' },
      { ...trade, assetVersion: 2 },
      { ...trade, contentHash: hash('b') },
      { ...trade, parties: [...trade.parties].reverse() },
      {
        ...trade,
        parties: [
          { ...(trade.parties[0] as Certificate['parties'][number]), mspId: 'EvilMSP' },
          ...trade.parties.slice(1),
        ],
      },
      { ...trade, terms: { ...(trade.terms as NonNullable<Certificate['terms']>), price: '1' } },
      {
        ...trade,
        terms: { ...(trade.terms as NonNullable<Certificate['terms']>), purposes: ['research', 'marketing'] },
      },
      { ...trade, terms: undefined },
      { ...trade, issuedAt: '2030-01-01T00:00:00.000Z' },
      { ...trade, txId: 'other' },
      { ...trade, issuerMsp: 'EvilMSP' },
      { ...trade, issuerDid: alice.did },
    ];
    for (const copy of tampered) {
      expect(computeCertificateHash(copy)).not.toBe(certHash);
    }
  });
});

describe('IssueRegistrationCertificate', () => {
  let ledger: InMemoryLedger;
  beforeEach(async () => {
    ledger = await setUp();
  });

  it('certifies the current version, for exchange operators only, once per version', async () => {
    const res = await submit(ledger, 'IssueRegistrationCertificate', ['loans'], oscar);
    const cert = res.result as Certificate;
    expect(cert).toEqual({
      id: certificateId(res.txId, 'registration'),
      type: 'registration',
      assetId: 'loans',
      assetVersion: 1,
      contentHash: hash('a'),
      parties: [{ role: 'owner', did: alice.did, mspId: 'ExchangeMSP' }],
      issuedAt: res.timestamp,
      txId: res.txId,
      issuerMsp: 'ExchangeMSP',
      issuerDid: oscar.did,
      status: 'valid',
      certHash: computeCertificateHash(cert),
    });
    expect(res.event).toMatchObject({
      name: 'CertificateIssued',
      json: {
        certificateId: cert.id,
        type: 'registration',
        assetId: 'loans',
        assetVersion: 1,
        certHash: cert.certHash,
      },
    });
    expect(ledger.getJson(CC, certificateKey(cert.id))).toEqual(cert);
    expect(await query(ledger, 'GetCertificate', [cert.id], stranger)).toEqual(cert);
    await expectRefused(
      ledger,
      'IssueRegistrationCertificate',
      ['loans'],
      /^ALREADY_EXISTS: version 1 of data asset 'loans' already has registration certificate 'cert-[0-9a-f]{32}'$/,
      oscar,
    );

    // A new content version may be certified; a revoked certificate may be replaced.
    await ledger.submit(REGISTRY, 'UpdateDataAsset', ['loans', JSON.stringify({ contentHash: hash('c') })], {
      caller: alice,
    });
    const v2 = (await submit(ledger, 'IssueRegistrationCertificate', ['loans'], oscar)).result as Certificate;
    expect(v2).toMatchObject({ assetVersion: 2, contentHash: hash('c') });
    await submit(ledger, 'RevokeCertificate', [v2.id, 'issued in error'], regina);
    const again = (await submit(ledger, 'IssueRegistrationCertificate', ['loans'], oscar)).result as Certificate;
    expect(again.id).not.toBe(v2.id);
  });

  it('refuses other callers, unknown and retired assets', async () => {
    for (const caller of [alice, bob, regina, stranger]) {
      await expectRefused(
        ledger,
        'IssueRegistrationCertificate',
        ['loans'],
        /^FORBIDDEN: issuing a registration certificate requires an active identity with the exchange-operator role$/,
        caller,
      );
    }
    await expectRefused(
      ledger,
      'IssueRegistrationCertificate',
      ['nope'],
      /^NOT_FOUND: data asset 'nope' does not exist$/,
      oscar,
    );
    await expectRefused(ledger, 'IssueRegistrationCertificate', ['a b'], /^INVALID_ARGUMENT: assetId: /, oscar);
    await registerAsset(ledger, 'old');
    await ledger.submit(REGISTRY, 'RetireDataAsset', ['old', 'superseded'], { caller: alice });
    await expectRefused(
      ledger,
      'IssueRegistrationCertificate',
      ['old'],
      /^FAILED_PRECONDITION: data asset 'old' is retired$/,
      oscar,
    );
  });
});

describe('VerifyCertificate, RevokeCertificate, ListCertificates', () => {
  it('verifies, then reports revocation by a regulator only', async () => {
    const { ledger, trade } = await withCertificates();
    expect(await verify(ledger, trade.id, trade.certHash)).toEqual({ valid: true, status: 'valid', reason: 'valid' });
    expect(await verify(ledger, trade.id, hash('0'))).toEqual({
      valid: false,
      status: 'valid',
      reason: 'hash-mismatch',
    });
    await expect(ledger.evaluate(CC, 'VerifyCertificate', [trade.id, 'XYZ'])).rejects.toThrow(
      /^INVALID_ARGUMENT: certHash: /,
    );
    await expect(ledger.evaluate(CC, 'VerifyCertificate', ['cert-none', trade.certHash])).rejects.toThrow(
      /^NOT_FOUND: certificate 'cert-none' does not exist$/,
    );

    for (const caller of [alice, bob, carol, oscar, stranger]) {
      await expectRefused(
        ledger,
        'RevokeCertificate',
        [trade.id, 'fraud'],
        /^FORBIDDEN: revoking a certificate requires an active identity with the regulator role$/,
        caller,
      );
    }
    await expectRefused(ledger, 'RevokeCertificate', [trade.id, ''], /^INVALID_ARGUMENT: reason: /, regina);
    await expectRefused(
      ledger,
      'RevokeCertificate',
      ['cert-none', 'fraud'],
      /^NOT_FOUND: certificate 'cert-none' does not exist$/,
      regina,
    );
    const res = await submit(ledger, 'RevokeCertificate', [trade.id, 'payment reversed'], regina);
    expect(res.result).toEqual({
      ...trade,
      status: 'revoked',
      revocation: { revokedBy: regina.did, revokedAt: res.timestamp, reason: 'payment reversed' },
    });
    expect(res.event).toMatchObject({
      name: 'CertificateRevoked',
      json: { certificateId: trade.id, revokedBy: regina.did },
    });
    expect(await verify(ledger, trade.id, trade.certHash)).toEqual({
      valid: false,
      status: 'revoked',
      reason: 'revoked',
    });
    await expectRefused(
      ledger,
      'RevokeCertificate',
      [trade.id, 'again'],
      /^FAILED_PRECONDITION: certificate 'cert-[0-9a-f]+' is already revoked$/,
      regina,
    );
  });

  it('never reports a record altered outside the chaincode as valid', async () => {
    const { ledger, trade } = await withCertificates();
    ledger.seedState(CC, certificateKey(trade.id), { ...trade, terms: { ...trade.terms, price: '1' } });
    expect(await verify(ledger, trade.id, trade.certHash)).toEqual({
      valid: false,
      status: 'valid',
      reason: 'record-corrupted',
    });
  });

  it('lists certificates by asset and by party, with pages and bookmarks', async () => {
    const { ledger, registration, trade } = await withCertificates();
    const byAsset = await query<TradePage<Certificate>>(
      ledger,
      'ListCertificates',
      [JSON.stringify({ assetId: 'loans' }), '', ''],
      stranger,
    );
    expect(byAsset.items.map((c) => c.id).sort()).toEqual([registration.id, trade.id].sort());
    const ids = (did: string) =>
      query<TradePage<Certificate>>(
        ledger,
        'ListCertificates',
        [JSON.stringify({ partyDid: did }), '10', ''],
        stranger,
      ).then((p) => p.items.map((c) => c.id));
    expect(await ids(bob.did)).toEqual([trade.id]);
    expect(await ids(carol.did)).toEqual([trade.id]);
    expect(await ids(alice.did)).toEqual([registration.id]);
    expect(await ids(stranger.did)).toEqual([]);

    const first = await query<TradePage<Certificate>>(
      ledger,
      'ListCertificates',
      [JSON.stringify({ assetId: 'loans' }), '1', ''],
      stranger,
    );
    const second = await query<TradePage<Certificate>>(
      ledger,
      'ListCertificates',
      [JSON.stringify({ assetId: 'loans' }), '1', first.bookmark],
      stranger,
    );
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(byAsset.items.map((c) => c.id));
    expect(second.bookmark).toBe('');
    await expect(
      ledger.evaluate(CC, 'ListCertificates', [JSON.stringify({ partyDid: bob.did }), '1', first.bookmark]),
    ).rejects.toThrow(/^INVALID_ARGUMENT: bookmark: does not belong to this listing$/);
    await expect(ledger.evaluate(CC, 'ListCertificates', ['{}', '', ''])).rejects.toThrow(
      /^INVALID_ARGUMENT: filter: exactly one of assetId and partyDid is required$/,
    );
    await expect(
      ledger.evaluate(CC, 'ListCertificates', [JSON.stringify({ assetId: 'loans', partyDid: bob.did }), '', '']),
    ).rejects.toThrow(/^INVALID_ARGUMENT: filter: exactly one/);
    await expect(ledger.evaluate(CC, 'ListCertificates', [JSON.stringify({ partyDid: 'x' }), '', ''])).rejects.toThrow(
      /^INVALID_ARGUMENT: partyDid: /,
    );
    await expect(ledger.evaluate(CC, 'GetCertificate', ['cert-none'])).rejects.toThrow(/^NOT_FOUND: /);
  });
});
