import type {
  ContactInput,
  Credential,
  CredentialInput,
  CredentialVerification,
  Identity,
  IdentityHistory,
  IdentityPage,
  IdentityProfileInput,
  IdentityStatus,
  Organization,
  OrganizationInput,
  PersonProfileInput,
  RealNameInput,
  Role,
} from '@ndi/chaincode-identity';
import {
  type CallOptions,
  type ChaincodeContract,
  ContractCaller,
  pageArguments,
  type PageRequest,
  type PrivateDataClientOptions,
  type Submitted,
  type TransientCallOptions,
  withPrivateEndorsers,
} from './typed-contract';

/** Transient fields of `RegisterOrganization`. */
export interface OrganizationTransient {
  /**
   * A contact person's details (personal data: only its salted hash goes on the public ledger). Seen by the
   * endorsing peers: those of the caller's organization and the regulator's only.
   */
  readonly contact?: ContactInput;
}

/**
 * Transient fields of `RegisterIdentity` (personal data, seen by the endorsing peers: those of the caller's
 * organization and the regulator's only).
 */
export interface IdentityTransient {
  /** A person's display name and salt; required for kind `person`, refused for the other kinds. */
  readonly person?: PersonProfileInput;
  /** Identity number and salt of an optional real-name commitment. */
  readonly realName?: RealNameInput;
}

/** Options of {@link IdentityClient.grantRole}. */
export interface GrantRoleOptions extends CallOptions {
  /** End of validity (exclusive), after the transaction time; omitted means no expiry. */
  readonly expiresAt?: string | Date;
}

/**
 * The `identity` chaincode, typed: one method per transaction function. Writes are submitted and retried per the
 * retry policy and resolve to {@link Submitted}; reads are evaluated and resolve to the parsed result. Business
 * refusals reject with the typed errors (`NotFoundError`, `ForbiddenError`, `AlreadyExistsError`, ...).
 *
 * @example
 * ```typescript
 * const identity = client.identity();
 * const { result: me } = await identity.registerIdentity(
 *     { kind: 'person' },
 *     { transient: { person: { displayName: 'Li Hua', salt }, realName: { idNumber, salt } } },
 * );
 * await identity.hasRole(me.did, 'data-provider'); // false until an admin grants it
 * ```
 */
export class IdentityClient {
  /** The chaincode's default name. */
  public static readonly CHAINCODE = 'identity';
  readonly #calls: ContractCaller;
  readonly #mspId: string | undefined;

  /**
   * @param contract - the `identity` chaincode, e.g. `ndiClient.contract('identity')`
   * @param options - retry policy and hook for every call; the caller's `mspId` (set by `NdiClient`) lets writes
   *   carrying personal details pick their endorsers
   */
  constructor(contract: ChaincodeContract, options?: PrivateDataClientOptions) {
    this.#calls = new ContractCaller(contract, options);
    this.#mspId = options?.mspId;
  }

  // --- organizations -------------------------------------------------------------------------

  /**
   * Registers the caller's organization (an admin of its MSP). `contact` goes to the org's implicit collection;
   * with it the write is endorsed by the caller's organization and the regulator only (the chaincode refuses
   * other peers), unless `endorsingOrganizations` is given.
   *
   * @param organization - name, credit code, sector
   * @param options - transient `contact`; call options
   */
  public registerOrganization(
    organization: OrganizationInput,
    options?: TransientCallOptions<OrganizationTransient>,
  ): Promise<Submitted<Organization>> {
    const call = withPrivateEndorsers(options, this.#mspId, options?.transient?.contact !== undefined);
    return this.#calls.submit('RegisterOrganization', [JSON.stringify(organization)], call);
  }

  /**
   * The organization of an MSP.
   *
   * @param mspId - the organization's MSP ID
   * @throws `NotFoundError` if it is not registered
   */
  public getOrganization(mspId: string, options?: CallOptions): Promise<Organization> {
    return this.#calls.evaluate('GetOrganization', [mspId], options);
  }

  // --- identities ----------------------------------------------------------------------------

  /**
   * Registers the caller's certificate as an identity (its DID is derived from the certificate). With `person` or
   * `realName` the write is endorsed by the caller's organization and the regulator only (the chaincode refuses
   * other peers), unless `endorsingOrganizations` is given.
   *
   * @param profile - kind, and display name for organizations and services
   * @param options - transient `person` (persons) and `realName`; call options
   * @throws `AlreadyExistsError` if the DID is registered
   */
  public registerIdentity(
    profile: IdentityProfileInput,
    options?: TransientCallOptions<IdentityTransient>,
  ): Promise<Submitted<Identity>> {
    const transient = options?.transient;
    const personal = transient?.person !== undefined || transient?.realName !== undefined;
    return this.#calls.submit(
      'RegisterIdentity',
      [JSON.stringify(profile)],
      withPrivateEndorsers(options, this.#mspId, personal),
    );
  }

  /**
   * An identity.
   *
   * @param did - its DID
   * @throws `NotFoundError` if it is not registered
   */
  public getIdentity(did: string, options?: CallOptions): Promise<Identity> {
    return this.#calls.evaluate('GetIdentity', [did], options);
  }

  /**
   * The caller's own identity.
   *
   * @throws `NotFoundError` (naming the caller's DID) if it is not registered
   */
  public whoAmI(options?: CallOptions): Promise<Identity> {
    return this.#calls.evaluate('WhoAmI', [], options);
  }

  /**
   * One page of the identities of an organization, in DID order.
   *
   * @param mspId - the organization's MSP ID
   * @param page - page size and the previous page's bookmark
   */
  public listIdentities(mspId: string, page?: PageRequest, options?: CallOptions): Promise<IdentityPage> {
    return this.#calls.evaluate('ListIdentities', [mspId, ...pageArguments(page)], options);
  }

  /**
   * Versions of an identity record, newest first (at most 100): its audit trail.
   *
   * @param did - its DID
   * @throws `NotFoundError` if it is not registered
   */
  public getIdentityHistory(did: string, options?: CallOptions): Promise<IdentityHistory> {
    return this.#calls.evaluate('GetIdentityHistory', [did], options);
  }

  /**
   * Whether an identity's real-name commitment matches an identity number and salt (sent as transient data). The
   * chaincode answers only on peers of the caller's organization and the regulator's; the gateway evaluates on its
   * own organization's peers, so pass `endorsingOrganizations` only if the gateway peer is of another organization.
   *
   * @param did - the identity
   * @param options - transient `realName` (required); call options
   * @returns `false` also if the identity made no commitment
   */
  public verifyRealName(
    did: string,
    options: CallOptions & { readonly transient: { readonly realName: RealNameInput } },
  ): Promise<boolean> {
    return this.#calls.evaluate('VerifyRealName', [did], options);
  }

  // --- roles and status ----------------------------------------------------------------------

  /**
   * Grants (or renews) a role.
   *
   * @param did - the identity
   * @param role - the role
   * @param options - `expiresAt`; call options
   */
  public grantRole(did: string, role: Role, options: GrantRoleOptions = {}): Promise<Submitted<Identity>> {
    const { expiresAt, ...call } = options;
    const expiry = expiresAt instanceof Date ? expiresAt.toISOString() : (expiresAt ?? '');
    return this.#calls.submit('GrantRole', [did, role, expiry], call);
  }

  /**
   * Revokes a role.
   *
   * @param did - the identity
   * @param role - the role
   * @param reason - public reason (no personal data)
   * @throws `NotFoundError` if the role is not held
   */
  public revokeRole(did: string, role: Role, reason: string, options?: CallOptions): Promise<Submitted<Identity>> {
    return this.#calls.submit('RevokeRole', [did, role, reason], options);
  }

  /**
   * Whether an identity is registered, active and holds the role unexpired.
   *
   * @param did - the identity
   * @param role - the role
   * @returns `false` (not `NotFoundError`) for an unregistered DID
   */
  public hasRole(did: string, role: Role, options?: CallOptions): Promise<boolean> {
    return this.#calls.evaluate('HasRole', [did, role], options);
  }

  /**
   * Sets an identity `active`, `suspended` or `revoked` (final).
   *
   * @param did - the identity
   * @param status - the new status
   * @param reason - public reason (no personal data)
   */
  public setIdentityStatus(
    did: string,
    status: IdentityStatus,
    reason: string,
    options?: CallOptions,
  ): Promise<Submitted<Identity>> {
    return this.#calls.submit('SetIdentityStatus', [did, status, reason], options);
  }

  // --- credentials ---------------------------------------------------------------------------

  /**
   * Issues a credential about another identity.
   *
   * @param credential - ID, subject, type, claims hash, optional expiry
   * @throws `AlreadyExistsError` if the ID is taken
   */
  public issueCredential(credential: CredentialInput, options?: CallOptions): Promise<Submitted<Credential>> {
    return this.#calls.submit('IssueCredential', [JSON.stringify(credential)], options);
  }

  /**
   * Revokes a credential (its issuer or a regulator).
   *
   * @param id - the credential
   * @param reason - public reason (no personal data)
   */
  public revokeCredential(id: string, reason: string, options?: CallOptions): Promise<Submitted<Credential>> {
    return this.#calls.submit('RevokeCredential', [id, reason], options);
  }

  /**
   * A credential.
   *
   * @param id - the credential
   * @throws `NotFoundError` if unknown
   */
  public getCredential(id: string, options?: CallOptions): Promise<Credential> {
    return this.#calls.evaluate('GetCredential', [id], options);
  }

  /**
   * Checks a credential against the hash of a claims document, at the transaction time.
   *
   * @param id - the credential
   * @param claimsHash - SHA-256 (hex) of the claims document
   */
  public verifyCredential(id: string, claimsHash: string, options?: CallOptions): Promise<CredentialVerification> {
    return this.#calls.evaluate('VerifyCredential', [id, claimsHash], options);
  }
}
