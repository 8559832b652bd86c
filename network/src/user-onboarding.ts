import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CertificateAuthority,
  type Enrollment,
  type RegistrarIdentity,
  enroll,
  reenroll,
  register,
} from '@ndi/gateway-client';
import { writeMspFiles } from './ca';
import { Layout } from './layout';
import { OrgSpec } from './topology';

/** How a user came to hold the certificate now in its MSP folder. */
export type OnboardingOutcome = 'registered' | 'reenrolled';

/** Where the org's CA listens and how to trust it, as a client sees it. */
export function certificateAuthorityOf(layout: Layout, org: OrgSpec): CertificateAuthority {
  return { url: `https://127.0.0.1:${org.caPort}`, caName: `ca-${org.name}`, tlsCACert: layout.caCert(org) };
}

/** The CA's bootstrap registrar as fabric-ca-client enrolled it during `up`. */
export function registrarIdentity(layout: Layout, org: OrgSpec): RegistrarIdentity {
  const msp = path.join(layout.registrarHome(org), 'msp');
  const keystore = path.join(msp, 'keystore');
  const keys = fs.existsSync(keystore) ? fs.readdirSync(keystore).filter((name) => name.endsWith('_sk')) : [];
  if (keys.length !== 1) {
    throw new Error(`the ${org.name} registrar is not enrolled (${msp}); run 'npm run network -- up' first`);
  }
  return {
    certificate: fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'utf8'),
    privateKey: fs.readFileSync(path.join(keystore, keys[0] as string), 'utf8'),
  };
}

/**
 * Onboards `user` of `org` through the gateway client's CA onboarding (Fabric CA's REST API): a user whose
 * MSP folder exists is re-enrolled with its own certificate (same enrollment ID, new key); a new user is
 * registered by the org's registrar with a one-time random secret, which is used at once and never stored.
 * The MSP folder is replaced only once the CA has issued the new certificate.
 */
export async function onboardUser(
  layout: Layout,
  org: OrgSpec,
  user: string,
  type: 'client' | 'admin',
): Promise<{ mspDir: string; outcome: OnboardingOutcome }> {
  const ca = certificateAuthorityOf(layout, org);
  const mspDir = layout.userMsp(org, user);
  const certFile = path.join(mspDir, 'signcerts', 'cert.pem');
  const keyFile = path.join(mspDir, 'keystore', 'key.pem');
  let enrollment: Enrollment;
  let outcome: OnboardingOutcome;
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const identity = { certificate: fs.readFileSync(certFile, 'utf8'), privateKey: fs.readFileSync(keyFile, 'utf8') };
    enrollment = await reenroll({ ca, identity });
    outcome = 'reenrolled';
  } else {
    const secret = await register({
      ca,
      registrar: registrarIdentity(layout, org),
      id: user,
      type,
      secret: randomBytes(18).toString('hex'),
      maxEnrollments: 1,
    });
    enrollment = await enroll({ ca, enrollmentId: user, secret });
    outcome = 'registered';
  }
  writeMspFiles(mspDir, enrollment, layout.caCert(org));
  return { mspDir, outcome };
}
