import type { Context } from 'fabric-contract-api';
import { deriveDid, getCaller, parseX509Id, requireAdmin, requireMsp } from './caller';
import { didSchema } from './schemas';

const ADMIN_ID =
  'x509::/C=US/ST=North Carolina/O=Hyperledger/OU=admin/CN=admin0::/C=US/ST=North Carolina/L=Durham/O=exchange/CN=ca.exchange';
const CLIENT_ID = 'x509::/C=CN/OU=client/OU=org1/OU=department1/CN=user1::/C=CN/O=org1/CN=ca.org1';

function ctxFor(mspId: string, id: string): Context {
  return { clientIdentity: { getMSPID: () => mspId, getID: () => id } } as unknown as Context;
}

describe('parseX509Id', () => {
  it('splits subject and issuer attributes', () => {
    expect(parseX509Id(ADMIN_ID)).toEqual({
      subject: [
        { type: 'C', value: 'US' },
        { type: 'ST', value: 'North Carolina' },
        { type: 'O', value: 'Hyperledger' },
        { type: 'OU', value: 'admin' },
        { type: 'CN', value: 'admin0' },
      ],
      issuer: [
        { type: 'C', value: 'US' },
        { type: 'ST', value: 'North Carolina' },
        { type: 'L', value: 'Durham' },
        { type: 'O', value: 'exchange' },
        { type: 'CN', value: 'ca.exchange' },
      ],
    });
  });

  it("undoes fabric-shim's escaping of the first slash and keeps later ones", () => {
    const { subject } = parseX509Id('x509::/OU=a\\/b/c/CN=x::/CN=ca');
    expect(subject).toEqual([
      { type: 'OU', value: 'a/b/c' },
      { type: 'CN', value: 'x' },
    ]);
  });

  it('keeps attributes with unknown (empty) short names', () => {
    expect(parseX509Id('x509::/=serial1/CN=x::/CN=ca').subject[0]).toEqual({ type: '', value: 'serial1' });
  });

  it.each(['x509:/CN=a', 'x509::/CN=a', 'x509::CN=a::/CN=b', 'x509::/CN=a::CN=b', 'x509::/notanattribute::/CN=b'])(
    'rejects %s',
    (id) => {
      expect(() => parseX509Id(id)).toThrow();
    },
  );
});

describe('getCaller', () => {
  it('describes an admin', () => {
    const caller = getCaller(ctxFor('ExchangeMSP', ADMIN_ID));
    expect(caller).toEqual({
      mspId: 'ExchangeMSP',
      id: ADMIN_ID,
      commonName: 'admin0',
      organizationalUnits: ['admin'],
      isAdmin: true,
      did: deriveDid('ExchangeMSP', ADMIN_ID),
    });
  });

  it('does not treat client OUs or admin-ish names as admin', () => {
    const caller = getCaller(ctxFor('Org1MSP', CLIENT_ID));
    expect(caller.isAdmin).toBe(false);
    expect(caller.organizationalUnits).toEqual(['client', 'org1', 'department1']);
    expect(getCaller(ctxFor('Org1MSP', 'x509::/OU=client/CN=admin::/CN=ca')).isAdmin).toBe(false);
    expect(getCaller(ctxFor('Org1MSP', 'x509::/OU=client::/OU=admin/CN=ca')).isAdmin).toBe(false);
    expect(getCaller(ctxFor('Org1MSP', 'x509::/OU=client::/CN=ca')).commonName).toBe('');
  });

  it('requireAdmin and requireMsp refuse with FORBIDDEN', () => {
    expect(requireAdmin(ctxFor('ExchangeMSP', ADMIN_ID)).isAdmin).toBe(true);
    expect(() => requireAdmin(ctxFor('Org1MSP', CLIENT_ID), 'suspending')).toThrow(
      'FORBIDDEN: suspending requires an admin of Org1MSP',
    );
    expect(requireMsp(ctxFor('Org1MSP', CLIENT_ID), ['Org1MSP']).mspId).toBe('Org1MSP');
    expect(() => requireMsp(ctxFor('Org1MSP', CLIENT_ID), ['RegulatorMSP'])).toThrow(
      'FORBIDDEN: this operation is not allowed for organization Org1MSP',
    );
  });
});

describe('deriveDid', () => {
  it('is did:ndi:<msp>:<32 hex of sha256(id)>', () => {
    // sha256('x509::/CN=a::/CN=ca') computed independently with `printf %s ... | sha256sum`.
    const did = deriveDid('Org1MSP', 'x509::/CN=a::/CN=ca');
    expect(did).toBe('did:ndi:Org1MSP:d4ed4903a73fa12125fb373c73565019');
    expect(didSchema.safeParse(did).success).toBe(true);
  });

  it('is stable for the same subject and issuer, and differs otherwise', () => {
    expect(deriveDid('Org1MSP', CLIENT_ID)).toBe(deriveDid('Org1MSP', CLIENT_ID));
    expect(deriveDid('Org1MSP', CLIENT_ID)).not.toBe(deriveDid('Org2MSP', CLIENT_ID));
    expect(deriveDid('Org1MSP', CLIENT_ID)).not.toBe(deriveDid('Org1MSP', CLIENT_ID.replace('ca.org1', 'ca2.org1')));
  });
});
