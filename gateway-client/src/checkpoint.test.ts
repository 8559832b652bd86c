import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ChaincodeEvent, checkpointers } from '@hyperledger/fabric-gateway';
import { FileCheckpointer, fileCheckpointer } from './checkpoint';
import { ConfigurationError } from './errors';
import { tempDir } from './test-helpers';

let dir: string;
beforeEach(() => {
  dir = tempDir('ndi-ckpt-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function event(blockNumber: bigint, transactionId: string): ChaincodeEvent {
  return {
    blockNumber,
    transactionId,
    chaincodeName: 'data-registry',
    eventName: 'AssetRegistered',
    payload: new Uint8Array(),
  };
}

describe('FileCheckpointer', () => {
  it('starts with no position when the file does not exist, without creating it', async () => {
    const file = path.join(dir, 'events.json');
    const checkpointer = await fileCheckpointer(file);
    expect(checkpointer.getBlockNumber()).toBeUndefined();
    expect(checkpointer.getTransactionId()).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('persists the position of the last handled event across instances', async () => {
    const file = path.join(dir, 'events.json');
    const first = await FileCheckpointer.open(file);
    await first.checkpointChaincodeEvent(event(7n, 'tx-a'));
    await first.checkpointChaincodeEvent(event(7n, 'tx-b'));

    const resumed = await FileCheckpointer.open(file);
    expect(resumed.getBlockNumber()).toBe(7n);
    expect(resumed.getTransactionId()).toBe('tx-b');
    expect(resumed.path).toBe(file);
  });

  it('resumes at the next block after a whole block was checkpointed', async () => {
    const file = path.join(dir, 'blocks.json');
    const checkpointer = await FileCheckpointer.open(file);
    await checkpointer.checkpointTransaction(9n, 'tx-z');
    await checkpointer.checkpointBlock(9n);
    const resumed = await FileCheckpointer.open(file);
    expect(resumed.getBlockNumber()).toBe(10n);
    expect(resumed.getTransactionId()).toBeUndefined();
  });

  it('keeps block numbers beyond 2^53 exact', async () => {
    const file = path.join(dir, 'big.json');
    const big = 2n ** 60n + 1n;
    await (await FileCheckpointer.open(file)).checkpointTransaction(big, 'tx');
    expect((await FileCheckpointer.open(file)).getBlockNumber()).toBe(big);
  });

  it('writes through a temporary file and leaves none behind', async () => {
    const file = path.join(dir, 'events.json');
    const checkpointer = await FileCheckpointer.open(file);
    await Promise.all([1n, 2n, 3n, 4n, 5n].map((n) => checkpointer.checkpointTransaction(n, `tx-${n}`)));
    expect(fs.readdirSync(dir)).toEqual(['events.json']);
    // Concurrent updates are written in call order: the file holds the last one.
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ blockNumber: '5', transactionId: 'tx-5' });
  });

  it("shares fabric-gateway's checkpoint file format both ways", async () => {
    const ours = path.join(dir, 'ours.json');
    await (await FileCheckpointer.open(ours)).checkpointChaincodeEvent(event(42n, 'tx-42'));
    const theirsReading = await checkpointers.file(ours);
    expect(theirsReading.getBlockNumber()).toBe(42n);
    expect(theirsReading.getTransactionId()).toBe('tx-42');

    const theirs = path.join(dir, 'theirs.json');
    await (await checkpointers.file(theirs)).checkpointBlock(11n);
    const oursReading = await FileCheckpointer.open(theirs);
    expect(oursReading.getBlockNumber()).toBe(12n);
    expect(oursReading.getTransactionId()).toBeUndefined();
  });

  it('treats an empty file as no position and refuses a corrupt one', async () => {
    const empty = path.join(dir, 'empty.json');
    fs.writeFileSync(empty, '');
    expect((await FileCheckpointer.open(empty)).getBlockNumber()).toBeUndefined();

    const corrupt = path.join(dir, 'corrupt.json');
    fs.writeFileSync(corrupt, '{"blockNumber": "12');
    await expect(FileCheckpointer.open(corrupt)).rejects.toThrow(ConfigurationError);
    fs.writeFileSync(corrupt, '{"blockNumber": -3}');
    await expect(FileCheckpointer.open(corrupt)).rejects.toThrow(/holds no valid position/);
  });

  it('reports a write into a missing folder, naming the file', async () => {
    const file = path.join(dir, 'no-such-folder', 'events.json');
    const checkpointer = await FileCheckpointer.open(file);
    await expect(checkpointer.checkpointBlock(1n)).rejects.toThrow(`cannot write the checkpoint file ${file}`);
    // A failed write does not block later ones.
    fs.mkdirSync(path.dirname(file));
    await checkpointer.checkpointBlock(2n);
    expect((await FileCheckpointer.open(file)).getBlockNumber()).toBe(3n);
  });
});
