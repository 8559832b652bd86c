import { failedPrecondition, forbidden } from '@ndi/chaincode-common';
import type { Credential, CredentialType, CredentialVerification, Identity, Role } from './model';
import { hasActiveRole, isExpired } from './roles';

/**
 * Credentials (attestations): which role may issue which type, and how a credential verifies.
 *
 * | type                  | issued by           |
 * | --------------------- | ------------------- |
 * | `real-name-verified`  | `regulator`         |
 * | `data-security-level` | `regulator`         |
 * | `valuation-license`   | `regulator`         |
 * | `exchange-license`    | `regulator`         |
 * | `data-quality`        | `exchange-operator` |
 */
export const CREDENTIAL_ISSUERS: Readonly<Record<CredentialType, readonly Role[]>> = {
  'real-name-verified': ['regulator'],
  'data-security-level': ['regulator'],
  'valuation-license': ['regulator'],
  'exchange-license': ['regulator'],
  'data-quality': ['exchange-operator'],
};

/**
 * The role in which `issuer` may issue a credential of `type` (the first allowed role it holds).
 *
 * @throws ChaincodeError `FORBIDDEN` naming the roles that may issue it
 */
export function issuingRole(issuer: Identity | undefined, type: CredentialType, nowMillis: number): Role {
  const allowed = CREDENTIAL_ISSUERS[type];
  const role = allowed.find((r) => hasActiveRole(issuer, r, nowMillis));
  if (role === undefined) {
    throw forbidden(`issuing ${type} requires an active role of: ${allowed.join(', ')}`);
  }
  return role;
}

/**
 * The credential revoked.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` if it is revoked already
 */
export function revokeCredential(credential: Credential, by: string, reason: string, at: string): Credential {
  if (credential.status === 'revoked') {
    throw failedPrecondition(`credential '${credential.id}' is already revoked`);
  }
  return { ...credential, status: 'revoked', revokedAt: at, revokedBy: by, revocationReason: reason };
}

/**
 * Verifies a credential against a claims hash at a point in time. `revoked` wins over `expired`,
 * which wins over `mismatch`: a verifier must learn first that the credential no longer counts.
 */
export function verifyCredential(
  credential: Credential,
  claimsHash: string,
  now: { iso: string; epochMillis: number },
): CredentialVerification {
  const result =
    credential.status === 'revoked'
      ? 'revoked'
      : isExpired(credential.expiresAt, now.epochMillis)
        ? 'expired'
        : credential.claimsHash !== claimsHash
          ? 'mismatch'
          : 'valid';
  return {
    result,
    id: credential.id,
    type: credential.type,
    subjectDid: credential.subjectDid,
    issuerDid: credential.issuerDid,
    issuedAt: credential.issuedAt,
    expiresAt: credential.expiresAt,
    revokedAt: credential.revokedAt,
    checkedAt: now.iso,
  };
}
