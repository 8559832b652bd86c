import { KeyEndorsementPolicy } from 'fabric-shim';
import type { Context } from 'fabric-contract-api';
import { mspIdSchema } from './schemas';
import { checkKey } from './state';
import { invalidArgument } from './errors';

/**
 * Key-level (state-based) endorsement: after ownership of a record passes to an organization,
 * its later updates must be endorsed by that organization's peers, whatever the chaincode-level
 * policy says. This stops a majority of other organizations from rewriting someone's record.
 */

/** Role an endorsing identity must have: `PEER` needs NodeOUs, `MEMBER` is any identity of the org. */
export type EndorserRole = 'PEER' | 'MEMBER';

function checkOrgs(mspIds: readonly string[]): string[] {
  if (mspIds.length === 0) {
    throw invalidArgument('endorsement policy needs at least one organization');
  }
  for (const mspId of mspIds) {
    if (!mspIdSchema.safeParse(mspId).success) {
      throw invalidArgument(`invalid MSP ID ${JSON.stringify(mspId)}`);
    }
  }
  // Sorted and deduplicated: the policy bytes are part of the write set and must not depend on
  // argument order.
  return [...new Set(mspIds)].sort();
}

/**
 * Requires every organization in `mspIds` to endorse future changes of `key` (replacing any
 * previous key-level policy).
 */
export async function setKeyEndorsers(
  ctx: Context,
  key: string,
  mspIds: readonly string[],
  role: EndorserRole = 'PEER',
): Promise<void> {
  checkKey(key);
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs(role, ...checkOrgs(mspIds));
  await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
}

/** The organizations a key-level policy on `key` requires, sorted; `[]` if it has none. */
export async function getKeyEndorsers(ctx: Context, key: string): Promise<string[]> {
  checkKey(key);
  const bytes = await ctx.stub.getStateValidationParameter(key);
  if (!bytes || bytes.length === 0) {
    return [];
  }
  return new KeyEndorsementPolicy(bytes).listOrgs().sort();
}

/** Like {@link setKeyEndorsers}, for a key in a private data collection. */
export async function setPrivateKeyEndorsers(
  ctx: Context,
  collection: string,
  key: string,
  mspIds: readonly string[],
  role: EndorserRole = 'PEER',
): Promise<void> {
  checkKey(key);
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs(role, ...checkOrgs(mspIds));
  await ctx.stub.setPrivateDataValidationParameter(collection, key, policy.getPolicy());
}
