import { status } from '@grpc/grpc-js';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { ERROR_CODES } from '@ndi/chaincode-common';
import {
  AlreadyExistsError,
  ChaincodeError,
  CommitFailedError,
  CommitStatusFailedError,
  ConflictError,
  ConnectionError,
  EndorsementFailedError,
  FailedPreconditionError,
  ForbiddenError,
  GatewayRequestError,
  InvalidArgumentError,
  NdiError,
  newChaincodeError,
  NotFoundError,
  SubmitFailedError,
  toNdiError,
  validationCodeName,
} from './errors';
import { commitError, gatewayError, serviceError } from './test-helpers';

const peer0 = { address: 'peer0.org1:7051', mspId: 'Org1MSP' };
const peer1 = { address: 'peer0.org2:9051', mspId: 'Org2MSP' };
const ENDORSE_ABORTED = 'failed to endorse transaction, see attached details for more info';

describe('toNdiError: chaincode business errors', () => {
  it('maps an endorsement refused by the chaincode to the subclass of its code', () => {
    const err = gatewayError('endorse', status.ABORTED, ENDORSE_ABORTED, [
      { ...peer0, message: "chaincode response 500, NOT_FOUND: data asset 'x' does not exist" },
    ]);
    const mapped = toNdiError(err);
    expect(mapped).toBeInstanceOf(NotFoundError);
    expect(mapped).toBeInstanceOf(ChaincodeError);
    expect(mapped).toBeInstanceOf(NdiError);
    expect(mapped).toBeInstanceOf(Error);
    const notFound = mapped as NotFoundError;
    expect(notFound.code).toBe('NOT_FOUND');
    expect(notFound.detail).toBe("data asset 'x' does not exist");
    expect(notFound.message).toBe("NOT_FOUND: data asset 'x' does not exist");
    expect(notFound.transactionId).toBe('tx-1');
    expect(notFound.endorser).toEqual(peer0);
    expect(notFound.cause).toBe(err);
    expect(notFound.name).toBe('NotFoundError');
  });

  it.each([
    ['INVALID_ARGUMENT', InvalidArgumentError],
    ['NOT_FOUND', NotFoundError],
    ['ALREADY_EXISTS', AlreadyExistsError],
    ['FORBIDDEN', ForbiddenError],
    ['FAILED_PRECONDITION', FailedPreconditionError],
    ['CONFLICT', ConflictError],
  ] as const)('maps %s to %p', (code, cls) => {
    const err = gatewayError('endorse', status.ABORTED, ENDORSE_ABORTED, [
      { ...peer0, message: `chaincode response 500, ${code}: detail` },
    ]);
    const mapped = toNdiError(err);
    expect(mapped).toBeInstanceOf(cls);
    expect((mapped as ChaincodeError).code).toBe(code);
  });

  it('has a class for every code of @ndi/chaincode-common', () => {
    for (const code of ERROR_CODES) {
      const err = newChaincodeError(code, 'd');
      expect(err.code).toBe(code);
      expect(err.constructor).not.toBe(ChaincodeError);
    }
  });

  it('finds the code when another peer was unavailable', () => {
    const err = gatewayError('endorse', status.ABORTED, 'failed to collect enough transaction endorsements', [
      { ...peer1, message: 'rpc error: code = Unavailable desc = connection refused' },
      { ...peer0, message: 'chaincode response 500, FORBIDDEN: only regulators may revoke' },
    ]);
    const mapped = toNdiError(err) as ForbiddenError;
    expect(mapped).toBeInstanceOf(ForbiddenError);
    expect(mapped.endorser).toEqual(peer0);
  });

  it('maps an evaluation refused by the chaincode (code in the message and details)', () => {
    const message = 'evaluate call to endorser returned error: chaincode response 500, CONFLICT: version 3 is stale';
    const err = gatewayError('evaluate', status.UNKNOWN, message, [
      { ...peer0, message: 'chaincode response 500, CONFLICT: version 3 is stale' },
    ]);
    const mapped = toNdiError(err);
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.transactionId).toBeUndefined();
  });

  it('reads the code from the message when there are no details', () => {
    const err = gatewayError(
      'evaluate',
      status.UNKNOWN,
      'evaluate call to endorser returned error: chaincode response 500, ALREADY_EXISTS: x',
    );
    expect(toNdiError(err)).toBeInstanceOf(AlreadyExistsError);
  });

  it('does not take a gRPC status name in the message for a chaincode code', () => {
    const err = gatewayError('endorse', status.FAILED_PRECONDITION, 'no endorsers found in the gateway organization');
    expect(err.message).toBe('9 FAILED_PRECONDITION: no endorsers found in the gateway organization');
    const mapped = toNdiError(err);
    expect(mapped).not.toBeInstanceOf(ChaincodeError);
    expect(mapped).toBeInstanceOf(EndorsementFailedError);
    expect((mapped as EndorsementFailedError).grpcStatus).toBe('FAILED_PRECONDITION');
  });
});

describe('toNdiError: Fabric failures', () => {
  it('maps an EndorseError without a chaincode code to EndorsementFailedError', () => {
    const details = [{ ...peer0, message: 'rpc error: code = Unavailable desc = connection refused' }];
    const err = gatewayError('endorse', status.ABORTED, ENDORSE_ABORTED, details, 'tx-9');
    const mapped = toNdiError(err) as EndorsementFailedError;
    expect(mapped).toBeInstanceOf(EndorsementFailedError);
    expect(mapped).toBeInstanceOf(GatewayRequestError);
    expect(mapped.stage).toBe('endorse');
    expect(mapped.grpcCode).toBe(status.ABORTED);
    expect(mapped.grpcStatus).toBe('ABORTED');
    expect(mapped.details).toEqual(details);
    expect(mapped.transactionId).toBe('tx-9');
    expect(mapped.cause).toBe(err);
    expect(mapped.message).toContain('connection refused');
  });

  it('maps a SubmitError to SubmitFailedError', () => {
    const mapped = toNdiError(
      gatewayError('submit', status.UNAVAILABLE, 'no orderers could successfully process', [
        { address: 'orderer0:7050', mspId: 'OrdererMSP', message: 'connection refused' },
      ]),
    );
    expect(mapped).toBeInstanceOf(SubmitFailedError);
    expect((mapped as SubmitFailedError).stage).toBe('submit');
    expect(mapped.transactionId).toBe('tx-1');
  });

  it('maps a CommitStatusError to CommitStatusFailedError', () => {
    const mapped = toNdiError(gatewayError('commitStatus', status.DEADLINE_EXCEEDED, 'deadline exceeded'));
    expect(mapped).toBeInstanceOf(CommitStatusFailedError);
    expect(mapped.transactionId).toBe('tx-1');
  });

  it('maps UNAVAILABLE without node details to ConnectionError, keeping the stage', () => {
    const mapped = toNdiError(
      gatewayError('endorse', status.UNAVAILABLE, 'No connection established'),
    ) as ConnectionError;
    expect(mapped).toBeInstanceOf(ConnectionError);
    expect(mapped.stage).toBe('endorse');
    expect(mapped.transactionId).toBe('tx-1');
  });

  it('maps a CommitError to CommitFailedError with the validation code name and number', () => {
    const mapped = toNdiError(commitError(StatusCode.MVCC_READ_CONFLICT, 'tx-7')) as CommitFailedError;
    expect(mapped).toBeInstanceOf(CommitFailedError);
    expect(mapped.validationCode).toBe(11);
    expect(mapped.validationCodeName).toBe('MVCC_READ_CONFLICT');
    expect(mapped.transactionId).toBe('tx-7');
    expect(mapped.message).toContain('MVCC_READ_CONFLICT');
  });

  it('names validation codes', () => {
    expect(validationCodeName(12)).toBe('PHANTOM_READ_CONFLICT');
    expect(validationCodeName(10)).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(validationCodeName(99)).toBe('UNKNOWN(99)');
  });

  it('maps a plain GatewayError to GatewayRequestError with the stage given', () => {
    const mapped = toNdiError(gatewayError('evaluate', status.PERMISSION_DENIED, 'access denied'), 'events');
    expect(mapped.constructor).toBe(GatewayRequestError);
    expect((mapped as GatewayRequestError).stage).toBe('events');
  });

  it('maps a raw gRPC ServiceError, with the transaction ID given', () => {
    const mapped = toNdiError(serviceError(status.UNAVAILABLE, 'No connection established'), 'submit', 'tx-3');
    expect(mapped).toBeInstanceOf(ConnectionError);
    expect(mapped.transactionId).toBe('tx-3');
  });
});

describe('toNdiError: anything else', () => {
  it('returns an NdiError unchanged', () => {
    const err = new NotFoundError('x');
    expect(toNdiError(err)).toBe(err);
  });

  it('wraps other errors, strings and values', () => {
    const boom = new TypeError('boom');
    const mapped = toNdiError(boom, 'submit', 'tx-2');
    expect(mapped.constructor).toBe(NdiError);
    expect(mapped.message).toBe('boom');
    expect(mapped.cause).toBe(boom);
    expect(mapped.transactionId).toBe('tx-2');
    expect(toNdiError('bare string').message).toBe('bare string');
    expect(toNdiError(42).message).toBe('non-error thrown: 42');
  });
});
