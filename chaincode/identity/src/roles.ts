import { failedPrecondition, forbidden, type Caller } from '@ndi/chaincode-common';
import { didMspId } from './keys';
import { REGULATOR_MSP, type Identity, type Role, type RoleGrant } from './model';

/**
 * Role rules, as plain functions of records and the transaction time.
 *
 * | role                          | granted by                                        | holders             |
 * | ----------------------------- | ------------------------------------------------- | ------------------- |
 * | `data-provider`, `data-consumer` | an admin (NodeOU) of the subject's own MSP     | any MSP             |
 * | `regulator`                   | an admin of `RegulatorMSP`                        | `RegulatorMSP` only |
 * | `valuer`, `exchange-operator` | an identity holding an active `regulator` role    | any MSP             |
 *
 * Revoking needs the same authority as granting, or an active `regulator` role.
 */

/** Who is acting: the certificate, and its identity record if it registered one. */
export interface Actor {
  /** The submitting certificate. */
  caller: Caller;
  /** The caller's own identity record (always `active` here: others are refused earlier). */
  identity: Identity | undefined;
}

/** Roles that an admin of the subject's own organization grants. */
export const ORG_ADMIN_ROLES: readonly Role[] = ['data-provider', 'data-consumer'];
/** Roles that a regulator grants as accreditations. */
export const ACCREDITED_ROLES: readonly Role[] = ['valuer', 'exchange-operator'];

/** Whether an ISO timestamp `expiresAt` (if any) is at or before `nowMillis`. */
export function isExpired(expiresAt: string | undefined, nowMillis: number): boolean {
  return expiresAt !== undefined && Date.parse(expiresAt) <= nowMillis;
}

/** Whether `identity` exists, is active, and holds `role` unexpired at `nowMillis`. */
export function hasActiveRole(identity: Identity | undefined, role: Role, nowMillis: number): boolean {
  if (identity === undefined || identity.status !== 'active') {
    return false;
  }
  const grant = identity.roles.find((g) => g.role === role);
  return grant !== undefined && !isExpired(grant.expiresAt, nowMillis);
}

/** Whether the actor acts as a regulator (registered, active, active `regulator` role). */
export function isRegulator(actor: Actor, nowMillis: number): boolean {
  return hasActiveRole(actor.identity, 'regulator', nowMillis);
}

/**
 * Checks that the actor may grant `role` to identity `subjectDid`. A regulator may not accredit
 * itself: accreditation is an act of oversight by someone else.
 *
 * @throws ChaincodeError `FORBIDDEN` naming the missing authority
 */
export function requireGrantAuthority(actor: Actor, role: Role, subjectDid: string, nowMillis: number): void {
  const { caller } = actor;
  const subjectMsp = didMspId(subjectDid);
  if (ORG_ADMIN_ROLES.includes(role)) {
    if (!caller.isAdmin || caller.mspId !== subjectMsp) {
      throw forbidden(`granting or revoking ${role} requires an admin of ${subjectMsp}`);
    }
  } else if (role === 'regulator') {
    if (!caller.isAdmin || caller.mspId !== REGULATOR_MSP) {
      throw forbidden(`granting or revoking regulator requires an admin of ${REGULATOR_MSP}`);
    }
  } else if (!isRegulator(actor, nowMillis)) {
    throw forbidden(`granting or revoking ${role} requires an active regulator role`);
  } else if (caller.did === subjectDid) {
    throw forbidden(`a regulator cannot grant ${role} to itself`);
  }
}

/**
 * Checks that the actor may revoke `role` from identity `subjectDid`: a regulator may revoke any
 * role, everyone else needs the granting authority.
 *
 * @throws ChaincodeError `FORBIDDEN` naming the missing authority
 */
export function requireRevokeAuthority(actor: Actor, role: Role, subjectDid: string, nowMillis: number): void {
  if (!isRegulator(actor, nowMillis)) {
    requireGrantAuthority(actor, role, subjectDid, nowMillis);
  }
}

/**
 * Checks that an identity of `subjectMsp` may hold `role` at all.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` for a `regulator` outside {@link REGULATOR_MSP}
 */
export function requireEligible(role: Role, subjectMsp: string): void {
  if (role === 'regulator' && subjectMsp !== REGULATOR_MSP) {
    throw failedPrecondition(`only ${REGULATOR_MSP} identities may hold the regulator role, not ${subjectMsp}`);
  }
}

/** `identity` with `grant` added or replacing a grant of the same role; roles stay sorted. */
export function withRole(identity: Identity, grant: RoleGrant, updatedAt: string): Identity {
  // Role names are unique after the filter, so the comparator never sees equal names.
  const roles = [...identity.roles.filter((g) => g.role !== grant.role), grant].sort((a, b) =>
    a.role < b.role ? -1 : 1,
  );
  return { ...identity, roles, updatedAt };
}

/** `identity` without `role`. */
export function withoutRole(identity: Identity, role: Role, updatedAt: string): Identity {
  return { ...identity, roles: identity.roles.filter((g) => g.role !== role), updatedAt };
}
