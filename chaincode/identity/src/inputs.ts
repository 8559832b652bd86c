import { z } from 'zod';
import {
  boundedString,
  boundedText,
  didSchema,
  idSchema,
  isoTimestampSchema,
  sha256HexSchema,
} from '@ndi/chaincode-common';
import { creditCodeProblem } from './credit-code';
import {
  CREDENTIAL_TYPES,
  IDENTITY_STATUSES,
  ROLES,
  SECTORS,
  type ContactInput,
  type CredentialInput,
  type IdentityProfileInput,
  type OrganizationInput,
  type PersonProfileInput,
  type RealNameInput,
} from './model';

/**
 * Validation of every argument and transient field, as zod schemas. Strict objects: a misspelt
 * field is refused, never silently dropped.
 */

/** Longest display name or organization name. */
export const MAX_NAME_LENGTH = 128;
/** Longest reason text of a revocation or status change. */
export const MAX_REASON_LENGTH = 500;

/** Client-chosen salt of a commitment or private-record hash: enough entropy to defeat guessing. */
export const saltSchema = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9+/=_-]+$/, 'must contain only letters, digits, "+", "/", "=", "_" and "-"');

/** Unified social credit code with a valid check character. */
export const creditCodeSchema = z.string().superRefine((code, ctx) => {
  const problem = creditCodeProblem(code);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: problem });
  }
});

/** `RegisterOrganization` argument. `contact` is named only to point the client at the transient field. */
export const organizationInputSchema = z.strictObject({
  name: boundedString(MAX_NAME_LENGTH),
  creditCode: creditCodeSchema,
  sector: z.enum(SECTORS),
  contactHash: sha256HexSchema.optional(),
  contact: z
    .never({
      error:
        'personal data: store contact details with StoreIdentityDetails (transient contact) and name them by contactHash',
    })
    .optional(),
}) satisfies z.ZodType<OrganizationInput>;

/** Transient `contact` of `StoreIdentityDetails`. */
export const contactInputSchema = z
  .strictObject({
    name: boundedString(MAX_NAME_LENGTH).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{2,31}$/, 'must be digits with optional "+", spaces and dashes (3..32 characters)')
      .optional(),
    email: z.email().max(254).optional(),
    salt: saltSchema,
  })
  .refine((c) => c.name !== undefined || c.phone !== undefined || c.email !== undefined, {
    message: 'needs at least one of name, phone, email',
  }) satisfies z.ZodType<ContactInput>;

const publicProfileSchema = z.strictObject({
  kind: z.enum(['organization', 'service']),
  displayName: boundedString(MAX_NAME_LENGTH),
  realNameCommitment: sha256HexSchema.optional(),
});
const personProfileSchema = z.strictObject({
  kind: z.literal('person'),
  displayName: z
    .never({
      error:
        "personal data: store a person's display name with StoreIdentityDetails (transient person) and name it by displayNameHash",
    })
    .optional(),
  displayNameHash: sha256HexSchema,
  realNameCommitment: sha256HexSchema.optional(),
});

/** `RegisterIdentity` argument. */
export const identityProfileSchema = z.discriminatedUnion('kind', [
  personProfileSchema,
  publicProfileSchema,
]) satisfies z.ZodType<IdentityProfileInput>;

/** Transient `person` of `StoreIdentityDetails`. */
export const personProfileInputSchema = z.strictObject({
  displayName: boundedString(MAX_NAME_LENGTH),
  salt: saltSchema,
}) satisfies z.ZodType<PersonProfileInput>;

/** Transient `realName` of `StoreIdentityDetails` and `VerifyRealName`. */
export const realNameInputSchema = z.strictObject({
  idNumber: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'must contain only letters, digits and "-"'),
  salt: saltSchema,
}) satisfies z.ZodType<RealNameInput>;

/** `IssueCredential` argument (expiry checked against the transaction time separately). */
export const credentialInputSchema = z.strictObject({
  id: idSchema,
  subjectDid: didSchema,
  type: z.enum(CREDENTIAL_TYPES),
  claimsHash: sha256HexSchema,
  expiresAt: isoTimestampSchema.optional(),
}) satisfies z.ZodType<CredentialInput>;

/** A role name. */
export const roleSchema = z.enum(ROLES);
/** An identity status. */
export const statusSchema = z.enum(IDENTITY_STATUSES);
/** Reason text of a revocation or status change. */
export const reasonSchema = boundedText(MAX_REASON_LENGTH);
/** A credential ID (kernel ID alphabet: no key delimiters, no control characters). */
export const credentialIdSchema = idSchema;
