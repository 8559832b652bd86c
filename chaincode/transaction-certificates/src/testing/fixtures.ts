import { createIdentity, InMemoryLedger, type TestIdentity, type TxResult } from '@ndi/chaincode-common/testing';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts as registryContracts } from '@ndi/chaincode-data-registry';
import { contracts } from '../index';
import { FakeValuationContract } from './fake-valuation';

/**
 * Shared set-up of the unit tests: the REAL identity and data-registry chaincodes (identities,
 * roles and assets set up through their own transactions), a fake asset-valuation with seedable
 * valuations, and this chaincode; a cast of identities and helpers for refused calls.
 */

/** Chaincode name in tests. */
export const CC = 'transaction-certificates';
/** The data registry's name. */
export const REGISTRY = 'data-registry';
/** The valuation chaincode's name. */
export const VALUATION = 'asset-valuation';
/** Where tests start. */
export const START = '2025-03-01T08:00:00.000Z';
/** A listing expiry well after every test's clock. */
export const LATER = '2025-09-01T00:00:00.000Z';

/** Admin of the exchange organization (grants data-provider/consumer there). */
export const exAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
/** Admin of the enterprise organization. */
export const enAdmin = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'admin', admin: true });
/** Admin of the regulator organization (grants the regulator role). */
export const regAdmin = createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true });
/** Provider and registry owner of the assets. */
export const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
/** A consumer (buyer). */
export const bob = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'bob' });
/** Another consumer (buyer). */
export const dave = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'dave' });
/** A registered identity without roles (a shareholder who is not the owner). */
export const carol = createIdentity({ mspId: 'ExchangeMSP', commonName: 'carol' });
/** A regulator. */
export const regina = createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' });
/** An accredited exchange operator. */
export const oscar = createIdentity({ mspId: 'ExchangeMSP', commonName: 'oscar' });
/** An identity the identity chaincode does not know. */
export const stranger = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'stranger' });

/** A content hash of one repeated hex digit. */
export function hash(digit: string): string {
  return digit.repeat(64);
}

/** A valid data-registry registration argument. */
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

/** A valid listing argument. */
export function listingJson(id: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    assetId: 'loans',
    shares: '100',
    pricePerShare: '50',
    currency: 'CNY',
    expiresAt: LATER,
    purposes: ['research'],
    ...overrides,
  });
}

/** A valid order argument. */
export function orderJson(id: string, listingId: string, shares = '10'): string {
  return JSON.stringify({ id, listingId, shares });
}

/** Registers `who` in the identity chaincode. */
export async function registerIdentity(ledger: InMemoryLedger, who: TestIdentity): Promise<void> {
  await ledger.submit('identity', 'RegisterIdentity', [JSON.stringify({ kind: 'service', displayName: 'desk' })], {
    caller: who,
  });
}

/** Grants `role` to `who`, by `by`. */
export async function grantRole(ledger: InMemoryLedger, by: TestIdentity, who: TestIdentity, role: string) {
  await ledger.submit('identity', 'GrantRole', [who.did, role, ''], { caller: by });
}

/**
 * A ledger with identity, data-registry, the fake valuation and this chaincode; the cast
 * registered with their roles; asset `loans` registered by alice (tradable, purposes
 * credit-scoring and research), not yet tokenized.
 */
export async function setUp(): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger({ startTime: START, stepMillis: 1000, defaultCaller: alice });
  ledger.deploy('identity', identityContracts);
  ledger.deploy(REGISTRY, registryContracts);
  ledger.deploy(VALUATION, [FakeValuationContract]);
  ledger.deploy(CC, contracts);
  for (const who of [alice, bob, dave, carol, regina, oscar]) {
    await registerIdentity(ledger, who);
  }
  await grantRole(ledger, exAdmin, alice, 'data-provider');
  await grantRole(ledger, enAdmin, bob, 'data-consumer');
  await grantRole(ledger, enAdmin, dave, 'data-consumer');
  await grantRole(ledger, regAdmin, regina, 'regulator');
  await grantRole(ledger, regina, oscar, 'exchange-operator');
  await registerAsset(ledger, 'loans');
  return ledger;
}

/** Registers `assetInput(id, overrides)` as alice. */
export async function registerAsset(
  ledger: InMemoryLedger,
  id: string,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  await ledger.submit(REGISTRY, 'RegisterDataAsset', [JSON.stringify(assetInput(id, overrides))], { caller: alice });
}

/** Seeds the current valuation of an asset in the fake valuation chaincode. */
export async function seedValuation(
  ledger: InMemoryLedger,
  assetId: string,
  value: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  await ledger.submit(VALUATION, 'Seed', [JSON.stringify({ assetId, value, ...fields })]);
}

/** Submits to this chaincode. */
export async function submit(
  ledger: InMemoryLedger,
  fn: string,
  args: readonly string[],
  caller: TestIdentity = alice,
): Promise<TxResult> {
  return ledger.submit(CC, fn, args, { caller });
}

/** Evaluates on this chaincode and returns the parsed result. */
export async function query<T>(
  ledger: InMemoryLedger,
  fn: string,
  args: readonly string[],
  caller: TestIdentity = alice,
): Promise<T> {
  return (await ledger.evaluate(CC, fn, args, { caller })).result as T;
}

/** Everything committed in this chaincode's and the registry's namespaces, plus the event count. */
export function snapshot(ledger: InMemoryLedger): string {
  const dump = (cc: string) => ledger.keys(cc).map((key) => [key, ledger.getState(cc, key)?.toString('utf8')]);
  return JSON.stringify({ cc: dump(CC), registry: dump(REGISTRY), events: ledger.events.length });
}

/**
 * Submits a call that must be refused: asserts the message, that nothing was committed (in this
 * chaincode or the registry) and that no event was emitted.
 */
export async function expectRefused(
  ledger: InMemoryLedger,
  fn: string,
  args: readonly string[],
  message: RegExp,
  caller: TestIdentity = alice,
): Promise<void> {
  const before = snapshot(ledger);
  const result = await ledger.invoke(CC, fn, args, { caller }, true);
  expect(result.message).toMatch(message);
  expect(result.committed).toBe(false);
  expect(result.event).toBeUndefined();
  expect(snapshot(ledger)).toBe(before);
}
