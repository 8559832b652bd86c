import { createIdentity, InMemoryLedger, type TestIdentity } from '@ndi/chaincode-common/testing';
import { contracts as identityContracts } from '@ndi/chaincode-identity';
import { contracts } from './index';
import { assetInput, hash } from './testing/fixtures';
import type { AccessDecision, AccessRecord, DataAsset, DataRegistryPage } from './model';

/**
 * The data registry against the real identity chaincode: identities registered and roles granted
 * through identity's own transactions, the registry asking it over `invokeChaincode`.
 */

const CC = 'data-registry';
const exAdmin = createIdentity({ mspId: 'ExchangeMSP', commonName: 'admin', admin: true });
const enAdmin = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'admin', admin: true });
const regAdmin = createIdentity({ mspId: 'RegulatorMSP', commonName: 'admin', admin: true });
const alice = createIdentity({ mspId: 'ExchangeMSP', commonName: 'alice' });
const bob = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'bob' });
const regina = createIdentity({ mspId: 'RegulatorMSP', commonName: 'regina' });
const stranger = createIdentity({ mspId: 'EnterpriseMSP', commonName: 'stranger' });

let ledger: InMemoryLedger;

async function registerIdentity(who: TestIdentity): Promise<void> {
  await ledger.submit('identity', 'RegisterIdentity', [JSON.stringify({ kind: 'service', displayName: 'desk' })], {
    caller: who,
  });
}

async function grantRole(by: TestIdentity, who: TestIdentity, role: string, expiresAt = ''): Promise<void> {
  await ledger.submit('identity', 'GrantRole', [who.did, role, expiresAt], { caller: by });
}

async function check(did: string, purpose = 'research'): Promise<AccessDecision> {
  return (await ledger.evaluate(CC, 'CheckAccess', ['loans', did, purpose], { caller: bob })).result as AccessDecision;
}

beforeEach(async () => {
  ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00Z', stepMillis: 1000 });
  ledger.deploy('identity', identityContracts);
  ledger.deploy(CC, contracts);
  await registerIdentity(alice);
  await grantRole(exAdmin, alice, 'data-provider');
  await registerIdentity(bob);
  await grantRole(enAdmin, bob, 'data-consumer');
});

describe('data-registry with the identity chaincode', () => {
  it('registers, grants, checks and records access for real identities', async () => {
    const asset = (
      await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(assetInput('loans'))], { caller: alice })
    ).result as DataAsset;
    expect(asset.ownerDid).toBe(alice.did);
    await expect(
      ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(assetInput('mine'))], { caller: bob }),
    ).rejects.toThrow(/^FORBIDDEN: registering a data asset requires an active identity with the data-provider role/);

    expect(await check(bob.did)).toEqual({ allowed: false, reason: 'no-grant' });
    expect(await check(stranger.did)).toEqual({ allowed: false, reason: 'requester-unknown' });
    await ledger.submit(
      CC,
      'GrantAccess',
      [
        'loans',
        JSON.stringify({
          grantId: 'g1',
          granteeDid: bob.did,
          purposes: ['research'],
          expiresAt: '2025-12-31T00:00:00Z',
        }),
      ],
      { caller: alice },
    );
    expect(await check(bob.did)).toEqual({ allowed: true, reason: 'grant', grantId: 'g1' });
    const recorded = await ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('1')], { caller: bob });
    expect((recorded.result as AccessRecord).basis).toBe('grant');

    // A regulator reads the audit trail.
    await registerIdentity(regina);
    await grantRole(regAdmin, regina, 'regulator');
    const page = (await ledger.evaluate(CC, 'ListAccessRecords', ['loans', '10', ''], { caller: regina }))
      .result as DataRegistryPage<AccessRecord>;
    expect(page.items.map((r) => r.accessorDid)).toEqual([bob.did]);

    // Suspension by the consumer's organization stops its access at once.
    await ledger.submit('identity', 'SetIdentityStatus', [bob.did, 'suspended', 'audit pending'], { caller: enAdmin });
    expect(await check(bob.did)).toEqual({ allowed: false, reason: 'requester-inactive' });
    await expect(ledger.submit(CC, 'RecordAccess', ['loans', 'research', hash('2')], { caller: bob })).rejects.toThrow(
      /not allowed: requester-inactive$/,
    );
    await expect(ledger.submit(CC, 'TransferDataAsset', ['loans', bob.did], { caller: alice })).rejects.toThrow(
      /^FAILED_PRECONDITION: newOwnerDid: .* is suspended$/,
    );

    await ledger.submit('identity', 'SetIdentityStatus', [bob.did, 'active', 'audit passed'], { caller: enAdmin });
    const moved = await ledger.submit(CC, 'TransferDataAsset', ['loans', bob.did], { caller: alice });
    expect(moved.result).toMatchObject({ ownerDid: bob.did, ownerMsp: 'EnterpriseMSP' });
  });

  it('stops registrations when the provider role expires', async () => {
    await grantRole(exAdmin, alice, 'data-provider', '2025-03-02T00:00:00Z');
    await ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(assetInput('a1'))], { caller: alice });
    ledger.setTime('2025-03-03T00:00:00Z');
    await expect(
      ledger.submit(CC, 'RegisterDataAsset', [JSON.stringify(assetInput('a2'))], { caller: alice }),
    ).rejects.toThrow(/^FORBIDDEN: /);
  });
});
