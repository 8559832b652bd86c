import { status } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import {
  AlreadyExistsError,
  CommitFailedError,
  CommitStatusFailedError,
  ConflictError,
  ConnectionError,
  EndorsementFailedError,
  NdiError,
} from './errors';
import { evaluate, submit } from './submit';
import { FakeContract, gatewayError, serviceError } from './test-helpers';

const peer = { address: 'peer0.org1:7051', mspId: 'Org1MSP' };
const noSleep = async (): Promise<void> => undefined;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('submit', () => {
  it('endorses, submits and waits for the commit', async () => {
    const contract = new FakeContract([{ result: '{"id":"a1"}' }]);
    const outcome = await submit(contract, 'RegisterAsset', {
      arguments: ['a1'],
      transientData: { secret: 's' },
      endorsingOrganizations: ['Org1MSP'],
    });
    expect(text(outcome.result)).toBe('{"id":"a1"}');
    expect(outcome).toMatchObject({ transactionId: 'tx-1', blockNumber: 10n, attempts: 1 });
    expect(contract.calls).toEqual(['endorse tx-1', 'submit tx-1', 'commitStatus tx-1']);
    expect(contract.proposals).toEqual([
      {
        name: 'RegisterAsset',
        options: { arguments: ['a1'], transientData: { secret: 's' }, endorsingOrganizations: ['Org1MSP'] },
      },
    ]);
  });

  it('starts over from a new proposal (a new transaction ID) after an MVCC conflict', async () => {
    const contract = new FakeContract([
      { validationCode: StatusCode.MVCC_READ_CONFLICT },
      { validationCode: StatusCode.PHANTOM_READ_CONFLICT },
      { result: 'third time' },
    ]);
    const retries: string[] = [];
    const outcome = await submit(contract, 'Transfer', {
      sleep: noSleep,
      onRetry: ({ error }) => retries.push(`${error.transactionId} ${(error as CommitFailedError).validationCodeName}`),
    });
    expect(outcome).toMatchObject({ transactionId: 'tx-3', blockNumber: 12n, attempts: 3 });
    expect(text(outcome.result)).toBe('third time');
    expect(contract.transactionIds).toEqual(['tx-1', 'tx-2', 'tx-3']);
    expect(retries).toEqual(['tx-1 MVCC_READ_CONFLICT', 'tx-2 PHANTOM_READ_CONFLICT']);
    expect(contract.calls.filter((c) => c.startsWith('endorse'))).toEqual([
      'endorse tx-1',
      'endorse tx-2',
      'endorse tx-3',
    ]);
  });

  it('retries unreachable endorsers and orderers', async () => {
    const contract = new FakeContract([
      {
        endorse: gatewayError('endorse', status.ABORTED, 'failed to endorse', [
          { ...peer, message: 'rpc error: code = Unavailable desc = connection refused' },
        ]),
      },
      { endorse: gatewayError('endorse', status.DEADLINE_EXCEEDED, 'endorsement timeout expired') },
      { submit: gatewayError('submit', status.UNAVAILABLE, 'no orderers could successfully process transaction') },
      {},
    ]);
    await expect(submit(contract, 'Register', { sleep: noSleep })).resolves.toMatchObject({
      transactionId: 'tx-4',
      attempts: 4,
    });
  });

  it('reports the commit failure with block, code and attempts when retries run out', async () => {
    const contract = new FakeContract(Array(5).fill({ validationCode: StatusCode.MVCC_READ_CONFLICT }));
    const err = await submit(contract, 'Transfer', { sleep: noSleep, retry: { maxAttempts: 2 } }).catch((e) => e);
    expect(err).toBeInstanceOf(CommitFailedError);
    expect(err).toMatchObject({ transactionId: 'tx-2', validationCode: 11, blockNumber: 11n, attempts: 2 });
    expect(contract.transactionIds).toEqual(['tx-1', 'tx-2']);
  });

  it('does not retry a permanent commit failure', async () => {
    const contract = new FakeContract([{ validationCode: StatusCode.ENDORSEMENT_POLICY_FAILURE }, {}]);
    const err = await submit(contract, 'Register', { sleep: noSleep }).catch((e) => e);
    expect(err).toMatchObject({ validationCodeName: 'ENDORSEMENT_POLICY_FAILURE', attempts: 1 });
  });

  it('maps and does not retry business errors', async () => {
    const contract = new FakeContract([
      {
        endorse: gatewayError(
          'endorse',
          status.ABORTED,
          'failed to endorse',
          [{ ...peer, message: "chaincode response 500, ALREADY_EXISTS: data asset 'a1' is registered" }],
          'tx-1',
        ),
      },
      {},
    ]);
    const err = await submit(contract, 'Register', { sleep: noSleep }).catch((e) => e);
    expect(err).toBeInstanceOf(AlreadyExistsError);
    expect(err).toMatchObject({ transactionId: 'tx-1', detail: "data asset 'a1' is registered", attempts: 1 });
    expect(contract.transactionIds).toEqual(['tx-1']);
  });

  it('does not retry when the commit status is unknown', async () => {
    const contract = new FakeContract([
      { commitStatus: gatewayError('commitStatus', status.DEADLINE_EXCEEDED, 'context deadline exceeded') },
      {},
    ]);
    const err = await submit(contract, 'Register', { sleep: noSleep }).catch((e) => e);
    expect(err).toBeInstanceOf(CommitStatusFailedError);
    expect(err).toMatchObject({ transactionId: 'tx-1', attempts: 1 });
  });

  it('labels errors not from fabric-gateway with the stage and transaction', async () => {
    const contract = new FakeContract([{ submit: serviceError(status.UNAVAILABLE, 'No connection established') }, {}]);
    const retried: string[] = [];
    await submit(contract, 'Register', { sleep: noSleep, onRetry: (e) => retried.push(e.error.constructor.name) });
    expect(retried).toEqual(['ConnectionError']);

    const broken = new FakeContract([{ endorse: new TypeError('bug') }]);
    const err = await submit(broken, 'Register').catch((e) => e);
    expect(err.constructor).toBe(NdiError);
    expect(err).toMatchObject({ message: 'bug', transactionId: 'tx-1', attempts: 1 });
  });
});

describe('evaluate', () => {
  it('returns the result', async () => {
    const contract = new FakeContract([], ['{"id":"a1"}']);
    const outcome = await evaluate(contract, 'GetAsset', { arguments: ['a1'] });
    expect(text(outcome.result)).toBe('{"id":"a1"}');
    expect(outcome.attempts).toBe(1);
    expect(contract.proposals).toEqual([{ name: 'GetAsset', options: { arguments: ['a1'] } }]);
  });

  it('retries transient failures and maps business errors', async () => {
    const contract = new FakeContract(
      [],
      [
        gatewayError('evaluate', status.UNAVAILABLE, 'No connection established'),
        'ok',
        gatewayError(
          'evaluate',
          status.UNKNOWN,
          'evaluate call to endorser returned error: chaincode response 500, CONFLICT: stale',
        ),
      ],
    );
    await expect(evaluate(contract, 'GetAsset', { sleep: noSleep })).resolves.toMatchObject({ attempts: 2 });
    const err = await evaluate(contract, 'GetAsset', { sleep: noSleep }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.transactionId).toBeUndefined();
  });

  it('does not retry an endorsement-policy style failure', async () => {
    const contract = new FakeContract([], [gatewayError('evaluate', status.PERMISSION_DENIED, 'access denied'), 'ok']);
    const err = await evaluate(contract, 'GetAsset', { sleep: noSleep }).catch((e) => e);
    expect(err).not.toBeInstanceOf(EndorsementFailedError);
    expect(err).not.toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ stage: 'evaluate', grpcStatus: 'PERMISSION_DENIED', attempts: 1 });
  });
});
