import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

/**
 * The smallest useful chaincode: one `putState` per submit, one `getState` per evaluate.
 *
 * It marks what this network can do at all (the benchmark baseline) and is the smoke test's
 * target, so it deliberately skips the kernel: any cost it has is Fabric's, not ours.
 */
@Info({ title: 'baseline', description: 'No-op baseline: one small write or one read per transaction' })
export class BaselineContract extends Contract {
  constructor() {
    super('baseline');
  }

  /** Writes `value` under `key`. */
  @Transaction()
  public async Put(ctx: Context, key: string, value: string): Promise<void> {
    if (key.length === 0 || key.length > 128) {
      throw new Error(`INVALID_ARGUMENT: key must be 1..128 characters`);
    }
    if (value.length > 1024) {
      throw new Error(`INVALID_ARGUMENT: value must be at most 1024 characters`);
    }
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
  }

  /** Reads the value under `key`; `NOT_FOUND` if there is none. */
  @Transaction(false)
  @Returns('string')
  public async Get(ctx: Context, key: string): Promise<string> {
    const bytes = await ctx.stub.getState(key);
    if (bytes.length === 0) {
      throw new Error(`NOT_FOUND: key '${key}' does not exist`);
    }
    return Buffer.from(bytes).toString('utf8');
  }
}
