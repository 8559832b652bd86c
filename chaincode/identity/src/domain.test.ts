import { deriveDid } from '@ndi/chaincode-common';
import { verifyCredential } from './credentials';
import { didMspId, identityKey } from './keys';
import { realNameCommitment } from './commitments';
import type { Credential } from './model';
import { isExpired } from './roles';

describe('domain helpers', () => {
  it('reads the MSP out of a DID and keys identities by MSP first', () => {
    const did = deriveDid('Org1MSP', 'x509::/CN=a::/CN=ca');
    expect(didMspId(did)).toBe('Org1MSP');
    expect(identityKey(did)).toBe(`\u0000identity\u0000Org1MSP\u0000${did}\u0000`);
    expect(() => didMspId('did:web:example.com')).toThrow(/^INVALID_ARGUMENT: did/);
    expect(() => didMspId('did:ndi:')).toThrow(/^INVALID_ARGUMENT: did/);
  });

  it('derives DIDs deterministically from MSP and X.509 ID', () => {
    const id = 'x509::/C=CN/O=ExchangeMSP/OU=client/CN=alice::/C=CN/O=ExchangeMSP/CN=ca.exchangemsp';
    expect(deriveDid('ExchangeMSP', id)).toBe(deriveDid('ExchangeMSP', id));
    expect(deriveDid('ExchangeMSP', id)).not.toBe(deriveDid('EnterpriseMSP', id));
  });

  it('computes the documented real-name commitment', () => {
    // printf '%s' '0123456789abcdef:110105194912310021' | sha256sum
    expect(realNameCommitment({ salt: '0123456789abcdef', idNumber: '110105194912310021' })).toBe(
      'bca2a4583fd2ecf30a88aec554689d1ca5d93d5b5c86f0cb1ad8346dc7b61f11',
    );
  });

  it('treats an expiry as exclusive and no expiry as forever', () => {
    const t = Date.parse('2025-01-01T00:00:00.000Z');
    expect(isExpired(undefined, t)).toBe(false);
    expect(isExpired('2025-01-01T00:00:00.001Z', t)).toBe(false);
    expect(isExpired('2025-01-01T00:00:00.000Z', t)).toBe(true);
  });

  it('ranks revoked over expired over mismatch', () => {
    const base: Credential = {
      id: 'c',
      type: 'data-quality',
      subjectDid: 's',
      issuerDid: 'i',
      issuerRole: 'exchange-operator',
      claimsHash: 'a',
      issuedAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2025-02-01T00:00:00.000Z',
      status: 'revoked',
    };
    const later = { iso: '2025-03-01T00:00:00.000Z', epochMillis: Date.parse('2025-03-01T00:00:00.000Z') };
    expect(verifyCredential(base, 'b', later).result).toBe('revoked');
    expect(verifyCredential({ ...base, status: 'active' }, 'b', later).result).toBe('expired');
  });
});
