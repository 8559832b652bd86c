import { canonicalBytes, canonicalJson, canonicalSha256, parseJsonBytes, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys recursively regardless of insertion order', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('sorts by UTF-16 code units (RFC 8785), not locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4, '\u{1F600}': 5, '\uFF01': 6 })).toBe(
      '{"B":2,"a":3,"b":1,"é":4,"\u{1F600}":5,"\uFF01":6}',
    );
  });

  it('writes primitives like JSON', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(0.1)).toBe('0.1');
    expect(canonicalJson('a"b\n\u0001')).toBe('"a\\"b\\n\\u0001"');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('omits undefined object properties', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('accepts null-prototype objects', () => {
    const o = Object.create(null) as Record<string, number>;
    o.x = 1;
    expect(canonicalJson(o)).toBe('{"x":1}');
  });

  it.each([
    ['top-level undefined', undefined, /\$ has unsupported type undefined/],
    ['undefined in array', [1, undefined], /\$\[1\] is undefined/],
    ['NaN', { n: NaN }, /\$\.n is not a finite number/],
    ['Infinity', [Infinity], /not a finite number/],
    ['bigint', { v: 1n }, /\$\.v has unsupported type bigint/],
    ['function', { f: () => 1 }, /unsupported type function/],
    ['symbol', Symbol('s'), /unsupported type symbol/],
    ['Date', { d: new Date(0) }, /\$\.d is not a plain object/],
    ['Map', new Map(), /not a plain object/],
    ['Buffer', Buffer.from('x'), /not a plain object/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('rejects cycles but allows shared references', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it('round-trips through bytes', () => {
    const value = { z: ['ü', 1], a: null };
    const bytes = canonicalBytes(value);
    expect(bytes.toString('utf8')).toBe('{"a":null,"z":["ü",1]}');
    expect(parseJsonBytes(bytes)).toEqual(value);
  });

  it('hashes canonically', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(canonicalSha256({ b: 1, a: 2 })).toBe(sha256Hex('{"a":2,"b":1}'));
    expect(canonicalSha256({ a: 2, b: 1 })).toBe(canonicalSha256({ b: 1, a: 2 }));
  });
});
