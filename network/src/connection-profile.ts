import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConnectionProfile, IdentityFiles } from '@ndi/gateway-client';
import { Layout } from './layout';
import { OrgSpec, Topology } from './topology';
import { certificateAuthorityOf } from './user-onboarding';

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
      endpoint: `127.0.0.1:${peer.ports.listen}`,
      hostnameOverride: peer.host,
      tlsCACert: layout.caCert(org),
    })),
    certificateAuthority: certificateAuthorityOf(layout, org),
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
