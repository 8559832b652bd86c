import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrgCa } from '../../network/src/ca';
import { readConnectionProfile } from '../../network/src/connection-profile';
import { Network } from '../../network/src/network';
import { isPortFree } from '../../network/src/ports';
import { isRunning, listRecords } from '../../network/src/processes';
import { loadTopology } from '../../network/src/topology';

/**
 * The network's identity layer on a real Fabric CA server: TLS on, NodeOUs in every
 * certificate, node TLS certificates for their host names, `enroll` for new users, and the CA
 * stopped by its recorded PID. Needs only the Fabric CA programs.
 */
describe('Fabric CA enrollment', () => {
  let runtime: string;
  let network: Network;
  let ca: OrgCa;

  beforeAll(async () => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-ca-e2e-'));
    let base = 29000;
    while (!(await isPortFree(base)) || !(await isPortFree(base + 20)) || !(await isPortFree(base + 21))) {
      base += 100;
    }
    network = new Network(loadTopology({ NDI_BASE_PORT: String(base) }), runtime);
    const exchange = network.org('exchange');
    ca = new OrgCa(exchange, network.layout, (await network.caBinaries()).caBin);
    await ca.start(runtime);
    await ca.enrollRegistrar();
    ca.writeOrgMsp();
  }, 300_000);

  afterAll(async () => {
    const stopped = await network.down();
    expect(stopped).toEqual(['ca.exchange']);
  });

  const cert = (file: string): X509Certificate => new X509Certificate(fs.readFileSync(file));
  const caCert = (): X509Certificate => cert(network.layout.caCert(network.org('exchange')));

  it('enrolls a peer with a NodeOU signing certificate and a TLS certificate for its names', async () => {
    const peer = network.org('exchange').nodeSpecs[0];
    await ca.enrollNode(peer);
    const signing = cert(path.join(network.layout.nodeHome(peer), 'msp', 'signcerts', 'cert.pem'));
    expect(signing.subject).toContain('OU=peer');
    expect(signing.subject).toContain('O=ExchangeMSP');
    expect(signing.verify(caCert().publicKey)).toBe(true);
    const tls = cert(path.join(network.layout.nodeTls(peer), 'server.crt'));
    expect(tls.subjectAltName).toContain('DNS:peer0.exchange.ndi.local');
    expect(tls.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(tls.verify(caCert().publicKey)).toBe(true);
    const key = fs.statSync(path.join(network.layout.nodeTls(peer), 'server.key'));
    expect(key.mode & 0o077).toBe(0); // private keys are readable by their owner only
  });

  it('enrolls an org admin with OU=admin and lists it in the connection profile', async () => {
    const { mspDir: msp, outcome } = await network.enroll('exchange', 'admin', true);
    expect(outcome).toBe('registered');
    expect(cert(path.join(msp, 'signcerts', 'cert.pem')).subject).toContain('OU=admin');
    expect(fs.readFileSync(path.join(msp, 'config.yaml'), 'utf8')).toContain('AdminOUIdentifier');
    const profile = readConnectionProfile(network.layout, network.org('exchange'));
    expect(profile.identities.admin.certificate).toBe(path.join(msp, 'signcerts', 'cert.pem'));
    expect(profile.mspId).toBe('ExchangeMSP');
  });

  it('enrolls a client and re-enrolls it with its own certificate and a new key when asked again', async () => {
    const enrolled = await network.enroll('exchange', 'alice', false);
    const keyFile = path.join(enrolled.mspDir, 'keystore', 'key.pem');
    const firstKey = fs.readFileSync(keyFile, 'utf8');
    const first = cert(path.join(enrolled.mspDir, 'signcerts', 'cert.pem'));
    const again = await network.enroll('exchange', 'alice', false);
    const second = cert(path.join(again.mspDir, 'signcerts', 'cert.pem'));
    expect([enrolled.outcome, again.outcome]).toEqual(['registered', 'reenrolled']);
    expect(first.subject).toContain('OU=client');
    expect(second.subject).toBe(first.subject);
    expect(second.serialNumber).not.toBe(first.serialNumber);
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(firstKey);
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
  });

  it('refuses to register again a user whose MSP folder was lost, leaving nothing behind', async () => {
    const { mspDir } = await network.enroll('exchange', 'dave', false);
    fs.rmSync(mspDir, { recursive: true });
    await expect(network.enroll('exchange', 'dave', false)).rejects.toThrow(/already registered/);
    expect(fs.existsSync(mspDir)).toBe(false);
  });

  it('refuses a user name that is not a plain identifier, and an org it does not know', async () => {
    await expect(network.enroll('exchange', 'bad name', false)).rejects.toThrow(/user 'bad name'/);
    await expect(network.enroll('bank', 'bob', false)).rejects.toThrow(/unknown org 'bank'/);
  });

  it('records the CA it started so only that PID is ever stopped', () => {
    const records = listRecords(runtime);
    expect(records.map((r) => r.name)).toEqual(['ca.exchange']);
    expect(isRunning(records[0])).toBe(true);
  });
});
