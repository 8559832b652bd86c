import { ChaincodeError, CommitFailedError, GatewayRequestError, NdiError } from '../errors';

/** Exit codes of the `ndi` CLI. */
export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** Anything not covered below: local configuration (profile, identity files), unexpected failures. */
  Failure: 1,
  /** The invocation is wrong: unknown command or option, bad option value, unreadable or invalid input file. */
  Usage: 2,
  /** A chaincode refused the request with a stable code (`NOT_FOUND`, `FORBIDDEN`, ...). */
  Business: 3,
  /** Fabric or the network failed: connection, endorsement, ordering, commit, commit status, event stream. */
  Network: 4,
} as const;

/** One of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  any other failure (e.g. unreadable connection profile or identity)
  2  usage error: unknown command or option, bad value, unreadable or invalid input file
  3  business error: a chaincode refused the request; prints CODE: detail
  4  network or Fabric failure: connection, endorsement, submit, commit or commit status;
     prints the cause and the transaction id

With --json, stdout holds exactly one JSON document: the result, or {"error": {...}} on failure
('events tail' writes one JSON document per line instead).`;

/** The invocation is wrong (exit code 2): bad arguments, an input file that cannot be read or parsed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How a failure is reported: exit code, lines for stderr, and the `error` object of the `--json` document. */
export interface FailureReport {
  readonly exitCode: ExitCode;
  readonly lines: readonly string[];
  readonly json: Record<string, unknown>;
}

function causeMessage(err: NdiError): string | undefined {
  const cause = err.cause;
  const message = cause instanceof Error ? cause.message : undefined;
  return message && !err.message.includes(message) ? message : undefined;
}

/** Classifies what a command threw into its exit code and report. */
export function reportFailure(err: unknown): FailureReport {
  if (err instanceof UsageError) {
    return {
      exitCode: ExitCode.Usage,
      lines: [`error: ${err.message}`],
      json: { type: 'UsageError', message: err.message },
    };
  }
  if (err instanceof ChaincodeError) {
    return {
      exitCode: ExitCode.Business,
      lines: [`${err.code}: ${err.detail}`],
      json: {
        type: err.name,
        code: err.code,
        detail: err.detail,
        message: err.message,
        ...(err.transactionId !== undefined && { transactionId: err.transactionId }),
        ...(err.endorser !== undefined && { endorser: err.endorser }),
      },
    };
  }
  if (err instanceof GatewayRequestError || err instanceof CommitFailedError) {
    const cause = causeMessage(err);
    const block = err instanceof CommitFailedError ? err.blockNumber : undefined;
    const lines = [
      `${err.name}: ${err.message}`,
      ...(cause !== undefined ? [`cause: ${cause}`] : []),
      `transaction: ${err.transactionId ?? '(none: failed before a transaction was created)'}`,
      ...(block !== undefined ? [`block: ${block}`] : []),
      ...(err.attempts !== undefined && err.attempts > 1 ? [`attempts: ${err.attempts}`] : []),
    ];
    const details =
      err instanceof GatewayRequestError
        ? { stage: err.stage, grpcStatus: err.grpcStatus, details: err.details }
        : { validationCode: err.validationCodeName, blockNumber: block };
    return {
      exitCode: ExitCode.Network,
      lines,
      json: {
        type: err.name,
        message: err.message,
        ...(cause !== undefined && { cause }),
        transactionId: err.transactionId ?? null,
        ...details,
      },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const type = err instanceof Error ? err.name : 'Error';
  return {
    exitCode: ExitCode.Failure,
    lines: [`${type === 'Error' ? 'error' : type}: ${message}`],
    json: {
      type,
      message,
      ...(err instanceof NdiError && err.transactionId !== undefined && { transactionId: err.transactionId }),
    },
  };
}
