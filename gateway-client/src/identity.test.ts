import { createPublicKey, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hash } from '@hyperledger/fabric-gateway';
import { ConfigurationError } from './errors';
import {
  credentialsFromFiles,
  credentialsFromMspDir,
  credentialsFromPem,
  credentialsFromWallet,
  type Credentials,
  loadCredentials,
} from './identity';
import { makePki, type Pki, tempDir } from './test-helpers';

let dir: string;
let pki: Pki;
let other: Pki;

beforeAll(() => {
  dir = tempDir();
  pki = makePki(dir, 'user1');
  other = makePki(dir, 'other');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Checks that the credentials sign with the key matching the certificate. */
async function expectWorking(credentials: Credentials, mspId: string): Promise<void> {
  expect(credentials.identity.mspId).toBe(mspId);
  expect(new TextDecoder().decode(credentials.identity.credentials)).toBe(pki.certificatePem);
  const digest = credentials.hash(new TextEncoder().encode('message'));
  const signature = await credentials.signer(digest);
  const publicKey = createPublicKey(pki.certificatePem);
  // The signer signed the SHA-256 digest; crypto.verify with a null algorithm hashes EC data with SHA-256.
  expect(verify(null, Buffer.from('message'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
}

function mspDir(name: string, certName = 'cert.pem', keyName = 'key.pem'): string {
  const msp = path.join(dir, name);
  fs.mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
  fs.mkdirSync(path.join(msp, 'keystore'), { recursive: true });
  fs.copyFileSync(pki.certificate, path.join(msp, 'signcerts', certName));
  fs.copyFileSync(pki.privateKey, path.join(msp, 'keystore', keyName));
  return msp;
}

describe('credentialsFromMspDir', () => {
  it('loads signcerts/cert.pem and keystore/key.pem as the network writes them', async () => {
    await expectWorking(await credentialsFromMspDir(mspDir('msp-network'), 'Org1MSP'), 'Org1MSP');
  });

  it('loads the single certificate and key of a Fabric CA or cryptogen MSP folder', async () => {
    const msp = mspDir('msp-cryptogen', 'User1@org1.example.com-cert.pem', 'priv_sk');
    await expectWorking(await credentialsFromMspDir(msp, 'Org1MSP'), 'Org1MSP');
  });

  it('names the folder when there is no certificate', async () => {
    const msp = mspDir('msp-nocert');
    fs.rmSync(path.join(msp, 'signcerts', 'cert.pem'));
    await expect(credentialsFromMspDir(msp, 'Org1MSP')).rejects.toThrow(
      new RegExp(`exactly one certificate file in ${path.join(msp, 'signcerts')}; none found`),
    );
  });

  it('refuses a folder with several candidate keys', async () => {
    const msp = mspDir('msp-twokeys', 'cert.pem', 'a_sk');
    fs.copyFileSync(other.privateKey, path.join(msp, 'keystore', 'b_sk'));
    await expect(credentialsFromMspDir(msp, 'Org1MSP')).rejects.toThrow(/found a_sk, b_sk/);
  });

  it('names a missing MSP folder', async () => {
    const missing = path.join(dir, 'nope');
    const err = await credentialsFromMspDir(missing, 'Org1MSP').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).path).toBe(path.join(missing, 'signcerts'));
    expect((err as Error).message).toContain(path.join(missing, 'signcerts'));
  });
});

describe('credentialsFromFiles', () => {
  it('loads a PEM certificate and key', async () => {
    await expectWorking(await credentialsFromFiles('Org2MSP', pki.certificate, pki.privateKey), 'Org2MSP');
  });

  it('names the missing file', async () => {
    const missing = path.join(dir, 'missing-key.pem');
    const err = await credentialsFromFiles('Org1MSP', pki.certificate, missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).path).toBe(missing);
    expect((err as Error).message).toMatch(new RegExp(`cannot read the private key ${missing}`));
  });

  it('refuses a key that does not belong to the certificate', async () => {
    await expect(credentialsFromFiles('Org1MSP', pki.certificate, other.privateKey)).rejects.toThrow(
      /private key does not belong to the certificate/,
    );
  });

  it('refuses files that are not PEM', async () => {
    await expect(credentialsFromFiles('Org1MSP', pki.privateKey, pki.privateKey)).rejects.toThrow(
      /not a valid PEM X.509 certificate/,
    );
    await expect(credentialsFromFiles('Org1MSP', pki.certificate, pki.certificate)).rejects.toThrow(
      /not a valid PEM private key/,
    );
  });
});

describe('credentialsFromWallet', () => {
  function writeEntry(label: string, entry: unknown): string {
    const wallet = path.join(dir, 'wallet');
    fs.mkdirSync(wallet, { recursive: true });
    fs.writeFileSync(path.join(wallet, `${label}.id`), typeof entry === 'string' ? entry : JSON.stringify(entry));
    return wallet;
  }

  it('loads an X.509 entry of a fabric-network 2.x file-system wallet', async () => {
    const wallet = writeEntry('appUser', {
      credentials: { certificate: pki.certificatePem, privateKey: pki.privateKeyPem },
      mspId: 'Org3MSP',
      type: 'X.509',
      version: 1,
    });
    await expectWorking(await credentialsFromWallet(wallet, 'appUser'), 'Org3MSP');
  });

  it('refuses HSM identities clearly', async () => {
    const wallet = writeEntry('hsmUser', {
      credentials: { certificate: pki.certificatePem },
      mspId: 'Org1MSP',
      type: 'HSM-X.509',
      version: 1,
    });
    await expect(credentialsFromWallet(wallet, 'hsmUser')).rejects.toThrow(
      /identity type "HSM-X.509"; only 'X.509' identities/,
    );
  });

  it('refuses malformed entries', async () => {
    const wallet = writeEntry('broken', '{ not json');
    await expect(credentialsFromWallet(wallet, 'broken')).rejects.toThrow(/broken\.id is not valid JSON/);
    writeEntry('nokey', { type: 'X.509', mspId: 'Org1MSP', credentials: { certificate: pki.certificatePem } });
    await expect(credentialsFromWallet(wallet, 'nokey')).rejects.toThrow(/lacks credentials.privateKey/);
    writeEntry('nomsp', { type: 'X.509', credentials: { certificate: 'x', privateKey: 'y' } });
    await expect(credentialsFromWallet(wallet, 'nomsp')).rejects.toThrow(/lacks mspId/);
  });

  it('names the missing entry', async () => {
    const wallet = path.join(dir, 'wallet');
    await expect(credentialsFromWallet(wallet, 'ghost')).rejects.toThrow(path.join(wallet, 'ghost.id'));
  });
});

describe('loadCredentials', () => {
  it('dispatches on the source and falls back to the default MSP ID', async () => {
    const fromDir = await loadCredentials({ mspDir: mspDir('msp-load') }, 'DefaultMSP');
    expect(fromDir.identity.mspId).toBe('DefaultMSP');
    const fromFiles = await loadCredentials(
      { certificate: pki.certificate, privateKey: pki.privateKey, mspId: 'OwnMSP' },
      'DefaultMSP',
    );
    expect(fromFiles.identity.mspId).toBe('OwnMSP');
  });

  it('requires an MSP ID', async () => {
    await expect(loadCredentials({ certificate: pki.certificate, privateKey: pki.privateKey })).rejects.toThrow(
      /no MSP ID given/,
    );
    expect(() => credentialsFromPem('', pki.certificatePem, pki.privateKeyPem)).toThrow(ConfigurationError);
  });

  it('chooses the hash the key needs', () => {
    const p384 = makePki(dir, 'p384', 'secp384r1');
    const credentials = credentialsFromPem('Org1MSP', p384.certificatePem, p384.privateKeyPem);
    expect(credentials.hash).toBe(hash.sha384);
    expect(credentialsFromPem('Org1MSP', pki.certificatePem, pki.privateKeyPem).hash).toBe(hash.sha256);
  });
});
