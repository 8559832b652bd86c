import type { Context } from 'fabric-contract-api';
import type { AccessDecision, AccessGrant, DataAsset, UsagePolicy } from './model';
import { isPolicyExpired } from './policy';
import { findIdentity, hasRole, type IdentitySummary } from './identity-port';
import { listGranteeGrants } from './consent-store';

/**
 * Access decisions. The rules run cheapest first, so that the identity chaincode and the grant
 * indexes are consulted only when the asset and its policy do not already decide:
 * 1. a retired asset allows nobody; 2. the owner is always allowed; 3. the purpose must be in
 * the policy and the policy unexpired; 4. the requester must be a known, active identity
 * holding `data-consumer`, of an organization the policy allows; 5. an unexpired, unrevoked
 * grant to the requester's DID or organization must cover the purpose.
 */

function deny(reason: AccessDecision['reason']): AccessDecision {
  return { allowed: false, reason };
}

/** Steps 1-3: the decision the asset alone gives, or `undefined` to go on. */
export function decideByAsset(
  asset: DataAsset,
  requesterDid: string,
  purpose: string,
  nowMillis: number,
): AccessDecision | undefined {
  if (asset.status === 'retired') return deny('asset-retired');
  if (requesterDid === asset.ownerDid) return { allowed: true, reason: 'owner' };
  if (!asset.policy.purposes.includes(purpose)) return deny('purpose-not-in-policy');
  if (isPolicyExpired(asset.policy, nowMillis)) return deny('policy-expired');
  return undefined;
}

/** Step 4: the decision the requester's identity gives, or `undefined` to go on. */
export function decideByRequester(
  identity: IdentitySummary | undefined,
  isConsumer: boolean,
  policy: UsagePolicy,
): AccessDecision | undefined {
  if (identity === undefined) return deny('requester-unknown');
  if (identity.status !== 'active') return deny('requester-inactive');
  if (!isConsumer) return deny('requester-not-consumer');
  if (policy.allowedMsps !== undefined && !policy.allowedMsps.includes(identity.mspId)) {
    return deny('msp-not-allowed');
  }
  return undefined;
}

/**
 * Step 5: the first unexpired grant covering the purpose allows access (DID grants before
 * organization grants, each in grant-ID order). Otherwise the refusal says what was closest:
 * a covering grant that expired, grants for other purposes, or none at all.
 */
export function decideByGrants(grants: readonly AccessGrant[], purpose: string, nowMillis: number): AccessDecision {
  const covering = grants.filter((grant) => grant.purposes.includes(purpose));
  const usable = covering.find((grant) => Date.parse(grant.expiresAt) > nowMillis);
  if (usable !== undefined) {
    return { allowed: true, reason: 'grant', grantId: usable.grantId };
  }
  if (covering.length > 0) return deny('grant-expired');
  return deny(grants.length > 0 ? 'purpose-not-granted' : 'no-grant');
}

/** Decides whether `requesterDid` may use `asset` for `purpose` at `nowMillis`. */
export async function evaluateAccess(
  ctx: Context,
  asset: DataAsset,
  requesterDid: string,
  purpose: string,
  nowMillis: number,
): Promise<AccessDecision> {
  const byAsset = decideByAsset(asset, requesterDid, purpose, nowMillis);
  if (byAsset !== undefined) return byAsset;

  const identity = await findIdentity(ctx, requesterDid);
  const isConsumer = identity?.status === 'active' && (await hasRole(ctx, requesterDid, 'data-consumer'));
  const byRequester = decideByRequester(identity, isConsumer, asset.policy);
  if (byRequester !== undefined) return byRequester;

  // decideByRequester refuses unknown requesters, so the identity is known here.
  const { mspId } = identity as IdentitySummary;
  const grants = [
    ...(await listGranteeGrants(ctx, asset.id, 'did', requesterDid)),
    ...(await listGranteeGrants(ctx, asset.id, 'msp', mspId)),
  ];
  return decideByGrants(grants, purpose, nowMillis);
}
