import { z } from 'zod';
import {
  boundedString,
  boundedText,
  decimalIntegerSchema,
  didSchema,
  idSchema,
  isoTimestampSchema,
  mspIdSchema,
  sha256HexSchema,
} from '@ndi/chaincode-common';
import { CATEGORIES, CLASSIFICATIONS } from './model';

/**
 * Input schemas of the data registry. All objects are strict, so a misspelt field is refused
 * instead of being silently dropped. Limits keep records small: the ledger holds millions of
 * them, and a record is re-read by every lineage walk and listing.
 */

/** Longest title. */
export const MAX_TITLE_LENGTH = 200;
/** Longest description. */
export const MAX_DESCRIPTION_LENGTH = 2000;
/** Longest format name. */
export const MAX_FORMAT_LENGTH = 100;
/** Longest storage URI. */
export const MAX_STORAGE_URI_LENGTH = 1024;
/** Most parents an asset may declare. */
export const MAX_DERIVED_FROM = 16;
/** Most purposes in a policy or grant. */
export const MAX_PURPOSES = 20;
/** Most organizations in `policy.allowedMsps`. */
export const MAX_ALLOWED_MSPS = 50;
/** Longest retirement reason. */
export const MAX_REASON_LENGTH = 500;
/** Cap on the raw JSON of the transient private metadata. */
export const MAX_PRIVATE_METADATA_LENGTH = 16 * 1024;

/** A purpose: a kebab-case identifier such as `credit-scoring`. */
export const purposeSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase kebab-case identifier')
  .max(64);

/** A URI with a scheme and no whitespace or control characters, e.g. `s3://bucket/key`. */
export const storageUriSchema = z
  .string()
  .max(MAX_STORAGE_URI_LENGTH)
  // eslint-disable-next-line no-control-regex
  .regex(/^[a-z][a-z0-9+.-]*:[^\s\u0000-\u001f\u007f-\u009f]+$/, 'must be a URI with a scheme and no whitespace');

/** A timestamp argument, normalized to ISO-8601 UTC with milliseconds. */
export const timestampSchema = isoTimestampSchema.transform((value) => new Date(value).toISOString());

function unique<T extends z.ZodType>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .refine((values) => new Set(values).size === values.length, 'must not contain duplicates');
}

/** The usage policy as submitted. */
export const usagePolicySchema = z.strictObject({
  purposes: unique(purposeSchema, 1, MAX_PURPOSES),
  allowedMsps: unique(mspIdSchema, 1, MAX_ALLOWED_MSPS).optional(),
  expiresAt: timestampSchema.optional(),
  tradable: z.boolean(),
  crossBorder: z.boolean(),
});

/** `RegisterDataAsset` argument. */
export const registerAssetSchema = z.strictObject({
  id: idSchema,
  title: boundedString(MAX_TITLE_LENGTH),
  description: boundedText(MAX_DESCRIPTION_LENGTH).optional(),
  category: z.enum(CATEGORIES),
  classification: z.enum(CLASSIFICATIONS),
  contentHash: sha256HexSchema,
  sizeBytes: decimalIntegerSchema,
  format: boundedString(MAX_FORMAT_LENGTH),
  storageUri: storageUriSchema,
  derivedFrom: unique(idSchema, 0, MAX_DERIVED_FROM).optional(),
  policy: usagePolicySchema,
  privateMetadataHash: sha256HexSchema.optional(),
});

/** Validated `RegisterDataAsset` argument. */
export type RegisterAssetInput = z.output<typeof registerAssetSchema>;

/**
 * `UpdateDataAsset` patch. Category, classification, lineage and owner are not patchable: they
 * are what certificates, valuations and audits refer to. `sizeBytes` and `format` describe
 * content, so they change only together with a new `contentHash`.
 */
export const assetPatchSchema = z
  .strictObject({
    title: boundedString(MAX_TITLE_LENGTH).optional(),
    description: boundedText(MAX_DESCRIPTION_LENGTH).optional(),
    contentHash: sha256HexSchema.optional(),
    sizeBytes: decimalIntegerSchema.optional(),
    format: boundedString(MAX_FORMAT_LENGTH).optional(),
    storageUri: storageUriSchema.optional(),
    policy: usagePolicySchema.optional(),
    privateMetadataHash: sha256HexSchema.optional(),
  })
  .superRefine((patch, ctx) => {
    for (const field of ['sizeBytes', 'format'] as const) {
      if (patch[field] !== undefined && patch.contentHash === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'may only change together with contentHash' });
      }
    }
  });

/** Validated `UpdateDataAsset` patch. */
export type AssetPatch = z.output<typeof assetPatchSchema>;

/** `GrantAccess` argument: exactly one of `granteeDid`, `granteeMsp`. */
export const grantSchema = z
  .strictObject({
    grantId: idSchema,
    granteeDid: didSchema.optional(),
    granteeMsp: mspIdSchema.optional(),
    purposes: unique(purposeSchema, 1, MAX_PURPOSES),
    expiresAt: timestampSchema,
  })
  .refine((g) => (g.granteeDid === undefined) !== (g.granteeMsp === undefined), {
    message: 'exactly one of granteeDid and granteeMsp is required',
    path: ['granteeDid'],
  });

/** Validated `GrantAccess` argument. */
export type GrantInput = z.output<typeof grantSchema>;

/**
 * `GrantAccessForTrade` argument: a grant to the buyer's DID (never to a whole organization),
 * naming the trade it settles.
 */
export const tradeGrantSchema = z.strictObject({
  grantId: idSchema,
  granteeDid: didSchema,
  purposes: unique(purposeSchema, 1, MAX_PURPOSES),
  expiresAt: timestampSchema,
  tradeId: idSchema,
});

/** Validated `GrantAccessForTrade` argument. */
export type TradeGrantInput = z.output<typeof tradeGrantSchema>;

/** `ListDataAssets` filter: exactly one of `ownerDid`, `category`. */
export const assetFilterSchema = z
  .strictObject({ ownerDid: didSchema.optional(), category: z.enum(CATEGORIES).optional() })
  .refine((f) => (f.ownerDid === undefined) !== (f.category === undefined), {
    message: 'exactly one of ownerDid and category is required',
  });

/** Private metadata (transient field `privateMetadata`): a non-empty JSON object. */
export const privateMetadataSchema = z
  .record(boundedString(64), z.json())
  .refine((value) => Object.keys(value).length > 0, 'must not be empty');

/** Retirement reason: public text, so it must not carry personal data. */
export const reasonSchema = boundedText(MAX_REASON_LENGTH);
