import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { classifyResult, InMemoryLedger, TransactionError } from '@ndi/chaincode-common/testing';
import { NdiContract } from './index';

@Info({ title: 'echo', description: 'the smallest ndi contract' })
class EchoContract extends NdiContract {
  constructor() {
    super('echo');
  }

  @Transaction(false)
  @Returns('string')
  public async Echo(_ctx: Context, text: string): Promise<string> {
    return Promise.resolve(text);
  }
}

/** The same contract on fabric-contract-api's plain base class. */
class PlainEchoContract extends Contract {
  constructor() {
    super('plain');
  }

  @Transaction(false)
  public async Echo(_ctx: Context, text: string): Promise<string> {
    return Promise.resolve(text);
  }
}

interface Metadata {
  contracts: Record<string, { transactions: { name: string }[] }>;
}

function deployed(): InMemoryLedger {
  const ledger = new InMemoryLedger();
  ledger.deploy('echo', [EchoContract]);
  return ledger;
}

async function refusal(ledger: InMemoryLedger, fn: string, args: string[] = []): Promise<TransactionError> {
  const error = await ledger.submit('echo', fn, args).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransactionError);
  return error as TransactionError;
}

describe('NdiContract', () => {
  it('answers an unknown function with NOT_FOUND naming it and the contract, committing nothing', async () => {
    const ledger = deployed();
    const error = await refusal(ledger, 'Nope', ['x']);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe("NOT_FOUND: transaction 'Nope' does not exist on contract 'echo'");
    expect(error.result.committed).toBe(false);
    expect(ledger.events).toEqual([]);
    // Qualified with the contract name, fabric's routing still ends here.
    expect((await refusal(ledger, 'echo:Nope')).message).toBe(
      "NOT_FOUND: transaction 'echo:Nope' does not exist on contract 'echo'",
    );
  });

  it('escapes control characters and clips a long name before echoing it', async () => {
    const ledger = deployed();
    expect((await refusal(ledger, 'No\npe\u0000')).message).toBe(
      "NOT_FOUND: transaction 'No\\npe\\u0000' does not exist on contract 'echo'",
    );
    const long = await refusal(ledger, 'N'.repeat(1000));
    expect(long.message).toBe(`NOT_FOUND: transaction '${'N'.repeat(128)}' does not exist on contract 'echo'`);
  });

  it('leaves real transactions, arity checks and the metadata as they were', async () => {
    const ledger = deployed();
    expect((await ledger.evaluate('echo', 'Echo', ['hi'])).result).toBe('hi');
    expect((await refusal(ledger, 'Echo')).message).toMatch(/^Expected 1 parameters, but 0 have been supplied$/);
    const metadata = (await ledger.evaluate('echo', 'org.hyperledger.fabric:GetMetadata')).result as Metadata;
    expect(metadata.contracts.echo?.transactions.map((t) => t.name)).toEqual(['Echo']);
  });

  it("replaces fabric-contract-api's uncoded refusal, which the hostile-input oracle would reject", async () => {
    const ledger = deployed();
    ledger.deploy('plain', [PlainEchoContract]);
    const plain = await ledger.invoke('plain', 'Nope', [], {}, true);
    expect(plain.message).toBe("You've asked to invoke a function that does not exist: Nope");
    expect(classifyResult(plain)).toBe('UNCODED');
    expect(classifyResult(await ledger.invoke('echo', 'Nope', [], {}, true))).toBe('NOT_FOUND');
  });
});
