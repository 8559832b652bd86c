import type { Context } from 'fabric-contract-api';

/**
 * Transaction time. Chaincode must never read the clock: endorsing peers would disagree. The
 * client's proposal timestamp (`getTxTimestamp`) is the same on every peer, so it is the only
 * time a record may carry.
 */

/** The seconds part of a protobuf timestamp: a `Long` from the stub, a number from history. */
export type TimestampSeconds =
  | number
  | bigint
  | string
  | {
      /** The seconds as a JavaScript number (a protobuf `Long`'s own conversion; exact up to 2^53). */
      toNumber(): number;
    };

/** A protobuf `google.protobuf.Timestamp` as fabric-shim exposes it. */
export interface TimestampLike {
  /** Whole seconds since the Unix epoch. */
  seconds: TimestampSeconds;
  /** Nanoseconds within the second. */
  nanos: number;
}

/** A point in transaction time, in the two forms records use. */
export interface TxTime {
  /** ISO-8601 UTC with millisecond precision, e.g. `2025-01-31T12:00:00.000Z`. */
  iso: string;
  /** Milliseconds since the Unix epoch (sub-millisecond nanos truncated). */
  epochMillis: number;
}

/** Converts a protobuf timestamp to {@link TxTime}. */
export function timestampToTxTime(ts: TimestampLike): TxTime {
  const seconds = secondsToNumber(ts.seconds);
  const epochMillis = seconds * 1000 + Math.floor((ts.nanos || 0) / 1_000_000);
  // Formatting a given instant is deterministic; only `new Date()` without arguments is not.
  return { iso: new Date(epochMillis).toISOString(), epochMillis };
}

/** The time of the current transaction, from the proposal timestamp (never the clock). */
export function txTime(ctx: Context): TxTime {
  return timestampToTxTime(ctx.stub.getTxTimestamp() as TimestampLike);
}

function secondsToNumber(seconds: TimestampSeconds): number {
  if (typeof seconds === 'number') {
    return seconds;
  }
  if (typeof seconds === 'bigint' || typeof seconds === 'string') {
    return Number(seconds);
  }
  return seconds.toNumber();
}
