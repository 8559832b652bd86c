import { Object as FabricObject, Property } from 'fabric-contract-api';

/**
 * The records and results of the identity chaincode. The classes double as TypeScript types for
 * the gateway client (one source of truth) and, through `@Object`/`@Property`, as the schemas
 * `org.hyperledger.fabric:GetMetadata` publishes. They are never instantiated: records are plain
 * objects written as canonical JSON by the kernel.
 */

/** MSP whose admins bootstrap the `regulator` role and whose identities alone may hold it. */
export { REGULATOR_MSP } from '@ndi/chaincode-common';

/** Roles an identity can hold; see `roles.ts` for who grants which. */
export const ROLES = ['data-provider', 'data-consumer', 'regulator', 'valuer', 'exchange-operator'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** What an identity stands for. */
export const IDENTITY_KINDS = ['person', 'organization', 'service'] as const;
/** One of {@link IDENTITY_KINDS}. */
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Lifecycle of an identity; `revoked` is final. */
export const IDENTITY_STATUSES = ['active', 'suspended', 'revoked'] as const;
/** One of {@link IDENTITY_STATUSES}. */
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

/** Who last changed an identity's status: a regulator, or an admin of the identity's own org. */
export type StatusAuthority = 'regulator' | 'org-admin';

/** Sectors an organization can declare (the ones the national plans name, plus catch-alls). */
export const SECTORS = [
  'healthcare',
  'finance',
  'tax',
  'social-insurance',
  'civil-status',
  'property-rights',
  'transport-logistics',
  'tourism',
  'energy',
  'manufacturing',
  'government',
  'other',
] as const;
/** One of {@link SECTORS}. */
export type Sector = (typeof SECTORS)[number];

/** Credential types; `credentials.ts` fixes which role may issue which. */
export const CREDENTIAL_TYPES = [
  'real-name-verified',
  'data-security-level',
  'valuation-license',
  'exchange-license',
  'data-quality',
] as const;
/** One of {@link CREDENTIAL_TYPES}. */
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** Outcome of `VerifyCredential`. */
export const VERIFICATION_RESULTS = ['valid', 'revoked', 'expired', 'mismatch'] as const;
/** One of {@link VERIFICATION_RESULTS}. */
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

// --- inputs ----------------------------------------------------------------------------------

/** Argument of `RegisterOrganization`. */
export interface OrganizationInput {
  /** Registered name of the organization (public: organizations are not persons). */
  name: string;
  /** 18-character unified social credit code. */
  creditCode: string;
  /** Main sector. */
  sector: Sector;
  /** The contact stored before by `StoreIdentityDetails`, named by its hash (the receipt's `contactHash`). */
  contactHash?: string;
}

/** Transient field `contact` of `StoreIdentityDetails`: a contact person's details (PII). */
export interface ContactInput {
  /** Contact person's name. */
  name?: string;
  /** Phone number, digits with optional `+`, spaces and dashes. */
  phone?: string;
  /** E-mail address. */
  email?: string;
  /** 16..128 characters of `[A-Za-z0-9+/=_-]` chosen by the client, so the public hash cannot be guessed. */
  salt: string;
}

/** Argument of `RegisterIdentity`. A person's name never goes here (arguments are kept in blocks). */
export interface IdentityProfileInput {
  /** What the identity stands for. */
  kind: IdentityKind;
  /** Public display name; required for organizations and services, refused for persons. */
  displayName?: string;
  /** A person's display name stored before by `StoreIdentityDetails`, by its hash: required for persons only. */
  displayNameHash?: string;
  /** A real-name commitment stored before by `StoreIdentityDetails` (the receipt's `realNameCommitment`). */
  realNameCommitment?: string;
}

/** Transient field `person` of `StoreIdentityDetails` (for identities of kind `person`). */
export interface PersonProfileInput {
  /** The person's display name. */
  displayName: string;
  /** 16..128 characters of `[A-Za-z0-9+/=_-]`, so the public hash cannot be guessed. */
  salt: string;
}

/** Transient field `realName` of `StoreIdentityDetails` and `VerifyRealName`. */
export interface RealNameInput {
  /** Identity document number, 1..64 of `[A-Za-z0-9-]`, exactly as it will be verified. */
  idNumber: string;
  /** 16..128 characters of `[A-Za-z0-9+/=_-]`, kept by the holder. */
  salt: string;
}

/** Argument of `IssueCredential`. */
export interface CredentialInput {
  /** Credential ID (kernel ID alphabet). */
  id: string;
  /** DID of the identity the credential is about. */
  subjectDid: string;
  /** Credential type. */
  type: CredentialType;
  /** SHA-256 (hex) of the off-chain claims document. */
  claimsHash: string;
  /** Optional expiry, ISO-8601, after the transaction time. */
  expiresAt?: string;
}

// --- private records -------------------------------------------------------------------------

/** Value in the org's implicit collection under `personProfile`; its SHA-256 is `Identity.displayNameHash`. */
export interface PersonProfileRecord {
  /** The identity it belongs to. */
  did: string;
  /** The person's display name. */
  displayName: string;
  /** The client's salt. */
  salt: string;
}

/** Value in the org's implicit collection under `organizationContact`; its SHA-256 is `Organization.contactHash`. */
export interface ContactRecord extends ContactInput {
  /** The organization it belongs to. */
  mspId: string;
}

/** Private record binding a real-name commitment to its identity (in the org's implicit collection). */
export interface RealNameRecord {
  /** The identity it belongs to. */
  did: string;
  /** The salted commitment computed from the transient `realName`. */
  realNameCommitment: string;
}

// --- public records and results -------------------------------------------------------------

/**
 * What `StoreIdentityDetails` returns (and its event `IdentityDetailsStored` carries): the hashes to name in
 * `RegisterOrganization` (`contactHash`) and `RegisterIdentity` (`displayNameHash`, `realNameCommitment`). No
 * personal data: only the organization, the DID and hashes.
 */
@FabricObject()
export class IdentityDetailsReceipt {
  /** The caller's organization, whose implicit collection holds the records. */
  @Property('mspId', 'string')
  mspId!: string;
  /** The caller's DID (the identity the person profile and real-name records belong to). */
  @Property('did', 'string')
  did!: string;
  /** The collection, `_implicit_org_<mspId>`. */
  @Property('collection', 'string')
  collection!: string;
  /** Hash of the stored `ContactRecord`, when `contact` was sent. */
  @Property('contactHash', 'string')
  contactHash?: string;
  /** Hash of the stored `PersonProfileRecord`, when `person` was sent. */
  @Property('displayNameHash', 'string')
  displayNameHash?: string;
  /** The real-name commitment, when `realName` was sent. */
  @Property('realNameCommitment', 'string')
  realNameCommitment?: string;
  /** Transaction time. */
  @Property('storedAt', 'string')
  storedAt!: string;
}

/** One role held by an identity. */
@FabricObject()
export class RoleGrant {
  /** The role. */
  @Property('role', 'string')
  role!: Role;
  /** DID of the granting certificate (an admin need not be a registered identity). */
  @Property('grantedBy', 'string')
  grantedBy!: string;
  /** MSP of the granter. */
  @Property('grantedByMsp', 'string')
  grantedByMsp!: string;
  /** Transaction time of the grant. */
  @Property('grantedAt', 'string')
  grantedAt!: string;
  /** End of validity (exclusive), if any. */
  @Property('expiresAt', 'string')
  expiresAt?: string;
}

/** The public record of an identity, keyed by its DID. Carries no personal data. */
@FabricObject()
export class Identity {
  /** `did:ndi:<mspId>:<32 hex>`, derived from the MSP and the certificate's subject and issuer. */
  @Property('did', 'string')
  did!: string;
  /** MSP of the certificate. */
  @Property('mspId', 'string')
  mspId!: string;
  /** What the identity stands for. */
  @Property('kind', 'string')
  kind!: IdentityKind;
  /** Display name of an organization or service; absent for persons. */
  @Property('displayName', 'string')
  displayName?: string;
  /** Persons only: SHA-256 of the private profile record (canonical JSON), as the peers' private data hash. */
  @Property('displayNameHash', 'string')
  displayNameHash?: string;
  /** `sha256(salt + ":" + idNumber)`, if a real-name commitment was made. */
  @Property('realNameCommitment', 'string')
  realNameCommitment?: string;
  /** Lifecycle status. */
  @Property('status', 'string')
  status!: IdentityStatus;
  /** Reason given for the last status change. */
  @Property('statusReason', 'string')
  statusReason?: string;
  /** When the status last changed. */
  @Property('statusChangedAt', 'string')
  statusChangedAt?: string;
  /** DID of whoever last changed the status. */
  @Property('statusChangedBy', 'string')
  statusChangedBy?: string;
  /** In which capacity the status was last changed. */
  @Property('statusAuthority', 'string')
  statusAuthority?: StatusAuthority;
  /** Roles, sorted by name; a role counts only while the identity is active and the grant unexpired. */
  @Property('roles', 'RoleGrant[]')
  roles!: RoleGrant[];
  /** Registration time. */
  @Property('registeredAt', 'string')
  registeredAt!: string;
  /** Time of the last change. */
  @Property('updatedAt', 'string')
  updatedAt!: string;
}

/** The public record of an organization (one per MSP). */
@FabricObject()
export class Organization {
  /** The organization's MSP. */
  @Property('mspId', 'string')
  mspId!: string;
  /** Registered name. */
  @Property('name', 'string')
  name!: string;
  /** Unified social credit code. */
  @Property('creditCode', 'string')
  creditCode!: string;
  /** Main sector. */
  @Property('sector', 'string')
  sector!: Sector;
  /** SHA-256 of the private contact record, if contact details were given. */
  @Property('contactHash', 'string')
  contactHash?: string;
  /** DID of the registering admin. */
  @Property('registeredBy', 'string')
  registeredBy!: string;
  /** Registration time. */
  @Property('registeredAt', 'string')
  registeredAt!: string;
}

/** An attestation about an identity. The claims stay off-chain; only their hash is here. */
@FabricObject()
export class Credential {
  /** Credential ID. */
  @Property('id', 'string')
  id!: string;
  /** Credential type. */
  @Property('type', 'string')
  type!: CredentialType;
  /** DID the credential is about. */
  @Property('subjectDid', 'string')
  subjectDid!: string;
  /** DID of the issuer. */
  @Property('issuerDid', 'string')
  issuerDid!: string;
  /** The role in which the issuer acted. */
  @Property('issuerRole', 'string')
  issuerRole!: Role;
  /** SHA-256 of the claims document. */
  @Property('claimsHash', 'string')
  claimsHash!: string;
  /** Issue time. */
  @Property('issuedAt', 'string')
  issuedAt!: string;
  /** End of validity (exclusive), if any. */
  @Property('expiresAt', 'string')
  expiresAt?: string;
  /** `active` until revoked. */
  @Property('status', 'string')
  status!: 'active' | 'revoked';
  /** Revocation time. */
  @Property('revokedAt', 'string')
  revokedAt?: string;
  /** DID of the revoker. */
  @Property('revokedBy', 'string')
  revokedBy?: string;
  /** Reason given for the revocation. */
  @Property('revocationReason', 'string')
  revocationReason?: string;
}

/** Answer of `VerifyCredential`. */
@FabricObject()
export class CredentialVerification {
  /** `revoked` wins over `expired`, which wins over `mismatch`. */
  @Property('result', 'string')
  result!: VerificationResult;
  /** Credential ID. */
  @Property('id', 'string')
  id!: string;
  /** Credential type. */
  @Property('type', 'string')
  type!: CredentialType;
  /** DID the credential is about. */
  @Property('subjectDid', 'string')
  subjectDid!: string;
  /** DID of the issuer. */
  @Property('issuerDid', 'string')
  issuerDid!: string;
  /** Issue time. */
  @Property('issuedAt', 'string')
  issuedAt!: string;
  /** End of validity, if any. */
  @Property('expiresAt', 'string')
  expiresAt?: string;
  /** Revocation time, if revoked. */
  @Property('revokedAt', 'string')
  revokedAt?: string;
  /** Transaction time the answer refers to. */
  @Property('checkedAt', 'string')
  checkedAt!: string;
}

/** One page of `ListIdentities`. */
@FabricObject()
export class IdentityPage {
  /** Identities in key (DID) order. */
  @Property('items', 'Identity[]')
  items!: Identity[];
  /** Pass to the next call; `''` after the last page. */
  @Property('bookmark', 'string')
  bookmark!: string;
  /** Records on this page. */
  @Property('fetchedCount', 'number')
  fetchedCount!: number;
}

/** One version of an identity record, from `GetIdentityHistory`. */
@FabricObject()
export class IdentityHistoryEntry {
  /** The transaction that wrote it. */
  @Property('txId', 'string')
  txId!: string;
  /** Its time. */
  @Property('timestamp', 'string')
  timestamp!: string;
  /** Whether it deleted the record (the chaincode never does). */
  @Property('isDelete', 'boolean')
  isDelete!: boolean;
  /** The record as written. */
  @Property('value', 'Identity')
  value?: Identity;
}

/** Answer of `GetIdentityHistory`: newest first, at most `HISTORY_LIMIT` entries. */
@FabricObject()
export class IdentityHistory {
  /** The versions, newest first. */
  @Property('entries', 'IdentityHistoryEntry[]')
  entries!: IdentityHistoryEntry[];
  /** Whether older versions were left out. */
  @Property('truncated', 'boolean')
  truncated!: boolean;
}
