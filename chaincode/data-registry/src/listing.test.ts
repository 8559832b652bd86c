import type { InMemoryLedger } from '@ndi/chaincode-common/testing';
import { alice, bob, CC, carol, register, setUp } from './testing/fixtures';
import type { DataAsset, DataRegistryPage } from './model';

type AssetPage = DataRegistryPage<DataAsset>;

async function list(ledger: InMemoryLedger, filter: object, pageSize: string, bookmark = ''): Promise<AssetPage> {
  return (await ledger.evaluate(CC, 'ListDataAssets', [JSON.stringify(filter), pageSize, bookmark], { caller: bob }))
    .result as AssetPage;
}

async function listAll(ledger: InMemoryLedger, filter: object, pageSize: string): Promise<string[][]> {
  const pages: string[][] = [];
  let bookmark = '';
  do {
    const page = await list(ledger, filter, pageSize, bookmark);
    expect(page.fetchedCount).toBe(page.items.length);
    pages.push(page.items.map((a) => a.id));
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return pages;
}

describe('ListDataAssets', () => {
  let ledger: InMemoryLedger;
  beforeAll(async () => {
    ledger = await setUp();
    for (const id of ['f3', 'f1', 'f5', 'f2', 'f4']) await register(ledger, id);
    await register(ledger, 'g1', {}, carol);
    await register(ledger, 'g2', {}, carol);
    await register(ledger, 't1', { category: 'tax' }, carol);
  });

  it('pages through one owner in ID order', async () => {
    expect(await listAll(ledger, { ownerDid: alice.did }, '2')).toEqual([['f1', 'f2'], ['f3', 'f4'], ['f5']]);
    expect(await listAll(ledger, { ownerDid: carol.did }, '10')).toEqual([['g1', 'g2', 't1']]);
    expect(await listAll(ledger, { ownerDid: bob.did }, '10')).toEqual([[]]);
  });

  it('pages through one category', async () => {
    expect(await listAll(ledger, { category: 'finance' }, '3')).toEqual([
      ['f1', 'f2', 'f3'],
      ['f4', 'f5', 'g1'],
      ['g2'],
    ]);
    const tax = await list(ledger, { category: 'tax' }, '');
    expect(tax.items.map((a) => [a.id, a.ownerDid])).toEqual([['t1', carol.did]]);
    expect(tax.bookmark).toBe('');
  });

  it('follows ownership after a transfer', async () => {
    const local = await setUp();
    await register(local, 'x1');
    await register(local, 'x2');
    await local.submit(CC, 'TransferDataAsset', ['x1', carol.did]);
    expect((await list(local, { ownerDid: alice.did }, '10')).items.map((a) => a.id)).toEqual(['x2']);
    expect((await list(local, { ownerDid: carol.did }, '10')).items.map((a) => [a.id, a.ownerDid])).toEqual([
      ['x1', carol.did],
    ]);
  });

  it.each([
    ['no filter field', ['{}', '10', ''], /^INVALID_ARGUMENT: filter: exactly one of ownerDid and category/],
    [
      'both filter fields',
      [JSON.stringify({ ownerDid: 'did:ndi:A:' + '0'.repeat(32), category: 'tax' }), '10', ''],
      /exactly one/,
    ],
    ['an unknown category', ['{"category":"mining"}', '10', ''], /^INVALID_ARGUMENT: category: /],
    ['a bad DID', ['{"ownerDid":"alice"}', '10', ''], /^INVALID_ARGUMENT: ownerDid: /],
    ['an extra field', ['{"category":"tax","status":"active"}', '10', ''], /^INVALID_ARGUMENT: filter: .*status/],
    ['malformed JSON', ['{', '10', ''], /^INVALID_ARGUMENT: filter: malformed JSON/],
    ['page size 0', ['{"category":"tax"}', '0', ''], /^INVALID_ARGUMENT: pageSize: /],
    ['page size 10000', ['{"category":"tax"}', '10000', ''], /^INVALID_ARGUMENT: pageSize: /],
    ['a negative page size', ['{"category":"tax"}', '-5', ''], /^INVALID_ARGUMENT: pageSize: /],
    ['a non-numeric page size', ['{"category":"tax"}', 'ten', ''], /^INVALID_ARGUMENT: pageSize: /],
    ['an over-long bookmark', ['{"category":"tax"}', '10', 'b'.repeat(2049)], /^INVALID_ARGUMENT: bookmark: /],
  ])('refuses %s', async (_, args, message) => {
    await expect(ledger.evaluate(CC, 'ListDataAssets', args)).rejects.toThrow(message);
  });

  it('refuses a bookmark of another listing instead of paging through it', async () => {
    const finance = await list(ledger, { category: 'finance' }, '2');
    expect(finance.bookmark).not.toBe('');
    await expect(ledger.evaluate(CC, 'ListDataAssets', ['{"category":"tax"}', '2', finance.bookmark])).rejects.toThrow(
      'INVALID_ARGUMENT: bookmark: does not belong to this listing',
    );
  });
});
