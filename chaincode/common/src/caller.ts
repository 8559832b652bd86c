import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import { forbidden } from './errors';

/** One attribute of an X.509 distinguished name, e.g. `{ type: 'OU', value: 'admin' }`. */
export interface DnAttribute {
  /** Short attribute name as fabric-shim prints it (`C`, `ST`, `L`, `O`, `OU`, `CN`, ...). */
  type: string;
  /** Attribute value, unescaped. */
  value: string;
}

/** The subject and issuer DNs encoded in a `ClientIdentity.getID()` string. */
export interface X509Id {
  /** Subject DN attributes, in certificate order. */
  subject: DnAttribute[];
  /** Issuer DN attributes, in certificate order. */
  issuer: DnAttribute[];
}

/** Who submitted the current transaction. */
export interface Caller {
  /** MSP ID of the caller's organization, e.g. `Org1MSP`. */
  mspId: string;
  /** `ClientIdentity.getID()`: `x509::<subject DN>::<issuer DN>`. */
  id: string;
  /** Subject common name (`CN`), or `''` if the certificate has none. */
  commonName: string;
  /** Subject organizational units (`OU`) in certificate order; NodeOU roles appear here. */
  organizationalUnits: string[];
  /** Whether the certificate carries the NodeOU `admin` role of its organization. */
  isAdmin: boolean;
  /** The caller's DID, see {@link deriveDid}. */
  did: string;
}

/** Prefix of every DID this suite issues. */
export const DID_PREFIX = 'did:ndi:';

/**
 * Parses the string `ClientIdentity.getID()` returns
 * (`x509::/C=US/O=Org1/OU=admin/CN=admin0::/C=US/O=Org1/CN=ca.org1`).
 * fabric-shim escapes a `/` inside a value as `\/`.
 *
 * @throws Error if the string does not have that shape
 */
export function parseX509Id(id: string): X509Id {
  if (!id.startsWith('x509::')) {
    throw new Error(`not an x509 identity: ${id}`);
  }
  const body = id.slice('x509::'.length);
  // The DNs are separated by "::/"; subject values cannot contain an unescaped "/", so the
  // first "::/" is the separator.
  const separator = body.indexOf('::/');
  if (separator < 0) {
    throw new Error(`x509 identity has no issuer: ${id}`);
  }
  return { subject: parseDn(body.slice(0, separator)), issuer: parseDn(body.slice(separator + 2)) };
}

function parseDn(dn: string): DnAttribute[] {
  if (!dn.startsWith('/')) {
    throw new Error(`malformed distinguished name: ${dn}`);
  }
  const attributes: DnAttribute[] = [];
  // Split on "/" not preceded by a backslash. fabric-shim escapes only the first "/" of a value
  // (`value.replace('/', '\\/')`), so a segment without "TYPE=" continues the previous value.
  // Unknown attribute types have an empty short name ("/=value").
  for (const segment of dn.slice(1).split(/(?<!\\)\//)) {
    const match = /^([A-Za-z0-9.]*)=([\s\S]*)$/.exec(segment);
    const previous = attributes[attributes.length - 1];
    if (match) {
      attributes.push({ type: match[1] as string, value: unescapeSlash(match[2] as string) });
    } else if (previous) {
      previous.value += `/${unescapeSlash(segment)}`;
    } else {
      throw new Error(`malformed distinguished name: ${dn}`);
    }
  }
  return attributes;
}

function unescapeSlash(value: string): string {
  return value.replace(/\\\//g, '/');
}

/**
 * The DID of an identity: `did:ndi:<mspId>:<first 32 hex chars of sha256(id)>`. It depends only
 * on the MSP and the subject and issuer DNs, so a renewed certificate (same subject, same CA)
 * keeps its DID, while the same name under another CA or MSP gets a different one.
 */
export function deriveDid(mspId: string, id: string): string {
  const digest = createHash('sha256').update(id, 'utf8').digest('hex');
  return `${DID_PREFIX}${mspId}:${digest.slice(0, 32)}`;
}

/** Describes the submitter of the current transaction. */
export function getCaller(ctx: Context): Caller {
  const mspId = ctx.clientIdentity.getMSPID();
  const id = ctx.clientIdentity.getID();
  const { subject } = parseX509Id(id);
  const organizationalUnits = subject.filter((a) => a.type === 'OU').map((a) => a.value);
  const commonName = subject.find((a) => a.type === 'CN')?.value ?? '';
  return {
    mspId,
    id,
    commonName,
    organizationalUnits,
    // NodeOU classification puts the role ("admin", "client", "peer", "orderer") into an OU.
    isAdmin: organizationalUnits.some((ou) => ou.toLowerCase() === 'admin'),
    did: deriveDid(mspId, id),
  };
}

/**
 * Returns the caller if it is an admin of its organization (NodeOU `admin`).
 *
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
export function requireAdmin(ctx: Context, action = 'this operation'): Caller {
  const caller = getCaller(ctx);
  if (!caller.isAdmin) {
    throw forbidden(`${action} requires an admin of ${caller.mspId}`);
  }
  return caller;
}

/**
 * Returns the caller if its organization is one of `mspIds`.
 *
 * @throws ChaincodeError `FORBIDDEN` otherwise
 */
export function requireMsp(ctx: Context, mspIds: readonly string[], action = 'this operation'): Caller {
  const caller = getCaller(ctx);
  if (!mspIds.includes(caller.mspId)) {
    throw forbidden(`${action} is not allowed for organization ${caller.mspId}`);
  }
  return caller;
}
