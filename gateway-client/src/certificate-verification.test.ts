import type { Certificate, CertificateVerification, TradeTerms } from '@ndi/chaincode-transaction-certificates';
import { computeCertificateHash } from '@ndi/chaincode-transaction-certificates/certificate-hash';
import { AuditClient, type AuditClientOptions } from './audit';
import { fakeNetwork, fakeQscc, type LedgerTx, ScriptedContract } from './audit-test-helpers';
import { checkCertificate, verifyCertificate } from './certificate-verification';
import { ConnectionError, InvalidArgumentError, NotFoundError } from './errors';
import { gatewayError } from './test-helpers';

const seller = 'did:ndi:Org1MSP:0123456789abcdef0123456789abcdef';
const buyer = 'did:ndi:Org2MSP:fedcba9876543210fedcba9876543210';
const regulator = 'did:ndi:RegulatorMSP:00000000000000000000000000000001';

const terms: TradeTerms = {
  orderId: 'order-1',
  listingId: 'listing-1',
  shares: '250',
  totalShares: '1000',
  pricePerShare: '500',
  price: '125000',
  currency: 'CNY',
  purposes: ['credit-scoring'],
  paymentRef: 'pay-1',
};
const unsigned: Omit<Certificate, 'certHash'> = {
  id: 'cert-' + '1'.repeat(32),
  type: 'transaction',
  assetId: 'loans-2024',
  assetVersion: 2,
  contentHash: 'b'.repeat(64),
  parties: [
    { role: 'seller', did: seller, mspId: 'Org1MSP' },
    { role: 'buyer', did: buyer, mspId: 'Org2MSP' },
  ],
  terms,
  issuedAt: '2025-02-15T10:00:00.000Z',
  txId: 'tx-settle',
  issuerMsp: 'Org1MSP',
  issuerDid: seller,
  status: 'valid',
};
const cert: Certificate = { ...unsigned, certHash: computeCertificateHash(unsigned) };
const revocation = { revokedBy: regulator, revokedAt: '2025-03-10T00:00:00.000Z', reason: 'fraudulent payment' };

const issuance: LedgerTx = {
  txId: 'tx-settle',
  creatorMsp: 'Org1MSP',
  time: '2025-02-15T10:00:00.000Z',
  chaincode: 'transaction-certificates',
  fn: 'SettleTrade',
  args: ['order-1', 'pay-1'],
};

/** The chaincode's VerifyCertificate over the stored certificates, as the contract answers it. */
function certificatesChaincode(stored: readonly Certificate[]): ScriptedContract {
  return new ScriptedContract({
    VerifyCertificate: ([id, hash]): CertificateVerification => {
      if (!/^[0-9a-f]{64}$/.test(hash ?? '')) throw new InvalidArgumentError('certHash: must be 64 lowercase hex');
      const found = stored.find((c) => c.id === id);
      if (!found) throw new NotFoundError(`certificate '${id}' does not exist`);
      if (computeCertificateHash(found) !== found.certHash) {
        return { valid: false, status: found.status, reason: 'record-corrupted' };
      }
      if (hash !== found.certHash) return { valid: false, status: found.status, reason: 'hash-mismatch' };
      return found.status === 'revoked'
        ? { valid: false, status: 'revoked', reason: 'revoked' }
        : { valid: true, status: 'valid', reason: 'valid' };
    },
  });
}

function setup(
  stored: readonly Certificate[] = [cert],
  ledger: readonly LedgerTx[] = [issuance],
  options?: AuditClientOptions,
) {
  const chaincode = certificatesChaincode(stored);
  const qscc = fakeQscc([[{ txId: 'genesis' }], ledger]);
  const name = options?.chaincodes?.['transaction-certificates'] ?? 'transaction-certificates';
  const audit = new AuditClient(fakeNetwork({ qscc, [name]: chaincode }), options);
  return { audit, chaincode, qscc };
}

describe('verifyCertificate', () => {
  it('passes a genuine, unrevoked certificate whose transaction committed valid', async () => {
    const { audit, chaincode, qscc } = setup();
    const report = await audit.verifyCertificate(cert);
    expect(report).toEqual({
      certificateId: cert.id,
      valid: true,
      offlineHashMatches: true,
      offline: { claimedHash: cert.certHash, computedHash: cert.certHash, matches: true },
      onChain: { found: true, valid: true, status: 'valid', reason: 'valid' },
      transaction: {
        txId: 'tx-settle',
        found: true,
        valid: true,
        validationCode: 0,
        validationCodeName: 'VALID',
        chaincode: 'transaction-certificates',
        function: 'SettleTrade',
        creatorMsp: 'Org1MSP',
        timestamp: '2025-02-15T10:00:00.000Z',
        matchesCertificate: true,
      },
      reasons: [],
    });
    expect(chaincode.calls).toEqual([{ name: 'VerifyCertificate', args: [cert.id, cert.certHash] }]);
    expect(qscc.calls).toEqual([{ name: 'GetTransactionByID', args: ['mychannel', 'tx-settle'] }]);
  });

  it('catches a tampered copy offline even though the ledger confirms the hash it carries', async () => {
    const { audit } = setup();
    const tampered: Certificate = { ...cert, terms: { ...terms, price: '1250' } };
    const report = await audit.verifyCertificate(tampered);
    expect(report.valid).toBe(false);
    expect(report.offlineHashMatches).toBe(false);
    expect(report.offline.computedHash).toBe(computeCertificateHash(tampered));
    expect(report.onChain.valid).toBe(true);
    expect(report.transaction.valid).toBe(true);
    expect(report.reasons).toEqual([
      `the certificate was altered: its fields hash to ${report.offline.computedHash}, not to its certHash ${cert.certHash}`,
    ]);
  });

  it('catches a tampered copy whose hash was recomputed: the ledger does not know that hash', async () => {
    const { audit } = setup();
    const forged = { ...cert, terms: { ...terms, price: '1250' } };
    const rehashed: Certificate = { ...forged, certHash: computeCertificateHash(forged) };
    const report = await audit.verifyCertificate(rehashed);
    expect(report.offlineHashMatches).toBe(true);
    expect(report.onChain).toEqual({ found: true, valid: false, status: 'valid', reason: 'hash-mismatch' });
    expect(report.valid).toBe(false);
    expect(report.reasons).toEqual(['the chaincode does not confirm it: hash-mismatch']);
  });

  it('fails a revoked certificate, whose hash still matches', async () => {
    const revoked: Certificate = { ...cert, status: 'revoked', revocation };
    const { audit } = setup([revoked]);
    // The holder's copy predates the revocation: same hash, status valid.
    const report = await audit.verifyCertificate(cert);
    expect(report.offlineHashMatches).toBe(true);
    expect(report.onChain).toEqual({ found: true, valid: false, status: 'revoked', reason: 'revoked' });
    expect(report.valid).toBe(false);
    expect(report.reasons).toEqual(['the certificate was revoked']);
  });

  it('fails a certificate whose transaction was invalidated', async () => {
    const { audit } = setup([cert], [{ ...issuance, code: 11 }]);
    const report = await audit.verifyCertificate(cert);
    expect(report.transaction).toMatchObject({ found: true, valid: false, validationCode: 11 });
    expect(report.valid).toBe(false);
    expect(report.reasons).toEqual(['its transaction tx-settle did not commit valid (MVCC_READ_CONFLICT)']);
  });

  it('fails a certificate naming another transaction than its issuance', async () => {
    const other: LedgerTx = { ...issuance, creatorMsp: 'Org3MSP', chaincode: 'data-registry', fn: 'RecordAccess' };
    const { audit } = setup([cert], [other]);
    const report = await audit.verifyCertificate(cert);
    expect(report.transaction).toMatchObject({ valid: true, matchesCertificate: false, creatorMsp: 'Org3MSP' });
    expect(report.reasons).toEqual([
      'its transaction tx-settle is not its issuance: it invoked data-registry from Org3MSP at ' +
        '2025-02-15T10:00:00.000Z, the certificate says issued by Org1MSP at 2025-02-15T10:00:00.000Z',
    ]);
    const late = setup([cert], [{ ...issuance, time: '2025-02-15T10:00:01.000Z' }]);
    expect((await late.audit.verifyCertificate(cert)).transaction.matchesCertificate).toBe(false);
  });

  it('reports a certificate and a transaction the ledger does not hold', async () => {
    const { audit } = setup([], []);
    const report = await audit.verifyCertificate(cert);
    expect(report.onChain).toEqual({
      found: false,
      valid: false,
      error: `NOT_FOUND: certificate '${cert.id}' does not exist`,
    });
    expect(report.transaction).toEqual({ txId: 'tx-settle', found: false, valid: false, matchesCertificate: false });
    expect(report.reasons).toEqual([
      `the ledger holds no certificate ${cert.id}`,
      'the ledger holds no transaction tx-settle',
    ]);
  });

  it('reports a malformed hash and unhashable fields', async () => {
    const { audit } = setup();
    const broken = { ...cert, certHash: 'not-a-hash', terms: { ...terms, shares: 1n } } as unknown as Certificate;
    const report = await audit.verifyCertificate(broken);
    expect(report.offline).toMatchObject({ claimedHash: 'not-a-hash', matches: false });
    expect(report.offline.error).toBeDefined();
    expect(report.onChain).toEqual({ valid: false, error: 'INVALID_ARGUMENT: certHash: must be 64 lowercase hex' });
    expect(report.reasons.slice(0, 2)).toEqual([
      `the certificate's fields cannot be hashed: ${report.offline.error}`,
      'the chaincode refused to verify it: INVALID_ARGUMENT: certHash: must be 64 lowercase hex',
    ]);
  });

  it('rejects when the ledger cannot be reached', async () => {
    const qscc = new ScriptedContract({
      GetTransactionByID: () => {
        throw gatewayError('evaluate', 14, 'connection refused');
      },
    });
    const audit = new AuditClient(fakeNetwork({ qscc, 'transaction-certificates': certificatesChaincode([cert]) }), {
      retry: { maxAttempts: 1 },
    });
    await expect(audit.verifyCertificate(cert)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('is reachable from a client, with chaincode names and endorsing organizations', async () => {
    const { audit, chaincode } = setup([cert], [{ ...issuance, chaincode: 'trade-v2' }], {
      chaincodes: { 'transaction-certificates': 'trade-v2' },
    });
    const given: AuditClientOptions[] = [];
    const client = {
      audit: (options?: AuditClientOptions) => {
        given.push(options ?? {});
        return audit;
      },
    };
    const report = await verifyCertificate(client, cert, {
      chaincodes: { 'transaction-certificates': 'trade-v2' },
      endorsingOrganizations: ['Org1MSP'],
    });
    expect(report.valid).toBe(true);
    expect(given).toEqual([{ chaincodes: { 'transaction-certificates': 'trade-v2' } }]);
    expect(chaincode.calls[0]?.endorsingOrganizations).toEqual(['Org1MSP']);
    await expect(verifyCertificate(audit, cert)).resolves.toMatchObject({ valid: true });
  });

  it('runs against any chaincode and ledger with checkCertificate', async () => {
    const report = await checkCertificate(
      {
        certificates: { evaluate: async <T>() => ({ valid: true, status: 'valid', reason: 'valid' }) as T },
        chaincode: 'transaction-certificates',
        ledger: {
          transaction: async () => ({
            txId: 'tx-settle',
            type: 3,
            typeName: 'ENDORSER_TRANSACTION',
            creatorMsp: 'Org1MSP',
            timestamp: '2025-02-15T10:00:00Z',
            chaincode: 'transaction-certificates',
            function: 'TradeContract:SettleTrade',
            validationCode: 0,
            validationCodeName: 'VALID',
            valid: true,
          }),
        },
      },
      cert,
    );
    expect(report.valid).toBe(true);
    expect(report.transaction.function).toBe('SettleTrade');
  });
});
