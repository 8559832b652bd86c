import { ChaincodeStub } from 'fabric-shim';
import {
  compositeKey,
  isCompositeKey,
  MAX_KEY_LENGTH,
  MAX_KEY_PART_LENGTH,
  splitCompositeKey,
  validateKeyPart,
  validateSimpleKey,
} from './keys';

// fabric-shim's own encoder, called without a peer connection (it uses no instance state).
const shimCompositeKey = (type: string, attrs: string[]): string =>
  (ChaincodeStub.prototype.createCompositeKey as (t: string, a: string[]) => string).call({}, type, attrs);

describe('compositeKey', () => {
  it('encodes exactly like fabric-shim', () => {
    expect(compositeKey('asset', ['org1', 'a-1'])).toBe('\u0000asset\u0000org1\u0000a-1\u0000');
    expect(compositeKey('asset', ['org1', 'a-1'])).toBe(shimCompositeKey('asset', ['org1', 'a-1']));
    expect(compositeKey('asset')).toBe(shimCompositeKey('asset', []));
  });

  it('splits back', () => {
    expect(splitCompositeKey(compositeKey('t', ['a', 'b']))).toEqual({ objectType: 't', attributes: ['a', 'b'] });
    expect(splitCompositeKey(compositeKey('t'))).toEqual({ objectType: 't', attributes: [] });
    expect(() => splitCompositeKey('plain')).toThrow(/^INVALID_ARGUMENT: not a composite key/);
    expect(isCompositeKey('plain')).toBe(false);
    expect(isCompositeKey('\u0000t\u0000')).toBe(true);
  });

  it.each([
    ['empty', '', /must be a non-empty string/],
    ['U+0000', 'a\u0000b', /control characters/],
    ['newline', 'a\nb', /control characters/],
    ['DEL', 'a\u007fb', /control characters/],
    ['C1', 'a\u0085b', /control characters/],
    ['U+10FFFF', 'a\u{10ffff}', /U\+10FFFF/],
    ['lone high surrogate', 'a\ud800', /unpaired surrogates/],
    ['lone low surrogate', '\udc00a', /unpaired surrogates/],
    ['too long', 'x'.repeat(MAX_KEY_PART_LENGTH + 1), /at most 256/],
  ])('rejects a part that is %s', (_name, part, message) => {
    expect(() => compositeKey('t', [part])).toThrow(message);
    expect(() => compositeKey('t', [part])).toThrow(/^INVALID_ARGUMENT: key attribute 0 /);
  });

  it('names the object type when it is invalid', () => {
    expect(() => compositeKey('', [])).toThrow('INVALID_ARGUMENT: object type must be a non-empty string');
  });

  it('accepts non-BMP characters and the longest part', () => {
    expect(() => validateKeyPart('数据\u{1F600}')).not.toThrow();
    expect(() => validateKeyPart('x'.repeat(MAX_KEY_PART_LENGTH))).not.toThrow();
  });

  it('limits the total key length', () => {
    const part = 'x'.repeat(MAX_KEY_PART_LENGTH);
    expect(() => compositeKey('t', [part, part, part, part])).toThrow(`at most ${MAX_KEY_LENGTH}`);
  });

  it('validates simple keys', () => {
    expect(() => validateSimpleKey('abc')).not.toThrow();
    expect(() => validateSimpleKey('\u0000abc')).toThrow(/^INVALID_ARGUMENT: key must not contain control/);
  });
});
