import { PassThrough } from 'node:stream';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../test-helpers';
import { ExitCode, reportFailure, UsageError } from './exit-codes';
import { cell, formatRecord, formatTable, toJson } from './format';
import { sha256File } from './hash';
import { collect, parseDuration, parseInstant, parseMinorUnits, parsePeer, parseSha256 } from './options';
import { lineSpinner, terminalSpinner } from './spinner';

describe('sha256File', () => {
  it('hashes a small file', async () => {
    const file = path.join(tempDir('ndi-cli-hash-'), 'abc.txt');
    fs.writeFileSync(file, 'abc');
    expect(await sha256File(file)).toEqual({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sizeBytes: '3',
    });
  });

  it('streams a file of many chunks to the same digest as hashing it at once', async () => {
    const file = path.join(tempDir('ndi-cli-hash-'), 'big.bin');
    const content = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < content.length; i += 1) {
      content[i] = (i * 31) & 0xff;
    }
    fs.writeFileSync(file, content);
    const expected = createHash('sha256').update(content).digest('hex');
    expect(await sha256File(file)).toEqual({ sha256: expected, sizeBytes: String(content.length) });
  });

  it('hashes an empty file', async () => {
    const file = path.join(tempDir('ndi-cli-hash-'), 'empty');
    fs.writeFileSync(file, '');
    expect((await sha256File(file)).sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('reports an unreadable file as a usage error', async () => {
    await expect(sha256File('/nonexistent/file')).rejects.toThrow(UsageError);
  });
});

describe('format', () => {
  it('aligns table columns without trailing blanks', () => {
    const rows = [
      { a: 'x', b: 1 },
      { a: 'longer', b: 22 },
    ];
    const columns = [
      { header: 'name', value: (r: (typeof rows)[number]) => r.a },
      { header: 'n', value: (r: (typeof rows)[number]) => r.b },
    ];
    expect(formatTable(rows, columns)).toBe('NAME    N\nx       1\nlonger  22\n');
  });

  it('flattens records into dotted keys', () => {
    expect(formatRecord({ id: 'a', policy: { purposes: ['x', 'y'], tradable: true }, list: [{ k: 1 }] })).toBe(
      'id               a\npolicy.purposes  x, y\npolicy.tradable  true\nlist[0].k        1\n',
    );
  });

  it('writes bigints as numbers when exact, strings beyond 2^53', () => {
    expect(JSON.parse(toJson({ a: 42n, b: 2n ** 64n }))).toEqual({ a: 42, b: '18446744073709551616' });
  });

  it('keeps control characters from the ledger off the terminal', () => {
    expect(cell('a\u001b[31mb\nc')).toBe('a [31mb c');
    expect(cell(undefined)).toBe('');
  });
});

describe('option parsers', () => {
  it('parses durations', () => {
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('0')).toThrow();
    expect(() => parseDuration('soon')).toThrow();
  });

  it('parses instants to ISO-8601 UTC', () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    expect(parseInstant('+12h', now)).toBe('2026-01-01T12:00:00.000Z');
    expect(parseInstant('2026-03-01', now)).toBe('2026-03-01T00:00:00.000Z');
    expect(() => parseInstant('tomorrow', now)).toThrow();
    expect(() => parseInstant('2026-13-45', now)).toThrow();
  });

  it('parses hashes, money, peers and lists', () => {
    expect(parseSha256('A'.repeat(64))).toBe('a'.repeat(64));
    expect(() => parseSha256('abc')).toThrow();
    expect(parseMinorUnits('1250000')).toBe('1250000');
    expect(() => parseMinorUnits('12.50')).toThrow();
    expect(parsePeer('1')).toBe(1);
    expect(parsePeer('peer0.exchange')).toBe('peer0.exchange');
    expect(collect('b, c', ['a'])).toEqual(['a', 'b', 'c']);
  });
});

describe('reportFailure', () => {
  it('maps anything unknown to exit code 1', () => {
    expect(reportFailure('weird')).toMatchObject({ exitCode: ExitCode.Failure, lines: ['error: weird'] });
  });
});

describe('lineSpinner', () => {
  it('writes plain lines', () => {
    let text = '';
    const spinner = lineSpinner({ write: (t: string) => (text += t) });
    spinner.start('submitting');
    spinner.update('retrying');
    spinner.succeed('done');
    expect(text).toBe('submitting...\nretrying\n');
  });
});

describe('terminalSpinner', () => {
  it('falls back to plain lines off a terminal, or on a terminal of unknown width (ora is not loaded)', async () => {
    let text = '';
    const stream = Object.assign(new PassThrough(), { write: (t: string) => (text += t) });
    (await terminalSpinner(stream)).start('a');
    (await terminalSpinner(Object.assign(stream, { isTTY: true, columns: 0 }))).start('b');
    expect(text).toBe('a...\nb...\n');
  });
});
