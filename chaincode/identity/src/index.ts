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
