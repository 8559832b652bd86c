import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec } from './exec';
import { Layout } from './layout';
import { waitForPort } from './ports';
import { ProcessRecord, startProcess } from './processes';
import { NodeSpec, OrgSpec } from './topology';

/** The NodeOU roles Fabric CA puts in the certificates it issues. */
export type IdentityType = 'admin' | 'client' | 'peer' | 'orderer';

/** The Fabric CA of one org, driven through the `fabric-ca-server` / `fabric-ca-client` programs. */
export class OrgCa {
  constructor(
    readonly org: OrgSpec,
    private readonly layout: Layout,
    private readonly caBin: string,
  ) {}

  /** The name of the CA inside its server (`--caname`). */
  get caName(): string {
    return `ca-${this.org.name}`;
  }

  /** `https://127.0.0.1:<port>` */
  get url(): string {
    return `https://127.0.0.1:${this.org.caPort}`;
  }

  /**
   * Initializes the CA (first run only: a fresh root key and a random registrar secret) and
   * starts its server with TLS on.
   */
  async start(runtime: string): Promise<ProcessRecord> {
    const home = this.layout.caHome(this.org);
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const hosts = `localhost,127.0.0.1,ca.${this.org.domain}`;
    const common = [
      '--home',
      home,
      '--port',
      String(this.org.caPort),
      '--address',
      '127.0.0.1',
      '--ca.name',
      this.caName,
      '--tls.enabled',
      '--csr.cn',
      `ca.${this.org.domain}`,
      '--csr.hosts',
      hosts,
      '--operations.listenaddress',
      `127.0.0.1:${this.org.caOperationsPort}`,
    ];
    if (!fs.existsSync(this.layout.caCert(this.org))) {
      const secret = randomBytes(18).toString('hex');
      fs.writeFileSync(this.layout.caSecretFile(this.org), secret, { mode: 0o600 });
      await exec(this.program('fabric-ca-server'), ['init', ...common, '-b', `registrar:${secret}`], {
        describe: `fabric-ca-server init for ${this.org.name}`,
      });
    }
    const record = startProcess(runtime, {
      name: `ca.${this.org.name}`,
      program: this.program('fabric-ca-server'),
      args: ['start', ...common],
      env: { PATH: process.env.PATH ?? '', HOME: home },
      cwd: home,
      logFile: this.layout.logFile(`ca.${this.org.name}`),
    });
    await waitForPort(this.org.caPort, 30_000, `ca.${this.org.name}`);
    return record;
  }

  /** Enrolls the CA's bootstrap registrar, once. */
  async enrollRegistrar(): Promise<void> {
    const home = this.layout.registrarHome(this.org);
    if (fs.existsSync(path.join(home, 'msp', 'signcerts', 'cert.pem'))) {
      return;
    }
    const secret = fs.readFileSync(this.layout.caSecretFile(this.org), 'utf8').trim();
    await this.client(
      home,
      ['enroll', '-u', this.urlWith('registrar', secret)],
      `enroll the ${this.org.name} registrar`,
    );
  }

  /**
   * Registers `name` (if the CA does not know it yet) and enrolls it into `mspDir`, giving it a
   * fresh secret each time so no secret needs to be kept. Returns the MSP folder.
   */
  async registerAndEnroll(name: string, type: IdentityType, mspDir: string, hosts: string[] = []): Promise<string> {
    const secret = randomBytes(18).toString('hex');
    const registrar = this.layout.registrarHome(this.org);
    const known = await this.identityExists(name);
    if (known) {
      await this.client(registrar, ['identity', 'modify', name, '--secret', secret], `reset the secret of ${name}`);
    } else {
      await this.client(
        registrar,
        ['register', '--id.name', name, '--id.secret', secret, '--id.type', type],
        `register ${name} with ca.${this.org.name}`,
      );
    }
    fs.mkdirSync(path.dirname(mspDir), { recursive: true });
    const enrollHome = fs.mkdtempSync(path.join(path.dirname(mspDir), '.enroll-'));
    try {
      const hostArgs = hosts.length > 0 ? ['--csr.hosts', hosts.join(',')] : [];
      await this.client(
        enrollHome,
        ['enroll', '-u', this.urlWith(name, secret), '-M', path.join(enrollHome, 'msp'), ...hostArgs],
        `enroll ${name} with ca.${this.org.name}`,
      );
      writeMsp(path.join(enrollHome, 'msp'), mspDir, this.layout.caCert(this.org));
    } finally {
      fs.rmSync(enrollHome, { recursive: true, force: true });
    }
    return mspDir;
  }

  /**
   * Enrolls a node's signing identity (`msp/`) and its TLS server certificate (`tls/`), whose
   * names cover its host name, localhost and 127.0.0.1.
   */
  async enrollNode(node: NodeSpec): Promise<void> {
    const home = this.layout.nodeHome(node);
    const hosts = [node.host, 'localhost', '127.0.0.1'];
    await this.registerAndEnroll(node.id, node.kind, path.join(home, 'msp'), hosts);
    await this.enrollTls(node.id, this.layout.nodeTls(node), hosts);
  }

  /**
   * Enrolls a TLS certificate (the CA's `tls` profile: server and client auth) for an identity the
   * CA already knows, into `tlsDir` as `server.crt`, `server.key` (0600) and `ca.crt`.
   */
  async enrollTls(name: string, tlsDir: string, hosts: string[]): Promise<void> {
    const secret = randomBytes(18).toString('hex');
    const registrar = this.layout.registrarHome(this.org);
    await this.client(registrar, ['identity', 'modify', name, '--secret', secret], `reset the secret of ${name}`);
    fs.mkdirSync(tlsDir, { recursive: true });
    const tlsHome = fs.mkdtempSync(path.join(tlsDir, '.enroll-'));
    try {
      await this.client(
        tlsHome,
        [
          'enroll',
          '-u',
          this.urlWith(name, secret),
          '-M',
          path.join(tlsHome, 'msp'),
          '--enrollment.profile',
          'tls',
          '--csr.hosts',
          hosts.join(','),
        ],
        `enroll the TLS certificate of ${name}`,
      );
      fs.copyFileSync(path.join(tlsHome, 'msp', 'signcerts', 'cert.pem'), path.join(tlsDir, 'server.crt'));
      fs.copyFileSync(onlyFile(path.join(tlsHome, 'msp', 'keystore')), path.join(tlsDir, 'server.key'));
      fs.chmodSync(path.join(tlsDir, 'server.key'), 0o600);
      fs.copyFileSync(this.layout.caCert(this.org), path.join(tlsDir, 'ca.crt'));
    } finally {
      fs.rmSync(tlsHome, { recursive: true, force: true });
    }
  }

  /** Writes the org's verifying MSP: the CA root as both identity and TLS trust anchor, with NodeOUs. */
  writeOrgMsp(): void {
    const msp = this.layout.orgMsp(this.org);
    for (const sub of ['cacerts', 'tlscacerts']) {
      fs.mkdirSync(path.join(msp, sub), { recursive: true });
      fs.copyFileSync(this.layout.caCert(this.org), path.join(msp, sub, 'ca.pem'));
    }
    fs.writeFileSync(path.join(msp, 'config.yaml'), nodeOuConfig('cacerts/ca.pem'));
  }

  private async identityExists(name: string): Promise<boolean> {
    try {
      await this.client(this.layout.registrarHome(this.org), ['identity', 'list', '--id', name], `look up ${name}`);
      return true;
    } catch {
      return false;
    }
  }

  private urlWith(user: string, secret: string): string {
    return `https://${encodeURIComponent(user)}:${secret}@127.0.0.1:${this.org.caPort}`;
  }

  /** Runs fabric-ca-client against this CA; `enroll` carries its own URL with credentials. */
  private client(home: string, args: string[], describe: string): Promise<string> {
    fs.mkdirSync(home, { recursive: true });
    // Subjects name the org instead of fabric-ca-client's sample defaults.
    const url = args[0] === 'enroll' ? ['--csr.names', `C=CN,O=${this.org.mspId}`] : ['-u', this.url];
    return exec(
      this.program('fabric-ca-client'),
      [...args, ...url, '--caname', this.caName, '--tls.certfiles', this.layout.caCert(this.org)],
      { env: { PATH: process.env.PATH ?? '', FABRIC_CA_CLIENT_HOME: home }, describe },
    );
  }

  private program(name: 'fabric-ca-server' | 'fabric-ca-client'): string {
    return path.join(this.caBin, name);
  }
}

/**
 * The NodeOU configuration that lets Fabric tell admins, clients, peers and orderers apart by
 * the OU the CA wrote into their certificates.
 */
export function nodeOuConfig(caCertPath: string): string {
  const ou = (name: string): string =>
    `  ${name[0].toUpperCase()}${name.slice(1)}OUIdentifier:\n    Certificate: ${caCertPath}\n    OrganizationalUnitIdentifier: ${name}\n`;
  return `NodeOUs:\n  Enable: true\n${ou('client')}${ou('peer')}${ou('admin')}${ou('orderer')}`;
}

/**
 * Copies what fabric-ca-client enrolled into the stable MSP layout of {@link writeMspFiles}.
 */
function writeMsp(enrolled: string, target: string, caCert: string): void {
  writeMspFiles(
    target,
    {
      certificate: fs.readFileSync(path.join(enrolled, 'signcerts', 'cert.pem'), 'utf8'),
      privateKey: fs.readFileSync(onlyFile(path.join(enrolled, 'keystore')), 'utf8'),
    },
    caCert,
  );
}

/**
 * Writes an identity as an MSP folder Fabric's tools and the gateway client read: `signcerts/cert.pem`,
 * `keystore/key.pem` (0600), `cacerts/ca.pem`, `tlscacerts/ca.pem` and the NodeOU `config.yaml`. The folder is
 * assembled beside the target and swapped in whole, so a failure never leaves half an identity.
 *
 * @param target - the MSP folder to (re)place
 * @param identity - the PEM certificate and private key
 * @param caCert - the PEM file of the org's CA root
 */
export function writeMspFiles(
  target: string,
  identity: { readonly certificate: string; readonly privateKey: string },
  caCert: string,
): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.new-`);
  try {
    for (const sub of ['signcerts', 'keystore', 'cacerts', 'tlscacerts']) {
      fs.mkdirSync(path.join(staging, sub));
    }
    fs.writeFileSync(path.join(staging, 'signcerts', 'cert.pem'), identity.certificate);
    fs.writeFileSync(path.join(staging, 'keystore', 'key.pem'), identity.privateKey, { mode: 0o600 });
    fs.copyFileSync(caCert, path.join(staging, 'cacerts', 'ca.pem'));
    fs.copyFileSync(caCert, path.join(staging, 'tlscacerts', 'ca.pem'));
    fs.writeFileSync(path.join(staging, 'config.yaml'), nodeOuConfig('cacerts/ca.pem'));
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

function onlyFile(dir: string): string {
  const files = fs.readdirSync(dir);
  if (files.length !== 1) {
    throw new Error(`expected exactly one file in ${dir}, found ${files.length}`);
  }
  return path.join(dir, files[0]);
}
