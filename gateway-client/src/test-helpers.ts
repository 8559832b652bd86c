// Test support shared by the unit tests (excluded from the build).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  CommitError,
  CommitStatusError,
  EndorseError,
  type ErrorDetail,
  GatewayError,
  type Proposal,
  type ProposalOptions,
  type Status,
  type SubmittedTransaction,
  type Transaction,
} from '@hyperledger/fabric-gateway';

/** A fresh temporary folder. */
export function tempDir(prefix = 'ndi-gw-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A self-signed certificate and its key, made by openssl. */
export interface Pki {
  readonly certificate: string;
  readonly privateKey: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Makes an EC key (P-256 by default) and a self-signed certificate in `dir`, named `<name>-cert.pem`/`<name>-key.pem`. */
export function makePki(dir: string, name = 'user1', curve = 'prime256v1'): Pki {
  const certificate = path.join(dir, `${name}-cert.pem`);
  const privateKey = path.join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-nodes'].concat([
      '-keyout',
      privateKey,
      '-out',
      certificate,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
    ]),
    { stdio: 'ignore' },
  );
  return {
    certificate,
    privateKey,
    certificatePem: fs.readFileSync(certificate, 'utf8'),
    privateKeyPem: fs.readFileSync(privateKey, 'utf8'),
  };
}

/** A gRPC ServiceError as grpc-js makes them ("<code> <NAME>: <details>"). */
export function serviceError(code: number, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

type Kind = 'endorse' | 'submit' | 'commitStatus' | 'evaluate';

/** A fabric-gateway error of the kind each gateway call throws, with the given gRPC code and node details. */
export function gatewayError(
  kind: Kind,
  code: number,
  message: string,
  details: ErrorDetail[] = [],
  transactionId = 'tx-1',
): GatewayError {
  const cause = serviceError(code, message);
  const properties = { code, details, cause, transactionId, message: cause.message };
  switch (kind) {
    case 'endorse':
      return new EndorseError(properties);
    case 'commitStatus':
      return new CommitStatusError(properties);
    case 'submit': {
      // fabric-gateway exports SubmitError as a type only; this is how its instances look.
      const err = new GatewayError(properties) as GatewayError & { transactionId: string };
      err.name = 'SubmitError';
      err.transactionId = transactionId;
      return err;
    }
    default:
      return new GatewayError(properties);
  }
}

/** A CommitError as fabric-gateway's `contract.submit` throws it. */
export function commitError(code: number, transactionId = 'tx-1'): CommitError {
  return new CommitError({ code: code as CommitError['code'], transactionId, message: `tx ${transactionId} failed` });
}

/** What one attempt of a fake transaction does. */
export interface Outcome {
  /** Thrown by `proposal.endorse()`. */
  readonly endorse?: unknown;
  /** Thrown by `transaction.submit()`. */
  readonly submit?: unknown;
  /** Thrown by `commit.getStatus()`. */
  readonly commitStatus?: unknown;
  /** The validation code the commit status reports (default 0 = VALID). */
  readonly validationCode?: number;
  /** The transaction result. */
  readonly result?: string;
}

/** A fake Contract whose n-th proposal plays `outcomes[n]`; records the calls. */
export class FakeContract {
  public readonly transactionIds: string[] = [];
  public readonly proposals: { name: string; options: ProposalOptions | undefined }[] = [];
  public readonly calls: string[] = [];
  public readonly evaluations: unknown[];
  #next = 0;

  constructor(
    private readonly outcomes: Outcome[],
    evaluations: unknown[] = [],
  ) {
    this.evaluations = evaluations;
  }

  public newProposal(name: string, options?: ProposalOptions): Proposal {
    const index = this.#next++;
    const outcome = this.outcomes[index] ?? {};
    const transactionId = `tx-${index + 1}`;
    this.transactionIds.push(transactionId);
    this.proposals.push({ name, options });
    const calls = this.calls;
    const result = new TextEncoder().encode(outcome.result ?? `result-${index + 1}`);
    const blockNumber = BigInt(10 + index);
    const fail = (what: unknown): never => {
      throw what;
    };
    const commit: SubmittedTransaction = {
      getResult: () => result,
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      getStatus: async (): Promise<Status> => {
        calls.push(`commitStatus ${transactionId}`);
        if (outcome.commitStatus !== undefined) fail(outcome.commitStatus);
        const code = (outcome.validationCode ?? 0) as Status['code'];
        return { blockNumber, code, successful: code === 0, transactionId };
      },
    };
    const transaction: Transaction = {
      getResult: () => result,
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      submit: async () => {
        calls.push(`submit ${transactionId}`);
        if (outcome.submit !== undefined) fail(outcome.submit);
        return commit;
      },
    };
    return {
      getTransactionId: () => transactionId,
      getBytes: () => new Uint8Array(),
      getDigest: () => new Uint8Array(),
      evaluate: async () => fail(new Error('not used')),
      endorse: async () => {
        calls.push(`endorse ${transactionId}`);
        if (outcome.endorse !== undefined) fail(outcome.endorse);
        return transaction;
      },
    };
  }

  /** Plays `evaluations` in turn: an Error is thrown, a string returned as bytes. */
  public async evaluate(name: string, options?: ProposalOptions): Promise<Uint8Array> {
    this.calls.push(`evaluate ${name}`);
    this.proposals.push({ name, options });
    const next = this.evaluations.shift();
    if (next instanceof Error) {
      throw next;
    }
    return new TextEncoder().encode(String(next ?? 'ok'));
  }
}

/** A CA and a TLS server certificate it issued for `hostname`, made by openssl in `dir`. */
export function makeTlsServerPki(
  dir: string,
  hostname: string,
): { caCert: string; serverCert: Buffer; serverKey: Buffer } {
  const ca = makePki(dir, 'tls-ca');
  const file = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  execFileSync(
    'openssl',
    ['req', ...ec, '-keyout', file('server-key.pem'), '-out', file('server.csr'), '-subj', `/CN=${hostname}`],
    {
      stdio: 'ignore',
    },
  );
  fs.writeFileSync(file('server.ext'), `subjectAltName=DNS:${hostname}\n`);
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      ca.certificate,
      '-CAkey',
      ca.privateKey,
      '-CAcreateserial',
    ].concat(['-out', file('server-cert.pem'), '-days', '1', '-extfile', file('server.ext')]),
    { stdio: 'ignore' },
  );
  return {
    caCert: ca.certificate,
    serverCert: fs.readFileSync(file('server-cert.pem')),
    serverKey: fs.readFileSync(file('server-key.pem')),
  };
}
