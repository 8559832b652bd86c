import {
  alreadyExists,
  ChaincodeError,
  conflict,
  ERROR_CODES,
  failedPrecondition,
  forbidden,
  invalidArgument,
  isErrorCode,
  notFound,
  parseChaincodeError,
  parseErrorCode,
} from './errors';

describe('ChaincodeError', () => {
  it('puts the code first in the message', () => {
    const error = notFound("data asset 'abc' does not exist");
    expect(error).toBeInstanceOf(ChaincodeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("NOT_FOUND: data asset 'abc' does not exist");
    expect(error.code).toBe('NOT_FOUND');
    expect(error.detail).toBe("data asset 'abc' does not exist");
    expect(error.name).toBe('ChaincodeError');
  });

  it.each([
    [invalidArgument, 'INVALID_ARGUMENT'],
    [alreadyExists, 'ALREADY_EXISTS'],
    [forbidden, 'FORBIDDEN'],
    [failedPrecondition, 'FAILED_PRECONDITION'],
    [conflict, 'CONFLICT'],
  ] as const)('%p builds %s', (factory, code) => {
    expect(factory('x').message).toBe(`${code}: x`);
  });
});

describe('parseErrorCode', () => {
  it('recognises every code at the start', () => {
    for (const code of ERROR_CODES) {
      expect(parseErrorCode(`${code}: detail`)).toBe(code);
    }
  });

  it('finds the code inside a gateway-wrapped message', () => {
    const message =
      "10 ABORTED: failed to endorse transaction: chaincode response 500, NOT_FOUND: asset 'a' does not exist";
    expect(parseChaincodeError(message)).toEqual({ code: 'NOT_FOUND', detail: "asset 'a' does not exist" });
  });

  it('ignores codes that are not whole words or lack the colon', () => {
    expect(parseErrorCode('MY_NOT_FOUND: x')).toBeUndefined();
    expect(parseErrorCode('NOT_FOUND errors happen')).toBeUndefined();
    expect(parseErrorCode('something broke')).toBeUndefined();
    expect(parseErrorCode('')).toBeUndefined();
  });

  it('isErrorCode accepts only known codes', () => {
    expect(isErrorCode('CONFLICT')).toBe(true);
    expect(isErrorCode('conflict')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
