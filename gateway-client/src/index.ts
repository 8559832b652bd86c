/**
 * `@ndi/gateway-client`: a small layer over `@hyperledger/fabric-gateway` for the ndi chaincodes: connecting
 * from a network connection profile, loading identities, typed errors, retries of conflicting or transient
 * failures, crash-safe event checkpoints, typed clients of the chaincodes and a typed, resumable event stream.
 *
 * @packageDocumentation
 * @module @ndi/gateway-client
 */
export {
  NdiClient,
  DEFAULT_DEADLINES,
  readConnectionProfile,
  type ConnectOptions,
  type Deadlines,
  type ChaincodeClientOptions,
  type FromGatewayOptions,
} from './client';
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
export {
  type Submitted,
  type CallOptions,
  type TransientCallOptions,
  type ContractClientOptions,
  type PrivateDataClientOptions,
  type ChaincodeContract,
  type PageRequest,
} from './typed-contract';
export {
  IdentityClient,
  type OrganizationTransient,
  type IdentityDetails,
  type RegistrationSubmitted,
  type IdentityTransient,
  type GrantRoleOptions,
} from './identity-client';
export {
  DataRegistryClient,
  type DataAssetInput,
  type DataAssetPatch,
  type AccessGrantInput,
  type DataAssetTransient,
  type DataAssetSubmitted,
} from './data-registry-client';
export { AssetValuationClient, type AppraisalSubmission, type AppraisalTransient } from './asset-valuation-client';
export { TransactionCertificatesClient } from './transaction-certificates-client';
export {
  parseNdiEvent,
  NDI_EVENT_NAMES,
  type NdiEvent,
  type NdiChaincodeName,
  type NdiEventPayloads,
  type IdentityEventPayloads,
  type DataRegistryEventPayloads,
  type AssetValuationEventPayloads,
  type TransactionCertificatesEventPayloads,
  type TypedChaincodeEvent,
} from './event-types';
export { EventStream, openEventStream, type EventStreamOptions, type EventSource } from './events';
export {
  AuditClient,
  AUDIT_ENTRY_KINDS,
  AUDIT_TRAIL_GAPS,
  HISTORY_TRANSACTIONS,
  sortAuditEntries,
  type AuditClientOptions,
  type AuditNetwork,
  type AuditedChaincode,
  type AuditEntry,
  type AuditEntryKind,
  type AssetChangeKind,
  type ValuationStepKind,
  type CertificateEventKind,
  type GrantEventKind,
  type AuditSource,
  type AuditSourceReport,
  type AuditTrail,
  type AuditTrailOptions,
  type HistoryResults,
  type TransactionLookupOptions,
} from './audit';
export {
  QsccClient,
  QSCC,
  decodeEnvelope,
  decodeProcessedTransaction,
  decodeChainInfo,
  summarizeBlock,
  headerTypeName,
  type QsccContract,
  type EnvelopeSummary,
  type TransactionSummary,
  type BlockSummary,
  type ChainInfo,
} from './qscc';
export {
  verifyCertificate,
  checkCertificate,
  type CertificateVerificationOptions,
  type CertificateVerificationReport,
  type CertificateLedger,
  type OfflineHashCheck,
  type OnChainCheck,
  type TransactionCheck,
} from './certificate-verification';
export type { ConnectionProfile, IdentityFiles, PeerEndpoint } from './connection-profile';
export {
  enroll,
  reenroll,
  register,
  fabricCaToken,
  createCsr,
  lowSDerSignature,
  CertificateAuthorityError,
  EnrollmentError,
  RegistrationError,
  type CertificateAuthority,
  type CaErrorDetail,
  type CertificateAuthorityErrorOptions,
  type EnrollOptions,
  type ReenrollOptions,
  type Enrollment,
  type CaIdentityType,
  type RegistrarIdentity,
  type RegisterOptions,
} from './onboarding';
export {
  BlockStream,
  openBlockStream,
  openFilteredBlockStream,
  summarizeFilteredBlock,
  type BlockSource,
  type BlockStreamOptions,
  type FilteredBlockSummary,
  type FilteredTransactionSummary,
  type NumberedBlock,
} from './block-stream';
