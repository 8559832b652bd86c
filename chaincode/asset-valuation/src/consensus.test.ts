import fc from 'fast-check';
import { isDisputed, medianOf, sortValues, spreadBasisPoints, summarize } from './consensus';
import type { Appraisal, ValuationMethod } from './model';

function appraisal(value: string, method: ValuationMethod, valuerDid: string, validUntil: string): Appraisal {
  return {
    requestId: 'r',
    assetId: 'a',
    valuerDid,
    valuerMsp: 'M',
    method,
    value,
    currency: 'CNY',
    evidenceHash: '0'.repeat(64),
    evidenceDetailHash: '1'.repeat(64),
    validUntil,
    status: 'submitted',
    submittedAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('median', () => {
  it.each([
    [[5n], 5n],
    [[3n, 1n, 2n], 2n],
    [[4n, 1n, 3n, 2n], 2n],
    [[10n, 20n], 10n],
    [[7n, 7n, 7n, 7n], 7n],
    [[1n, 9n, 9n, 9n], 9n],
    [[0n, 0n, 100n], 0n],
  ])('of %j is %s (lower middle for an even count)', (values, expected) => {
    expect(medianOf(values)).toBe(expected);
  });

  it('does not reorder its argument and refuses an empty list', () => {
    const values = [3n, 1n, 2n];
    medianOf(values);
    expect(values).toEqual([3n, 1n, 2n]);
    expect(() => medianOf([])).toThrow(/empty/);
  });

  it('is always one of the values, between min and max, with at least half the values ≥ and ≤ it', () => {
    const value = fc.bigInt({ min: 0n, max: 10n ** 30n - 1n });
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), (values) => {
        const median = medianOf(values);
        const sorted = sortValues(values);
        expect(values).toContain(median);
        expect(median >= (sorted[0] as bigint)).toBe(true);
        expect(median <= (sorted[sorted.length - 1] as bigint)).toBe(true);
        const below = values.filter((v) => v <= median).length;
        const above = values.filter((v) => v >= median).length;
        expect(below * 2 >= values.length).toBe(true);
        expect(above * 2 > values.length).toBe(true);
      }),
      { seed: 20250301, numRuns: 500 },
    );
  });

  it('does not depend on the order of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 20 }), (values) => {
        expect(medianOf([...values].reverse())).toBe(medianOf(values));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('spread and dispute', () => {
  it('is floor((max - min) * 10000 / median) basis points', () => {
    expect(spreadBasisPoints(10000n, 13000n, 10000n)).toBe(3000n);
    expect(spreadBasisPoints(10000n, 13001n, 10000n)).toBe(3001n);
    expect(spreadBasisPoints(1000n, 1100n, 1050n)).toBe(952n);
    expect(spreadBasisPoints(5n, 5n, 5n)).toBe(0n);
  });

  it('treats a zero median as one minor unit', () => {
    expect(spreadBasisPoints(0n, 0n, 0n)).toBe(0n);
    expect(spreadBasisPoints(0n, 3n, 0n)).toBe(30000n);
  });

  it('disputes strictly above the threshold', () => {
    expect(isDisputed(3000n, 3000)).toBe(false);
    expect(isDisputed(3001n, 3000)).toBe(true);
    expect(isDisputed(0n, 0)).toBe(false);
    expect(isDisputed(1n, 0)).toBe(true);
    expect(isDisputed(10n ** 34n, 3000)).toBe(true);
  });
});

describe('summarize', () => {
  it('counts methods, sorts valuers and takes the earliest validUntil', () => {
    const summary = summarize([
      appraisal('300', 'income', 'did:c', '2026-01-01T00:00:00.000Z'),
      appraisal('100', 'cost', 'did:a', '2025-09-01T00:00:00.000Z'),
      appraisal('200', 'income', 'did:b', '2025-12-01T00:00:00.000Z'),
    ]);
    expect(summary).toEqual({
      appraisalCount: 3,
      valuerDids: ['did:a', 'did:b', 'did:c'],
      methodCounts: { cost: 1, market: 0, income: 2 },
      minValue: '100',
      maxValue: '300',
      medianValue: '200',
      spreadBp: '10000',
      validUntil: '2025-09-01T00:00:00.000Z',
    });
  });
});
