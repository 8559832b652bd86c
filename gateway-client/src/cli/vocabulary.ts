import type { Category, Classification } from '@ndi/chaincode-data-registry';
import type { CredentialType, IdentityKind, IdentityStatus, Role, Sector } from '@ndi/chaincode-identity';

// The chaincodes' enumerations, for `--help` and for commander's `choices`. Importing their runtime arrays would
// load the chaincode packages (and fabric-contract-api) into the CLI, so they are restated here; each is keyed by
// the chaincode's type, so a value added or removed there fails compilation here.

const keys = <T extends string>(record: Record<T, true>): readonly T[] => Object.keys(record) as T[];

/** Roles (`identity` chaincode). */
export const ROLES = keys<Role>({
  'data-provider': true,
  'data-consumer': true,
  regulator: true,
  valuer: true,
  'exchange-operator': true,
});

/** Identity kinds. */
export const IDENTITY_KINDS = keys<IdentityKind>({ person: true, organization: true, service: true });

/** Identity statuses. */
export const IDENTITY_STATUSES = keys<IdentityStatus>({ active: true, suspended: true, revoked: true });

/** Organization sectors. */
export const SECTORS = keys<Sector>({
  healthcare: true,
  finance: true,
  tax: true,
  'social-insurance': true,
  'civil-status': true,
  'property-rights': true,
  'transport-logistics': true,
  tourism: true,
  energy: true,
  manufacturing: true,
  government: true,
  other: true,
});

/** Credential types. */
export const CREDENTIAL_TYPES = keys<CredentialType>({
  'real-name-verified': true,
  'data-security-level': true,
  'valuation-license': true,
  'exchange-license': true,
  'data-quality': true,
});

/** Data asset categories (`data-registry` chaincode). */
export const CATEGORIES = keys<Category>({
  healthcare: true,
  finance: true,
  transport: true,
  tax: true,
  'social-insurance': true,
  'civil-status': true,
  property: true,
  tourism: true,
  energy: true,
  manufacturing: true,
  logistics: true,
});

/** Data classification tiers. */
export const CLASSIFICATIONS = keys<Classification>({ general: true, important: true, core: true });
