import * as fs from 'node:fs';
import * as path from 'node:path';
import { Layout } from './layout';
import { OrgSpec, Topology } from './topology';

/** A peer a client can connect to. */
export interface PeerEndpoint {
  readonly name: string;
  /** `host:port` to dial. */
  readonly endpoint: string;
  /** The name to expect in the peer's TLS certificate (gRPC `ssl_target_name_override`). */
  readonly hostnameOverride: string;
  /** PEM file of the CA that issued the peer's TLS certificate. */
  readonly tlsCACert: string;
}

/** An enrolled identity on disk. */
export interface IdentityFiles {
  readonly mspDir: string;
  readonly certificate: string;
  readonly privateKey: string;
}

/**
 * What the network tells a client of one org: where its peers are, how to trust them, its CA,
 * and the identities enrolled for it. The gateway client reads this file.
 */
export interface ConnectionProfile {
  readonly name: string;
  readonly version: 1;
  readonly channel: string;
  readonly organization: string;
  readonly mspId: string;
  readonly peers: readonly PeerEndpoint[];
  readonly certificateAuthority: { readonly url: string; readonly caName: string; readonly tlsCACert: string };
  readonly identities: Readonly<Record<string, IdentityFiles>>;
}

/** Builds an org's connection profile from the topology and the identities enrolled so far. */
export function connectionProfile(topology: Topology, layout: Layout, org: OrgSpec): ConnectionProfile {
  const usersDir = layout.usersDir(org);
  const users = fs.existsSync(usersDir) ? fs.readdirSync(usersDir).sort() : [];
  const identities: Record<string, IdentityFiles> = {};
  for (const user of users) {
    const mspDir = layout.userMsp(org, user);
    if (fs.existsSync(path.join(mspDir, 'signcerts', 'cert.pem'))) {
      identities[user] = {
        mspDir,
        certificate: path.join(mspDir, 'signcerts', 'cert.pem'),
        privateKey: path.join(mspDir, 'keystore', 'key.pem'),
      };
    }
  }
  return {
    name: `ndi-${org.name}`,
    version: 1,
    channel: topology.channel,
    organization: org.name,
    mspId: org.mspId,
    peers: org.nodeSpecs.map((peer) => ({
      name: peer.id,
      endpoint: `localhost:${peer.ports.listen}`,
      hostnameOverride: peer.host,
      tlsCACert: layout.caCert(org),
    })),
    certificateAuthority: {
      url: `https://localhost:${org.caPort}`,
      caName: `ca-${org.name}`,
      tlsCACert: layout.caCert(org),
    },
    identities,
  };
}

/** Writes `<runtime>/connection/<org>.json` and returns its path. */
export function writeConnectionProfile(topology: Topology, layout: Layout, org: OrgSpec): string {
  const file = layout.connectionProfile(org);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(connectionProfile(topology, layout, org), null, 2) + '\n');
  return file;
}

/** Reads an org's connection profile (as the gateway client and tests do). */
export function readConnectionProfile(layout: Layout, org: OrgSpec): ConnectionProfile {
  return JSON.parse(fs.readFileSync(layout.connectionProfile(org), 'utf8')) as ConnectionProfile;
}
