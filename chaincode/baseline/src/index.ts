import { BaselineContract } from './baseline-contract';

export { BaselineContract };

/** The contracts fabric-chaincode-node starts. */
export const contracts = [BaselineContract];
