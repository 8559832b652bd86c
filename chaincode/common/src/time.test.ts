import type { Context } from 'fabric-contract-api';
import { timestampToTxTime, txTime } from './time';

describe('transaction time', () => {
  it('converts Long-like, number, bigint and string seconds', () => {
    const expected = { iso: '2025-01-31T12:00:00.123Z', epochMillis: 1738324800123 };
    expect(timestampToTxTime({ seconds: { toNumber: () => 1738324800 }, nanos: 123_456_789 })).toEqual(expected);
    expect(timestampToTxTime({ seconds: 1738324800, nanos: 123_000_000 })).toEqual(expected);
    expect(timestampToTxTime({ seconds: 1738324800n, nanos: 123_999_999 })).toEqual(expected);
    expect(timestampToTxTime({ seconds: '1738324800', nanos: 123_000_001 })).toEqual(expected);
  });

  it('reads the proposal timestamp, not the clock', () => {
    const ctx = {
      stub: { getTxTimestamp: () => ({ seconds: { toNumber: () => 0 }, nanos: 0 }) },
    } as unknown as Context;
    expect(txTime(ctx)).toEqual({ iso: '1970-01-01T00:00:00.000Z', epochMillis: 0 });
  });
});
