import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  alreadyExists,
  canonicalJson,
  compositeKey,
  didSchema,
  emitEvent,
  failedPrecondition,
  forbidden,
  getCaller,
  getKeyHistory,
  getTransientJson,
  keyExists,
  NdiContract,
  notFound,
  parseArgument,
  parseJsonArgument,
  parsePageArguments,
  queryPageByPartialKey,
  readJson,
  readJsonOrThrow,
  REGULATOR_MSP,
  requirePeerOf,
  sha256HexSchema,
  txTime,
  writeJson,
  type Caller,
} from '@ndi/chaincode-common';
import { parseExpiry, parseMspId } from './arguments';
import { realNameCommitment } from './commitments';
import { issuingRole, revokeCredential, verifyCredential } from './credentials';
import {
  credentialIdSchema,
  credentialInputSchema,
  identityProfileSchema,
  organizationInputSchema,
  realNameInputSchema,
  reasonSchema,
  roleSchema,
  statusSchema,
} from './inputs';
import {
  creditCodeKey,
  credentialKey,
  didMspId,
  HISTORY_LIMIT,
  identityKey,
  KEY_TYPES,
  organizationContactKey,
  organizationKey,
  personProfileKey,
  realNameKey,
} from './keys';
import type { Credential, Identity, IdentityHistory, Organization } from './model';
import {
  realNameRecordHash,
  refuseDetailsTransient,
  requireStoredDetail,
  storeIdentityDetails,
} from './private-details';
import {
  hasActiveRole,
  isRegulator,
  requireEligible,
  requireGrantAuthority,
  requireRevokeAuthority,
  withoutRole,
  withRole,
  type Actor,
} from './roles';
import { changeStatus, statusAuthority } from './status';

/**
 * The identity chaincode: organizations (one per MSP, with their credit code), identities bound
 * to certificates (DIDs), roles with expiry, status (suspend/revoke), and credentials.
 *
 * Every transaction validates all its arguments before the first state read; every
 * state-changing one emits exactly one event. Admins act by their certificate (NodeOU `admin`)
 * and need no identity record; role holders and credential issuers must be registered.
 *
 * Results are returned as canonical JSON strings (the serializer passes strings through), so the
 * bytes every endorser returns are identical by construction, while `@Returns` names the model
 * class so the metadata still describes their shape.
 */
@Info({
  title: 'identity',
  description: 'Identity registration: organizations, DIDs, roles, status and credentials of the ndi network',
})
export class IdentityContract extends NdiContract {
  constructor() {
    super('identity');
  }

  // --- organizations -------------------------------------------------------------------------

  /**
   * First step of registering personal details: transient `contact` (`ContactInput`, an admin's
   * organization contact), `person` (`PersonProfileInput`, a person's display name) and/or
   * `realName` (`RealNameInput`, the real-name commitment's inputs) go to the caller organization's
   * implicit collection, and nothing public is written, so peers of the caller's organization alone
   * endorse it (Fabric validates a write to `_implicit_org_<MSP>` against that organization's own
   * policy) and are the only ones that accept it. Returns the {@link IdentityDetailsReceipt}, whose
   * hashes `RegisterOrganization` and `RegisterIdentity` then name.
   */
  @Transaction()
  @Returns('IdentityDetailsReceipt')
  public async StoreIdentityDetails(ctx: Context): Promise<string> {
    const receipt = await storeIdentityDetails(ctx);
    emitEvent(ctx, 'IdentityDetailsStored', { ...receipt });
    return canonicalJson(receipt);
  }

  /**
   * Registers the caller's organization (an admin of its own MSP). Optional `contactHash` names a
   * contact stored before with `StoreIdentityDetails` (`FAILED_PRECONDITION` if the organization's
   * collection holds none); contact details in transient data are refused.
   */
  @Transaction()
  @Returns('Organization')
  public async RegisterOrganization(ctx: Context, orgJson: string): Promise<string> {
    const input = parseJsonArgument(organizationInputSchema, orgJson, { name: 'org' });
    refuseDetailsTransient(ctx);
    const caller = getCaller(ctx);
    if (!caller.isAdmin) {
      throw forbidden(`registering organization ${caller.mspId} requires an admin of ${caller.mspId}`);
    }
    await loadActor(ctx, caller);
    const key = organizationKey(caller.mspId);
    if (await keyExists(ctx, key)) {
      throw alreadyExists(`organization ${caller.mspId} already exists`);
    }
    const holder = await readJson<{ mspId: string }>(ctx, creditCodeKey(input.creditCode));
    if (holder !== undefined) {
      throw alreadyExists(`credit code ${input.creditCode} is already registered by ${holder.mspId}`);
    }
    const now = txTime(ctx);
    const organization: Organization = {
      mspId: caller.mspId,
      name: input.name,
      creditCode: input.creditCode,
      sector: input.sector,
      registeredBy: caller.did,
      registeredAt: now.iso,
    };
    if (input.contactHash !== undefined) {
      const key = organizationContactKey(caller.mspId, input.contactHash);
      await requireStoredDetail(ctx, caller.mspId, key, input.contactHash, 'org.contactHash');
      organization.contactHash = input.contactHash;
    }
    await writeJson(ctx, key, organization);
    await writeJson(ctx, creditCodeKey(input.creditCode), { mspId: caller.mspId });
    emitEvent(ctx, 'OrganizationRegistered', {
      mspId: caller.mspId,
      creditCode: input.creditCode,
      sector: input.sector,
    });
    return canonicalJson(organization);
  }

  /** The organization record of `mspId`; `NOT_FOUND` if it is not registered. */
  @Transaction(false)
  @Returns('Organization')
  public async GetOrganization(ctx: Context, mspId: string): Promise<string> {
    const id = parseMspId(mspId);
    return canonicalJson(await readJsonOrThrow<Organization>(ctx, organizationKey(id), `organization ${id}`));
  }

  // --- identities ----------------------------------------------------------------------------

  /**
   * Registers the caller's certificate as an identity under its derived DID. A person names its
   * display name, stored before with `StoreIdentityDetails`, by `displayNameHash` (required for
   * persons); anyone may name a real-name commitment stored the same way (`realNameCommitment`).
   * `FAILED_PRECONDITION` if the organization's collection holds no such record; personal details
   * in transient data are refused.
   */
  @Transaction()
  @Returns('Identity')
  public async RegisterIdentity(ctx: Context, profileJson: string): Promise<string> {
    const profile = parseJsonArgument(identityProfileSchema, profileJson, { name: 'profile' });
    refuseDetailsTransient(ctx);
    const caller = getCaller(ctx);
    const key = identityKey(caller.did);
    if (await keyExists(ctx, key)) {
      throw alreadyExists(`identity ${caller.did} already exists`);
    }
    const now = txTime(ctx);
    const identity: Identity = {
      did: caller.did,
      mspId: caller.mspId,
      kind: profile.kind,
      status: 'active',
      roles: [],
      registeredAt: now.iso,
      updatedAt: now.iso,
    };
    if (profile.kind === 'person') {
      const key = personProfileKey(caller.did, profile.displayNameHash);
      await requireStoredDetail(ctx, caller.mspId, key, profile.displayNameHash, 'profile.displayNameHash');
      identity.displayNameHash = profile.displayNameHash;
    } else {
      identity.displayName = profile.displayName;
    }
    if (profile.realNameCommitment !== undefined) {
      const recordHash = realNameRecordHash(caller.did, profile.realNameCommitment);
      const key = realNameKey(caller.did, recordHash);
      await requireStoredDetail(ctx, caller.mspId, key, recordHash, 'profile.realNameCommitment');
      identity.realNameCommitment = profile.realNameCommitment;
    }
    await writeJson(ctx, key, identity);
    emitEvent(ctx, 'IdentityRegistered', {
      did: caller.did,
      mspId: caller.mspId,
      kind: profile.kind,
      realNameCommitted: profile.realNameCommitment !== undefined,
    });
    return canonicalJson(identity);
  }

  /** The identity record of `did`; `NOT_FOUND` if it is not registered. */
  @Transaction(false)
  @Returns('Identity')
  public async GetIdentity(ctx: Context, did: string): Promise<string> {
    const subject = parseArgument(didSchema, did, 'did');
    return canonicalJson(await readIdentity(ctx, subject));
  }

  /** The caller's own identity record; `NOT_FOUND` (naming the caller's DID) if unregistered. */
  @Transaction(false)
  @Returns('Identity')
  public async WhoAmI(ctx: Context): Promise<string> {
    return canonicalJson(await readIdentity(ctx, getCaller(ctx).did));
  }

  /** One page of the identities of `mspId`, in DID order; `pageSize` `''` means the default. */
  @Transaction(false)
  @Returns('IdentityPage')
  public async ListIdentities(ctx: Context, mspId: string, pageSize: string, bookmark: string): Promise<string> {
    const msp = parseMspId(mspId);
    const request = parsePageArguments(pageSize, bookmark, compositeKey(KEY_TYPES.identity, [msp]));
    return canonicalJson(await queryPageByPartialKey<Identity>(ctx, KEY_TYPES.identity, [msp], request));
  }

  /** Versions of the identity record, newest first, at most `HISTORY_LIMIT`. */
  @Transaction(false)
  @Returns('IdentityHistory')
  public async GetIdentityHistory(ctx: Context, did: string): Promise<string> {
    const subject = parseArgument(didSchema, did, 'did');
    const key = identityKey(subject);
    if (!(await keyExists(ctx, key))) {
      throw notFound(`identity ${subject} does not exist`);
    }
    const history = await getKeyHistory<Identity>(ctx, key, HISTORY_LIMIT);
    const result: IdentityHistory = {
      entries: history.entries.map(({ txId, timestamp, isDelete, value }) => ({ txId, timestamp, isDelete, value })),
      truncated: history.truncated,
    };
    return canonicalJson(result);
  }

  /**
   * Whether the salted real-name commitment of `did` matches transient `realName`
   * (`RealNameInput`); `false` if the identity made no commitment. Answered only on peers of the
   * caller's organization and the regulator's (`FORBIDDEN` elsewhere): the identity number reaches that peer.
   */
  @Transaction(false)
  @Returns('boolean')
  public async VerifyRealName(ctx: Context, did: string): Promise<boolean> {
    const subject = parseArgument(didSchema, did, 'did');
    const realName = getTransientJson(ctx, 'realName', realNameInputSchema);
    requirePeerOf(ctx, [REGULATOR_MSP]);
    const identity = await readIdentity(ctx, subject);
    return identity.realNameCommitment !== undefined && identity.realNameCommitment === realNameCommitment(realName);
  }

  // --- roles and status ----------------------------------------------------------------------

  /** Grants (or renews) `role` to `did`; `expiresAt` is `''` for no expiry. See `roles.ts` for who may. */
  @Transaction()
  @Returns('Identity')
  public async GrantRole(ctx: Context, did: string, role: string, expiresAt: string): Promise<string> {
    const subject = parseArgument(didSchema, did, 'did');
    const name = parseArgument(roleSchema, role, 'role');
    const now = txTime(ctx);
    const expiry = parseExpiry(expiresAt, 'expiresAt', now);
    const subjectMsp = didMspId(subject);
    requireEligible(name, subjectMsp);
    const actor = await loadActor(ctx, getCaller(ctx));
    requireGrantAuthority(actor, name, subject, now.epochMillis);
    const identity = await readIdentity(ctx, subject);
    if (identity.status !== 'active') {
      throw failedPrecondition(`identity ${subject} is ${identity.status}`);
    }
    const renewed = identity.roles.some((g) => g.role === name);
    const updated = withRole(
      identity,
      {
        role: name,
        grantedBy: actor.caller.did,
        grantedByMsp: actor.caller.mspId,
        grantedAt: now.iso,
        expiresAt: expiry,
      },
      now.iso,
    );
    await writeJson(ctx, identityKey(subject), updated);
    emitEvent(ctx, 'RoleGranted', {
      did: subject,
      role: name,
      grantedBy: actor.caller.did,
      expiresAt: expiry,
      renewed,
    });
    return canonicalJson(updated);
  }

  /** Revokes `role` from `did`: the granting authority or a regulator; `NOT_FOUND` if not held. */
  @Transaction()
  @Returns('Identity')
  public async RevokeRole(ctx: Context, did: string, role: string, reason: string): Promise<string> {
    const subject = parseArgument(didSchema, did, 'did');
    const name = parseArgument(roleSchema, role, 'role');
    const why = parseArgument(reasonSchema, reason, 'reason');
    const now = txTime(ctx);
    const actor = await loadActor(ctx, getCaller(ctx));
    requireRevokeAuthority(actor, name, subject, now.epochMillis);
    const identity = await readIdentity(ctx, subject);
    if (!identity.roles.some((g) => g.role === name)) {
      throw notFound(`identity ${subject} does not hold role ${name}`);
    }
    const updated = withoutRole(identity, name, now.iso);
    await writeJson(ctx, identityKey(subject), updated);
    emitEvent(ctx, 'RoleRevoked', { did: subject, role: name, revokedBy: actor.caller.did, reason: why });
    return canonicalJson(updated);
  }

  /**
   * Whether `did` is a registered, active identity holding `role` unexpired at the transaction
   * time. `false` (not `NOT_FOUND`) for an unregistered DID: other chaincodes call this.
   */
  @Transaction(false)
  @Returns('boolean')
  public async HasRole(ctx: Context, did: string, role: string): Promise<boolean> {
    const subject = parseArgument(didSchema, did, 'did');
    const name = parseArgument(roleSchema, role, 'role');
    const identity = await readJson<Identity>(ctx, identityKey(subject));
    return hasActiveRole(identity, name, txTime(ctx).epochMillis);
  }

  /** Sets `did` to `active`, `suspended` or `revoked` (final): a regulator or an admin of its org. */
  @Transaction()
  @Returns('Identity')
  public async SetIdentityStatus(ctx: Context, did: string, status: string, reason: string): Promise<string> {
    const subject = parseArgument(didSchema, did, 'did');
    const next = parseArgument(statusSchema, status, 'status');
    const why = parseArgument(reasonSchema, reason, 'reason');
    const now = txTime(ctx);
    const actor = await loadActor(ctx, getCaller(ctx));
    const authority = statusAuthority(actor, didMspId(subject), now.epochMillis);
    const identity = await readIdentity(ctx, subject);
    const updated = changeStatus(identity, next, { authority, by: actor.caller.did, reason: why, at: now.iso });
    await writeJson(ctx, identityKey(subject), updated);
    emitEvent(ctx, 'IdentityStatusChanged', {
      did: subject,
      from: identity.status,
      to: next,
      changedBy: actor.caller.did,
      authority,
      reason: why,
    });
    return canonicalJson(updated);
  }

  // --- credentials ---------------------------------------------------------------------------

  /** Issues a credential (`CredentialInput`); the issuer needs a role the issuer table allows. */
  @Transaction()
  @Returns('Credential')
  public async IssueCredential(ctx: Context, credJson: string): Promise<string> {
    const input = parseJsonArgument(credentialInputSchema, credJson, { name: 'credential' });
    const now = txTime(ctx);
    const expiresAt = parseExpiry(input.expiresAt, 'credential.expiresAt', now);
    const actor = await loadActor(ctx, getCaller(ctx));
    const role = issuingRole(actor.identity, input.type, now.epochMillis);
    if (input.subjectDid === actor.caller.did) {
      throw forbidden('an issuer cannot issue a credential about itself');
    }
    const key = credentialKey(input.id);
    if (await keyExists(ctx, key)) {
      throw alreadyExists(`credential '${input.id}' already exists`);
    }
    const subject = await readIdentity(ctx, input.subjectDid);
    if (subject.status !== 'active') {
      throw failedPrecondition(`identity ${subject.did} is ${subject.status}`);
    }
    const credential: Credential = {
      id: input.id,
      type: input.type,
      subjectDid: input.subjectDid,
      issuerDid: actor.caller.did,
      issuerRole: role,
      claimsHash: input.claimsHash,
      issuedAt: now.iso,
      expiresAt,
      status: 'active',
    };
    await writeJson(ctx, key, credential);
    emitEvent(ctx, 'CredentialIssued', {
      id: input.id,
      type: input.type,
      subjectDid: input.subjectDid,
      issuerDid: actor.caller.did,
      expiresAt,
    });
    return canonicalJson(credential);
  }

  /** Revokes credential `id`: its issuer or a regulator. */
  @Transaction()
  @Returns('Credential')
  public async RevokeCredential(ctx: Context, id: string, reason: string): Promise<string> {
    const credentialId = parseArgument(credentialIdSchema, id, 'id');
    const why = parseArgument(reasonSchema, reason, 'reason');
    const now = txTime(ctx);
    const actor = await loadActor(ctx, getCaller(ctx));
    const credential = await readJsonOrThrow<Credential>(
      ctx,
      credentialKey(credentialId),
      `credential '${credentialId}'`,
    );
    if (credential.issuerDid !== actor.caller.did && !isRegulator(actor, now.epochMillis)) {
      throw forbidden(`revoking credential '${credentialId}' requires its issuer or an active regulator role`);
    }
    const updated = revokeCredential(credential, actor.caller.did, why, now.iso);
    await writeJson(ctx, credentialKey(credentialId), updated);
    emitEvent(ctx, 'CredentialRevoked', { id: credentialId, revokedBy: actor.caller.did, reason: why });
    return canonicalJson(updated);
  }

  /** The credential record `id`; `NOT_FOUND` if unknown. */
  @Transaction(false)
  @Returns('Credential')
  public async GetCredential(ctx: Context, id: string): Promise<string> {
    const credentialId = parseArgument(credentialIdSchema, id, 'id');
    return canonicalJson(
      await readJsonOrThrow<Credential>(ctx, credentialKey(credentialId), `credential '${credentialId}'`),
    );
  }

  /** Checks credential `id` against `claimsHash` at the transaction time; `NOT_FOUND` if unknown. */
  @Transaction(false)
  @Returns('CredentialVerification')
  public async VerifyCredential(ctx: Context, id: string, claimsHash: string): Promise<string> {
    const credentialId = parseArgument(credentialIdSchema, id, 'id');
    const hash = parseArgument(sha256HexSchema, claimsHash, 'claimsHash');
    const credential = await readJsonOrThrow<Credential>(
      ctx,
      credentialKey(credentialId),
      `credential '${credentialId}'`,
    );
    return canonicalJson(verifyCredential(credential, hash, txTime(ctx)));
  }
}

/** The identity record of `did`, or `NOT_FOUND`. */
async function readIdentity(ctx: Context, did: string): Promise<Identity> {
  return readJsonOrThrow<Identity>(ctx, identityKey(did), `identity ${did}`);
}

/**
 * The acting caller with its identity record, if any. A caller whose own identity is suspended
 * or revoked may not act at all, not even by its admin certificate: otherwise a suspension
 * would not stop an admin.
 *
 * @throws ChaincodeError `FORBIDDEN` if the caller's identity exists and is not active
 */
async function loadActor(ctx: Context, caller: Caller): Promise<Actor> {
  const identity = await readJson<Identity>(ctx, identityKey(caller.did));
  if (identity !== undefined && identity.status !== 'active') {
    throw forbidden(`caller identity ${caller.did} is ${identity.status}`);
  }
  return { caller, identity };
}
