/**
 * `@ndi/chaincode-identity`: the identity chaincode: organizations with their unified social credit code, DIDs
 * bound to X.509 identities, roles, status, credentials and real-name commitments. The model types, the credit-code
 * check and the commitment hashes are exported so that the gateway client and the other chaincodes use them
 * instead of copying them.
 *
 * @packageDocumentation
 * @module @ndi/chaincode-identity
 */
import { IdentityContract } from './identity-contract';

export { IdentityContract };
export * from './model';
export { CREDENTIAL_ISSUERS } from './credentials';
export { ACCREDITED_ROLES, ORG_ADMIN_ROLES } from './roles';
export { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, CREDIT_CODE_CHARSET } from './credit-code';
export { realNameCommitment, privateRecordHash } from './commitments';
export { HISTORY_LIMIT, KEY_TYPES } from './keys';

/** The contracts fabric-chaincode-node starts. */
export const contracts = [IdentityContract];
