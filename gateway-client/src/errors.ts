import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CommitError,
  CommitStatusError,
  EndorseError,
  type ErrorDetail,
  GatewayError,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import { type ErrorCode, parseChaincodeError } from '@ndi/chaincode-common/errors';

/**
 * The step of a transaction's life at which a Fabric Gateway call failed.
 *
 * - `evaluate`: a query run on one peer, nothing written.
 * - `endorse`: the proposal was being endorsed; nothing was sent to the orderer.
 * - `submit`: the endorsed transaction was being sent to the orderer.
 * - `commitStatus`: waiting for the commit status; the transaction may or may not have committed.
 * - `events`: reading an event stream.
 */
export type Stage = 'evaluate' | 'endorse' | 'submit' | 'commitStatus' | 'events';

/** What every {@link NdiError} may be constructed with. */
export interface NdiErrorOptions {
  /** The transaction concerned, when known. */
  readonly transactionId?: string;
  /** The underlying error (a fabric-gateway or gRPC error, usually). */
  readonly cause?: unknown;
}

/**
 * Base of every error this library throws. Catch this to catch everything; branch on the
 * subclasses ({@link ChaincodeError}, {@link EndorsementFailedError}, ...) to react.
 */
export class NdiError extends Error {
  /** The transaction concerned, when known. */
  public readonly transactionId: string | undefined;
  /** The underlying error, when there is one. */
  public override readonly cause: unknown;
  /**
   * How many attempts were made before giving up. Set by {@link withRetry} (and so by `submit`) on the
   * error it finally throws; `undefined` when the error did not pass through a retry loop.
   */
  public attempts: number | undefined;

  /**
   * @param message - what went wrong
   * @param options - the transaction concerned and the underlying error
   */
  constructor(message: string, options: NdiErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.transactionId = options.transactionId;
    this.cause = options.cause;
    this.attempts = undefined;
  }
}

/**
 * The client's local configuration is unusable: a connection profile, identity file, wallet entry or
 * checkpoint file is missing or malformed. The message names the file.
 */
export class ConfigurationError extends NdiError {
  /** The file or directory concerned, when there is one. */
  public readonly path: string | undefined;

  /**
   * @param message - what is wrong, naming the file
   * @param path - the file or directory concerned
   * @param cause - the underlying error (e.g. the `ENOENT` from `fs`)
   */
  constructor(message: string, path?: string, cause?: unknown) {
    super(message, { cause });
    this.path = path;
  }
}

/** The endorsing peer that reported a chaincode error. */
export interface Endorser {
  /** The peer's `host:port`. */
  readonly address: string;
  /** The peer's organization. */
  readonly mspId: string;
}

/** What a {@link ChaincodeError} is constructed with. */
export interface ChaincodeErrorOptions extends NdiErrorOptions {
  /** The peer that reported the error, when known. */
  readonly endorser?: Endorser;
}

/**
 * A business error reported by an ndi chaincode: the chaincode ran and refused the request with one of
 * the stable codes of `@ndi/chaincode-common` (`NOT_FOUND: data asset 'x' does not exist`). Never retried:
 * running the same request again gives the same answer. Not to be confused with the chaincode-side class of
 * the same name, which is what the chaincode threw; this is what the client sees of it.
 */
export class ChaincodeError extends NdiError {
  /** The stable code, e.g. `NOT_FOUND`. */
  public readonly code: ErrorCode;
  /** The chaincode's explanation, after `<CODE>: `. */
  public readonly detail: string;
  /** The peer that reported the error, when known. */
  public readonly endorser: Endorser | undefined;

  /**
   * @param code - the stable code
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(code: ErrorCode, detail: string, options: ChaincodeErrorOptions = {}) {
    super(`${code}: ${detail}`, options);
    this.code = code;
    this.detail = detail;
    this.endorser = options.endorser;
  }
}

/** `INVALID_ARGUMENT`: the request is malformed (schema, format, limits). */
export class InvalidArgumentError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('INVALID_ARGUMENT', detail, options);
  }
}

/** `NOT_FOUND`: the object the request addresses does not exist. */
export class NotFoundError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('NOT_FOUND', detail, options);
  }
}

/**
 * `ALREADY_EXISTS`: the object the request would create exists already. After a retry of a write whose first
 * outcome was unknown, this usually means the first attempt committed.
 */
export class AlreadyExistsError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('ALREADY_EXISTS', detail, options);
  }
}

/** `FORBIDDEN`: the caller's identity is not entitled to do this. */
export class ForbiddenError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('FORBIDDEN', detail, options);
  }
}

/** `FAILED_PRECONDITION`: the object is not in a state that allows the operation (e.g. revoked). */
export class FailedPreconditionError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('FAILED_PRECONDITION', detail, options);
  }
}

/** `CONFLICT`: the request contradicts the current state (stale version, double spend). */
export class ConflictError extends ChaincodeError {
  /**
   * @param detail - the chaincode's explanation
   * @param options - transaction, cause, reporting peer
   */
  constructor(detail: string, options?: ChaincodeErrorOptions) {
    super('CONFLICT', detail, options);
  }
}

type ChaincodeErrorClass = new (detail: string, options?: ChaincodeErrorOptions) => ChaincodeError;

// Keyed by ErrorCode, so a code added to @ndi/chaincode-common fails compilation here until mapped.
const CHAINCODE_ERRORS: Readonly<Record<ErrorCode, ChaincodeErrorClass>> = {
  INVALID_ARGUMENT: InvalidArgumentError,
  NOT_FOUND: NotFoundError,
  ALREADY_EXISTS: AlreadyExistsError,
  FORBIDDEN: ForbiddenError,
  FAILED_PRECONDITION: FailedPreconditionError,
  CONFLICT: ConflictError,
};

/**
 * Creates the {@link ChaincodeError} subclass for a code.
 *
 * @param code - the stable code
 * @param detail - the chaincode's explanation
 * @param options - transaction, cause, reporting peer
 */
export function newChaincodeError(code: ErrorCode, detail: string, options?: ChaincodeErrorOptions): ChaincodeError {
  return new CHAINCODE_ERRORS[code](detail, options);
}

/** What a {@link GatewayRequestError} is constructed with. */
export interface GatewayRequestErrorOptions extends NdiErrorOptions {
  /** Which call failed. */
  readonly stage: Stage;
  /** The gRPC status code of the failed call. */
  readonly grpcCode: number;
  /** What each peer or orderer involved reported. */
  readonly details?: readonly ErrorDetail[];
}

/**
 * A Fabric Gateway call failed for a reason other than a chaincode business error: peers or orderers
 * unavailable, timeouts, endorsement policy not met, access denied. Used as is for failed evaluations and
 * event streams; the subclasses name the transaction step that failed.
 */
export class GatewayRequestError extends NdiError {
  /** Which call failed. */
  public readonly stage: Stage;
  /** The gRPC status code (`14` = UNAVAILABLE, `4` = DEADLINE_EXCEEDED, ...). */
  public readonly grpcCode: number;
  /** The gRPC status name, e.g. `UNAVAILABLE`. */
  public readonly grpcStatus: string;
  /** What each peer or orderer involved reported (address, MSP ID, message). */
  public readonly details: readonly ErrorDetail[];

  /**
   * @param message - what went wrong
   * @param options - stage, gRPC code, node details, transaction, cause
   */
  constructor(message: string, options: GatewayRequestErrorOptions) {
    super(message, options);
    this.stage = options.stage;
    this.grpcCode = options.grpcCode;
    this.grpcStatus = grpcStatusName(options.grpcCode);
    this.details = options.details ?? [];
  }
}

/** Endorsement failed (not because of a chaincode business error); nothing was sent to the orderer. */
export class EndorsementFailedError extends GatewayRequestError {}

/** Sending the endorsed transaction to the orderer failed. */
export class SubmitFailedError extends GatewayRequestError {}

/**
 * The commit status could not be obtained. The transaction was ordered and MAY have committed: check the
 * ledger (or retry, relying on the chaincodes' client-chosen IDs to refuse a duplicate).
 */
export class CommitStatusFailedError extends GatewayRequestError {}

/**
 * The gateway peer itself could not be reached (gRPC `UNAVAILABLE` with no node details): it is down,
 * the address is wrong, or TLS failed.
 */
export class ConnectionError extends GatewayRequestError {}

/** What a {@link CommitFailedError} is constructed with. */
export interface CommitFailedErrorOptions extends NdiErrorOptions {
  /** The transaction that failed validation. */
  readonly transactionId: string;
  /** The transaction validation code (`peer.TxValidationCode`). */
  readonly validationCode: number;
  /** The block the invalid transaction was recorded in, when known. */
  readonly blockNumber?: bigint;
}

/**
 * The transaction was ordered into a block but the peers marked it invalid. `MVCC_READ_CONFLICT` (11) and
 * `PHANTOM_READ_CONFLICT` (12) mean another transaction changed what this one read: running it again from a
 * new proposal usually succeeds. Other codes (e.g. `ENDORSEMENT_POLICY_FAILURE`) are permanent.
 */
export class CommitFailedError extends NdiError {
  /** The transaction that failed validation. */
  public override readonly transactionId: string;
  /** The transaction validation code number, e.g. `11`. */
  public readonly validationCode: number;
  /** The transaction validation code name, e.g. `MVCC_READ_CONFLICT`. */
  public readonly validationCodeName: string;
  /** The block the invalid transaction was recorded in, when known. */
  public readonly blockNumber: bigint | undefined;

  /** @param options - transaction, validation code, block, cause */
  constructor(options: CommitFailedErrorOptions) {
    const name = validationCodeName(options.validationCode);
    super(
      `transaction ${options.transactionId} failed to commit with status code ${options.validationCode} (${name})`,
      options,
    );
    this.transactionId = options.transactionId;
    this.validationCode = options.validationCode;
    this.validationCodeName = name;
    this.blockNumber = options.blockNumber;
  }
}

const VALIDATION_CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(StatusCode).map(([name, value]) => [value, name]),
);

/** The name of a transaction validation code (`11` → `MVCC_READ_CONFLICT`), or `UNKNOWN(<n>)`. */
export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `UNKNOWN(${code})`;
}

/** The name of a gRPC status code (`14` → `UNAVAILABLE`), or `UNKNOWN(<n>)`. */
export function grpcStatusName(code: number): string {
  const name = (GrpcStatus as unknown as Record<number, string | undefined>)[code];
  return typeof name === 'string' ? name : `UNKNOWN(${code})`;
}

// grpc-js prefixes the status to the message ("10 ABORTED: ..."); gRPC status names such as NOT_FOUND or
// FAILED_PRECONDITION coincide with chaincode codes, so that prefix must never be read as one.
const GRPC_MESSAGE_PREFIX = /^\d+ [A-Z_]+: /;

interface FailedCall {
  readonly message: string;
  readonly code: number;
  readonly details: readonly ErrorDetail[];
  readonly cause: unknown;
}

function findChaincodeError(call: FailedCall, transactionId: string | undefined): ChaincodeError | undefined {
  for (const detail of call.details) {
    const parsed = parseChaincodeError(detail.message);
    if (parsed) {
      const endorser = { address: detail.address, mspId: detail.mspId };
      return newChaincodeError(parsed.code, parsed.detail, { transactionId, cause: call.cause, endorser });
    }
  }
  const parsed = parseChaincodeError(call.message.replace(GRPC_MESSAGE_PREFIX, ''));
  return parsed ? newChaincodeError(parsed.code, parsed.detail, { transactionId, cause: call.cause }) : undefined;
}

function fromFailedCall(call: FailedCall, stage: Stage, transactionId: string | undefined): NdiError {
  const chaincodeError = findChaincodeError(call, transactionId);
  if (chaincodeError) {
    return chaincodeError;
  }
  const options = { stage, grpcCode: call.code, details: call.details, transactionId, cause: call.cause };
  if (call.code === GrpcStatus.UNAVAILABLE && call.details.length === 0) {
    return new ConnectionError(`${stage}: gateway peer unavailable: ${call.message}`, options);
  }
  const nodes = call.details.map((d) => `${d.address} (${d.mspId}): ${d.message}`);
  const message = [`${stage}: ${call.message}`, ...nodes].join('; ');
  switch (stage) {
    case 'endorse':
      return new EndorsementFailedError(message, options);
    case 'submit':
      return new SubmitFailedError(message, options);
    case 'commitStatus':
      return new CommitStatusFailedError(message, options);
    default:
      return new GatewayRequestError(message, options);
  }
}

function fromGatewayError(err: GatewayError, stage: Stage, transactionId: string | undefined): NdiError {
  const call = { message: err.message, code: err.code, details: err.details ?? [], cause: err };
  return fromFailedCall(call, stage, transactionId);
}

function isGrpcServiceError(err: unknown): err is Error & { code: number } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && 'metadata' in err;
}

/**
 * Maps anything thrown by fabric-gateway (or by code around it) to an {@link NdiError}:
 *
 * - a peer's or the gateway's message carrying a stable chaincode code (`chaincode response 500, NOT_FOUND: ...`)
 *   becomes the {@link ChaincodeError} subclass for the code, whatever the step;
 * - `EndorseError` → {@link EndorsementFailedError}, `SubmitError` → {@link SubmitFailedError},
 *   `CommitStatusError` → {@link CommitStatusFailedError}, `CommitError` → {@link CommitFailedError},
 *   any of them with gRPC `UNAVAILABLE` and no node details → {@link ConnectionError};
 * - a plain `GatewayError` (evaluate, event streams) → {@link GatewayRequestError} with the given stage;
 * - an {@link NdiError} is returned unchanged; anything else is wrapped in an {@link NdiError}.
 *
 * @param err - what was thrown
 * @param stage - the call that was made, for errors that do not say so themselves (default `evaluate`)
 * @param transactionId - the transaction concerned, when the caller knows it and the error does not
 */
export function toNdiError(err: unknown, stage: Stage = 'evaluate', transactionId?: string): NdiError {
  if (err instanceof NdiError) {
    return err;
  }
  if (err instanceof CommitError) {
    return new CommitFailedError({ transactionId: err.transactionId, validationCode: err.code, cause: err });
  }
  if (err instanceof EndorseError) {
    return fromGatewayError(err, 'endorse', err.transactionId);
  }
  if (err instanceof CommitStatusError) {
    return fromGatewayError(err, 'commitStatus', err.transactionId);
  }
  if (err instanceof GatewayError) {
    // SubmitError is exported by fabric-gateway as a type only, so recognise it by name.
    if (err.name === 'SubmitError') {
      return fromGatewayError(err, 'submit', (err as GatewayError & { transactionId?: string }).transactionId);
    }
    return fromGatewayError(err, stage, transactionId);
  }
  if (isGrpcServiceError(err)) {
    return fromFailedCall({ message: err.message, code: err.code, details: [], cause: err }, stage, transactionId);
  }
  if (err instanceof Error) {
    return new NdiError(err.message, { transactionId, cause: err });
  }
  return new NdiError(typeof err === 'string' ? err : `non-error thrown: ${String(err)}`, {
    transactionId,
    cause: err,
  });
}
