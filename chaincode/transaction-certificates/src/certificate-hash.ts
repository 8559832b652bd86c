import { createHash } from 'node:crypto';
import { canonicalJson } from '@ndi/chaincode-common/canonical-json';
import type { Certificate } from './model';

/**
 * The certificate hash rule, as a pure function that the gateway client and any verifier can run
 * offline on a certificate they hold: no ledger, no fabric APIs.
 */

/** Fields a certificate's hash does not cover: its mutable lifecycle and the hash itself. */
export const UNHASHED_CERTIFICATE_FIELDS = ['status', 'revocation', 'certHash'] as const;

/**
 * SHA-256 (64 lowercase hex) of the canonical JSON (sorted keys, no whitespace, absent optional
 * fields omitted) of `cert` without `status`, `revocation` and `certHash`. Revoking a certificate
 * therefore keeps its hash, while changing any other field changes it.
 *
 * @throws TypeError if a field is not representable as canonical JSON
 */
export function computeCertificateHash(cert: Omit<Certificate, 'status' | 'certHash'> & Partial<Certificate>): string {
  // Destructuring (not `delete`) drops the unhashed fields; keep in sync with UNHASHED_CERTIFICATE_FIELDS.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { status, revocation, certHash, ...hashed } = cert;
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}
