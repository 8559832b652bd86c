import { Context, Contract, Transaction } from 'fabric-contract-api';
import { notFound } from '@ndi/chaincode-common';
import { createIdentity, InMemoryLedger } from '@ndi/chaincode-common/testing';
import { hasRole, requireActiveIdentity } from './identity-port';

/** A stand-in identity chaincode whose answers depend on the DID asked about. */
class ScriptedIdentity extends Contract {
  constructor() {
    super('identity');
  }

  @Transaction(false)
  public async GetIdentity(_ctx: Context, did: string): Promise<string> {
    if (did === 'unknown') throw notFound(`identity ${did} does not exist`);
    if (did === 'broken') throw new Error('peer trouble');
    return JSON.stringify({ did, mspId: 'Org1MSP', kind: 'service', status: did, roles: [] });
  }

  @Transaction(false)
  public async HasRole(_ctx: Context, did: string, _role: string): Promise<string> {
    return did === 'yes' ? 'true' : 'false';
  }
}

describe('identity port', () => {
  const ledger = new InMemoryLedger();
  ledger.deploy('identity', [ScriptedIdentity]);
  const caller = createIdentity({ mspId: 'Org1MSP', commonName: 'u' });

  it('turns an unknown or inactive identity into FORBIDDEN and keeps other failures', async () => {
    const { ctx } = ledger.openTransaction('asset-valuation', { caller });
    await expect(requireActiveIdentity(ctx, 'active', 'acting')).resolves.toMatchObject({ status: 'active' });
    await expect(requireActiveIdentity(ctx, 'unknown', 'acting')).rejects.toThrow(
      /^FORBIDDEN: acting requires a registered identity; unknown is not registered/,
    );
    await expect(requireActiveIdentity(ctx, 'revoked', 'acting')).rejects.toThrow(/^FORBIDDEN: .* is revoked/);
    await expect(requireActiveIdentity(ctx, 'broken', 'acting')).rejects.toThrow(/peer trouble/);
  });

  it('reads HasRole answers as booleans', async () => {
    const { ctx } = ledger.openTransaction('asset-valuation', { caller });
    expect(await hasRole(ctx, 'yes', 'valuer')).toBe(true);
    expect(await hasRole(ctx, 'no', 'valuer')).toBe(false);
  });
});
