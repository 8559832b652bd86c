import { z } from 'zod';
import {
  bookmarkSchema,
  boundedString,
  boundedText,
  currencySchema,
  didSchema,
  formatDecimalInteger,
  idSchema,
  isoTimestampSchema,
  moneyAmountSchema,
  mspIdSchema,
  pageRequestSchema,
  pageSizeSchema,
  parseDecimalInteger,
  positiveQuantitySchema,
  sha256HexSchema,
} from './schemas';
import { formatIssuePath, MAX_JSON_ARGUMENT_LENGTH, parseArgument, parseJsonArgument } from './validation';

const policySchema = z.strictObject({
  policy: z.strictObject({ purposes: z.array(z.enum(['research', 'credit'])).min(1), until: isoTimestampSchema }),
  price: moneyAmountSchema,
});

describe('parseJsonArgument', () => {
  it('returns the typed value', () => {
    const value = parseJsonArgument(
      policySchema,
      '{"policy":{"purposes":["credit"],"until":"2026-01-01T00:00:00Z"},"price":"100"}',
    );
    expect(value.policy.purposes).toEqual(['credit']);
  });

  it('names the failing field path', () => {
    expect(() =>
      parseJsonArgument(
        policySchema,
        '{"policy":{"purposes":["marketing"],"until":"2026-01-01T00:00:00Z"},"price":"1"}',
      ),
    ).toThrow(/^INVALID_ARGUMENT: policy\.purposes\[0\]: /);
  });

  it('reports every failing field', () => {
    expect(() =>
      parseJsonArgument(policySchema, '{"policy":{"purposes":[],"until":"yesterday"},"price":"01"}'),
    ).toThrow(
      /^INVALID_ARGUMENT: policy\.purposes: .*; policy\.until: .*; price: must be a non-negative decimal integer/,
    );
  });

  it('rejects unknown fields, including __proto__', () => {
    expect(() =>
      parseJsonArgument(policySchema.shape.policy, '{"purposes":["credit"],"until":"2026-01-01T00:00:00Z","x":1}'),
    ).toThrow(/^INVALID_ARGUMENT: input: Unrecognized key: "x"/);
    expect(() =>
      parseJsonArgument(
        policySchema.shape.policy,
        '{"purposes":["credit"],"until":"2026-01-01T00:00:00Z","__proto__":{"a":1}}',
      ),
    ).toThrow(/^INVALID_ARGUMENT: .*__proto__/);
  });

  it('rejects malformed, non-string and over-long input', () => {
    expect(() => parseJsonArgument(idSchema, '{', { name: 'asset' })).toThrow(
      /^INVALID_ARGUMENT: asset: malformed JSON/,
    );
    expect(() => parseJsonArgument(idSchema, 42)).toThrow('INVALID_ARGUMENT: input: expected a JSON string');
    expect(() => parseJsonArgument(z.string(), JSON.stringify('x'.repeat(MAX_JSON_ARGUMENT_LENGTH)))).toThrow(
      `INVALID_ARGUMENT: input: JSON exceeds ${MAX_JSON_ARGUMENT_LENGTH} characters`,
    );
    expect(() => parseJsonArgument(z.string(), '"abc"', { maxLength: 4 })).toThrow(/exceeds 4/);
  });

  it('uses the name for root-level issues and the prefix for nested ones', () => {
    expect(() => parseArgument(idSchema, '', 'assetId')).toThrow(/^INVALID_ARGUMENT: assetId: /);
    expect(() =>
      parseJsonArgument(z.strictObject({ a: z.string() }), '{"a":1}', { pathPrefix: 'transient.p' }),
    ).toThrow(/^INVALID_ARGUMENT: transient\.p\.a: /);
    expect(formatIssuePath(['a', 0, 'b', 1, 2])).toBe('a[0].b[1][2]');
    expect(formatIssuePath([0])).toBe('[0]');
  });
});

describe('schemas', () => {
  const ok = (schema: z.ZodType, value: unknown): boolean => schema.safeParse(value).success;

  it('id', () => {
    expect(ok(idSchema, 'asset-1.v2:x_y')).toBe(true);
    expect(ok(idSchema, 'x'.repeat(64))).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'a\u0000b', 'é']) expect(ok(idSchema, bad)).toBe(false);
  });

  it('mspId, did, sha256', () => {
    expect(ok(mspIdSchema, 'Org1MSP')).toBe(true);
    expect(ok(mspIdSchema, 'Org 1')).toBe(false);
    expect(ok(didSchema, `did:ndi:Org1MSP:${'a'.repeat(32)}`)).toBe(true);
    expect(ok(didSchema, `did:ndi:Org1MSP:${'A'.repeat(32)}`)).toBe(false);
    expect(ok(didSchema, `did:web:Org1MSP:${'a'.repeat(32)}`)).toBe(false);
    expect(ok(sha256HexSchema, 'a'.repeat(64))).toBe(true);
    expect(ok(sha256HexSchema, 'A'.repeat(64))).toBe(false);
    expect(ok(sha256HexSchema, 'a'.repeat(63))).toBe(false);
  });

  it('timestamps', () => {
    expect(ok(isoTimestampSchema, '2025-01-31T12:00:00.000Z')).toBe(true);
    expect(ok(isoTimestampSchema, '2025-01-31')).toBe(false);
    expect(ok(isoTimestampSchema, '2025-01-31T12:00:00+08:00')).toBe(false);
  });

  it('money, quantities and currency', () => {
    for (const good of ['0', '1', '999999999999999999999999999999']) expect(ok(moneyAmountSchema, good)).toBe(true);
    for (const bad of ['', '01', '-1', '1.5', '1e3', ' 1', '1'.padEnd(31, '0'), 1])
      expect(ok(moneyAmountSchema, bad)).toBe(false);
    expect(ok(positiveQuantitySchema, '0')).toBe(false);
    expect(ok(positiveQuantitySchema, '5')).toBe(true);
    expect(ok(currencySchema, 'CNY')).toBe(true);
    expect(ok(currencySchema, 'cny')).toBe(false);
    expect(ok(currencySchema, 'CNYX')).toBe(false);
  });

  it('parses and formats decimal integers as bigint', () => {
    expect(parseDecimalInteger('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(() => parseDecimalInteger('1.0', 'price')).toThrow(/^INVALID_ARGUMENT: price: /);
    expect(formatDecimalInteger(42n)).toBe('42');
    expect(() => formatDecimalInteger(-1n, 'balance')).toThrow(/^INVALID_ARGUMENT: balance: /);
    expect(() => formatDecimalInteger(10n ** 30n)).toThrow(/INVALID_ARGUMENT/);
  });

  it('pagination', () => {
    expect(pageRequestSchema.parse({})).toEqual({ pageSize: 20, bookmark: '' });
    expect(ok(pageSizeSchema, 100)).toBe(true);
    expect(ok(pageSizeSchema, 101)).toBe(false);
    expect(ok(pageSizeSchema, 0)).toBe(false);
    expect(ok(pageSizeSchema, 1.5)).toBe(false);
    expect(ok(bookmarkSchema, '\u0000note\u0000a\u0000')).toBe(true);
    expect(ok(pageRequestSchema, { pageSize: 5, extra: 1 })).toBe(false);
  });

  it('bounded strings', () => {
    expect(ok(boundedString(3), 'abc')).toBe(true);
    expect(ok(boundedString(3), 'abcd')).toBe(false);
    expect(ok(boundedString(3), '')).toBe(false);
    expect(ok(boundedString(3), 'a\nb')).toBe(false);
    expect(ok(boundedText(10), 'a\nb\tc')).toBe(true);
    expect(ok(boundedText(10), 'a\u0000')).toBe(false);
  });

  it.each([
    ['right-to-left override', 'invoice\u202Etxt.exe'],
    ['left-to-right isolate', 'a\u2066b\u2069'],
    ['pop directional formatting', 'ab\u202C'],
    ['zero-width space', 'Ali\u200Bce'],
    ['word joiner', 'Ali\u2060ce'],
    ['byte-order mark', '\uFEFFAlice'],
    ['invisible separator', 'a\u2063b'],
    ['noncharacter', 'a\uFFFF'],
    ['lone high surrogate', 'a\uD800'],
    ['lone low surrogate', '\uDC00a'],
    ['decomposed (NFD) accent', 'Cafe\u0301'],
  ])('free text refuses a %s, naming the rule', (_what, text) => {
    for (const schema of [boundedString(40), boundedText(40)]) {
      const result = schema.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/bidirectional controls|normalization form C/);
    }
  });

  it.each([
    ['CJK', '国家数据基础设施'],
    ['precomposed (NFC) accent', 'Caf\u00E9'],
    ['an emoji sequence with zero-width joiners', '\u{1F469}\u200D\u{1F4BB}'],
    ['Persian with a zero-width non-joiner', '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645'],
    ['Arabic with a right-to-left mark', '\u0645\u0631\u062D\u0628\u0627\u200F 1'],
    ['an astral character (surrogate pair)', '\u{20BB7}\u91CE\u5BB6'],
  ])('free text accepts %s', (_what, text) => {
    expect(ok(boundedString(40), text)).toBe(true);
    expect(ok(boundedText(40), text)).toBe(true);
  });
});
