import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type CertificateAuthority,
  enroll,
  EnrollmentError,
  register,
  RegistrationError,
} from '../../gateway-client/src/onboarding';
import { OrgCa } from '../../network/src/ca';
import { Network } from '../../network/src/network';
import { isPortFree } from '../../network/src/ports';
import { loadTopology } from '../../network/src/topology';

/**
 * CA onboarding from the gateway client on a real Fabric CA server: the registrar (enrolled by
 * fabric-ca-client) registers a client through the REST API with its ECDSA token, the client enrolls
 * with the returned secret, and the CA's refusals come back as typed errors.
 */
describe('CA onboarding against a real Fabric CA', () => {
  let runtime: string;
  let network: Network;
  let ca: CertificateAuthority;
  let registrar: { certificate: string; privateKey: string };

  beforeAll(async () => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-onboarding-e2e-'));
    let base = 29500;
    while (!(await isPortFree(base)) || !(await isPortFree(base + 20)) || !(await isPortFree(base + 21))) {
      base += 100;
    }
    network = new Network(loadTopology({ NDI_BASE_PORT: String(base) }), runtime);
    const exchange = network.org('exchange');
    const orgCa = new OrgCa(exchange, network.layout, (await network.caBinaries()).caBin);
    await orgCa.start(runtime);
    await orgCa.enrollRegistrar();
    const msp = path.join(network.layout.registrarHome(exchange), 'msp');
    const keystore = path.join(msp, 'keystore');
    const keyFile = fs.readdirSync(keystore).find((name) => name.endsWith('_sk'));
    registrar = {
      certificate: fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'utf8'),
      privateKey: fs.readFileSync(path.join(keystore, keyFile as string), 'utf8'),
    };
    ca = {
      url: `https://127.0.0.1:${exchange.caPort}`,
      caName: orgCa.caName,
      tlsCACert: network.layout.caCert(exchange),
    };
  }, 300_000);

  afterAll(async () => {
    const stopped = await network.down();
    expect(stopped).toEqual(['ca.exchange']);
    fs.rmSync(runtime, { recursive: true, force: true });
  });

  const id = `carol${Date.now()}`;

  it('registers a client with the registrar token and enrolls it with the returned secret', async () => {
    const secret = await register({ ca, registrar, id, type: 'client' });
    expect(secret.length).toBeGreaterThan(0);
    const enrollment = await enroll({ ca, enrollmentId: id, secret });
    const cert = new X509Certificate(enrollment.certificate);
    expect(cert.subject.split('\n')).toEqual(expect.arrayContaining(['OU=client', `CN=${id}`]));
    const caCert = new X509Certificate(fs.readFileSync(ca.tlsCACert));
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(new X509Certificate(enrollment.caChain).fingerprint256).toBe(caCert.fingerprint256);
    expect(cert.checkPrivateKey(createPrivateKey(enrollment.privateKey))).toBe(true);
  });

  it('refuses to register the same ID twice with a typed error', async () => {
    const err = await register({ ca, registrar, id, type: 'client', secret: 'not-in-the-message' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RegistrationError);
    const error = err as RegistrationError;
    expect(error.code).toEqual(expect.any(Number));
    expect(error.message).toMatch(/already registered/);
    expect(error.message).not.toContain('not-in-the-message');
  });

  it('refuses a wrong secret with a typed error that does not repeat it', async () => {
    const err = await enroll({ ca, enrollmentId: id, secret: 'wrong-secret-xyz' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnrollmentError);
    expect((err as EnrollmentError).httpStatus).toBe(401);
    expect((err as EnrollmentError).message).not.toContain('wrong-secret-xyz');
  });
});
