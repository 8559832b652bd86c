import { status } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import {
  CommitFailedError,
  CommitStatusFailedError,
  ConfigurationError,
  ConnectionError,
  EndorsementFailedError,
  GatewayRequestError,
  NdiError,
  newChaincodeError,
  NotFoundError,
  SubmitFailedError,
} from './errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, type RetryEvent, resolvePolicy, withRetry } from './retry';
import { commitError, gatewayError } from './test-helpers';

const peer = { address: 'peer0.org1:7051', mspId: 'Org1MSP' };
const noSleep = async (): Promise<void> => undefined;

function endorsement(code: number, ...messages: string[]): EndorsementFailedError {
  return new EndorsementFailedError('endorse failed', {
    stage: 'endorse',
    grpcCode: code,
    details: messages.map((message) => ({ ...peer, message })),
  });
}

function commitFailed(code: number): CommitFailedError {
  return new CommitFailedError({ transactionId: 'tx', validationCode: code });
}

describe('isRetryable', () => {
  it.each([
    ['MVCC_READ_CONFLICT', commitFailed(StatusCode.MVCC_READ_CONFLICT)],
    ['PHANTOM_READ_CONFLICT', commitFailed(StatusCode.PHANTOM_READ_CONFLICT)],
    ['endorse UNAVAILABLE', endorsement(status.UNAVAILABLE, 'no peers available')],
    ['endorse DEADLINE_EXCEEDED', endorsement(status.DEADLINE_EXCEEDED)],
    [
      'endorse ABORTED, every peer unreachable',
      endorsement(
        status.ABORTED,
        'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp: connection refused"',
        'chaincode stream terminated',
      ),
    ],
    ['submit UNAVAILABLE', new SubmitFailedError('x', { stage: 'submit', grpcCode: status.UNAVAILABLE })],
    ['gateway peer down at endorse', new ConnectionError('x', { stage: 'endorse', grpcCode: status.UNAVAILABLE })],
    [
      'evaluate DEADLINE_EXCEEDED',
      new GatewayRequestError('x', { stage: 'evaluate', grpcCode: status.DEADLINE_EXCEEDED }),
    ],
  ])('retries %s', (_name, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['a business error', newChaincodeError('CONFLICT', 'stale version')],
    ['ENDORSEMENT_POLICY_FAILURE', commitFailed(StatusCode.ENDORSEMENT_POLICY_FAILURE)],
    ['DUPLICATE_TXID', commitFailed(StatusCode.DUPLICATE_TXID)],
    ['endorse ABORTED with a non-transient detail', endorsement(status.ABORTED, 'connection refused', 'access denied')],
    ['endorse ABORTED without details', endorsement(status.ABORTED)],
    ['endorse PERMISSION_DENIED', endorsement(status.PERMISSION_DENIED)],
    [
      'submit DEADLINE_EXCEEDED (maybe ordered)',
      new SubmitFailedError('x', { stage: 'submit', grpcCode: status.DEADLINE_EXCEEDED }),
    ],
    [
      'commit status unknown',
      new CommitStatusFailedError('x', { stage: 'commitStatus', grpcCode: status.UNAVAILABLE }),
    ],
    [
      'gateway peer down at commit status',
      new ConnectionError('x', { stage: 'commitStatus', grpcCode: status.UNAVAILABLE }),
    ],
    ['an unexpected error', new NdiError('boom')],
    ['a configuration error', new ConfigurationError('bad profile')],
  ])('does not retry %s', (_name, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, jitter: 'none' as const };

  it('doubles from the base delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffDelay(policy, retry))).toEqual([
      50, 100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });

  it('with full jitter stays within [0, cap)', () => {
    const full = DEFAULT_RETRY_POLICY;
    expect(backoffDelay(full, 3, () => 0)).toBe(0);
    expect(backoffDelay(full, 3, () => 0.5)).toBe(100);
    expect(backoffDelay(full, 3, () => 0.999999)).toBe(199);
    expect(backoffDelay(full, 20, () => 0.999999)).toBe(1999);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(full, 1 + (i % 10));
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(2000, 50 * 2 ** (i % 10)));
    }
  });
});

describe('withRetry', () => {
  it('returns the value and the attempt count', async () => {
    await expect(withRetry(async () => 'ok')).resolves.toEqual({ value: 'ok', attempts: 1 });
  });

  it('retries retryable failures with capped backoff, reporting each retry', async () => {
    const sleeps: number[] = [];
    const events: RetryEvent[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 4) throw commitError(StatusCode.MVCC_READ_CONFLICT, `tx-${attempt}`);
        return attempt;
      },
      { baseDelayMs: 100, maxDelayMs: 250, jitter: 'none' },
      { sleep: async (ms) => void sleeps.push(ms), onRetry: (event) => events.push(event) },
    );
    expect(result).toEqual({ value: 4, attempts: 4 });
    expect(sleeps).toEqual([100, 200, 250]);
    expect(events.map((e) => [e.attempt, e.delayMs, e.error.transactionId])).toEqual([
      [1, 100, 'tx-1'],
      [2, 200, 'tx-2'],
      [3, 250, 'tx-3'],
    ]);
    expect(events[0]?.error).toBeInstanceOf(CommitFailedError);
  });

  it('gives up after maxAttempts, with the count on the error', async () => {
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw gatewayError('endorse', status.UNAVAILABLE, 'no peers available', [
          { ...peer, message: 'connection refused' },
        ]);
      },
      { maxAttempts: 3 },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(err).toBeInstanceOf(EndorsementFailedError);
    expect((err as NdiError).attempts).toBe(3);
  });

  it('never retries a business error', async () => {
    const onRetry = jest.fn();
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw gatewayError('endorse', status.ABORTED, 'failed to endorse', [
          { ...peer, message: "chaincode response 500, NOT_FOUND: data asset 'x' does not exist" },
        ]);
      },
      {},
      { sleep: noSleep, onRetry },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NdiError).attempts).toBe(1);
  });

  it('uses the injected random for jitter', async () => {
    const sleeps: number[] = [];
    await withRetry(
      async (attempt) => {
        if (attempt < 3) throw commitFailed(StatusCode.PHANTOM_READ_CONFLICT);
      },
      {},
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(sleeps).toEqual([25, 50]);
  });

  it('accepts a custom retry decision', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 2) throw new Error('flaky');
        return 'done';
      },
      {},
      { sleep: noSleep, isRetryable: (e) => e.message === 'flaky' },
    );
    expect(result).toEqual({ value: 'done', attempts: 2 });
  });

  it('rejects nonsensical policies', () => {
    expect(() => resolvePolicy({ maxAttempts: 0 })).toThrow(ConfigurationError);
    expect(() => resolvePolicy({ maxAttempts: Number.NaN })).toThrow(/maxAttempts/);
    expect(() => resolvePolicy({ baseDelayMs: -1 })).toThrow(/delays/);
    expect(() => resolvePolicy({ jitter: 'half' as never })).toThrow(/jitter/);
    expect(resolvePolicy({ maxAttempts: 1 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 });
  });
});
