import type {
  ContactInput,
  Credential,
  CredentialInput,
  CredentialVerification,
  Identity,
  IdentityDetailsReceipt,
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
} from './typed-contract';
import { InvalidArgumentError } from './errors';
import { afterPrivateWrite, privateStep } from './private-writes';

/**
 * Private details of `registerOrganization`: stored first by `StoreIdentityDetails`, endorsed by peers of the
 * caller's organization alone, then named by hash.
 */
export interface OrganizationTransient {
  /** A contact person's details (personal data: only its salted hash goes on the public ledger). */
  readonly contact?: ContactInput;
}

/**
 * Private details of `registerIdentity` (personal data): stored first by `StoreIdentityDetails`, endorsed by peers
 * of the caller's organization alone, then named by hash.
 */
export interface IdentityTransient {
  /** A person's display name and salt; required for kind `person`, refused for the other kinds. */
  readonly person?: PersonProfileInput;
  /** Identity number and salt of an optional real-name commitment. */
  readonly realName?: RealNameInput;
}

/** What `StoreIdentityDetails` takes: any of the personal details, at least one. */
export type IdentityDetails = OrganizationTransient & IdentityTransient;

/** What a registration with personal details committed: the record, and the details stored first. */
export type RegistrationSubmitted<T> = Submitted<T> & {
  /** `StoreIdentityDetails`, when personal details were sent. */
  readonly details?: Submitted<IdentityDetailsReceipt>;
};

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
 * // Two transactions: the personal details (endorsed by the caller's organization alone), then the record.
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
   * Stores personal details in the caller organization's implicit collection, and nothing public: endorsed by the
   * caller's organization alone (unless `endorsingOrganizations` says otherwise), so no other organization's peer
   * sees them. The receipt's hashes are what `registerOrganization` / `registerIdentity` name; both call this
   * themselves when given the details.
   *
   * @param details - `contact` (admins only), `person`, `realName`: at least one
   * @throws `ForbiddenError` for a contact sent by a non-admin
   */
  public storeIdentityDetails(
    details: IdentityDetails,
    options: CallOptions = {},
  ): Promise<Submitted<IdentityDetailsReceipt>> {
    const endorsers = options.endorsingOrganizations ?? (this.#mspId === undefined ? undefined : [this.#mspId]);
    return this.#calls.submit('StoreIdentityDetails', [], {
      ...options,
      ...(endorsers && { endorsingOrganizations: endorsers }),
      transient: details,
    });
  }

  /**
   * Registers the caller's organization (an admin of its MSP). With `contact` it stores that first
   * ({@link IdentityClient.storeIdentityDetails}) and registers the record naming it (`contactHash`).
   *
   * @param organization - name, credit code, sector
   * @param options - `contact`; call options of the public write (the private step goes to the caller's
   *   organization alone)
   */
  public registerOrganization(
    organization: OrganizationInput,
    options?: TransientCallOptions<OrganizationTransient>,
  ): Promise<RegistrationSubmitted<Organization>> {
    const { transient, ...call } = options ?? {};
    return this.#withDetails(transient?.contact && { contact: transient.contact }, call, (publicCall, receipt) =>
      this.#calls.submit<Organization>(
        'RegisterOrganization',
        [JSON.stringify(receipt ? { ...organization, contactHash: receipt.contactHash } : organization)],
        publicCall,
      ),
    );
  }

  /** Stores the details, if any, then runs the public write naming them. */
  async #withDetails<T>(
    details: IdentityDetails | undefined,
    call: CallOptions,
    write: (call: CallOptions, receipt?: IdentityDetailsReceipt) => Promise<Submitted<T>>,
  ): Promise<RegistrationSubmitted<T>> {
    if (details === undefined) {
      return write(call);
    }
    // The private step goes to the caller's organization alone; the call's options are the public write's.
    const stored = await this.storeIdentityDetails(details, privateStep(call));
    const submitted = await afterPrivateWrite(() => write(call, stored.result), /: no such record in /);
    return { ...submitted, details: stored };
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
   * Registers the caller's certificate as an identity (its DID is derived from the certificate). With `person`
   * (persons) or `realName` it stores those first ({@link IdentityClient.storeIdentityDetails}) and registers the
   * record naming them (`displayNameHash`, `realNameCommitment`).
   *
   * @param profile - kind, and display name for organizations and services
   * @param options - `person` (persons) and `realName`; call options of the public write (the private step goes
   *   to the caller's organization alone)
   * @throws `AlreadyExistsError` if the DID is registered
   */
  public registerIdentity(
    profile: IdentityProfileInput,
    options?: TransientCallOptions<IdentityTransient>,
  ): Promise<RegistrationSubmitted<Identity>> {
    const { transient, ...call } = options ?? {};
    // Refused here, before the details are stored, rather than by the registration after.
    if (transient?.person !== undefined && profile.kind !== 'person') {
      return Promise.reject(
        new InvalidArgumentError(`transient.person: only identities of kind person send it, not ${profile.kind}`),
      );
    }
    const details =
      transient?.person === undefined && transient?.realName === undefined
        ? undefined
        : {
            ...(transient.person !== undefined && { person: transient.person }),
            ...(transient.realName !== undefined && { realName: transient.realName }),
          };
    return this.#withDetails(details, call, (publicCall, receipt) =>
      this.#calls.submit<Identity>(
        'RegisterIdentity',
        [
          JSON.stringify({
            ...profile,
            ...(receipt?.displayNameHash !== undefined && { displayNameHash: receipt.displayNameHash }),
            ...(receipt?.realNameCommitment !== undefined && { realNameCommitment: receipt.realNameCommitment }),
          }),
        ],
        publicCall,
      ),
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
