/**
 * `@ndi/gateway-client`: a small layer over `@hyperledger/fabric-gateway` for the ndi chaincodes: connecting
 * from a network connection profile, loading identities, typed errors, retries of conflicting or transient
 * failures, and crash-safe event checkpoints.
 *
 * @packageDocumentation
 */
export { NdiClient, DEFAULT_DEADLINES, readConnectionProfile, type ConnectOptions, type Deadlines } from './client';
export {
  loadCredentials,
  credentialsFromMspDir,
  credentialsFromFiles,
  credentialsFromWallet,
  credentialsFromPem,
  type Credentials,
  type IdentitySource,
} from './identity';
export {
  NdiError,
  ConfigurationError,
  ChaincodeError,
  InvalidArgumentError,
  NotFoundError,
  AlreadyExistsError,
  ForbiddenError,
  FailedPreconditionError,
  ConflictError,
  GatewayRequestError,
  EndorsementFailedError,
  SubmitFailedError,
  CommitStatusFailedError,
  ConnectionError,
  CommitFailedError,
  newChaincodeError,
  toNdiError,
  validationCodeName,
  grpcStatusName,
  type Stage,
  type Endorser,
  type NdiErrorOptions,
  type ChaincodeErrorOptions,
  type GatewayRequestErrorOptions,
  type CommitFailedErrorOptions,
} from './errors';
export {
  withRetry,
  isRetryable,
  isUnavailableDetail,
  backoffDelay,
  resolvePolicy,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type RetryOptions,
  type RetryEvent,
  type Attempted,
} from './retry';
export { submit, evaluate, type TransactionOptions, type SubmitResult, type EvaluateResult } from './submit';
export { FileCheckpointer, fileCheckpointer } from './checkpoint';
export type { ErrorCode } from '@ndi/chaincode-common/errors';
