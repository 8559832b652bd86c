import { invalidArgument } from '@ndi/chaincode-common';
import type { Classification, UsagePolicy } from './model';

/**
 * Usage-policy rules of the Data Security Law tiers, as pure functions. A rule violation is
 * reported as `<field>: <why>` so that the caller can raise it with the code that fits where the
 * facts came from: `INVALID_ARGUMENT` when the argument alone is wrong, `FAILED_PRECONDITION`
 * when it conflicts with the stored asset.
 */

/** Tiers whose policies must name the organizations that may be granted access. */
const TIERS_NEEDING_ALLOWED_MSPS: readonly Classification[] = ['important', 'core'];

/**
 * The violations of the tier rules by `policy`, empty when it complies:
 * - `core` data is never tradable and never provided across borders;
 * - `important` and `core` data need `allowedMsps`, a closed list of organizations, so that a
 *   grant can never open them to the whole network ("important data needs stricter policy").
 */
export function policyViolations(policy: UsagePolicy, classification: Classification, path = 'policy'): string[] {
  const violations: string[] = [];
  if (classification === 'core') {
    if (policy.tradable) violations.push(`${path}.tradable: core data must not be tradable`);
    if (policy.crossBorder) violations.push(`${path}.crossBorder: core data must not cross borders`);
  }
  if (TIERS_NEEDING_ALLOWED_MSPS.includes(classification) && policy.allowedMsps === undefined) {
    violations.push(`${path}.allowedMsps: ${classification} data must name the organizations allowed`);
  }
  return violations;
}

/**
 * Requires an instant in the future of the transaction time.
 *
 * @throws ChaincodeError `INVALID_ARGUMENT` naming `field` otherwise
 */
export function requireFuture(iso: string, nowMillis: number, field: string): void {
  if (Date.parse(iso) <= nowMillis) {
    throw invalidArgument(`${field}: must be in the future`);
  }
}

/** Whether the policy's own expiry has passed. */
export function isPolicyExpired(policy: UsagePolicy, nowMillis: number): boolean {
  return policy.expiresAt !== undefined && Date.parse(policy.expiresAt) <= nowMillis;
}

/** What a grant asks for, as checked against the policy. */
export interface GrantRequest {
  /** Purposes to grant. */
  purposes: readonly string[];
  /** End of the grant, ISO-8601. */
  expiresAt: string;
  /** The grantee's organization (the grantee MSP, or the grantee DID's organization). */
  granteeMsp: string;
  /** Which field named the grantee, for messages. */
  granteeField: 'granteeDid' | 'granteeMsp';
}

/** The first conflict between a grant request and the asset's policy, or `undefined`. */
export function grantPolicyConflict(request: GrantRequest, policy: UsagePolicy): string | undefined {
  const index = request.purposes.findIndex((purpose) => !policy.purposes.includes(purpose));
  if (index >= 0) {
    return `purposes[${index}]: '${request.purposes[index]}' is not a purpose of the asset's policy`;
  }
  if (policy.expiresAt !== undefined && Date.parse(request.expiresAt) > Date.parse(policy.expiresAt)) {
    return `expiresAt: must not be after the policy's expiry ${policy.expiresAt}`;
  }
  if (policy.allowedMsps !== undefined && !policy.allowedMsps.includes(request.granteeMsp)) {
    return `${request.granteeField}: organization ${request.granteeMsp} is not in the policy's allowedMsps`;
  }
  return undefined;
}
