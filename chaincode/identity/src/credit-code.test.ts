import { creditCodeCheckChar, creditCodeProblem, CREDIT_CODE_CHARSET, isValidCreditCode } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it('has the 31-character alphabet without I, O, S, V, Z', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    expect(CREDIT_CODE_CHARSET).not.toMatch(/[IOSVZ]/);
  });

  it('accepts the known valid code 91350100M000100Y43', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('computes the check character of a prefix, and the result validates', () => {
    const prefix = '91110108MA01ABCD1';
    const code = prefix + creditCodeCheckChar(prefix);
    expect(code).toHaveLength(18);
    expect(isValidCreditCode(code)).toBe(true);
    // Changing any one character breaks the check.
    const tampered = code.slice(0, 10) + (code.charAt(10) === '0' ? '1' : '0') + code.slice(11);
    expect(isValidCreditCode(tampered)).toBe(false);
  });

  it('maps a weighted sum of 0 (mod 31) to check character 0', () => {
    // Some last character makes the weighted sum a multiple of 31 (weight 28 is invertible mod 31).
    const base = '9111010800000000';
    const last = [...CREDIT_CODE_CHARSET].find((c) => creditCodeCheckChar(base + c) === '0');
    expect(last).toBeDefined();
    expect(isValidCreditCode(`${base}${last}0`)).toBe(true);
  });

  it.each([
    ['91350100M000100Y44', /check character must be 3, not 4/],
    ['91350100m000100Y43', /must be 18 characters/],
    ['91350100M000100Y4', /must be 18 characters/],
    ['91350100M000100YI3', /must be 18 characters/],
    ['B1350100M000100Y43', /registration authority code B/],
    ['94350100M000100Y43', /organization type 4 is not defined for registration authority 9/],
    ['9135A100M000100Y43', /administrative division code/],
  ])('refuses %s', (code, message) => {
    expect(creditCodeProblem(code)).toMatch(message);
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('refuses a malformed prefix when computing a check character', () => {
    expect(() => creditCodeCheckChar('123')).toThrow(/17 characters/);
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow(/"O" is not allowed/);
  });
});
