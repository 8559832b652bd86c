import { failedPrecondition, forbidden } from '@ndi/chaincode-common';
import type { Identity, IdentityStatus, StatusAuthority } from './model';
import { isRegulator, type Actor } from './roles';

/**
 * Identity lifecycle: `active` ⇄ `suspended`, either → `revoked`, and `revoked` is final.
 * A suspended identity keeps its role grants (they count again once it is reactivated); a revoked
 * one loses them.
 */

/**
 * In which capacity the actor may change the status of an identity of `subjectMsp`: a regulator
 * always, an admin of the identity's own organization too.
 *
 * @throws ChaincodeError `FORBIDDEN` if neither
 */
export function statusAuthority(actor: Actor, subjectMsp: string, nowMillis: number): StatusAuthority {
  if (isRegulator(actor, nowMillis)) {
    return 'regulator';
  }
  if (actor.caller.isAdmin && actor.caller.mspId === subjectMsp) {
    return 'org-admin';
  }
  throw forbidden(`changing the status of an identity requires an active regulator role or an admin of ${subjectMsp}`);
}

/**
 * Applies a status change.
 *
 * @throws ChaincodeError `FAILED_PRECONDITION` if the identity is revoked or already has `next`;
 *   `FORBIDDEN` if an org admin tries to lift a suspension a regulator imposed
 */
export function changeStatus(
  identity: Identity,
  next: IdentityStatus,
  change: { authority: StatusAuthority; by: string; reason: string; at: string },
): Identity {
  if (identity.status === 'revoked') {
    throw failedPrecondition(`identity ${identity.did} is revoked; revocation is final`);
  }
  if (identity.status === next) {
    throw failedPrecondition(`identity ${identity.did} is already ${next}`);
  }
  if (
    identity.status === 'suspended' &&
    next === 'active' &&
    identity.statusAuthority === 'regulator' &&
    change.authority !== 'regulator'
  ) {
    throw forbidden('lifting a suspension imposed by a regulator requires an active regulator role');
  }
  return {
    ...identity,
    status: next,
    statusReason: change.reason,
    statusChangedAt: change.at,
    statusChangedBy: change.by,
    statusAuthority: change.authority,
    roles: next === 'revoked' ? [] : identity.roles,
    updatedAt: change.at,
  };
}
