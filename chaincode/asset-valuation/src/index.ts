import { ValuationContract } from './valuation-contract';

export { ValuationContract };
export * from './model';
export { medianOf, spreadBasisPoints, isDisputed, BASIS_POINTS } from './consensus';
export { HISTORY_LIMIT, KEY_TYPES } from './keys';

/** The contracts fabric-chaincode-node starts. */
export const contracts = [ValuationContract];
