import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson, invokeChaincode, invokedChaincode, requireInvokedThrough } from '@ndi/chaincode-common';
import { createIdentity, InMemoryLedger } from '@ndi/chaincode-common/testing';

/** A callee that reports the top-level chaincode and guards one transaction with it. */
@Info({ title: 'callee', description: 'reports the invoked chaincode' })
class CalleeContract extends Contract {
  constructor() {
    super('callee');
  }

  @Transaction(false)
  @Returns('string')
  public async WhoInvoked(ctx: Context): Promise<string> {
    return canonicalJson({ invoked: invokedChaincode(ctx) });
  }

  @Transaction()
  @Returns('string')
  public async OnlyFromCaller(ctx: Context): Promise<string> {
    requireInvokedThrough(ctx, 'caller', 'this call');
    await ctx.stub.putState('marker', Buffer.from('1'));
    return canonicalJson({ ok: true });
  }
}

/** A chaincode that calls the callee. */
@Info({ title: 'caller', description: 'calls the callee' })
class CallerContract extends Contract {
  constructor() {
    super('caller');
  }

  @Transaction()
  @Returns('string')
  public async Call(ctx: Context, fn: string): Promise<string> {
    return canonicalJson(await invokeChaincode(ctx, 'callee', fn));
  }
}

const user = createIdentity({ mspId: 'Org1MSP', commonName: 'user' });

function setup(): InMemoryLedger {
  const ledger = new InMemoryLedger({ defaultCaller: user });
  ledger.deploy('callee', [CalleeContract]);
  ledger.deploy('caller', [CallerContract]);
  return ledger;
}

describe('invokedChaincode', () => {
  it('names the chaincode itself when the client invoked it directly', async () => {
    const res = await setup().evaluate('callee', 'WhoInvoked');
    expect(res.result).toEqual({ invoked: 'callee' });
  });

  it("names the calling chaincode when reached through invokeChaincode (the client's proposal)", async () => {
    const res = await setup().submit('caller', 'Call', ['WhoInvoked']);
    expect(res.result).toEqual({ invoked: 'caller' });
  });

  it('reads a real ChannelHeader, as fabric-shim decodes it', () => {
    const { ctx, stub } = setup().openTransaction('callee', { txId: 'tx-1' });
    const header = (stub.getSignedProposal() as unknown as { proposal: { header: { channelHeader: unknown } } })
      .proposal.header.channelHeader as { getTxId(): string; getChannelId(): string; getType(): number };
    expect([header.getTxId(), header.getChannelId(), header.getType()]).toEqual(['tx-1', 'ndi', 3]);
    expect(invokedChaincode(ctx)).toBe('callee');
  });

  it('accepts plain decoded headers with an extension field, and refuses missing or empty ones', () => {
    const fake = (signed: unknown): Context => ({ stub: { getSignedProposal: () => signed } }) as unknown as Context;
    const { stub } = setup().openTransaction('caller');
    const real = stub.getSignedProposal() as unknown as {
      proposal: { header: { channelHeader: { getExtension_asU8(): Uint8Array } } };
    };
    const extension = real.proposal.header.channelHeader.getExtension_asU8();
    expect(invokedChaincode(fake({ proposal: { header: { channelHeader: { extension } } } }))).toBe('caller');
    expect(() => invokedChaincode(fake(undefined))).toThrow('the transaction has no signed proposal');
    expect(() => invokedChaincode(fake({ proposal: { header: { channelHeader: {} } } }))).toThrow(
      'the signed proposal names no chaincode',
    );
    expect(() =>
      invokedChaincode(fake({ proposal: { header: { channelHeader: { extension: Buffer.from([0xff, 0xff]) } } } })),
    ).toThrow(/not a ChaincodeHeaderExtension/);
  });
});

describe('requireInvokedThrough', () => {
  it('accepts the call through the named chaincode and refuses a direct one', async () => {
    const ledger = setup();
    const direct = await ledger.invoke('callee', 'OnlyFromCaller', [], {}, true);
    expect(direct.message).toBe(
      'FORBIDDEN: this call is only accepted from chaincode caller, not from a transaction on callee',
    );
    expect(ledger.getState('callee', 'marker')).toBeUndefined();
    const through = await ledger.submit('caller', 'Call', ['OnlyFromCaller']);
    expect(through.result).toEqual({ ok: true });
    expect(ledger.getState('callee', 'marker')?.toString()).toBe('1');
  });
});
