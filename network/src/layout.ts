import * as path from 'node:path';
import { NodeSpec, OrgSpec } from './topology';

/**
 * Where everything lives under the runtime folder. One place, so the CLI, the deploy flow,
 * connection profiles and docs/network.md agree.
 */
export class Layout {
  /** @param root - the runtime folder every path is under (see `NDI_RUNTIME_DIR`) */
  constructor(readonly root: string) {}

  /** Fabric CA server home of an org. */
  caHome(org: OrgSpec): string {
    return path.join(this.root, 'ca', org.name);
  }

  /** The CA's root certificate: trust anchor for enrollment certs, TLS certs and the CA's own TLS. */
  caCert(org: OrgSpec): string {
    return path.join(this.caHome(org), 'ca-cert.pem');
  }

  /** Bootstrap registrar password of an org's CA (mode 0600, never printed). */
  caSecretFile(org: OrgSpec): string {
    return path.join(this.caHome(org), 'bootstrap-secret');
  }

  /** Client home of the CA registrar (the CA's bootstrap admin). */
  registrarHome(org: OrgSpec): string {
    return path.join(this.root, 'orgs', org.name, 'registrar');
  }

  /** The org's verifying MSP (cacerts, tlscacerts, NodeOU config) as it goes into the channel config. */
  orgMsp(org: OrgSpec): string {
    return path.join(this.root, 'orgs', org.name, 'msp');
  }

  /** Folder of an org's enrolled users, one sub-folder each. */
  usersDir(org: OrgSpec): string {
    return path.join(this.root, 'orgs', org.name, 'users');
  }

  /** An enrolled user's MSP folder: `signcerts/cert.pem`, `keystore/key.pem`, `cacerts`, `config.yaml`. */
  userMsp(org: OrgSpec, user: string): string {
    return path.join(this.usersDir(org), user, 'msp');
  }

  /** An enrolled user's TLS client certificate (`server.crt`, `server.key`, `ca.crt`), for mutual-TLS admin endpoints. */
  userTls(org: OrgSpec, user: string): string {
    return path.join(this.usersDir(org), user, 'tls');
  }

  /** The org admin's identity (NodeOU `admin`). */
  adminMsp(org: OrgSpec): string {
    return this.userMsp(org, 'admin');
  }

  /** A node's home: `msp/`, `tls/`, configuration and ledger. */
  nodeHome(node: NodeSpec): string {
    return path.join(this.root, 'nodes', node.id);
  }

  /** A node's TLS files: `server.crt`, `server.key`, `ca.crt`. */
  nodeTls(node: NodeSpec): string {
    return path.join(this.nodeHome(node), 'tls');
  }

  /** Log files of nodes, CAs and chaincode processes. */
  logs(): string {
    return path.join(this.root, 'logs');
  }

  /** Log file of a named process. */
  logFile(name: string): string {
    return path.join(this.logs(), `${name}.log`);
  }

  /** Chaincode process logs, one per peer and chaincode. */
  chaincodeLogs(): string {
    return path.join(this.logs(), 'chaincode');
  }

  /** Channel artifacts: configtx.yaml and the genesis block. */
  channelDir(): string {
    return path.join(this.root, 'channel');
  }

  /** Generated connection descriptions, one per org. */
  connectionProfile(org: OrgSpec): string {
    return path.join(this.root, 'connection', `${org.name}.json`);
  }

  /** Chaincode packages built by `deploy`. */
  packages(): string {
    return path.join(this.root, 'packages');
  }

  /** The network's record of what it is: topology, binaries, state. */
  stateFile(): string {
    return path.join(this.root, 'network.json');
  }
}
