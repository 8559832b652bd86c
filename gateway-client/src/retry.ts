import { status as GrpcStatus } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import {
  ChaincodeError,
  CommitFailedError,
  ConfigurationError,
  ConnectionError,
  EndorsementFailedError,
  GatewayRequestError,
  type NdiError,
  SubmitFailedError,
  toNdiError,
} from './errors';

/**
 * How often and how patiently to retry. Delays grow exponentially: before retry `n` (1-based) the cap is
 * `min(maxDelayMs, baseDelayMs * 2^(n-1))`; with `full` jitter the delay is uniform in `[0, cap)`, which spreads
 * out clients that collided on the same keys (the usual cause of MVCC conflicts).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). `1` disables retrying. */
  readonly maxAttempts: number;
  /** Delay cap before the first retry, in ms (default 50). */
  readonly baseDelayMs: number;
  /** Largest delay, in ms (default 2000). */
  readonly maxDelayMs: number;
  /** `full`: random delay in `[0, cap)` (default); `none`: exactly the cap. */
  readonly jitter: 'full' | 'none';
}

/** The policy used unless overridden. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 50,
  maxDelayMs: 2000,
  jitter: 'full',
});

/** What {@link RetryOptions.onRetry} is told before each retry. */
export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /** Why it failed. */
  readonly error: NdiError;
  /** How long the loop now waits before the next attempt, in ms. */
  readonly delayMs: number;
}

/** Hooks and test seams of {@link withRetry}. */
export interface RetryOptions {
  /** Called before each retry (not after the last failure): log it, count it. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Which errors to retry (default {@link isRetryable}). */
  readonly isRetryable?: (error: NdiError) => boolean;
  /** Waits; injectable for deterministic tests (default `setTimeout`). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random number in `[0, 1)`; injectable for deterministic tests (default `Math.random`). */
  readonly random?: () => number;
}

/** A value together with the number of attempts it took. */
export interface Attempted<T> {
  /** What the successful attempt returned. */
  readonly value: T;
  /** Attempts made, the successful one included (1 = no retry). */
  readonly attempts: number;
}

// Messages of endorsers that could not be reached, or whose chaincode process went away: the gateway reports
// these per peer and lets the client decide.
const UNAVAILABLE_DETAIL =
  /code = Unavailable|connection refused|connection error|transport is closing|error reading from server|no connection|chaincode stream terminated/i;

/** `true` if a peer's error message says the peer (or its chaincode process) could not be reached. */
export function isUnavailableDetail(message: string): boolean {
  return UNAVAILABLE_DETAIL.test(message);
}

const CONFLICT_CODES: ReadonlySet<number> = new Set([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);

/**
 * The default retry decision. Retried:
 *
 * - commits invalidated with `MVCC_READ_CONFLICT` or `PHANTOM_READ_CONFLICT` (another transaction changed what
 *   this one read; re-running from a new proposal reads the new state);
 * - endorsement failures that are `UNAVAILABLE`, `DEADLINE_EXCEEDED` (nothing was ordered), or whose every peer
 *   detail says the peer was unreachable;
 * - submit failures that are `UNAVAILABLE` (no orderer took the transaction);
 * - evaluations failing the same transient ways as endorsements (queries are idempotent);
 * - the gateway peer unreachable ({@link ConnectionError}) before the commit-status step.
 *
 * Never retried: {@link ChaincodeError} (business errors give the same answer again), other validation codes,
 * commit-status failures (the outcome is unknown; see `submit`), configuration errors, anything unexpected.
 *
 * @param error - a mapped error
 */
export function isRetryable(error: NdiError): boolean {
  if (error instanceof ChaincodeError) {
    return false;
  }
  if (error instanceof CommitFailedError) {
    return CONFLICT_CODES.has(error.validationCode);
  }
  if (error instanceof ConnectionError) {
    return error.stage === 'evaluate' || error.stage === 'endorse' || error.stage === 'submit';
  }
  if (error instanceof SubmitFailedError) {
    return error.grpcCode === GrpcStatus.UNAVAILABLE;
  }
  if (error instanceof EndorsementFailedError || (error instanceof GatewayRequestError && error.stage === 'evaluate')) {
    return (
      error.grpcCode === GrpcStatus.UNAVAILABLE ||
      error.grpcCode === GrpcStatus.DEADLINE_EXCEEDED ||
      (error.details.length > 0 && error.details.every((d) => isUnavailableDetail(d.message)))
    );
  }
  return false;
}

/**
 * The delay before retry number `retry` (1-based), per the policy.
 *
 * @param policy - the retry policy
 * @param retry - 1 for the first retry
 * @param random - uniform random number in `[0, 1)`
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return policy.jitter === 'full' ? Math.floor(random() * cap) : cap;
}

/**
 * {@link DEFAULT_RETRY_POLICY} with overrides applied, checked.
 *
 * @param policy - overrides
 * @throws {@link ConfigurationError} if a number is out of range
 */
export function resolvePolicy(policy: Partial<RetryPolicy> = {}): RetryPolicy {
  const effective: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policy };
  const { maxAttempts, baseDelayMs, maxDelayMs, jitter } = effective;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ConfigurationError(`retry policy: maxAttempts must be an integer >= 1, not ${maxAttempts}`);
  }
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0) || !Number.isFinite(baseDelayMs) || !Number.isFinite(maxDelayMs)) {
    throw new ConfigurationError(`retry policy: delays must be finite and >= 0, not ${baseDelayMs}/${maxDelayMs}`);
  }
  if (jitter !== 'full' && jitter !== 'none') {
    throw new ConfigurationError(`retry policy: jitter must be 'full' or 'none', not ${String(jitter)}`);
  }
  return effective;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, fails in a way that is not retryable, or the attempts are used up. Whatever `fn`
 * throws is mapped with {@link toNdiError}; the error finally thrown carries the attempt count in `attempts`.
 *
 * @param fn - one attempt; receives its 1-based attempt number
 * @param policy - overrides of {@link DEFAULT_RETRY_POLICY}
 * @param options - `onRetry` hook, retry decision, sleep and random seams
 * @returns the value and the number of attempts made
 * @throws {@link NdiError} the last attempt's error
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: Partial<RetryPolicy> = {},
  options: RetryOptions = {},
): Promise<Attempted<T>> {
  const effective = resolvePolicy(policy);
  const maxAttempts = effective.maxAttempts;
  const retryable = options.isRetryable ?? isRetryable;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (thrown) {
      const error = toNdiError(thrown);
      if (attempt >= maxAttempts || !retryable(error)) {
        error.attempts = attempt;
        throw error;
      }
      const delayMs = backoffDelay(effective, attempt, random);
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs);
    }
  }
}
