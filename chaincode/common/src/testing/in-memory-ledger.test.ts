import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import {
  callerImplicitCollection,
  canonicalJson,
  canonicalSha256,
  compositeKey,
  emitEvent,
  forbidden,
  getCaller,
  getKeyEndorsers,
  getKeyHistory,
  getPrivateDataHashHex,
  getTransientJson,
  idSchema,
  insertJson,
  invokeChaincode,
  keyExists,
  listByPartialKey,
  pageRequestSchema,
  parseJsonArgument,
  queryPageByPartialKey,
  readJson,
  readJsonOrThrow,
  readPrivateJson,
  requireAdmin,
  requirePeerOfCallerOrg,
  setKeyEndorsers,
  txTime,
  writeJson,
  writePrivateJson,
  deleteKey,
} from '@ndi/chaincode-common';
import { createIdentity, InMemoryLedger, TransactionError } from '@ndi/chaincode-common/testing';

/** A note, the record of the example chaincode. */
interface Note {
  id: string;
  text: string;
  owner: string;
  createdAt: string;
}

const noteInput = z.strictObject({ id: idSchema, text: z.string().min(1).max(200) });
const noteKey = (id: string): string => compositeKey('note', [id]);

/** The example chaincode: one write + one event per submit, typed reads, refusals with codes. */
@Info({ title: 'notes', description: 'example chaincode for the in-memory ledger' })
class NotesContract extends Contract {
  constructor() {
    super('notes');
  }

  @Transaction()
  @Returns('string')
  public async CreateNote(ctx: Context, input: string): Promise<string> {
    const { id, text } = parseJsonArgument(noteInput, input, { name: 'note' });
    const caller = getCaller(ctx);
    const note: Note = { id, text, owner: caller.did, createdAt: txTime(ctx).iso };
    await insertJson(ctx, noteKey(id), note, `note '${id}'`);
    await setKeyEndorsers(ctx, noteKey(id), [caller.mspId]);
    emitEvent(ctx, 'NoteCreated', { id, owner: caller.did });
    return canonicalJson(note);
  }

  @Transaction()
  public async DeleteNote(ctx: Context, id: string): Promise<void> {
    requireAdmin(ctx, 'deleting a note');
    await readJsonOrThrow(ctx, noteKey(id), `note '${id}'`);
    await deleteKey(ctx, noteKey(id));
    emitEvent(ctx, 'NoteDeleted', { id });
  }

  /** Writes, then fails: nothing may be committed. */
  @Transaction()
  public async WriteThenFail(ctx: Context, id: string): Promise<void> {
    await writeJson(ctx, noteKey(id), { id, text: 'x', owner: 'x', createdAt: 'x' });
    emitEvent(ctx, 'NoteCreated', { id });
    throw forbidden('changed my mind');
  }

  /** Returns what getState sees after this transaction's own write. */
  @Transaction()
  @Returns('string')
  public async ReadOwnWrite(ctx: Context, id: string): Promise<string> {
    await writeJson(ctx, noteKey(id), { id, text: 'own', owner: 'x', createdAt: 'x' });
    const seen = await readJson<Note>(ctx, noteKey(id));
    return canonicalJson({ seen: seen?.text ?? null });
  }

  @Transaction(false)
  @Returns('string')
  public async ReadNote(ctx: Context, id: string): Promise<string> {
    return canonicalJson(await readJsonOrThrow<Note>(ctx, noteKey(id), `note '${id}'`));
  }

  @Transaction(false)
  @Returns('string')
  public async ListNotes(ctx: Context, request: string): Promise<string> {
    const page = await queryPageByPartialKey<Note>(ctx, 'note', [], parseJsonArgument(pageRequestSchema, request));
    return canonicalJson({ ids: page.items.map((n) => n.id), bookmark: page.bookmark, fetched: page.fetchedCount });
  }

  /** A paginated query in a writing transaction: Fabric refuses it. */
  @Transaction()
  public async ListThenWrite(ctx: Context): Promise<void> {
    await queryPageByPartialKey(ctx, 'note', [], { pageSize: 5 });
    await writeJson(ctx, noteKey('late'), { id: 'late' });
  }

  @Transaction(false)
  @Returns('string')
  public async Inspect(ctx: Context, id: string): Promise<string> {
    const history = await getKeyHistory<Note>(ctx, noteKey(id), 10);
    const endorsers = await getKeyEndorsers(ctx, noteKey(id));
    const all = await listByPartialKey<Note>(ctx, 'note', [], 2);
    return canonicalJson({
      history: history.entries.map((e) => ({ txId: e.txId, isDelete: e.isDelete, text: e.value?.text ?? null })),
      endorsers,
      listed: all.items.length,
      truncated: all.truncated,
      caller: getCaller(ctx),
      peer: ctx.stub.getMspID(),
      time: txTime(ctx),
    });
  }

  /** Keeps a personal detail in the caller's implicit collection, its hash on the shared ledger. */
  @Transaction()
  @Returns('string')
  public async StoreSecret(ctx: Context, id: string): Promise<string> {
    requirePeerOfCallerOrg(ctx);
    const secret = getTransientJson(ctx, 'secret', z.strictObject({ name: z.string().min(1) }));
    const collection = callerImplicitCollection(ctx);
    await writePrivateJson(ctx, collection, id, secret);
    await writeJson(ctx, compositeKey('secretHash', [id]), { hash: canonicalSha256(secret) });
    emitEvent(ctx, 'SecretStored', { id });
    return canonicalJson({ collection });
  }

  @Transaction(false)
  @Returns('string')
  public async ReadSecret(ctx: Context, id: string): Promise<string> {
    const collection = callerImplicitCollection(ctx);
    const value = await readPrivateJson(ctx, collection, id);
    const hash = await getPrivateDataHashHex(ctx, collection, id);
    return canonicalJson({ value: value ?? null, hash: hash ?? null });
  }

  /** Publishes the private data hash of the caller org's secret `id` (a hashed read, as every peer can make). */
  @Transaction()
  @Returns('string')
  public async SealSecret(ctx: Context, id: string): Promise<string> {
    const hash = await getPrivateDataHashHex(ctx, callerImplicitCollection(ctx), id);
    await writeJson(ctx, compositeKey('seal', [id]), { hash: hash ?? null });
    return canonicalJson({ hash: hash ?? null });
  }

  /** Asks the `registry` chaincode whether a note exists there, then records a link. */
  @Transaction()
  @Returns('string')
  public async LinkToRegistry(ctx: Context, id: string): Promise<string> {
    const entry = await invokeChaincode<{ id: string }>(ctx, 'registry', 'Get', [id]);
    await writeJson(ctx, compositeKey('link', [id]), entry);
    emitEvent(ctx, 'Linked', entry);
    return canonicalJson(entry);
  }
}

/** A second chaincode, called by the first. */
@Info({ title: 'registry', description: 'callee' })
class RegistryContract extends Contract {
  constructor() {
    super('registry');
  }

  @Transaction()
  public async Put(ctx: Context, id: string): Promise<void> {
    await writeJson(ctx, id, { id });
    emitEvent(ctx, 'Put', { id });
  }

  @Transaction(false)
  @Returns('string')
  public async Get(ctx: Context, id: string): Promise<string> {
    // Writes from a called chaincode join the caller's transaction, in this chaincode's namespace.
    await writeJson(ctx, `seen-${id}`, { by: getCaller(ctx).mspId });
    return canonicalJson(await readJsonOrThrow(ctx, id, `entry '${id}'`));
  }
}

const alice = createIdentity({ mspId: 'Org1MSP', commonName: 'alice' });
const admin1 = createIdentity({ mspId: 'Org1MSP', commonName: 'admin', admin: true });
const bob = createIdentity({ mspId: 'Org2MSP', commonName: 'bob' });

function newLedger(): InMemoryLedger {
  const ledger = new InMemoryLedger({ startTime: '2025-03-01T08:00:00.000Z', defaultCaller: alice });
  ledger.deploy('notes', [NotesContract]);
  ledger.deploy('registry', [RegistryContract]);
  return ledger;
}

describe('InMemoryLedger with a real Contract', () => {
  it('commits a write and its event, readable by a later evaluate', async () => {
    const ledger = newLedger();
    const created = await ledger.submit('notes', 'CreateNote', ['{"id":"n1","text":"hello"}']);
    expect(created.status).toBe(200);
    expect(created.committed).toBe(true);
    expect(created.result).toEqual({
      id: 'n1',
      text: 'hello',
      owner: alice.did,
      createdAt: '2025-03-01T08:00:00.000Z',
    });
    expect(created.event).toMatchObject({ name: 'NoteCreated', json: { id: 'n1', owner: alice.did } });
    expect(created.event?.payload.toString()).toBe(`{"id":"n1","owner":"${alice.did}"}`);
    expect(ledger.events.map((e) => e.name)).toEqual(['NoteCreated']);

    const read = await ledger.evaluate('notes', 'ReadNote', ['n1'], { caller: bob });
    expect(read.result).toEqual(created.result);
    // Stored bytes are canonical JSON.
    expect(ledger.getState('notes', noteKey('n1'))?.toString()).toBe(created.text);
    expect(ledger.getJson<Note>('notes', noteKey('n1'))?.text).toBe('hello');
  });

  it('refuses a second creation with ALREADY_EXISTS and changes nothing', async () => {
    const ledger = newLedger();
    await ledger.submit('notes', 'CreateNote', ['{"id":"n1","text":"hello"}']);
    const before = ledger.getState('notes', noteKey('n1'));
    const attempt = ledger.submit('notes', 'CreateNote', ['{"id":"n1","text":"other"}'], { caller: bob });
    await expect(attempt).rejects.toThrow("ALREADY_EXISTS: note 'n1' already exists");
    await expect(attempt).rejects.toMatchObject({ code: 'ALREADY_EXISTS', result: { status: 500, committed: false } });
    expect(ledger.getState('notes', noteKey('n1'))).toEqual(before);
    expect(ledger.events).toHaveLength(1);
  });

  it('discards writes and the event of a transaction that throws', async () => {
    const ledger = newLedger();
    const result = await ledger.invoke('notes', 'WriteThenFail', ['n9'], {}, true);
    expect(result).toMatchObject({ status: 500, message: 'FORBIDDEN: changed my mind', committed: false });
    expect(result.event).toBeUndefined();
    expect(ledger.keys('notes')).toEqual([]);
    expect(ledger.events).toEqual([]);
    expect(ledger.getHistory('notes', noteKey('n9'))).toEqual([]);
  });

  it('reports invalid JSON input with the field path', async () => {
    const ledger = newLedger();
    await expect(ledger.submit('notes', 'CreateNote', ['{"id":"bad id","text":""}'])).rejects.toThrow(
      /^INVALID_ARGUMENT: id: .*; text: /,
    );
    await expect(ledger.submit('notes', 'CreateNote', ['{"id":"a","text":"t","extra":1}'])).rejects.toThrow(
      /^INVALID_ARGUMENT: note: .*extra/,
    );
    await expect(ledger.submit('notes', 'CreateNote', ['{nope'])).rejects.toThrow(
      /^INVALID_ARGUMENT: note: malformed JSON/,
    );
  });

  it('does not let a transaction read its own writes (Fabric semantics)', async () => {
    const ledger = newLedger();
    const first = await ledger.submit('notes', 'ReadOwnWrite', ['n2']);
    expect(first.result).toEqual({ seen: null });
    const second = await ledger.submit('notes', 'ReadOwnWrite', ['n2']);
    expect(second.result).toEqual({ seen: 'own' });
  });

  it('evaluate never commits', async () => {
    const ledger = newLedger();
    const result = await ledger.evaluate('notes', 'CreateNote', ['{"id":"n3","text":"t"}']);
    expect(result.committed).toBe(false);
    expect(result.event?.name).toBe('NoteCreated');
    expect(ledger.keys('notes')).toEqual([]);
    expect(ledger.events).toEqual([]);
  });

  it('checks the admin flag from the certificate OU', async () => {
    const ledger = newLedger();
    await ledger.submit('notes', 'CreateNote', ['{"id":"n1","text":"t"}']);
    await expect(ledger.submit('notes', 'DeleteNote', ['n1'])).rejects.toThrow(
      'FORBIDDEN: deleting a note requires an admin of Org1MSP',
    );
    await expect(ledger.submit('notes', 'DeleteNote', ['zz'], { caller: admin1 })).rejects.toThrow(
      "NOT_FOUND: note 'zz' does not exist",
    );
    const deleted = await ledger.submit('notes', 'DeleteNote', ['n1'], { caller: admin1 });
    expect(deleted.event?.name).toBe('NoteDeleted');
    expect(ledger.getState('notes', noteKey('n1'))).toBeUndefined();
    // The key-level policy goes with the key.
    expect(ledger.getValidationParameter('notes', noteKey('n1'))).toBeUndefined();
  });

  it('exposes history, key endorsers, bounded listings, caller and tx time', async () => {
    const ledger = newLedger();
    const c1 = await ledger.submit('notes', 'CreateNote', ['{"id":"n1","text":"a"}'], { caller: bob });
    await ledger.submit('notes', 'CreateNote', ['{"id":"n2","text":"b"}']);
    await ledger.submit('notes', 'CreateNote', ['{"id":"n3","text":"c"}']);
    const d = await ledger.submit('notes', 'DeleteNote', ['n1'], { caller: admin1 });
    ledger.setTime('2025-06-01T00:00:00.000Z');
    const inspected = await ledger.evaluate('notes', 'Inspect', ['n1'], { caller: admin1, peerMspId: 'Org2MSP' });
    const view = inspected.result as Record<string, unknown>;
    expect(view.history).toEqual([
      { txId: d.txId, isDelete: true, text: null },
      { txId: c1.txId, isDelete: false, text: 'a' },
    ]);
    expect(view.endorsers).toEqual([]);
    expect(view.listed).toBe(2);
    expect(view.truncated).toBe(false);
    expect(view.peer).toBe('Org2MSP');
    expect(view.time).toEqual({ iso: '2025-06-01T00:00:00.000Z', epochMillis: Date.parse('2025-06-01T00:00:00.000Z') });
    expect(view.caller).toEqual({
      mspId: 'Org1MSP',
      id: admin1.id,
      commonName: 'admin',
      organizationalUnits: ['admin'],
      isAdmin: true,
      did: admin1.did,
    });
    const n2 = await ledger.evaluate('notes', 'Inspect', ['n2']);
    expect((n2.result as { endorsers: string[] }).endorsers).toEqual(['Org1MSP']);
  });

  it('paginates in key order with bookmarks', async () => {
    const ledger = newLedger();
    for (const id of ['c', 'a', 'e', 'b', 'd']) {
      await ledger.submit('notes', 'CreateNote', [JSON.stringify({ id, text: id })]);
    }
    const p1 = (await ledger.evaluate('notes', 'ListNotes', ['{"pageSize":2}'])).result as {
      ids: string[];
      bookmark: string;
      fetched: number;
    };
    expect(p1).toEqual({ ids: ['a', 'b'], bookmark: noteKey('c'), fetched: 2 });
    const p2 = (await ledger.evaluate('notes', 'ListNotes', [JSON.stringify({ pageSize: 2, bookmark: p1.bookmark })]))
      .result as { ids: string[]; bookmark: string };
    expect(p2.ids).toEqual(['c', 'd']);
    const p3 = (await ledger.evaluate('notes', 'ListNotes', [JSON.stringify({ pageSize: 2, bookmark: p2.bookmark })]))
      .result as { ids: string[]; bookmark: string };
    expect(p3).toMatchObject({ ids: ['e'], bookmark: '' });
    const all = (await ledger.evaluate('notes', 'ListNotes', ['{}'])).result as { ids: string[] };
    expect(all.ids).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses writes after a paginated query, as Fabric does', async () => {
    const ledger = newLedger();
    await expect(ledger.submit('notes', 'ListThenWrite')).rejects.toThrow(/paginated query. Writes are not allowed/);
  });

  it('keeps transient secrets in the implicit collection and only their hash public', async () => {
    const ledger = newLedger();
    const stored = await ledger.submit('notes', 'StoreSecret', ['p1'], {
      transient: { secret: { name: 'Zhang San' } },
    });
    expect(stored.result).toEqual({ collection: '_implicit_org_Org1MSP' });
    expect(ledger.getPrivateData('notes', '_implicit_org_Org1MSP', 'p1')?.toString()).toBe('{"name":"Zhang San"}');
    expect(JSON.stringify(ledger.getJson('notes', compositeKey('secretHash', ['p1'])))).not.toContain('Zhang');
    expect(ledger.getJson('notes', compositeKey('secretHash', ['p1']))).toEqual({
      hash: canonicalSha256({ name: 'Zhang San' }),
    });

    const own = await ledger.evaluate('notes', 'ReadSecret', ['p1']);
    expect(own.result).toEqual({ value: { name: 'Zhang San' }, hash: canonicalSha256({ name: 'Zhang San' }) });
    // An Org1 client on an Org2 peer: the peer does not hold Org1's implicit collection, only the hash.
    const elsewhere = await ledger.evaluate('notes', 'ReadSecret', ['p1'], { peerMspId: 'Org2MSP' });
    expect(elsewhere.result).toEqual({ value: null, hash: canonicalSha256({ name: 'Zhang San' }) });

    await expect(ledger.submit('notes', 'StoreSecret', ['p2'])).rejects.toThrow(
      "INVALID_ARGUMENT: transient field 'secret' is required",
    );
    await expect(
      ledger.submit('notes', 'StoreSecret', ['p2'], { transient: { secret: '{"name":""}' } }),
    ).rejects.toThrow(/^INVALID_ARGUMENT: transient\.secret\.name: /);
    await expect(
      ledger.submit('notes', 'StoreSecret', ['p2'], { transient: { secret: '{"name":"x"}' }, peerMspId: 'Org2MSP' }),
    ).rejects.toThrow(/^FORBIDDEN: client of Org1MSP must use a peer of Org1MSP, not of Org2MSP/);
  });

  it('runs a called chaincode in the same transaction and keeps its error code', async () => {
    const ledger = newLedger();
    await expect(ledger.submit('notes', 'LinkToRegistry', ['r1'])).rejects.toThrow(
      "NOT_FOUND: entry 'r1' does not exist",
    );
    const put = await ledger.submit('registry', 'Put', ['r1']);
    expect(put.event?.name).toBe('Put');

    const linked = await ledger.submit('notes', 'LinkToRegistry', ['r1']);
    expect(linked.result).toEqual({ id: 'r1' });
    // Only the invoked chaincode's event is recorded.
    expect(linked.event?.name).toBe('Linked');
    expect(ledger.events.map((e) => `${e.chaincode}:${e.name}`)).toEqual(['registry:Put', 'notes:Linked']);
    // Both namespaces got their writes from the one transaction.
    expect(ledger.getJson('notes', compositeKey('link', ['r1']))).toEqual({ id: 'r1' });
    expect(ledger.getJson('registry', 'seen-r1')).toEqual({ by: 'Org1MSP' });
    expect(ledger.getHistory('registry', 'seen-r1')[0]?.txId).toBe(linked.txId);
  });

  it('uses settable, advancing transaction ids and timestamps', async () => {
    const ledger = newLedger();
    const a = await ledger.submit('notes', 'CreateNote', ['{"id":"t1","text":"t"}']);
    const b = await ledger.submit('notes', 'CreateNote', ['{"id":"t2","text":"t"}']);
    expect(a.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(b.txId).not.toBe(a.txId);
    expect(a.timestamp).toBe('2025-03-01T08:00:00.000Z');
    expect(b.timestamp).toBe('2025-03-01T08:00:01.000Z');
    ledger.advanceTime(60_000);
    expect(ledger.now).toBe('2025-03-01T08:01:02.000Z');
    const c = await ledger.submit('notes', 'CreateNote', ['{"id":"t3","text":"t"}'], {
      txId: 'fixed',
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(c).toMatchObject({ txId: 'fixed', timestamp: '2026-01-01T00:00:00.000Z' });
    expect(ledger.getJson<Note>('notes', noteKey('t3'))?.createdAt).toBe('2026-01-01T00:00:00.000Z');
    await expect(ledger.submit('notes', 'CreateNote', ['{"id":"t4","text":"t"}'], { txId: 'fixed' })).rejects.toThrow(
      'duplicate transaction found [fixed]',
    );
    expect(() => ledger.setTime('2020-01-01T00:00:00Z')).toThrow(/cannot move the clock back/);
  });

  it('routes unknown functions and chaincodes to errors', async () => {
    const ledger = newLedger();
    await expect(ledger.submit('notes', 'Nope')).rejects.toThrow(/function that does not exist: Nope/);
    await expect(ledger.submit('nope', 'X')).rejects.toThrow(/chaincode nope is not deployed/);
    expect(() => ledger.deploy('notes', [NotesContract])).toThrow(/already deployed/);
    const err = await ledger.submit('notes', 'Nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionError);
  });

  it('seeds state directly and exposes it to contracts', async () => {
    const ledger = newLedger();
    ledger.seedState('registry', 'r7', { id: 'r7' });
    ledger.seedState('registry', 'raw', 'text');
    ledger.seedState('registry', 'bytes', Buffer.from('{"b":1}'));
    expect(ledger.keys('registry')).toEqual(['bytes', 'r7', 'raw']);
    expect((await ledger.evaluate('registry', 'Get', ['r7'])).result).toEqual({ id: 'r7' });
  });

  it('verifies key existence helpers against committed state', async () => {
    const ledger = newLedger();
    ledger.deploy('probe', [ProbeContract]);
    ledger.seedState('probe', 'present', { v: 1 });
    expect((await ledger.evaluate('probe', 'Exists', ['present'])).text).toBe('true');
    expect((await ledger.evaluate('probe', 'Exists', ['absent'])).text).toBe('false');
  });
});

describe('InMemoryLedger MVCC validation', () => {
  it('invalidates the second of two endorsements that read the same key, as a peer does', async () => {
    const ledger = newLedger();
    const a = await ledger.endorse('notes', 'CreateNote', ['{"id":"m1","text":"a"}']);
    const b = await ledger.endorse('notes', 'CreateNote', ['{"id":"m1","text":"b"}']);
    expect([a.result.status, b.result.status, a.result.committed]).toEqual([200, 200, false]);
    expect(a.commit()).toMatchObject({ committed: true, validationCode: 'VALID' });
    const second = b.commit();
    expect(second).toMatchObject({ committed: false, validationCode: 'MVCC_READ_CONFLICT' });
    expect(second.message).toMatch(/^MVCC_READ_CONFLICT: transaction [0-9a-f]+ read key .* of notes/);
    expect(ledger.getJson<Note>('notes', noteKey('m1'))?.text).toBe('a');
    expect(ledger.events.map((e) => e.name)).toEqual(['NoteCreated']);
    expect(() => b.commit()).toThrow(/already submitted for commit/);
  });

  it('makes submit throw on a conflict caused by a concurrent commit', async () => {
    const ledger = newLedger();
    const [first, second] = await Promise.all([
      ledger.invoke('notes', 'CreateNote', ['{"id":"m2","text":"a"}'], {}, true),
      ledger.submit('notes', 'CreateNote', ['{"id":"m2","text":"b"}']).catch((e: TransactionError) => e),
    ]);
    expect(first.committed).toBe(true);
    expect(second).toBeInstanceOf(TransactionError);
    expect((second as TransactionError).result.validationCode).toBe('MVCC_READ_CONFLICT');
  });

  it('detects phantoms in range reads and duplicate transaction ids at commit', async () => {
    const ledger = newLedger();
    await ledger.submit('notes', 'CreateNote', ['{"id":"p1","text":"a"}']);
    const reader = ledger.openTransaction('notes');
    expect((await listByPartialKey(reader.ctx, 'note', [], 10)).items).toHaveLength(1);
    await writeJson(reader.ctx, 'summary', { count: 1 });
    await ledger.submit('notes', 'CreateNote', ['{"id":"p2","text":"b"}']);
    expect(() => reader.commit()).toThrow(/^PHANTOM_READ_CONFLICT: /);
    expect(ledger.getState('notes', 'summary')).toBeUndefined();

    const x = await ledger.endorse('notes', 'CreateNote', ['{"id":"d1","text":"a"}'], { txId: 'same' });
    const y = await ledger.endorse('notes', 'CreateNote', ['{"id":"d2","text":"a"}'], { txId: 'same' });
    x.commit();
    expect(y.commit()).toMatchObject({ committed: false, validationCode: 'DUPLICATE_TXID' });
  });

  it('invalidates a transaction whose private data hash read a later commit changed', async () => {
    const ledger = newLedger();
    const secret = (name: string) => ({ transient: { secret: { name } } });
    await ledger.submit('notes', 'StoreSecret', ['s1'], secret('first'));
    const seal = await ledger.endorse('notes', 'SealSecret', ['s1']);
    await ledger.submit('notes', 'StoreSecret', ['s1'], secret('second'));
    expect(seal.commit()).toMatchObject({ committed: false, validationCode: 'MVCC_READ_CONFLICT' });
    expect(ledger.getState('notes', compositeKey('seal', ['s1']))).toBeUndefined();
    // On the state now, the seal commits.
    expect((await ledger.submit('notes', 'SealSecret', ['s1'])).committed).toBe(true);
  });

  it('commits disjoint endorsements in any order and never commits a failed one', async () => {
    const ledger = newLedger();
    const a = await ledger.endorse('notes', 'CreateNote', ['{"id":"q1","text":"a"}']);
    const b = await ledger.endorse('notes', 'CreateNote', ['{"id":"q2","text":"b"}']);
    const bad = await ledger.endorse('notes', 'WriteThenFail', ['q3']);
    expect(b.commit().committed).toBe(true);
    expect(a.commit().committed).toBe(true);
    expect(bad.commit()).toMatchObject({ committed: false, status: 500, message: 'FORBIDDEN: changed my mind' });
    expect(ledger.keys('notes')).toHaveLength(2);
  });
});

@Info({ title: 'probe', description: 'tiny helper chaincode' })
class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction(false)
  @Returns('string')
  public async Exists(ctx: Context, key: string): Promise<string> {
    return String(await keyExists(ctx, key));
  }
}
