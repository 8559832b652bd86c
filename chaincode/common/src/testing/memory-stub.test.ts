import { ClientIdentity } from 'fabric-shim';
import { createCertificatePem, createIdentity, InMemoryLedger } from './index';

const org1 = createIdentity({ mspId: 'Org1MSP', commonName: 'u1', attributes: { role: 'valuer' } });
const org2 = createIdentity({ mspId: 'Org2MSP', commonName: 'u2' });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function seeded(): InMemoryLedger {
  const ledger = new InMemoryLedger({ defaultCaller: org1 });
  for (const key of ['b', 'a', '\uffff', '\u{1F600}', 'c']) ledger.seedState('cc', key, { key });
  return ledger;
}

describe('MemoryStub', () => {
  it('orders keys by UTF-8 bytes like LevelDB', async () => {
    const { stub } = seeded().openTransaction('cc');
    const keys = (await collect(stub.getStateByRange('', ''))).map((kv) => kv.key);
    // U+FFFF sorts before U+1F600 in UTF-8, after it in UTF-16.
    expect(keys).toEqual(['a', 'b', 'c', '\uffff', '\u{1F600}']);
    const bounded = await stub.getStateByRange('b', 'c');
    expect((await bounded.next()).value.key).toBe('b');
    expect((await bounded.next()).done).toBe(true);
  });

  it('finds partial composite keys including attributes above U+FFFF', async () => {
    const ledger = new InMemoryLedger({ defaultCaller: org1 });
    const tx = ledger.openTransaction('cc');
    for (const a of ['x', '\uffff', '\u{1F600}'])
      await tx.stub.putState(tx.stub.createCompositeKey('t', [a]), Buffer.from('1'));
    await tx.stub.putState('plain', Buffer.from('1'));
    tx.commit();
    const { stub } = ledger.openTransaction('cc');
    const found = await collect(stub.getStateByPartialCompositeKey('t', []));
    expect(found.map((kv) => stub.splitCompositeKey(kv.key).attributes[0])).toEqual(['x', '\uffff', '\u{1F600}']);
    expect(stub.splitCompositeKey('plain')).toEqual({ objectType: null, attributes: [] });
  });

  it('copies fabric-shim argument checks', async () => {
    const { stub } = seeded().openTransaction('cc');
    await expect(stub.getStateByRange('\u0000x', '')).rejects.toThrow(/contains a null character/);
    await expect(stub.getStateByRangeWithPagination('a', '\u0000', 1)).rejects.toThrow(/null character/);
    expect(() => stub.createCompositeKey('', [])).toThrow('object type or attribute not a non-zero length string');
    expect(() => stub.createCompositeKey('t', [''])).toThrow('object type or attribute not a non-zero length string');
    expect(() => stub.createCompositeKey('t', 'a' as unknown as string[])).toThrow('attributes must be an array');
    expect(() => stub.setEvent('', Buffer.alloc(0))).toThrow('Event name must be a non-empty string');
    await expect(stub.putState('', Buffer.from('x'))).rejects.toThrow(/non-empty/);
    await expect(stub.putState('a\ud800', Buffer.from('x'))).rejects.toThrow(/valid UTF8/);
    await expect(stub.getQueryResult('{}')).rejects.toThrow('ExecuteQuery not supported for leveldb');
    await expect(stub.getQueryResultWithPagination('{}', 1)).rejects.toThrow(/leveldb/);
    await expect(stub.getPrivateDataQueryResult('c', '{}')).rejects.toThrow(/leveldb/);
    await expect(stub.invokeChaincode('cc', [], 'other')).rejects.toThrow(/only channel ndi/);
    await expect(stub.getPrivateData('', 'k')).rejects.toThrow('collection must be a valid string');
    await expect(stub.getPrivateData('c', '')).rejects.toThrow('key must be a valid string');
    await expect(stub.putPrivateData('c', 'k', undefined as unknown as Uint8Array)).rejects.toThrow(
      'value must be valid',
    );
    await expect(stub.getPrivateDataByRange('', 'a', 'b')).rejects.toThrow('collection must be a valid string');
    await expect(stub.getPrivateDataByPartialCompositeKey('c', '', [])).rejects.toThrow(/non-zero length/);
    expect(stub.getSignedProposal().signature).toHaveLength(0);
  });

  it('exposes the proposal: args, ids, creator, transient, time', async () => {
    const ledger = new InMemoryLedger({ defaultCaller: org1, startTime: '2025-05-05T05:05:05.500Z' });
    const { stub } = ledger.openTransaction('cc', {
      transient: { a: 'x', b: Buffer.from([1]), c: { n: 1 } },
      txId: 't1',
    });
    expect(stub.getFunctionAndParameters()).toEqual({ fcn: '', params: [] });
    expect(stub.getArgs()).toEqual([]);
    expect(stub.getTxID()).toBe('t1');
    expect(stub.getChannelID()).toBe('ndi');
    expect(stub.getMspID()).toBe('Org1MSP');
    expect(stub.getCreator().mspid).toBe('Org1MSP');
    expect(Buffer.from(stub.getTransient().get('c') as Uint8Array).toString()).toBe('{"n":1}');
    expect([...stub.getTransient().keys()]).toEqual(['a', 'b', 'c']);
    const ts = stub.getTxTimestamp();
    expect([ts.seconds.toNumber(), ts.nanos]).toEqual([Date.parse('2025-05-05T05:05:05Z') / 1000, 500_000_000]);
    expect(stub.getDateTimestamp().toISOString()).toBe('2025-05-05T05:05:05.500Z');
    expect(stub.getBinding()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats an empty value as a delete and drops metadata with the key', async () => {
    const ledger = seeded();
    const tx = ledger.openTransaction('cc');
    await tx.stub.setStateValidationParameter('a', Buffer.from([1]));
    tx.commit();
    expect(ledger.getValidationParameter('cc', 'a')).toEqual(Buffer.from([1]));
    const del = ledger.openTransaction('cc');
    await del.stub.putState('a', Buffer.alloc(0));
    await del.stub.setStateValidationParameter('a', Buffer.from([2]));
    del.commit();
    expect(ledger.getState('cc', 'a')).toBeUndefined();
    expect(ledger.getValidationParameter('cc', 'a')).toBeUndefined();
    expect(ledger.getHistory('cc', 'a').map((h) => h.isDelete)).toEqual([false, true]);
  });

  it('refuses paginated queries after writes and writes after private queries', async () => {
    const ledger = seeded();
    const w = ledger.openTransaction('cc');
    await w.stub.putState('z', Buffer.from('1'));
    await expect(w.stub.getStateByRangeWithPagination('', '', 5)).rejects.toThrow(
      /Paginated queries are supported only in a read-only transaction/,
    );
    await expect(w.stub.getPrivateDataByRange('c', '', '')).rejects.toThrow(/Queries on pvt data is supported only/);
    const p = ledger.openTransaction('cc');
    await collect(p.stub.getPrivateDataByRange('c', '', ''));
    await expect(p.stub.deleteState('a')).rejects.toThrow(/Queries on pvt data is supported only/);
    const q = ledger.openTransaction('cc');
    await expect(q.stub.getStateByRangeWithPagination('', '', 0)).rejects.toThrow(
      /pageSize must be a positive integer/,
    );
  });

  it('applies collection definitions: membership, memberOnlyRead/Write, unknown collections', async () => {
    const ledger = new InMemoryLedger({ defaultCaller: org1 });
    ledger.deploy('cc', [], {
      collections: [
        { name: 'shared', members: ['Org1MSP', 'Org2MSP'] },
        { name: 'org1only', members: ['Org1MSP'], memberOnlyRead: true, memberOnlyWrite: true },
      ],
    });
    const w = ledger.openTransaction('cc');
    await w.stub.putPrivateData('shared', 'k', Buffer.from('v'));
    await w.stub.putPrivateData('org1only', 'k', Buffer.from('w'));
    await w.stub.setPrivateDataValidationParameter('shared', 'k', Buffer.from([9]));
    await expect(w.stub.putPrivateData('nope', 'k', Buffer.from('v'))).rejects.toThrow(
      'collection nope is not defined for chaincode cc',
    );
    w.commit();

    const r1 = ledger.openTransaction('cc');
    expect(Buffer.from(await r1.stub.getPrivateData('org1only', 'k')).toString()).toBe('w');
    expect(await r1.stub.getPrivateDataValidationParameter('shared', 'k')).toEqual(Buffer.from([9]));
    expect(await r1.stub.getPrivateDataValidationParameter('shared', 'none')).toBeUndefined();
    expect((await collect(r1.stub.getPrivateDataByPartialCompositeKey('shared', 't', []))).length).toBe(0);

    const r2 = ledger.openTransaction('cc', { caller: org2 });
    expect(Buffer.from(await r2.stub.getPrivateData('shared', 'k')).toString()).toBe('v');
    await expect(r2.stub.getPrivateData('org1only', 'k')).rejects.toThrow(/does not have read access/);
    await expect(r2.stub.deletePrivateData('org1only', 'k')).rejects.toThrow(/does not have write access/);
    expect((await r2.stub.getPrivateDataHash('org1only', 'k')).length).toBe(32);
    // An Org2 client on an Org2 peer cannot range-read Org1's implicit collection data: the peer lacks it.
    expect(await collect(r2.stub.getPrivateDataByRange('_implicit_org_Org1MSP', '', ''))).toEqual([]);

    const purge = ledger.openTransaction('cc');
    await purge.stub.purgePrivateData('shared', 'k');
    purge.commit();
    expect(ledger.getPrivateData('cc', 'shared', 'k')).toBeUndefined();
  });

  it('closes iterators when a for-await loop exits early', async () => {
    const { stub } = seeded().openTransaction('cc');
    const seen: string[] = [];
    for await (const kv of stub.getStateByRange('', '')) {
      seen.push(kv.key);
      break;
    }
    expect(seen).toEqual(['a']);
    const history = await collect(stub.getHistoryForKey('a'));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ isDelete: false, txId: expect.stringMatching(/^seed-/) });
  });
});

describe('test certificates', () => {
  it('parse with fabric-shim ClientIdentity, attributes included', () => {
    const stub = {
      getChannelID: () => 'ch',
      getTxID: () => 'tx',
      getCreator: () => ({ mspid: org1.mspId, idBytes: Buffer.from(org1.certificate) }),
    };
    const identity = new ClientIdentity(stub as never);
    expect(identity.getID()).toBe(org1.id);
    expect(identity.getID()).toBe('x509::/C=CN/O=Org1MSP/OU=client/CN=u1::/C=CN/O=Org1MSP/CN=ca.org1msp');
    expect(identity.getAttributeValue('role')).toBe('valuer');
    expect(identity.assertAttributeValue('role', 'admin')).toBe(false);
  });

  it('are deterministic and reject unknown DN types', () => {
    const spec = { subject: [{ type: 'CN', value: 'x'.repeat(300) }], issuer: [{ type: 'CN', value: 'ca' }] };
    expect(createCertificatePem(spec)).toBe(createCertificatePem(spec));
    expect(() => createCertificatePem({ subject: [{ type: 'XX', value: 'x' }], issuer: [] })).toThrow(
      /unsupported DN attribute/,
    );
  });

  it('support explicit subjects, extra OUs and roles', () => {
    const peerAdmin = createIdentity({
      mspId: 'Org3MSP',
      commonName: 'p',
      role: 'peer',
      extraOrganizationalUnits: ['dept'],
    });
    expect(peerAdmin.id).toContain('/OU=peer/OU=dept/CN=p');
    expect(peerAdmin.isAdmin).toBe(false);
    const custom = createIdentity({
      mspId: 'Org3MSP',
      commonName: 'ignored',
      subject: [
        { type: 'OU', value: 'Admin' },
        { type: 'CN', value: 'root' },
      ],
    });
    expect(custom.isAdmin).toBe(true);
    expect(custom.id.startsWith('x509::/OU=Admin/CN=root::')).toBe(true);
  });
});
