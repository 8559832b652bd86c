import { deriveDid, type DnAttribute } from '../caller';
import { createCertificatePem } from './certificates';

/** Describes a test identity; everything but `mspId` and `commonName` has a default. */
export interface IdentitySpec {
  /** MSP ID of the organization, e.g. `Org1MSP`. */
  mspId: string;
  /** Subject common name, e.g. `alice` or `Admin@org1`. */
  commonName: string;
  /** NodeOU role; `admin: true` is shorthand for `role: 'admin'`. Default `client`. */
  role?: 'admin' | 'client' | 'peer' | 'orderer';
  /** Shorthand for `role: 'admin'`. */
  admin?: boolean;
  /** Further subject OUs after the role OU (Fabric CA adds affiliation OUs). */
  extraOrganizationalUnits?: readonly string[];
  /** Fabric CA enrollment attributes (`ctx.clientIdentity.getAttributeValue`). */
  attributes?: Readonly<Record<string, string>>;
  /** Full subject DN, overriding `commonName`, role and OUs. */
  subject?: readonly DnAttribute[];
  /** Full issuer DN; default `/C=CN/O=<mspId>/CN=ca.<mspId lowercase>`. */
  issuer?: readonly DnAttribute[];
}

/** An identity that can submit transactions to the in-memory ledger. */
export interface TestIdentity {
  /** MSP ID of the organization. */
  mspId: string;
  /** PEM certificate the creator presents. */
  certificate: string;
  /** What `ctx.clientIdentity.getID()` returns for it. */
  id: string;
  /** Its DID as `getCaller(ctx).did` derives it. */
  did: string;
  /** Whether its subject carries the NodeOU `admin` role. */
  isAdmin: boolean;
}

// fabric-shim's ClientIdentity prints DNs this way (escaping only the first "/" of a value).
function formatDn(attributes: readonly DnAttribute[]): string {
  return attributes.map((a) => `/${a.type}=${a.value.replace('/', '\\/')}`).join('');
}

/**
 * Creates a test identity with a deterministic certificate. The same spec always gives the
 * same certificate, ID and DID.
 *
 * @example
 * const admin = createIdentity({ mspId: 'Org1MSP', commonName: 'admin', admin: true });
 * const alice = createIdentity({ mspId: 'Org1MSP', commonName: 'alice', attributes: { role: 'valuer' } });
 */
export function createIdentity(spec: IdentitySpec): TestIdentity {
  const role = spec.admin ? 'admin' : (spec.role ?? 'client');
  const subject: readonly DnAttribute[] = spec.subject ?? [
    { type: 'C', value: 'CN' },
    { type: 'O', value: spec.mspId },
    { type: 'OU', value: role },
    ...(spec.extraOrganizationalUnits ?? []).map((value) => ({ type: 'OU', value })),
    { type: 'CN', value: spec.commonName },
  ];
  const issuer: readonly DnAttribute[] = spec.issuer ?? [
    { type: 'C', value: 'CN' },
    { type: 'O', value: spec.mspId },
    { type: 'CN', value: `ca.${spec.mspId.toLowerCase()}` },
  ];
  const certificate = createCertificatePem({ subject, issuer, attributes: spec.attributes });
  const id = `x509::${formatDn(subject)}::${formatDn(issuer)}`;
  return {
    mspId: spec.mspId,
    certificate,
    id,
    did: deriveDid(spec.mspId, id),
    isAdmin: subject.some((a) => a.type === 'OU' && a.value.toLowerCase() === 'admin'),
  };
}
