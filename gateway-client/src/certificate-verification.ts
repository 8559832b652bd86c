import type { Certificate, CertificateVerification } from '@ndi/chaincode-transaction-certificates';
import { computeCertificateHash } from '@ndi/chaincode-transaction-certificates/certificate-hash';
import type { AuditClient, AuditClientOptions } from './audit';
import { InvalidArgumentError, NotFoundError } from './errors';
import type { QsccClient } from './qscc';
import type { CallOptions, ContractCaller } from './typed-contract';

/** Options of {@link verifyCertificate}. */
export type CertificateVerificationOptions = CallOptions;

/** Check (a): the certificate's hash recomputed from its fields, offline. */
export interface OfflineHashCheck {
  /** The `certHash` the certificate claims. */
  readonly claimedHash: string;
  /** The hash of its fields (`computeCertificateHash`); absent if they could not be hashed. */
  readonly computedHash?: string;
  /** Whether the two are equal: no field was changed since issuance. */
  readonly matches: boolean;
  /** Why the fields could not be hashed. */
  readonly error?: string;
}

/** Check (b): the chaincode's `VerifyCertificate(id, certHash)` against the stored certificate. */
export interface OnChainCheck {
  /** Whether the ledger holds a certificate with this ID; absent if the chaincode refused the arguments. */
  readonly found?: boolean;
  /** The chaincode's verdict: the claimed hash is the stored one and the certificate is not revoked. */
  readonly valid: boolean;
  /** The stored certificate's status (`valid` or `revoked`), when found. */
  readonly status?: CertificateVerification['status'];
  /** The chaincode's reason (`valid`, `revoked`, `hash-mismatch`, `record-corrupted`), when found. */
  readonly reason?: CertificateVerification['reason'];
  /** The chaincode's refusal (not found, invalid argument). */
  readonly error?: string;
}

/** Check (c): the transaction the certificate names (`txId`), as the ledger recorded it. */
export interface TransactionCheck {
  /** The transaction ID the certificate names. */
  readonly txId: string;
  /** Whether the ledger holds it. */
  readonly found: boolean;
  /** Whether it committed VALID (its writes, the certificate among them, took effect). */
  readonly valid: boolean;
  /** Its validation code, when found. */
  readonly validationCode?: number;
  /** The code's name, e.g. `VALID`, `MVCC_READ_CONFLICT`. */
  readonly validationCodeName?: string;
  /** The chaincode it invoked. */
  readonly chaincode?: string;
  /** The function it invoked. */
  readonly function?: string;
  /** The submitter's MSP. */
  readonly creatorMsp?: string;
  /** Its time. */
  readonly timestamp?: string;
  /**
   * Whether it is the certificate's issuance: it invoked the transaction-certificates chaincode, was submitted by
   * the certificate's `issuerMsp`, at its `issuedAt`.
   */
  readonly matchesCertificate: boolean;
}

/** The outcome of {@link verifyCertificate}. */
export interface CertificateVerificationReport {
  /** The certificate ID. */
  readonly certificateId: string;
  /** `true` only if all three checks passed. */
  readonly valid: boolean;
  /** Shortcut for `offline.matches`. */
  readonly offlineHashMatches: boolean;
  /** Check (a). */
  readonly offline: OfflineHashCheck;
  /** Check (b). */
  readonly onChain: OnChainCheck;
  /** Check (c). */
  readonly transaction: TransactionCheck;
  /** Why it is not valid, one line per failed check (empty when valid). */
  readonly reasons: readonly string[];
}

/** What {@link checkCertificate} reads: the transaction-certificates chaincode and the ledger. */
export interface CertificateLedger {
  /** The transaction-certificates chaincode. */
  readonly certificates: Pick<ContractCaller, 'evaluate'>;
  /** Its deployed name, to recognise the issuing transaction. */
  readonly chaincode: string;
  /** The channel's query system chaincode. */
  readonly ledger: Pick<QsccClient, 'transaction'>;
}

function offlineCheck(cert: Certificate): OfflineHashCheck {
  try {
    const computedHash = computeCertificateHash(cert);
    return { claimedHash: cert.certHash, computedHash, matches: computedHash === cert.certHash };
  } catch (err) {
    return { claimedHash: cert.certHash, matches: false, error: (err as Error).message };
  }
}

async function onChainCheck(
  source: CertificateLedger,
  cert: Certificate,
  call: CertificateVerificationOptions,
): Promise<OnChainCheck> {
  try {
    const verdict = await source.certificates.evaluate<CertificateVerification>(
      'VerifyCertificate',
      [cert.id, cert.certHash],
      call,
    );
    return { found: true, valid: verdict.valid === true, status: verdict.status, reason: verdict.reason };
  } catch (err) {
    if (err instanceof NotFoundError) {
      return { found: false, valid: false, error: `${err.code}: ${err.detail}` };
    }
    if (err instanceof InvalidArgumentError) {
      return { valid: false, error: `${err.code}: ${err.detail}` };
    }
    throw err;
  }
}

/** The transaction function without a contract-name prefix (`Contract:Fn` → `Fn`). */
const bareFunction = (fn: string | undefined): string | undefined => fn?.slice(fn.lastIndexOf(':') + 1);

async function transactionCheck(source: CertificateLedger, cert: Certificate): Promise<TransactionCheck> {
  let tx;
  try {
    tx = await source.ledger.transaction(cert.txId);
  } catch (err) {
    if (err instanceof NotFoundError) {
      return { txId: cert.txId, found: false, valid: false, matchesCertificate: false };
    }
    throw err;
  }
  const sameTime = tx.timestamp !== undefined && Date.parse(tx.timestamp) === Date.parse(cert.issuedAt);
  return {
    txId: cert.txId,
    found: true,
    valid: tx.valid,
    validationCode: tx.validationCode,
    validationCodeName: tx.validationCodeName,
    ...(tx.chaincode !== undefined && { chaincode: tx.chaincode }),
    ...(tx.function !== undefined && { function: bareFunction(tx.function) }),
    creatorMsp: tx.creatorMsp,
    ...(tx.timestamp !== undefined && { timestamp: tx.timestamp }),
    matchesCertificate: tx.chaincode === source.chaincode && tx.creatorMsp === cert.issuerMsp && sameTime,
  };
}

function reasonsOf(cert: Certificate, offline: OfflineHashCheck, onChain: OnChainCheck, tx: TransactionCheck) {
  const reasons: string[] = [];
  if (offline.error !== undefined) {
    reasons.push(`the certificate's fields cannot be hashed: ${offline.error}`);
  } else if (!offline.matches) {
    reasons.push(
      `the certificate was altered: its fields hash to ${offline.computedHash}, not to its certHash ${cert.certHash}`,
    );
  }
  if (onChain.found === false) {
    reasons.push(`the ledger holds no certificate ${cert.id}`);
  } else if (onChain.error !== undefined) {
    reasons.push(`the chaincode refused to verify it: ${onChain.error}`);
  } else if (!onChain.valid) {
    reasons.push(
      onChain.reason === 'revoked'
        ? `the certificate was revoked`
        : `the chaincode does not confirm it: ${onChain.reason ?? 'no reason given'}`,
    );
  }
  if (!tx.found) {
    reasons.push(`the ledger holds no transaction ${cert.txId}`);
  } else {
    if (!tx.valid) {
      reasons.push(`its transaction ${cert.txId} did not commit valid (${tx.validationCodeName})`);
    }
    if (!tx.matchesCertificate) {
      reasons.push(
        `its transaction ${cert.txId} is not its issuance: it invoked ${tx.chaincode ?? 'no chaincode'} ` +
          `from ${tx.creatorMsp || 'no MSP'} at ${tx.timestamp ?? 'no time'}, the certificate says issued by ` +
          `${cert.issuerMsp} at ${cert.issuedAt}`,
      );
    }
  }
  return reasons;
}

/**
 * Verifies a certificate three ways, with the two ledger reads run concurrently:
 *
 * (a) offline: recomputes its hash from its fields (`computeCertificateHash`) and compares it with its `certHash`,
 * so an altered copy is caught even if the ledger agrees with the hash it carries;
 * (b) on chain: asks the chaincode's `VerifyCertificate(id, certHash)` whether that hash is the stored
 * certificate's and the certificate is not revoked;
 * (c) on the ledger: reads the transaction it names (`txId`) through qscc and checks it committed VALID and is its
 * issuance (the transaction-certificates chaincode, invoked by `issuerMsp`, at `issuedAt`).
 *
 * A missing certificate or transaction and a malformed hash are reported as failed checks; connection and gateway
 * failures reject.
 *
 * @param source - the chaincode and the ledger
 * @param cert - the certificate as held
 * @param call - retry, endorsing organizations (of the `VerifyCertificate` query)
 */
export async function checkCertificate(
  source: CertificateLedger,
  cert: Certificate,
  call: CertificateVerificationOptions = {},
): Promise<CertificateVerificationReport> {
  const offline = offlineCheck(cert);
  const [onChain, transaction] = await Promise.all([onChainCheck(source, cert, call), transactionCheck(source, cert)]);
  const reasons = reasonsOf(cert, offline, onChain, transaction);
  return {
    certificateId: cert.id,
    valid: reasons.length === 0,
    offlineHashMatches: offline.matches,
    offline,
    onChain,
    transaction,
    reasons,
  };
}

/**
 * Verifies a certificate: see {@link checkCertificate}.
 *
 * @example
 * ```typescript
 * const report = await verifyCertificate(client, JSON.parse(await fs.readFile('cert.json', 'utf8')));
 * if (!report.valid) console.error(report.reasons.join('\n'));
 * ```
 *
 * @param client - an `NdiClient` (its `audit()` is used, with `options`) or an {@link AuditClient}
 * @param cert - the certificate as held
 * @param options - chaincode names, retry
 */
export function verifyCertificate(
  client: { audit(options?: AuditClientOptions): AuditClient } | AuditClient,
  cert: Certificate,
  options: CertificateVerificationOptions & AuditClientOptions = {},
): Promise<CertificateVerificationReport> {
  const { endorsingOrganizations, ...clientOptions } = options;
  const audit = 'audit' in client ? client.audit(clientOptions) : client;
  return audit.verifyCertificate(cert, {
    ...(endorsingOrganizations !== undefined && { endorsingOrganizations }),
    ...(options.retry !== undefined && { retry: options.retry }),
  });
}
