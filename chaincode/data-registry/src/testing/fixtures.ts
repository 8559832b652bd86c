import { KeyEndorsementPolicy } from 'fabric-shim';
import { createIdentity, InMemoryLedger, type TestIdentity } from '@ndi/chaincode-common/testing';
import { contracts } from '../index';
import { assetKey } from '../keys';
import { FakeIdentityContract, type FakeIdentityRecord } from './fake-identity';

/**
 * Shared set-up of the data registry's unit tests: a ledger with the registry and the fake
 * identity chaincode, a cast of identities, and builders of valid arguments.
 */

/** Chaincode name of the registry in tests. */
export const CC = 'data-registry';

/** A provider of the exchange organization. */
export const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
/** A second provider of the same organization. */
export const carol = createIdentity({ mspId: 'ExchangeMSP', commonName: 'carol' });
/** A consumer of an enterprise. */
export const bob = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'bob' });
/** Another consumer of the same enterprise. */
export const dave = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'dave' });
/** A regulator. */
export const reg = createIdentity({ mspId: 'RegulatorMSP', commonName: 'reg' });
/** An admin of the exchange organization. */
export const exchangeAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
/** An identity the identity chaincode does not know. */
export const stranger = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'stranger' });

/** A content hash made of one repeated hex digit. */
export function hash(digit: string): string {
  return digit.repeat(64);
}

/** A valid registration argument for `id`, with overrides. */
export function assetInput(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Asset ${id}`,
    category: 'finance',
    classification: 'general',
    contentHash: hash('a'),
    sizeBytes: '1048576',
    format: 'text/csv',
    storageUri: `s3://exchange/${id}.csv`,
    policy: { purposes: ['credit-scoring', 'research'], tradable: true, crossBorder: false },
    ...overrides,
  };
}

/** A ledger with both chaincodes deployed and the cast seeded in the fake identity chaincode. */
export async function setUp(): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000, defaultCaller: alice });
  ledger.deploy('identity', [FakeIdentityContract]);
  ledger.deploy(CC, contracts);
  await seed(ledger, alice, { roles: ['data-provider'] });
  await seed(ledger, carol, { roles: ['data-provider', 'data-consumer'] });
  await seed(ledger, bob, { roles: ['data-consumer'] });
  await seed(ledger, dave, { roles: ['data-consumer'] });
  await seed(ledger, reg, { roles: ['regulator'] });
  return ledger;
}

/** Creates or replaces the fake identity record of `who`. */
export async function seed(
  ledger: InMemoryLedger,
  who: TestIdentity,
  fields: Partial<Omit<FakeIdentityRecord, 'did' | 'mspId'>> = {},
): Promise<void> {
  await ledger.submit('identity', 'Seed', [JSON.stringify({ did: who.did, mspId: who.mspId, ...fields })]);
}

/** Registers `assetInput(id, overrides)` as `caller` (default alice) and returns the record. */
export async function register(
  ledger: InMemoryLedger,
  id: string,
  overrides: Record<string, unknown> = {},
  caller: TestIdentity = alice,
): Promise<Record<string, unknown>> {
  const res = await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(assetInput(id, overrides))], { caller });
  return res.result as Record<string, unknown>;
}

/**
 * `StorePrivateMetadata(id)` as `caller` (default alice) on a peer of its own organization: returns the hash to name
 * as `privateMetadataHash`.
 */
export async function storePrivateMetadata(
  ledger: InMemoryLedger,
  id: string,
  metadata: Record<string, unknown>,
  caller: TestIdentity = alice,
): Promise<string> {
  const res = await ledger.submit(CC, 'StorePrivateMetadata', [id], {
    caller,
    transient: { privateMetadata: metadata },
    peerMspId: caller.mspId,
  });
  return (res.result as { privateMetadataHash: string }).privateMetadataHash;
}

/** A snapshot of everything committed in the registry's namespace, to assert "nothing changed". */
export function snapshot(ledger: InMemoryLedger): { keys: string[]; values: string[]; events: number } {
  const keys = ledger.keys(CC);
  return {
    keys,
    values: keys.map((key) => ledger.getState(CC, key)?.toString('utf8') ?? ''),
    events: ledger.events.length,
  };
}

/**
 * Submits a call that must be refused: asserts the error message (a regex or its start) and
 * that nothing was committed and no event emitted.
 */
export async function expectRefused(
  ledger: InMemoryLedger,
  fn: string,
  args: readonly string[],
  message: RegExp,
  options: Parameters<InMemoryLedger['submit']>[3] = {},
): Promise<void> {
  const before = snapshot(ledger);
  const result = await ledger.invoke(CC, fn, args, options, true);
  expect(result.message).toMatch(message);
  expect(result.committed).toBe(false);
  expect(result.event).toBeUndefined();
  expect(snapshot(ledger)).toEqual(before);
}

/** The organizations the key-level endorsement policy of an asset names, sorted. */
export function endorsers(ledger: InMemoryLedger, id: string): string[] {
  const bytes = ledger.getValidationParameter(CC, assetKey(id));
  return bytes ? new KeyEndorsementPolicy(bytes).listOrgs().sort() : [];
}
