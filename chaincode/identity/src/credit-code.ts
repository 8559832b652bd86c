/**
 * The 18-character unified social credit code (统一社会信用代码) of GB 32100-2015:
 *
 * | position | meaning                                                       |
 * | -------- | ------------------------------------------------------------- |
 * | 1        | registration authority (e.g. `9` market regulation)           |
 * | 2        | organization type within that authority (e.g. `1` enterprise) |
 * | 3..8     | administrative division code (GB/T 2260), six digits          |
 * | 9..17    | organization code (GB 11714)                                  |
 * | 18       | check character over positions 1..17                          |
 *
 * Pure functions: no ledger access, so they are tested on their own.
 */

/**
 * The 31 characters of the code, in value order: digits, then the capital letters without
 * I, O, S, V and Z (which are too easily confused with 1, 0, 5, U and 2).
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1..17 (3^(i-1) mod 31). */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Organization types (2nd character) allowed for each registration authority (1st character),
 * per GB 32100-2015 and the authority codes assigned since. A code outside this table was not
 * issued by the national system, so it is refused even if its check character fits.
 */
export const CREDIT_CODE_ORG_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // institutional staffing: organs, public institutions, mass organizations, other
  '2': '19', // foreign affairs
  '3': '123459', // justice administration: law firms, notaries, legal services, forensics, arbitration
  '4': '19', // culture
  '5': '1239', // civil affairs: social organizations, private non-enterprise units, foundations
  '6': '129', // tourism
  '7': '129', // religious affairs
  '8': '19', // trade unions
  '9': '123', // market regulation: enterprises, individual businesses, farmers' cooperatives
  A: '19', // military staffing
  N: '1239', // agriculture: rural collective economic organizations
  Y: '1', // other authorities
};

const SHAPE = new RegExp(`^[${CREDIT_CODE_CHARSET}]{18}$`);

/**
 * Computes the check character (18th) of a code from its first 17 characters.
 *
 * @throws Error if `prefix` is not 17 characters of {@link CREDIT_CODE_CHARSET}
 */
export function creditCodeCheckChar(prefix: string): string {
  if (prefix.length !== 17) {
    throw new Error('a credit code prefix has 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(prefix.charAt(i));
    if (value < 0) {
      throw new Error(`character ${JSON.stringify(prefix.charAt(i))} is not allowed in a credit code`);
    }
    sum += value * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  // 31 - (sum mod 31), where 31 wraps to 0.
  return CREDIT_CODE_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Why `code` is not a valid unified social credit code, or `undefined` if it is valid.
 * Lowercase letters are refused rather than upper-cased: the record must carry the code exactly
 * as printed on the business licence.
 */
export function creditCodeProblem(code: string): string | undefined {
  if (!SHAPE.test(code)) {
    return `must be 18 characters of ${CREDIT_CODE_CHARSET}`;
  }
  const types = CREDIT_CODE_ORG_TYPES[code.charAt(0)];
  if (types === undefined) {
    return `registration authority code ${code.charAt(0)} is not assigned`;
  }
  if (!types.includes(code.charAt(1))) {
    return `organization type ${code.charAt(1)} is not defined for registration authority ${code.charAt(0)}`;
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return 'characters 3..8 must be an administrative division code (6 digits)';
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code.charAt(17) !== expected) {
    return `check character must be ${expected}, not ${code.charAt(17)}`;
  }
  return undefined;
}

/** Whether `code` is a valid unified social credit code (see {@link creditCodeProblem}). */
export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}
