// @peculiar/x509 resolves its ASN.1 helpers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createPrivateKey, type KeyObject, sign, webcrypto, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { ConfigurationError, NdiError, type NdiErrorOptions } from './errors';

/**
 * Where a Fabric CA is and how to trust it: the `certificateAuthority` entry of an ndi connection profile.
 */
export interface CertificateAuthority {
  /** The CA server's base URL, e.g. `https://localhost:7054`. */
  readonly url: string;
  /** The name of the CA inside its server (`--caname`), e.g. `ca-exchange`. */
  readonly caName: string;
  /** The CA's TLS root certificate: a PEM text, or the path of a PEM file (as the connection profile gives it). */
  readonly tlsCACert: string;
}

/** One error as reported by Fabric CA in its response's `errors` list. */
export interface CaErrorDetail {
  /** Fabric CA's numeric error code (e.g. `20` for an authentication failure). */
  readonly code: number;
  /** Fabric CA's message. */
  readonly message: string;
}

/** What a {@link CertificateAuthorityError} is constructed with. */
export interface CertificateAuthorityErrorOptions extends NdiErrorOptions {
  /** The HTTP status of the CA's response, when one was received. */
  readonly httpStatus?: number;
  /** The errors the CA reported, when it sent any. */
  readonly caErrors?: readonly CaErrorDetail[];
}

/**
 * A request to a Fabric CA failed: the CA refused it (its codes and messages are in {@link caErrors}), or it
 * could not be reached, or its answer was not understood. Never carries an enrollment secret.
 */
export class CertificateAuthorityError extends NdiError {
  /** The HTTP status of the CA's response; `undefined` when none was received (connection or TLS failure). */
  public readonly httpStatus: number | undefined;
  /** The errors the CA reported, first the most relevant; empty when it reported none. */
  public readonly caErrors: readonly CaErrorDetail[];
  /** The first error code the CA reported, when it reported one. */
  public readonly code: number | undefined;

  /**
   * @param message - what went wrong
   * @param options - HTTP status, the CA's errors, cause
   */
  constructor(message: string, options: CertificateAuthorityErrorOptions = {}) {
    super(message, options);
    this.httpStatus = options.httpStatus;
    this.caErrors = options.caErrors ?? [];
    this.code = this.caErrors[0]?.code;
  }
}

/** Enrolling an identity with a Fabric CA failed (wrong secret, no enrollments left, CA unreachable, ...). */
export class EnrollmentError extends CertificateAuthorityError {}

/** Registering an identity with a Fabric CA failed (already registered, registrar not allowed, ...). */
export class RegistrationError extends CertificateAuthorityError {}

/** What {@link enroll} needs. */
export interface EnrollOptions {
  /** The CA to enroll with. */
  readonly ca: CertificateAuthority;
  /** The identity's enrollment ID; becomes the certificate's `CN`. */
  readonly enrollmentId: string;
  /** The identity's enrollment secret. Sent only in the request's basic authentication header. */
  readonly secret: string;
  /** Host names and IP addresses to request as subject alternative names (for TLS server certificates). */
  readonly csrHosts?: readonly string[];
  /** How long to wait for the CA, in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

/** What {@link reenroll} needs. */
export interface ReenrollOptions {
  /** The CA that issued the identity. */
  readonly ca: CertificateAuthority;
  /** The enrolled identity to renew: its current certificate and private key, which authorize the request. */
  readonly identity: RegistrarIdentity;
  /** Host names and IP addresses to request as subject alternative names (for TLS server certificates). */
  readonly csrHosts?: readonly string[];
  /** How long to wait for the CA, in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

/** What {@link enroll} returns: a new identity's certificate, its private key, and the CA chain. */
export interface Enrollment {
  /** The issued X.509 certificate, PEM. */
  readonly certificate: string;
  /** The new EC P-256 private key, PEM (PKCS#8). Generated locally; never sent to the CA. */
  readonly privateKey: string;
  /** The CA's certificate chain, PEM (one or more certificates). */
  readonly caChain: string;
}

/** The identity types Fabric CA knows; with NodeOUs on, each becomes the certificate's `OU`. */
export type CaIdentityType = 'client' | 'admin' | 'peer' | 'orderer';

/** An enrolled identity allowed to register others: its PEM certificate and PEM (or loaded) EC P-256 private key. */
export interface RegistrarIdentity {
  /** The registrar's X.509 certificate, PEM. */
  readonly certificate: string;
  /** The registrar's private key, PEM (PKCS#8 or SEC1) or a loaded key. */
  readonly privateKey: string | KeyObject;
}

/** What {@link register} needs. */
export interface RegisterOptions {
  /** The CA to register with. */
  readonly ca: CertificateAuthority;
  /** The registrar that signs the request. */
  readonly registrar: RegistrarIdentity;
  /** The new identity's enrollment ID. */
  readonly id: string;
  /** The enrollment secret to set; the CA generates one when omitted. */
  readonly secret?: string;
  /** The identity's type. */
  readonly type: CaIdentityType;
  /** The identity's affiliation; default `''`, the root (allowed to a root-affiliated registrar). */
  readonly affiliation?: string;
  /** How many times the identity may enroll; omitted, the CA's default applies (`-1`: unlimited). */
  readonly maxEnrollments?: number;
  /** How long to wait for the CA, in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Order of the P-256 group, for the low-S normalization Fabric requires. */
const P256_ORDER = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
const P256_HALF_ORDER = P256_ORDER >> 1n;

const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64');

function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const body = Buffer.from(der as Uint8Array).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] as number) & 0x80) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/**
 * DER-encodes an ECDSA P-256 signature given as `r || s` (IEEE P1363, 64 bytes), after making `s` low
 * (`s <= n/2`), as Fabric's verifiers require.
 *
 * @param raw - the 64-byte `r || s` signature
 * @returns the DER `SEQUENCE { INTEGER r, INTEGER s }`
 */
export function lowSDerSignature(raw: Uint8Array): Buffer {
  if (raw.length !== 64) {
    throw new RangeError(`expected a 64-byte P-256 r||s signature, got ${raw.length} bytes`);
  }
  const r = BigInt(`0x${Buffer.from(raw.subarray(0, 32)).toString('hex')}`);
  let s = BigInt(`0x${Buffer.from(raw.subarray(32)).toString('hex')}`);
  if (s > P256_HALF_ORDER) {
    s = P256_ORDER - s;
  }
  const content = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}

function registrarKey(registrar: RegistrarIdentity): KeyObject {
  let key: KeyObject;
  try {
    key = typeof registrar.privateKey === 'string' ? createPrivateKey(registrar.privateKey) : registrar.privateKey;
  } catch (err) {
    throw new ConfigurationError('the registrar private key is not a valid PEM private key', undefined, err);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigurationError('the registrar private key must be an EC P-256 key');
  }
  return key;
}

/**
 * Computes Fabric CA's ECDSA authorization token for a request:
 * `b64(certPEM) + "." + b64(signatureDER)`, the signature being ECDSA-SHA256 (low S, DER) over
 * `method + "." + b64(uri) + "." + b64(body) + "." + b64(certPEM)`.
 *
 * @param registrar - the signing identity
 * @param method - the HTTP method, e.g. `POST`
 * @param uri - the request path, e.g. `/api/v1/register`
 * @param body - the exact request body
 * @throws {@link ConfigurationError} if the key is not a usable EC P-256 private key
 */
export function fabricCaToken(registrar: RegistrarIdentity, method: string, uri: string, body: string): string {
  const key = registrarKey(registrar);
  const b64cert = b64(registrar.certificate);
  const payload = `${method}.${b64(uri)}.${b64(body)}.${b64cert}`;
  const raw = sign('sha256', Buffer.from(payload), { key, dsaEncoding: 'ieee-p1363' });
  return `${b64cert}.${lowSDerSignature(raw).toString('base64')}`;
}

// The DOM WebCrypto types @peculiar/x509 declares, which node:crypto's webcrypto implements.
type CsrParams = Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0];
type CsrCrypto = NonNullable<Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[1]>;

/**
 * Builds a PKCS#10 certificate request for `CN=<commonName>`, signed ECDSA-SHA256 by the key pair, with the
 * given host names and IP addresses as subject alternative names.
 *
 * @param commonName - the subject's common name (the enrollment ID)
 * @param keys - a WebCrypto ECDSA key pair
 * @param hosts - DNS names and IP addresses for the subject alternative name extension
 * @returns the CSR, PEM
 */
export async function createCsr(
  commonName: string,
  keys: webcrypto.CryptoKeyPair,
  hosts: readonly string[] = [],
): Promise<string> {
  const names = hosts.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: [{ CN: [commonName] }],
      keys: keys as unknown as CsrParams['keys'],
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : [],
    },
    webcrypto as unknown as CsrCrypto,
  );
  return csr.toString('pem');
}

function caTrust(ca: CertificateAuthority): string {
  if (ca.tlsCACert.includes('-----BEGIN')) {
    return ca.tlsCACert;
  }
  try {
    return fs.readFileSync(ca.tlsCACert, 'utf8');
  } catch (err) {
    throw new ConfigurationError(
      `cannot read the CA TLS certificate ${ca.tlsCACert}: ${(err as Error).message}`,
      ca.tlsCACert,
      err,
    );
  }
}

interface CaResponse {
  readonly success?: unknown;
  readonly result?: unknown;
  readonly errors?: unknown;
}

type ErrorClass = new (message: string, options?: CertificateAuthorityErrorOptions) => CertificateAuthorityError;

function caErrorsOf(response: CaResponse | undefined): CaErrorDetail[] {
  if (!Array.isArray(response?.errors)) {
    return [];
  }
  return (response.errors as unknown[]).flatMap((e) => {
    const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ code: typeof code === 'number' ? code : 0, message }] : [];
  });
}

interface CaRequest {
  readonly ca: CertificateAuthority;
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly what: string;
  readonly ErrorType: ErrorClass;
  readonly timeoutMs: number;
}

/** POSTs to the CA and returns its `result`; any failure becomes `ErrorType`, whose message never holds secrets. */
async function post(request: CaRequest, uri: string): Promise<unknown> {
  const { ca, body, what, ErrorType } = request;
  const target = new URL(ca.url);
  const ctx = `${what} with ${ca.caName} at ${target.origin}`;
  const trust = caTrust(ca);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = https.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: uri,
        method: 'POST',
        ca: trust,
        timeout: request.timeoutMs,
        headers: {
          ...request.headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  }).catch((err: unknown) => {
    throw new ErrorType(`${ctx} failed: ${(err as Error).message}`, { cause: err });
  });
  let response: CaResponse | undefined;
  try {
    response = JSON.parse(text) as CaResponse;
  } catch {
    response = undefined;
  }
  const caErrors = caErrorsOf(response);
  if (response?.success !== true || status < 200 || status >= 300) {
    const reason =
      caErrors.length > 0
        ? caErrors.map((e) => `code ${e.code}: ${e.message}`).join('; ')
        : `HTTP ${status}${response ? '' : ', not a Fabric CA JSON response'}`;
    throw new ErrorType(`${ctx} failed: ${reason}`, { httpStatus: status, caErrors });
  }
  return response.result;
}

async function callCa(request: CaRequest): Promise<unknown> {
  const base = new URL(request.ca.url).pathname.replace(/\/+$/, '');
  return post(request, `${base}${request.path}`);
}

function decodePem(value: unknown, field: string, ErrorType: ErrorClass, ctx: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ErrorType(`${ctx}: the CA's response lacks ${field}`);
  }
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ErrorType(`${ctx}: the CA's ${field} is not a base64 PEM certificate`);
  }
  return text;
}

/**
 * Enrolls an identity with a Fabric CA over its REST API (`POST /api/v1/enroll`): generates an EC P-256 key
 * pair locally, sends a CSR for `CN=<enrollmentId>` authenticated by the enrollment ID and secret, and
 * returns the issued certificate with the new private key and the CA chain.
 *
 * @param options - the CA, the enrollment ID and secret, optional CSR hosts
 * @throws {@link EnrollmentError} with the CA's codes and messages if the CA refuses, or if it cannot be reached
 * @throws {@link ConfigurationError} if the CA's TLS certificate file cannot be read
 */
export async function enroll(options: EnrollOptions): Promise<Enrollment> {
  const { ca, enrollmentId, secret } = options;
  return requestCertificate({
    ca,
    commonName: enrollmentId,
    csrHosts: options.csrHosts,
    path: '/api/v1/enroll',
    authorize: () => `Basic ${b64(`${enrollmentId}:${secret}`)}`,
    what: `enroll '${enrollmentId}'`,
    timeoutMs: options.timeoutMs,
  });
}

/**
 * Renews an enrolled identity's certificate over Fabric CA's REST API (`POST /api/v1/reenroll`): a new EC
 * P-256 key pair is generated locally and the request is authorized by the current certificate and key (no
 * secret needed), so the identity keeps its enrollment ID, type and attributes.
 *
 * @param options - the CA and the identity to renew, optional CSR hosts
 * @returns the new certificate, the new private key and the CA chain
 * @throws {@link EnrollmentError} with the CA's codes and messages if the CA refuses (e.g. the certificate is
 *   revoked or expired), or if it cannot be reached
 * @throws {@link ConfigurationError} if the identity's key is unusable or its certificate cannot be read
 */
export async function reenroll(options: ReenrollOptions): Promise<Enrollment> {
  const { ca, identity } = options;
  let commonName: string | undefined;
  try {
    commonName = new X509Certificate(identity.certificate).subject
      .split('\n')
      .find((part) => part.startsWith('CN='))
      ?.slice(3);
  } catch (err) {
    throw new ConfigurationError('the certificate to re-enroll is not a PEM X.509 certificate', undefined, err);
  }
  if (commonName === undefined || commonName.length === 0) {
    throw new ConfigurationError('the certificate to re-enroll has no subject common name');
  }
  const cn = commonName;
  return requestCertificate({
    ca,
    commonName: cn,
    csrHosts: options.csrHosts,
    path: '/api/v1/reenroll',
    authorize: (uri, body) => fabricCaToken(identity, 'POST', uri, body),
    what: `re-enroll '${cn}'`,
    timeoutMs: options.timeoutMs,
  });
}

interface CertificateRequest {
  readonly ca: CertificateAuthority;
  readonly commonName: string;
  readonly csrHosts: readonly string[] | undefined;
  readonly path: '/api/v1/enroll' | '/api/v1/reenroll';
  readonly authorize: (uri: string, body: string) => string;
  readonly what: string;
  readonly timeoutMs: number | undefined;
}

/** Generates a key pair, sends its CSR to the CA and returns the issued certificate with the new key. */
async function requestCertificate(request: CertificateRequest): Promise<Enrollment> {
  const { ca, commonName } = request;
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await createCsr(commonName, keys, request.csrHosts ?? []);
  const body = JSON.stringify({ certificate_request: csr, caname: ca.caName });
  const uri = `${new URL(ca.url).pathname.replace(/\/+$/, '')}${request.path}`;
  const result = (await callCa({
    ca,
    path: request.path,
    body,
    headers: { Authorization: request.authorize(uri, body) },
    what: request.what,
    ErrorType: EnrollmentError,
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  })) as { Cert?: unknown; ServerInfo?: { CAChain?: unknown } } | undefined;
  const ctx = `${request.what} with ${ca.caName}`;
  const certificate = decodePem(result?.Cert, 'result.Cert', EnrollmentError, ctx);
  const caChain = decodePem(result?.ServerInfo?.CAChain, 'result.ServerInfo.CAChain', EnrollmentError, ctx);
  const privateKey = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certificate, privateKey, caChain };
}

/**
 * Registers a new identity with a Fabric CA over its REST API (`POST /api/v1/register`), the request being
 * authorized by the registrar's ECDSA token (see {@link fabricCaToken}).
 *
 * @param options - the CA, the registrar, the new identity's ID, type and optional secret, affiliation, limit
 * @returns the enrollment secret: the one given, or the one the CA generated
 * @throws {@link RegistrationError} with the CA's codes and messages if the CA refuses (e.g. the ID is already
 *   registered), or if it cannot be reached
 * @throws {@link ConfigurationError} if the registrar's key is unusable or the CA's TLS certificate cannot be read
 */
export async function register(options: RegisterOptions): Promise<string> {
  const { ca, registrar, id } = options;
  const request: Record<string, unknown> = { id, type: options.type, affiliation: options.affiliation ?? '' };
  if (options.secret !== undefined) {
    request.secret = options.secret;
  }
  if (options.maxEnrollments !== undefined) {
    request.max_enrollments = options.maxEnrollments;
  }
  request.caname = ca.caName;
  const body = JSON.stringify(request);
  const uri = `${new URL(ca.url).pathname.replace(/\/+$/, '')}/api/v1/register`;
  const token = fabricCaToken(registrar, 'POST', uri, body);
  const result = (await callCa({
    ca,
    path: '/api/v1/register',
    body,
    headers: { Authorization: token },
    what: `register '${id}'`,
    ErrorType: RegistrationError,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  })) as { secret?: unknown } | undefined;
  const secret = result?.secret;
  if (typeof secret !== 'string' || secret.length === 0) {
    if (options.secret !== undefined) {
      return options.secret;
    }
    throw new RegistrationError(`register '${id}' with ${ca.caName}: the CA's response lacks result.secret`);
  }
  return secret;
}
