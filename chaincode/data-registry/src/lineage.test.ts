import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { alice, bob, CC, carol, register, setUp } from './testing/fixtures';
import { MAX_CHILDREN_PER_ASSET, walk, type Neighbours } from './lineage';
import type { Lineage } from './model';

async function lineage(ledger: InMemoryLedger, id: string, depth: string): Promise<Lineage> {
  return (await ledger.evaluate(CC, 'GetLineage', [id, depth], { caller: bob })).result as Lineage;
}

const ids = (nodes: { id: string }[]): string[] => nodes.map((n) => n.id);

describe('GetLineage', () => {
  let ledger: InMemoryLedger;
  beforeAll(async () => {
    ledger = await setUp();
    // A chain c0 <- c1 <- ... <- c7 (each derived from the previous one).
    await register(ledger, 'c0');
    for (let i = 1; i <= 7; i += 1) {
      await register(ledger, `c${i}`, { derivedFrom: [`c${i - 1}`] }, i % 2 === 0 ? alice : carol);
    }
  });

  it('walks both directions up to the depth asked for and says when lineage goes on', async () => {
    const result = await lineage(ledger, 'c3', '2');
    expect(result).toMatchObject({ id: 'c3', depth: 2, truncated: true });
    expect(result.ancestors).toEqual([
      {
        id: 'c2',
        distance: 1,
        via: 'c3',
        title: 'Asset c2',
        ownerDid: alice.did,
        classification: 'general',
        status: 'active',
      },
      {
        id: 'c1',
        distance: 2,
        via: 'c2',
        title: 'Asset c1',
        ownerDid: carol.did,
        classification: 'general',
        status: 'active',
      },
    ]);
    expect(ids(result.descendants)).toEqual(['c4', 'c5']);
    expect(result.edges).toEqual([
      { parent: 'c2', child: 'c3' },
      { parent: 'c1', child: 'c2' },
      { parent: 'c3', child: 'c4' },
      { parent: 'c4', child: 'c5' },
    ]);
  });

  it('caps the depth at 5 and reports the rest as truncated', async () => {
    const fromEnd = await lineage(ledger, 'c7', '5');
    expect(ids(fromEnd.ancestors)).toEqual(['c6', 'c5', 'c4', 'c3', 'c2']);
    expect(fromEnd.descendants).toEqual([]);
    expect(fromEnd.truncated).toBe(true);
    const fromStart = await lineage(ledger, 'c0', '5');
    expect(ids(fromStart.descendants)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(fromStart.truncated).toBe(true);
    const whole = await lineage(ledger, 'c2', '5');
    expect(ids(whole.ancestors)).toEqual(['c1', 'c0']);
    expect(ids(whole.descendants)).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
    expect(whole.truncated).toBe(false);
  });

  it.each([['0'], ['6'], ['100'], ['-1'], ['two'], ['1.5'], ['']])('refuses depth %j', async (depth) => {
    await expect(ledger.evaluate(CC, 'GetLineage', ['c1', depth])).rejects.toThrow(/^INVALID_ARGUMENT: depth: /);
  });

  it('refuses unknown assets and bad IDs', async () => {
    await expect(ledger.evaluate(CC, 'GetLineage', ['nope', '1'])).rejects.toThrow(/^NOT_FOUND: /);
    await expect(ledger.evaluate(CC, 'GetLineage', ['a\u0000', '1'])).rejects.toThrow(/^INVALID_ARGUMENT: id: /);
  });
});

describe('GetLineage on diamonds and wide fans', () => {
  it('returns an asset reachable two ways once, with every edge, and shows retired ancestors', async () => {
    const ledger = await setUp();
    await register(ledger, 'root');
    await register(ledger, 'left', { derivedFrom: ['root'] });
    await register(ledger, 'right', { derivedFrom: ['root'] });
    await register(ledger, 'join', { derivedFrom: ['left', 'right'] });
    await ledger.submit(CC, 'RetireDataAsset', ['root', 'source withdrawn']);
    const up = await lineage(ledger, 'join', '3');
    expect(up.ancestors.map((n) => [n.id, n.distance, n.via, n.status])).toEqual([
      ['left', 1, 'join', 'active'],
      ['right', 1, 'join', 'active'],
      ['root', 2, 'left', 'retired'],
    ]);
    expect(up.edges).toEqual([
      { parent: 'left', child: 'join' },
      { parent: 'right', child: 'join' },
      { parent: 'root', child: 'left' },
      { parent: 'root', child: 'right' },
    ]);
    expect(up.truncated).toBe(false);
    const down = await lineage(ledger, 'root', '2');
    expect(ids(down.descendants)).toEqual(['left', 'right', 'join']);
    expect(down.edges).toHaveLength(4);
  });

  it(`reads at most ${MAX_CHILDREN_PER_ASSET} children per asset`, async () => {
    const ledger = await setUp();
    await register(ledger, 'hub');
    for (let i = 0; i <= MAX_CHILDREN_PER_ASSET; i += 1) {
      await register(ledger, `leaf${String(i).padStart(2, '0')}`, { derivedFrom: ['hub'] });
    }
    const result = await lineage(ledger, 'hub', '1');
    expect(result.descendants).toHaveLength(MAX_CHILDREN_PER_ASSET);
    expect(result.truncated).toBe(true);
  });
});

describe('walk', () => {
  const graph: Record<string, string[]> = { a: ['b', 'c', 'd'], b: ['e'], c: ['e'], d: [], e: ['f'], f: [] };
  const neighbours = async (id: string): Promise<Neighbours> => ({ ids: graph[id] ?? [], truncated: false });

  it('is breadth first with shortest distances', async () => {
    const result = await walk('a', 5, 'down', neighbours);
    expect(result.nodes).toEqual([
      { id: 'b', distance: 1, via: 'a' },
      { id: 'c', distance: 1, via: 'a' },
      { id: 'd', distance: 1, via: 'a' },
      { id: 'e', distance: 2, via: 'b' },
      { id: 'f', distance: 3, via: 'e' },
    ]);
    expect(result.edges).toContainEqual({ parent: 'c', child: 'e' });
    expect(result.truncated).toBe(false);
  });

  it('stops at the node budget and marks the result truncated', async () => {
    const result = await walk('a', 5, 'down', neighbours, 2);
    expect(ids(result.nodes)).toEqual(['b', 'c']);
    expect(result.edges).toEqual([
      { parent: 'a', child: 'b' },
      { parent: 'a', child: 'c' },
    ]);
    expect(result.truncated).toBe(true);
  });

  it('passes on truncated neighbour lists and orients edges upwards', async () => {
    const result = await walk('x', 1, 'up', async () => ({ ids: ['p'], truncated: true }));
    expect(result).toEqual({
      nodes: [{ id: 'p', distance: 1, via: 'x' }],
      edges: [{ parent: 'p', child: 'x' }],
      truncated: true,
    });
  });
});
