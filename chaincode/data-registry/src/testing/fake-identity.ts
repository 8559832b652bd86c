import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import {
  canonicalJson,
  compositeKey,
  didSchema,
  emitEvent,
  mspIdSchema,
  parseJsonArgument,
  readJson,
  readJsonOrThrow,
  writeJson,
} from '@ndi/chaincode-common';

/**
 * A stand-in for the `identity` chaincode in unit tests: the two reads the data registry makes
 * (`HasRole`, `GetIdentity`) over records that a test seeds directly with `Seed`. Test-only: it
 * lives under `testing/`, which chaincode packages never ship.
 */

/** A seeded identity. */
export interface FakeIdentityRecord {
  /** The DID. */
  did: string;
  /** Its organization. */
  mspId: string;
  /** `organization` or `person`. */
  kind: string;
  /** Lifecycle state. */
  status: 'active' | 'suspended' | 'revoked';
  /** Roles currently held (no expiry modelled). */
  roles: string[];
}

const recordSchema = z.strictObject({
  did: didSchema,
  mspId: mspIdSchema,
  kind: z.string().default('person'),
  status: z.enum(['active', 'suspended', 'revoked']).default('active'),
  roles: z.array(z.string()).default([]),
});

const identityKey = (did: string): string => compositeKey('identity', [did]);

/** The fake identity chaincode; deploy it as `identity`. */
@Info({ title: 'identity', description: 'test double of the identity chaincode' })
export class FakeIdentityContract extends Contract {
  constructor() {
    super('identity');
  }

  /** Creates or replaces an identity record (test seeding, no access control). */
  @Transaction()
  public async Seed(ctx: Context, recordJson: string): Promise<void> {
    const record = parseJsonArgument(recordSchema, recordJson, { name: 'record' });
    await writeJson(ctx, identityKey(record.did), record);
    emitEvent(ctx, 'IdentitySeeded', { did: record.did });
  }

  /** `true` if the identity is active and holds the role. */
  @Transaction(false)
  @Returns('string')
  public async HasRole(ctx: Context, did: string, role: string): Promise<string> {
    const record = await readJson<FakeIdentityRecord>(ctx, identityKey(did));
    return canonicalJson(record?.status === 'active' && record.roles.includes(role));
  }

  /** The record; `NOT_FOUND` for unknown DIDs. */
  @Transaction(false)
  @Returns('string')
  public async GetIdentity(ctx: Context, did: string): Promise<string> {
    return canonicalJson(await readJsonOrThrow<FakeIdentityRecord>(ctx, identityKey(did), `identity '${did}'`));
  }
}
