import { createECDH, createHash } from 'node:crypto';
import type { DnAttribute } from '../caller';

/**
 * Deterministic X.509 certificates for the in-memory ledger. fabric-shim's `ClientIdentity`
 * parses the creator's PEM certificate (subject, issuer, Fabric CA attribute extension), and the
 * in-memory ledger runs the real fabric-shim code, so test identities need real DER. Node can
 * parse but not issue certificates, hence this minimal DER writer. The signature is a fixed
 * placeholder: nothing in the chaincode path verifies it (the peer already did).
 */

// Object identifiers of the distinguished-name attributes fabric-shim prints with short names.
const DN_OIDS: Record<string, string> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  E: '1.2.840.113549.1.9.1',
};
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
/** Extension in which Fabric CA stores enrollment attributes as JSON `{"attrs":{...}}`. */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let header: Buffer;
  if (n < 0x80) {
    header = Buffer.from([tag, n]);
  } else if (n < 0x100) {
    header = Buffer.from([tag, 0x81, n]);
  } else {
    header = Buffer.from([tag, 0x82, n >> 8, n & 0xff]);
  }
  return Buffer.concat([header, content]);
}

const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const octets = (bytes: Buffer): Buffer => der(0x04, bytes);
const bits = (bytes: Buffer): Buffer => der(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const explicit = (n: number, inner: Buffer): Buffer => der(0xa0 + n, inner);

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: prefix a zero byte if the high bit is set.
  const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return der(0x02, body);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * (arcs[0] as number) + (arcs[1] as number)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    let rest = Math.floor(arc / 128);
    while (rest > 0) {
      chunk.unshift((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

function name(attributes: readonly DnAttribute[]): Buffer {
  return seq(
    ...attributes.map((a) => {
      const type = DN_OIDS[a.type];
      if (!type) {
        throw new Error(`unsupported DN attribute type ${a.type}`);
      }
      return set(seq(oid(type), utf8(a.value)));
    }),
  );
}

/** What {@link createCertificatePem} puts into a certificate. */
export interface CertificateSpec {
  /** Subject DN attributes in order (`C`, `ST`, `L`, `O`, `OU`, `CN`, `E`). */
  subject: readonly DnAttribute[];
  /** Issuer DN attributes in order. */
  issuer: readonly DnAttribute[];
  /** Fabric CA enrollment attributes (`ClientIdentity.getAttributeValue`). */
  attributes?: Readonly<Record<string, string>>;
  /** Serial number, hex; default derived from subject and issuer. */
  serialHex?: string;
}

/**
 * Builds a PEM certificate. The output depends only on `spec`: the key pair is derived from the
 * subject and issuer, so the same identity always yields the same bytes.
 */
export function createCertificatePem(spec: CertificateSpec): string {
  const seed = createHash('sha256')
    .update(JSON.stringify([spec.subject, spec.issuer]))
    .digest();
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(seed);
  const publicKey = ecdh.getPublicKey();
  const serial = Buffer.from(spec.serialHex ?? seed.subarray(0, 16).toString('hex'), 'hex');
  const extensions: Buffer[] = [];
  if (spec.attributes && Object.keys(spec.attributes).length > 0) {
    const json = JSON.stringify({ attrs: spec.attributes });
    extensions.push(seq(oid(FABRIC_ATTRIBUTES_OID), octets(Buffer.from(json, 'utf8'))));
  }
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // X.509 v3
    integer(serial),
    seq(oid(OID_ECDSA_SHA256)),
    name(spec.issuer),
    // Fixed validity: the chaincode does not look at it, and a fixed value keeps output stable.
    seq(der(0x17, Buffer.from('250101000000Z')), der(0x17, Buffer.from('450101000000Z'))),
    name(spec.subject),
    seq(seq(oid(OID_EC_PUBLIC_KEY), oid(OID_P256)), bits(publicKey)),
    ...(extensions.length > 0 ? [explicit(3, seq(...extensions))] : []),
  );
  // Placeholder ECDSA-Sig-Value {r: 1, s: 1}.
  const signature = seq(integer(Buffer.from([1])), integer(Buffer.from([1])));
  const certificate = seq(tbs, seq(oid(OID_ECDSA_SHA256)), bits(signature));
  const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}
