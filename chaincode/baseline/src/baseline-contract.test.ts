import { InMemoryLedger, createIdentity } from '@ndi/chaincode-common/testing';
import { contracts } from './index';

describe('baseline chaincode', () => {
  const caller = createIdentity({ mspId: 'ExchangeMSP', commonName: 'user1' });
  let ledger: InMemoryLedger;
  beforeEach(() => {
    ledger = new InMemoryLedger({ defaultCaller: caller });
    ledger.deploy('baseline', contracts);
  });

  it('writes one value and reads it back', async () => {
    await ledger.submit('baseline', 'Put', ['k1', 'hello']);
    const read = await ledger.evaluate('baseline', 'Get', ['k1']);
    expect(read.text).toBe('hello');
    expect(ledger.keys('baseline')).toEqual(['k1']);
  });

  it('refuses bad keys and values with INVALID_ARGUMENT and writes nothing', async () => {
    await expect(ledger.submit('baseline', 'Put', ['', 'x'])).rejects.toThrow(/^INVALID_ARGUMENT: key/);
    await expect(ledger.submit('baseline', 'Put', ['k', 'x'.repeat(1025)])).rejects.toThrow(/^INVALID_ARGUMENT: value/);
    expect(ledger.keys('baseline')).toEqual([]);
  });

  it('describes its API through org.hyperledger.fabric:GetMetadata (what deploy waits for)', async () => {
    const metadata = (await ledger.evaluate('baseline', 'org.hyperledger.fabric:GetMetadata', [])).result as {
      contracts: Record<string, { transactions: { name: string }[] }>;
    };
    expect(metadata.contracts.baseline.transactions.map((t) => t.name).sort()).toEqual(['Get', 'Put']);
  });

  it('answers NOT_FOUND for a key never written', async () => {
    await expect(ledger.evaluate('baseline', 'Get', ['missing'])).rejects.toThrow(/^NOT_FOUND: key 'missing'/);
  });
});
