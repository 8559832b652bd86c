import { KeyEndorsementPolicy } from 'fabric-shim';
import { createIdentity, InMemoryLedger } from '@ndi/chaincode-common/testing';
import {
  compositeKey,
  decodeStored,
  deletePrivate,
  drainIterator,
  emitEvent,
  emittedEvent,
  getKeyEndorsers,
  getKeyHistory,
  getPrivateDataHashHex,
  implicitCollection,
  invokeChaincode,
  listByPartialKey,
  queryPageByPartialKey,
  queryPageByRange,
  readJson,
  readPrivateJson,
  resolvePageSize,
  setKeyEndorsers,
  setPrivateKeyEndorsers,
  sha256Hex,
  writeJson,
  writePrivateJson,
} from './index';
import type { Context } from 'fabric-contract-api';

const org1 = createIdentity({ mspId: 'Org1MSP', commonName: 'u1' });

function setup(): InMemoryLedger {
  return new InMemoryLedger({ defaultCaller: org1 });
}

async function seedNotes(ledger: InMemoryLedger, ids: string[]): Promise<void> {
  const { ctx, commit } = ledger.openTransaction('cc');
  for (const id of ids) await writeJson(ctx, compositeKey('n', [id]), { id });
  for (const id of ids) await writeJson(ctx, `plain-${id}`, { id });
  commit();
}

describe('events', () => {
  it('emits one canonical event and refuses a second', () => {
    const ledger = setup();
    const { ctx, stub, commit } = ledger.openTransaction('cc');
    expect(emittedEvent(ctx)).toBeUndefined();
    emitEvent(ctx, 'AssetRegistered', { b: 2, a: 1 });
    expect(emittedEvent(ctx)).toBe('AssetRegistered');
    expect(stub.event?.payload.toString()).toBe('{"a":1,"b":2}');
    expect(() => emitEvent(ctx, 'Other', {})).toThrow(/already emitted event AssetRegistered/);
    commit();
    expect(ledger.events.map((e) => e.json)).toEqual([{ a: 1, b: 2 }]);
  });

  it.each(['', '1abc', 'a b', 'x'.repeat(65)])('refuses event name %j', (name) => {
    const { ctx } = setup().openTransaction('cc');
    expect(() => emitEvent(ctx, name, {})).toThrow(/invalid event name/);
  });
});

describe('pagination helpers', () => {
  it('clamps and checks page sizes', () => {
    expect(resolvePageSize(undefined)).toBe(20);
    expect(resolvePageSize(500)).toBe(100);
    expect(resolvePageSize(7)).toBe(7);
    expect(() => resolvePageSize(0)).toThrow('INVALID_ARGUMENT: pageSize: must be a positive integer');
    expect(() => resolvePageSize(2.5)).toThrow(/INVALID_ARGUMENT/);
  });

  it('pages through a range of simple keys and decodes items', async () => {
    const ledger = setup();
    await seedNotes(ledger, ['a', 'b', 'c']);
    const { ctx } = ledger.openTransaction('cc');
    const decode = (v: unknown, key: string): string => `${key}=${(v as { id: string }).id}`;
    const p1 = await queryPageByRange(ctx, 'plain-', 'plain-~', { pageSize: 2 }, decode);
    expect(p1).toEqual({ items: ['plain-a=a', 'plain-b=b'], bookmark: 'plain-c', fetchedCount: 2 });
    const p2 = await queryPageByRange(ctx, 'plain-', 'plain-~', { pageSize: 2, bookmark: p1.bookmark }, decode);
    expect(p2).toEqual({ items: ['plain-c=c'], bookmark: '', fetchedCount: 1 });
    // Open range: composite keys are not in the simple-key range.
    const all = await queryPageByRange(ctx, '', '', {});
    expect(all.items).toHaveLength(3);
    await expect(queryPageByRange(ctx, 'a\u0001', '')).rejects.toThrow(/INVALID_ARGUMENT: startKey/);
    await expect(queryPageByRange(ctx, '', 'a\u0001')).rejects.toThrow(/INVALID_ARGUMENT: endKey/);
  });

  it('validates partial-key parts and bounds non-paginated listings', async () => {
    const ledger = setup();
    await seedNotes(ledger, ['a', 'b', 'c']);
    const { ctx } = ledger.openTransaction('cc');
    await expect(queryPageByPartialKey(ctx, 'n', [''])).rejects.toThrow(/INVALID_ARGUMENT: key attribute 0/);
    expect(await listByPartialKey(ctx, 'n', [], 2)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], truncated: true });
    expect(await listByPartialKey(ctx, 'n', ['b'], 5)).toEqual({ items: [{ id: 'b' }], truncated: false });
  });

  it('drains and closes iterators, and reports corrupt JSON', async () => {
    const closed: string[] = [];
    const iterator = {
      values: [1, 2, 3],
      async next() {
        const value = this.values.shift();
        return value === undefined ? { done: true } : { value, done: false };
      },
      async close() {
        closed.push('closed');
      },
    };
    expect(await drainIterator(iterator, 10)).toEqual({ values: [1, 2, 3], truncated: false });
    expect(closed).toEqual(['closed']);
    expect(() => decodeStored(Buffer.from('{oops'), 'k')).toThrow('stored value under key "k" is not JSON');
  });
});

describe('state, history and endorsement', () => {
  it('bounds history and decodes values', async () => {
    const ledger = setup();
    for (let i = 0; i < 3; i++) {
      const { ctx, commit } = ledger.openTransaction('cc');
      await writeJson(ctx, 'k', { i });
      commit();
    }
    const { ctx } = ledger.openTransaction('cc');
    const history = await getKeyHistory<{ i: number }>(ctx, 'k', 2);
    expect(history.truncated).toBe(true);
    expect(history.entries.map((e) => e.value?.i)).toEqual([2, 1]);
    expect(history.entries[0]?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await readJson(ctx, 'k', (v) => (v as { i: number }).i * 10)).toBe(20);
    await expect(readJson(ctx, '')).rejects.toThrow('INVALID_ARGUMENT: key must be a non-empty string');
    await expect(readJson(ctx, `\u0000${'x'.repeat(1100)}\u0000`)).rejects.toThrow(/at most 1024/);
  });

  it('sets sorted key-level endorsers, readable after commit', async () => {
    const ledger = setup();
    const tx = ledger.openTransaction('cc');
    await writeJson(tx.ctx, 'k', {});
    await setKeyEndorsers(tx.ctx, 'k', ['Org2MSP', 'Org1MSP', 'Org2MSP'], 'MEMBER');
    expect(await getKeyEndorsers(tx.ctx, 'k')).toEqual([]); // not committed yet
    tx.commit();
    const policy = new KeyEndorsementPolicy(ledger.getValidationParameter('cc', 'k'));
    expect(policy.listOrgs()).toEqual(['Org1MSP', 'Org2MSP']);
    const { ctx } = ledger.openTransaction('cc');
    expect(await getKeyEndorsers(ctx, 'k')).toEqual(['Org1MSP', 'Org2MSP']);
    await expect(setKeyEndorsers(ctx, 'k', [])).rejects.toThrow(
      'INVALID_ARGUMENT: endorsement policy needs at least one organization',
    );
    await expect(setKeyEndorsers(ctx, 'k', ['bad msp'])).rejects.toThrow('INVALID_ARGUMENT: invalid MSP ID "bad msp"');
  });
});

describe('private data helpers', () => {
  it('writes, reads, hashes, deletes and sets endorsers', async () => {
    const ledger = setup();
    const collection = implicitCollection('Org1MSP');
    const w = ledger.openTransaction('cc');
    await writePrivateJson(w.ctx, collection, 'p', { name: 'x' });
    await setPrivateKeyEndorsers(w.ctx, collection, 'p', ['Org1MSP']);
    w.commit();
    const r = ledger.openTransaction('cc');
    expect(await readPrivateJson(r.ctx, collection, 'p')).toEqual({ name: 'x' });
    expect(await getPrivateDataHashHex(r.ctx, collection, 'p')).toBe(sha256Hex('{"name":"x"}'));
    expect(await getPrivateDataHashHex(r.ctx, collection, 'none')).toBeUndefined();
    expect(await readPrivateJson(r.ctx, collection, 'none')).toBeUndefined();
    const d = ledger.openTransaction('cc');
    await deletePrivate(d.ctx, collection, 'p');
    d.commit();
    expect(ledger.getPrivateData('cc', collection, 'p')).toBeUndefined();
    await expect(readPrivateJson(r.ctx, '', 'p')).rejects.toThrow(
      'INVALID_ARGUMENT: collection must be a non-empty string',
    );
    expect(() => implicitCollection('')).toThrow(/INVALID_ARGUMENT/);
  });
});

describe('invokeChaincode helper', () => {
  function ctxWith(response: unknown, throws?: Error): { ctx: Context; calls: unknown[][] } {
    const calls: unknown[][] = [];
    const ctx = {
      stub: {
        invokeChaincode: async (...args: unknown[]) => {
          calls.push(args);
          if (throws) throw throws;
          return response;
        },
      },
    } as unknown as Context;
    return { ctx, calls };
  }

  it('passes contract-qualified function names and parses JSON, text and empty payloads', async () => {
    const json = ctxWith({ status: 200, payload: Buffer.from('{"a":1}') });
    expect(await invokeChaincode(json.ctx, 'identity', 'Get', ['x'], { contract: 'identity' })).toEqual({ a: 1 });
    expect(json.calls).toEqual([['identity', ['identity:Get', 'x'], '']]);
    expect(await invokeChaincode(ctxWith({ status: 200, payload: Buffer.from('plain') }).ctx, 'c', 'F')).toBe('plain');
    expect(await invokeChaincode(ctxWith({ status: 200, payload: Buffer.alloc(0) }).ctx, 'c', 'F')).toBeUndefined();
    expect(await invokeChaincode(ctxWith({ status: 200 }).ctx, 'c', 'F')).toBeUndefined();
  });

  it('keeps the callee error code, or wraps uncoded failures', async () => {
    await expect(
      invokeChaincode(ctxWith({ status: 500, message: 'FORBIDDEN: no' }).ctx, 'c', 'F'),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'FORBIDDEN: no',
    });
    await expect(invokeChaincode(ctxWith({ status: 500 }).ctx, 'c', 'F')).rejects.toThrow(
      'chaincode c F failed: status 500',
    );
    await expect(invokeChaincode(ctxWith(undefined, new Error('boom')).ctx, 'c', 'F')).rejects.toThrow(
      'chaincode c F failed: boom',
    );
    await expect(
      invokeChaincode(ctxWith(undefined, new Error('x: NOT_FOUND: gone')).ctx, 'c', 'F'),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', detail: 'gone' });
  });

  it('reports a missing callee on the in-memory ledger', async () => {
    const { ctx } = setup().openTransaction('cc');
    await expect(invokeChaincode(ctx, 'missing', 'F')).rejects.toThrow(
      /chaincode missing is not defined on channel ndi/,
    );
  });
});
