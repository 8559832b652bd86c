/**
 * Every failure a chaincode reports starts with one of these stable codes, so that clients
 * (the gateway client, end-to-end tests, operators reading peer logs) can branch on the code
 * instead of on free-form English text.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FORBIDDEN',
  'FAILED_PRECONDITION',
  'CONFLICT',
] as const;

/** One of the stable error codes in {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An expected, user-facing chaincode failure. Its message is `<CODE>: <detail>`, which is what
 * fabric-contract-api puts into the error response the peer returns to the client.
 */
export class ChaincodeError extends Error {
  /** The stable code; also the first word of {@link Error.message}. */
  public readonly code: ErrorCode;
  /** The human-readable part of the message, after `<CODE>: `. */
  public readonly detail: string;

  /**
   * @param code - stable error code
   * @param detail - what went wrong, naming the object or field concerned
   */
  constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ChaincodeError';
    this.code = code;
    this.detail = detail;
  }
}

/** `INVALID_ARGUMENT`: the request itself is malformed (schema, format, limits). */
export function invalidArgument(detail: string): ChaincodeError {
  return new ChaincodeError('INVALID_ARGUMENT', detail);
}

/** `NOT_FOUND`: the object addressed by the request does not exist. */
export function notFound(detail: string): ChaincodeError {
  return new ChaincodeError('NOT_FOUND', detail);
}

/** `ALREADY_EXISTS`: the object the request would create exists already. */
export function alreadyExists(detail: string): ChaincodeError {
  return new ChaincodeError('ALREADY_EXISTS', detail);
}

/** `FORBIDDEN`: the caller is not entitled to do this. */
export function forbidden(detail: string): ChaincodeError {
  return new ChaincodeError('FORBIDDEN', detail);
}

/** `FAILED_PRECONDITION`: the object is not in a state that allows the operation (e.g. revoked). */
export function failedPrecondition(detail: string): ChaincodeError {
  return new ChaincodeError('FAILED_PRECONDITION', detail);
}

/** `CONFLICT`: the request contradicts the current state (e.g. stale version, double spend). */
export function conflict(detail: string): ChaincodeError {
  return new ChaincodeError('CONFLICT', detail);
}

/** Type guard for {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

// A code is recognised only as a whole word followed by ": ", so that e.g. "MY_NOT_FOUND: x"
// or a code merely mentioned in prose ("NOT_FOUND errors") does not match.
const CODE_PATTERN = new RegExp(`(?:^|[^A-Z_])(${ERROR_CODES.join('|')}): `);

/** A stable code and its detail, as recovered from an error message by {@link parseChaincodeError}. */
export interface ParsedChaincodeError {
  /** The stable code. */
  code: ErrorCode;
  /** Everything after `<CODE>: `. */
  detail: string;
}

/**
 * Recovers the code and detail from an error message. The message may be wrapped by the peer or
 * the Fabric Gateway (e.g. `chaincode response 500, NOT_FOUND: data asset 'a' does not exist`),
 * so the first code anywhere in the message counts.
 *
 * @returns the code and detail, or `undefined` if the message carries no stable code
 */
export function parseChaincodeError(message: string): ParsedChaincodeError | undefined {
  const match = CODE_PATTERN.exec(message);
  if (!match) {
    return undefined;
  }
  const code = match[1] as ErrorCode;
  const start = match.index + match[0].length;
  return { code, detail: message.slice(start) };
}

/**
 * The stable code carried by an error message, or `undefined` if there is none.
 * Shared with the gateway client so both sides agree on the wire format.
 */
export function parseErrorCode(message: string): ErrorCode | undefined {
  return parseChaincodeError(message)?.code;
}
