import { execFileSync } from 'node:child_process';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  verify,
  webcrypto,
  X509Certificate,
} from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { ConfigurationError, NdiError } from './errors';
import {
  type CertificateAuthority,
  createCsr,
  enroll,
  EnrollmentError,
  fabricCaToken,
  lowSDerSignature,
  reenroll,
  register,
  RegistrationError,
} from './onboarding';

const P256_ORDER = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');

/** Reads (r, s) back from a DER ECDSA signature. */
function parseDer(der: Buffer): { r: bigint; s: bigint } {
  expect(der[0]).toBe(0x30);
  expect(der[1]).toBe(der.length - 2);
  const ints: bigint[] = [];
  let at = 2;
  while (at < der.length) {
    expect(der[at]).toBe(0x02);
    const len = der[at + 1] as number;
    const bytes = der.subarray(at + 2, at + 2 + len);
    // minimal encoding: no superfluous leading zero, never negative
    expect((bytes[0] as number) & 0x80).toBe(0);
    if (bytes.length > 1) {
      expect(bytes[0] === 0 && ((bytes[1] as number) & 0x80) === 0).toBe(false);
    }
    ints.push(BigInt(`0x${bytes.toString('hex')}`));
    at += 2 + len;
  }
  expect(ints).toHaveLength(2);
  return { r: ints[0] as bigint, s: ints[1] as bigint };
}

let dir: string;
let tlsCert: string;
let tlsKey: string;
let registrar: { certificate: string; privateKey: string };

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-onboarding-'));
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'tls.key',
    '-out',
    'tls.crt',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'registrar.key',
    '-out',
    'registrar.crt',
    '-days',
    '1',
    '-subj',
    '/CN=registrar',
  ]);
  tlsCert = fs.readFileSync(path.join(dir, 'tls.crt'), 'utf8');
  tlsKey = fs.readFileSync(path.join(dir, 'tls.key'), 'utf8');
  registrar = {
    certificate: fs.readFileSync(path.join(dir, 'registrar.crt'), 'utf8'),
    privateKey: fs.readFileSync(path.join(dir, 'registrar.key'), 'utf8'),
  };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lowSDerSignature', () => {
  it('keeps r, makes s low and encodes minimal DER integers', () => {
    const r = Buffer.alloc(32, 0);
    r[31] = 0x80; // r = 128 needs a leading zero byte
    const highS = P256_ORDER - 5n;
    const s = Buffer.from(highS.toString(16).padStart(64, '0'), 'hex');
    const parsed = parseDer(lowSDerSignature(Buffer.concat([r, s])));
    expect(parsed.r).toBe(128n);
    expect(parsed.s).toBe(5n);
  });

  it('refuses a signature of the wrong length', () => {
    expect(() => lowSDerSignature(new Uint8Array(63))).toThrow(RangeError);
  });
});

describe('fabricCaToken', () => {
  const body = JSON.stringify({ id: 'alice', type: 'client', affiliation: '', caname: 'ca-exchange' });
  const b64 = (s: string): string => Buffer.from(s).toString('base64');

  it('is b64(cert).b64(signature) with an ECDSA-SHA256 signature over method.b64(uri).b64(body).b64(cert)', () => {
    const token = fabricCaToken(registrar, 'POST', '/api/v1/register', body);
    const [certPart, sigPart, ...rest] = token.split('.');
    expect(rest).toEqual([]);
    expect(Buffer.from(certPart as string, 'base64').toString('utf8')).toBe(registrar.certificate);
    const payload = `POST.${b64('/api/v1/register')}.${b64(body)}.${b64(registrar.certificate)}`;
    const publicKey = new X509Certificate(registrar.certificate).publicKey;
    const signature = Buffer.from(sigPart as string, 'base64');
    expect(verify('sha256', Buffer.from(payload), publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(payload.replace('POST', 'GET')), publicKey, signature)).toBe(false);
  });

  it('always gives a low-S signature that verifies', () => {
    const publicKey = new X509Certificate(registrar.certificate).publicKey;
    const payload = `POST.${b64('/api/v1/register')}.${b64(body)}.${b64(registrar.certificate)}`;
    for (let i = 0; i < 200; i++) {
      const signature = Buffer.from(
        fabricCaToken(registrar, 'POST', '/api/v1/register', body).split('.')[1] as string,
        'base64',
      );
      const { s } = parseDer(signature);
      expect(s <= P256_ORDER / 2n).toBe(true);
      expect(verify('sha256', Buffer.from(payload), publicKey, signature)).toBe(true);
    }
  });

  it('refuses a key that is not EC P-256 or not a key at all', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => fabricCaToken({ ...registrar, privateKey: rsa }, 'POST', '/', '')).toThrow(ConfigurationError);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(() => fabricCaToken({ ...registrar, privateKey: p384 }, 'POST', '/', '')).toThrow(/EC P-256/);
    expect(() => fabricCaToken({ ...registrar, privateKey: 'garbage' }, 'POST', '/', '')).toThrow(ConfigurationError);
  });
});

describe('createCsr', () => {
  const newKeys = async (): Promise<webcrypto.CryptoKeyPair> =>
    (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;

  it('requests CN=<id> with the hosts as DNS and IP subject alternative names, signed by a P-256 key', async () => {
    const csrPem = await createCsr('peer0', await newKeys(), ['peer0.exchange.ndi.local', '127.0.0.1']);
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    expect(csr.subject).toBe('CN=peer0');
    expect(await csr.verify(webcrypto as unknown as Parameters<typeof csr.verify>[0])).toBe(true);
    expect(csr.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    const san = csr.getExtension('2.5.29.17') as x509.SubjectAlternativeNameExtension | null; // subjectAltName
    expect(san?.names.toJSON()).toEqual([
      { type: 'dns', value: 'peer0.exchange.ndi.local' },
      { type: 'ip', value: '127.0.0.1' },
    ]);
  });

  it('has no subject alternative names when no hosts are given', async () => {
    const csr = new x509.Pkcs10CertificateRequest(await createCsr('alice', await newKeys()));
    expect(csr.subject).toBe('CN=alice');
    expect(csr.getExtension('2.5.29.17')).toBeNull();
  });
});

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTPS server standing in for Fabric CA: answers every request with `reply`. */
async function fakeCa(
  reply: (req: Recorded) => { status: number; body: string },
): Promise<{ ca: CertificateAuthority; requests: Recorded[]; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const server = https.createServer({ cert: tlsCert, key: tlsKey }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const { status, body } = reply(recorded);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ca: { url: `https://localhost:${port}`, caName: 'ca-test', tlsCACert: tlsCert },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ok = (result: unknown): { status: number; body: string } => ({
  status: 201,
  body: JSON.stringify({ success: true, result, errors: [], messages: [] }),
});
const refused = (status: number, code: number, message: string): { status: number; body: string } => ({
  status,
  body: JSON.stringify({ success: false, result: null, errors: [{ code, message }], messages: [] }),
});

describe('enroll', () => {
  it('posts a CSR with basic authentication and decodes the certificate and CA chain', async () => {
    const server = await fakeCa(() =>
      ok({
        Cert: Buffer.from(registrar.certificate).toString('base64'),
        ServerInfo: { CAChain: Buffer.from(tlsCert).toString('base64') },
      }),
    );
    try {
      const enrollment = await enroll({
        ca: server.ca,
        enrollmentId: 'alice',
        secret: 's3cret',
        csrHosts: ['localhost'],
      });
      expect(enrollment.certificate).toBe(registrar.certificate);
      expect(enrollment.caChain).toBe(tlsCert);
      const key = createPrivateKey(enrollment.privateKey);
      expect(enrollment.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

      const [request] = server.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/api/v1/enroll');
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
      const body = JSON.parse(request?.body ?? '') as { certificate_request: string; caname: string };
      expect(body.caname).toBe('ca-test');
      const csr = new x509.Pkcs10CertificateRequest(body.certificate_request);
      expect(csr.subject).toBe('CN=alice');
      // the CSR carries the public half of the returned private key
      const csrKey = createPublicKey(
        Buffer.from(csr.publicKey.rawData)
          .toString('base64')
          .replace(/(.{64})/g, '$1\n')
          .replace(/^/, '-----BEGIN PUBLIC KEY-----\n')
          .concat('\n-----END PUBLIC KEY-----\n'),
      );
      expect(csrKey.export({ format: 'der', type: 'spki' })).toEqual(
        createPublicKey(key).export({ format: 'der', type: 'spki' }),
      );
    } finally {
      await server.close();
    }
  });

  it("maps the CA's refusal to an EnrollmentError with its code and message, never the secret", async () => {
    const server = await fakeCa(() => refused(401, 20, 'Authentication failure'));
    try {
      const err = await enroll({ ca: server.ca, enrollmentId: 'alice', secret: 'top-secret-42' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EnrollmentError);
      expect(err).toBeInstanceOf(NdiError);
      const error = err as EnrollmentError;
      expect(error.code).toBe(20);
      expect(error.httpStatus).toBe(401);
      expect(error.caErrors).toEqual([{ code: 20, message: 'Authentication failure' }]);
      expect(error.message).toContain('Authentication failure');
      expect(error.message).not.toContain('top-secret-42');
      expect(JSON.stringify(error)).not.toContain('top-secret-42');
    } finally {
      await server.close();
    }
  });

  it('maps a response that is not Fabric CA JSON, or lacks the certificate, to an EnrollmentError', async () => {
    const server = await fakeCa(() =>
      server.requests.length === 1 ? { status: 500, body: '<html>oops</html>' } : ok({ ServerInfo: {} }),
    );
    try {
      await expect(enroll({ ca: server.ca, enrollmentId: 'alice', secret: 'x' })).rejects.toThrow(
        expect.objectContaining({
          name: 'EnrollmentError',
          httpStatus: 500,
          message: expect.stringMatching(/HTTP 500/),
        }),
      );
      await expect(enroll({ ca: server.ca, enrollmentId: 'alice', secret: 'x' })).rejects.toThrow(/lacks result.Cert/);
    } finally {
      await server.close();
    }
  });

  it('maps an unreachable CA or an untrusted TLS certificate to an EnrollmentError without HTTP status', async () => {
    const server = await fakeCa(() => ok({}));
    const { ca } = server;
    await server.close();
    const unreachable = await enroll({ ca, enrollmentId: 'alice', secret: 'x' }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(EnrollmentError);
    expect((unreachable as EnrollmentError).httpStatus).toBeUndefined();

    const other = await fakeCa(() => ok({}));
    try {
      const untrusted = { ...other.ca, tlsCACert: registrar.certificate };
      await expect(enroll({ ca: untrusted, enrollmentId: 'alice', secret: 'x' })).rejects.toBeInstanceOf(
        EnrollmentError,
      );
    } finally {
      await other.close();
    }
  });

  it('reads the TLS root from a file path and reports a missing one as a ConfigurationError', async () => {
    const server = await fakeCa(() => refused(401, 20, 'Authentication failure'));
    try {
      const ca = { ...server.ca, tlsCACert: path.join(dir, 'tls.crt') };
      await expect(enroll({ ca, enrollmentId: 'a', secret: 'b' })).rejects.toBeInstanceOf(EnrollmentError);
      const missing = { ...server.ca, tlsCACert: path.join(dir, 'nope.pem') };
      await expect(enroll({ ca: missing, enrollmentId: 'a', secret: 'b' })).rejects.toBeInstanceOf(ConfigurationError);
    } finally {
      await server.close();
    }
  });
});

describe('reenroll', () => {
  it("asks for a certificate for the same CN with a new key, authorized by the current identity's token", async () => {
    const server = await fakeCa(() =>
      ok({
        Cert: Buffer.from(registrar.certificate).toString('base64'),
        ServerInfo: { CAChain: Buffer.from(tlsCert).toString('base64') },
      }),
    );
    try {
      const renewed = await reenroll({ ca: server.ca, identity: registrar });
      expect(renewed.privateKey).not.toBe(registrar.privateKey);
      const [request] = server.requests;
      expect(request?.url).toBe('/api/v1/reenroll');
      expect(request?.headers.authorization).not.toMatch(/^Basic /);
      const body = JSON.parse(request?.body ?? '') as { certificate_request: string };
      const cn = new X509Certificate(registrar.certificate).subject.match(/CN=(.*)/)?.[1];
      expect(new x509.Pkcs10CertificateRequest(body.certificate_request).subject).toBe(`CN=${cn}`);
      const [certPart, sigPart] = String(request?.headers.authorization).split('.');
      const b64 = (s: string): string => Buffer.from(s).toString('base64');
      const payload = `POST.${b64('/api/v1/reenroll')}.${b64(request?.body ?? '')}.${certPart}`;
      const publicKey = new X509Certificate(registrar.certificate).publicKey;
      expect(verify('sha256', Buffer.from(payload), publicKey, Buffer.from(sigPart as string, 'base64'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("maps the CA's refusal to an EnrollmentError and refuses a certificate that is not one", async () => {
    const server = await fakeCa(() => refused(401, 71, 'Certificate has been revoked'));
    try {
      const err = await reenroll({ ca: server.ca, identity: registrar }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnrollmentError);
      expect((err as EnrollmentError).code).toBe(71);
      await expect(
        reenroll({ ca: server.ca, identity: { certificate: 'nope', privateKey: registrar.privateKey } }),
      ).rejects.toBeInstanceOf(ConfigurationError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('register', () => {
  it("posts the registration with the registrar's token and returns the CA's secret", async () => {
    const server = await fakeCa(() => ok({ secret: 'generated' }));
    try {
      const secret = await register({ ca: server.ca, registrar, id: 'bob', type: 'client', maxEnrollments: 3 });
      expect(secret).toBe('generated');
      const [request] = server.requests;
      expect(request?.url).toBe('/api/v1/register');
      expect(JSON.parse(request?.body ?? '')).toEqual({
        id: 'bob',
        type: 'client',
        affiliation: '',
        max_enrollments: 3,
        caname: 'ca-test',
      });
      const [certPart, sigPart] = String(request?.headers.authorization).split('.');
      const b64 = (s: string): string => Buffer.from(s).toString('base64');
      const payload = `POST.${b64('/api/v1/register')}.${b64(request?.body ?? '')}.${certPart}`;
      const publicKey = new X509Certificate(registrar.certificate).publicKey;
      expect(verify('sha256', Buffer.from(payload), publicKey, Buffer.from(sigPart as string, 'base64'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('sends a chosen secret and affiliation', async () => {
    const server = await fakeCa(() => ok({ secret: 'chosen' }));
    try {
      const secret = await register({
        ca: server.ca,
        registrar,
        id: 'p0',
        type: 'peer',
        secret: 'chosen',
        affiliation: 'org1',
      });
      expect(secret).toBe('chosen');
      expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({
        secret: 'chosen',
        affiliation: 'org1',
        type: 'peer',
      });
    } finally {
      await server.close();
    }
  });

  it("maps the CA's refusal to a RegistrationError, never repeating the secret", async () => {
    const server = await fakeCa(() => refused(500, 74, "Identity 'bob' is already registered"));
    try {
      const err = await register({ ca: server.ca, registrar, id: 'bob', type: 'client', secret: 'pw-123456' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RegistrationError);
      expect((err as RegistrationError).code).toBe(74);
      expect((err as RegistrationError).message).toMatch(/already registered/);
      expect((err as RegistrationError).message).not.toContain('pw-123456');
    } finally {
      await server.close();
    }
  });

  it('refuses an unusable registrar key before contacting the CA', async () => {
    const server = await fakeCa(() => ok({ secret: 'x' }));
    try {
      await expect(
        register({ ca: server.ca, registrar: { ...registrar, privateKey: 'nope' }, id: 'bob', type: 'client' }),
      ).rejects.toBeInstanceOf(ConfigurationError);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
