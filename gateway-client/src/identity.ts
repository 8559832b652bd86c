import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hash, type Hash, type Identity, type Signer, signers } from '@hyperledger/fabric-gateway';
import { ConfigurationError } from './errors';

/**
 * Everything fabric-gateway's `connect()` needs to act as one enrolled user: the identity (MSP ID and
 * X.509 certificate), a signer holding the private key, and the hash the signer expects.
 */
export interface Credentials {
  /** MSP ID and PEM certificate, as sent to the peers. */
  readonly identity: Identity;
  /** Signs proposals, transactions and requests with the private key. */
  readonly signer: Signer;
  /** The digest the signer expects: SHA-256 for P-256 keys, SHA-384 for P-384, none for Ed25519. */
  readonly hash: Hash;
}

/**
 * Where to load an identity from.
 *
 * - `{ mspDir }`: an MSP folder as written by Fabric CA or the ndi network tool: `signcerts/cert.pem` (or the single
 *   `signcerts/*.pem`) and `keystore/key.pem` (or the single file in `keystore/`).
 * - `{ certificate, privateKey }`: paths of a PEM certificate and a PEM (PKCS#8 or SEC1) private key.
 * - `{ wallet, label }`: the entry `<wallet>/<label>.id` of a fabric-network 2.x file-system wallet.
 *
 * `mspId` is required for the first two unless a default is supplied (e.g. by the connection profile); a
 * wallet entry records its own.
 */
export type IdentitySource =
  | {
      /** Path of the MSP folder, holding `signcerts/` and `keystore/`. */
      readonly mspDir: string;
      /** The organization's MSP ID, e.g. `ExchangeMSP`; an MSP folder does not record it. */
      readonly mspId?: string;
    }
  | {
      /** Path of the PEM X.509 certificate file. */
      readonly certificate: string;
      /** Path of the PEM private key file (PKCS#8 or SEC1); it must match the certificate. */
      readonly privateKey: string;
      /** The organization's MSP ID, e.g. `ExchangeMSP`. */
      readonly mspId?: string;
    }
  | {
      /** Path of the fabric-network 2.x file-system wallet folder. */
      readonly wallet: string;
      /** The entry's label: the file name `<label>.id` without `.id`. The entry records its MSP ID. */
      readonly label: string;
    };

/**
 * Builds {@link Credentials} from PEM text, checking that the certificate parses, the key parses, and the two
 * belong together.
 *
 * @param mspId - the organization's MSP ID
 * @param certificatePem - the X.509 certificate, PEM
 * @param privateKeyPem - the matching private key, PEM
 * @param origin - where the PEM came from, for error messages
 * @throws {@link ConfigurationError} if either does not parse or they do not match
 */
export function credentialsFromPem(
  mspId: string,
  certificatePem: string,
  privateKeyPem: string,
  origin = 'PEM input',
): Credentials {
  if (!mspId) {
    throw new ConfigurationError(`no MSP ID given for the identity from ${origin}`, origin);
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (err) {
    throw new ConfigurationError(`${origin}: the certificate is not a valid PEM X.509 certificate`, origin, err);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (err) {
    throw new ConfigurationError(`${origin}: the private key is not a valid PEM private key`, origin, err);
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new ConfigurationError(`${origin}: the private key does not belong to the certificate`, origin);
  }
  return {
    identity: { mspId, credentials: new TextEncoder().encode(certificatePem) },
    signer: signers.newPrivateKeySigner(key),
    hash: hashFor(key),
  };
}

function hashFor(key: KeyObject): Hash {
  if (key.asymmetricKeyType === 'ed25519') {
    return hash.none;
  }
  return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? hash.sha384 : hash.sha256;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`cannot read the ${what} ${file}: ${(err as Error).message}`, file, err);
  }
}

async function listDir(dir: string, what: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (err) {
    throw new ConfigurationError(`cannot read the ${what} ${dir}: ${(err as Error).message}`, dir, err);
  }
}

async function pickFile(dir: string, preferred: string, what: string, matches: (name: string) => boolean) {
  const names = (await listDir(dir, `${what} folder`)).filter(matches);
  if (names.includes(preferred)) {
    return path.join(dir, preferred);
  }
  if (names.length === 1) {
    return path.join(dir, names[0] as string);
  }
  const found = names.length === 0 ? 'none found' : `found ${names.join(', ')}`;
  throw new ConfigurationError(`expected ${dir}/${preferred} or exactly one ${what} file in ${dir}; ${found}`, dir);
}

/**
 * Loads the identity of an MSP folder: `signcerts/cert.pem` (else the only `*.pem` in `signcerts/`) and
 * `keystore/key.pem` (else the only file in `keystore/`, e.g. Fabric CA's `<ski>_sk` or cryptogen's `priv_sk`).
 *
 * @param mspDir - the MSP folder
 * @param mspId - the organization's MSP ID (an MSP folder does not record it)
 * @throws {@link ConfigurationError} naming the missing or unreadable file
 */
export async function credentialsFromMspDir(mspDir: string, mspId: string): Promise<Credentials> {
  const certificate = await pickFile(path.join(mspDir, 'signcerts'), 'cert.pem', 'certificate', (name) =>
    name.endsWith('.pem'),
  );
  const privateKey = await pickFile(path.join(mspDir, 'keystore'), 'key.pem', 'private key', () => true);
  return credentialsFromFiles(mspId, certificate, privateKey);
}

/**
 * Loads an identity from a PEM certificate file and a PEM private key file.
 *
 * @param mspId - the organization's MSP ID
 * @param certificate - path of the PEM certificate
 * @param privateKey - path of the PEM private key
 * @throws {@link ConfigurationError} naming the missing or unreadable file
 */
export async function credentialsFromFiles(
  mspId: string,
  certificate: string,
  privateKey: string,
): Promise<Credentials> {
  const certificatePem = await readText(certificate, 'certificate');
  const privateKeyPem = await readText(privateKey, 'private key');
  return credentialsFromPem(mspId, certificatePem, privateKeyPem, `${certificate} + ${privateKey}`);
}

interface WalletEntry {
  type?: unknown;
  mspId?: unknown;
  credentials?: { certificate?: unknown; privateKey?: unknown };
}

/**
 * Loads an identity stored by fabric-network 2.x in a file-system wallet: `<wallet>/<label>.id`, a JSON file
 * `{ "type": "X.509", "mspId", "credentials": { "certificate", "privateKey" }, "version" }`. Only `X.509`
 * identities hold their key in the file; HSM identities are refused.
 *
 * @param wallet - the wallet folder
 * @param label - the identity's label (the file name without `.id`)
 * @throws {@link ConfigurationError} if the entry is missing, malformed or not an X.509 identity
 */
export async function credentialsFromWallet(wallet: string, label: string): Promise<Credentials> {
  const file = path.join(wallet, `${label}.id`);
  const text = await readText(file, `wallet entry '${label}'`);
  let entry: WalletEntry;
  try {
    entry = JSON.parse(text) as WalletEntry;
  } catch (err) {
    throw new ConfigurationError(`wallet entry ${file} is not valid JSON`, file, err);
  }
  if (entry === null || typeof entry !== 'object') {
    throw new ConfigurationError(`wallet entry ${file} is not a JSON object`, file);
  }
  if (entry.type !== 'X.509') {
    throw new ConfigurationError(
      `wallet entry ${file} has identity type ${JSON.stringify(entry.type)}; only 'X.509' identities (certificate and private key in the file) are supported`,
      file,
    );
  }
  const { mspId, credentials } = entry;
  if (typeof mspId !== 'string' || typeof credentials?.certificate !== 'string') {
    throw new ConfigurationError(`wallet entry ${file} lacks mspId or credentials.certificate`, file);
  }
  if (typeof credentials.privateKey !== 'string') {
    throw new ConfigurationError(`wallet entry ${file} lacks credentials.privateKey`, file);
  }
  return credentialsFromPem(mspId, credentials.certificate, credentials.privateKey, file);
}

/**
 * Loads {@link Credentials} from any {@link IdentitySource}.
 *
 * @param source - where the identity is
 * @param defaultMspId - MSP ID to use when the source does not give one (e.g. the connection profile's)
 * @throws {@link ConfigurationError} if the files are missing or malformed, or no MSP ID is known
 */
export async function loadCredentials(source: IdentitySource, defaultMspId?: string): Promise<Credentials> {
  if ('wallet' in source) {
    return credentialsFromWallet(source.wallet, source.label);
  }
  const mspId = source.mspId ?? defaultMspId;
  const where = 'mspDir' in source ? source.mspDir : source.certificate;
  if (!mspId) {
    throw new ConfigurationError(`no MSP ID given for the identity at ${where}`, where);
  }
  return 'mspDir' in source
    ? credentialsFromMspDir(source.mspDir, mspId)
    : credentialsFromFiles(mspId, source.certificate, source.privateKey);
}
