/**
 * `@ndi/chaincode-asset-valuation`: the valuation chaincode: valuation requests, accredited appraisals, the median
 * consensus value and disputes resolved by regulators. The model types and the consensus rules (median, spread in
 * basis points) are exported so that the gateway client uses them instead of copying them.
 *
 * @packageDocumentation
 * @module @ndi/chaincode-asset-valuation
 */
import { ValuationContract } from './valuation-contract';

export { ValuationContract };
export * from './model';
export { medianOf, spreadBasisPoints, isDisputed, BASIS_POINTS } from './consensus';
export { HISTORY_LIMIT, KEY_TYPES } from './keys';

/** The contracts fabric-chaincode-node starts. */
export const contracts = [ValuationContract];
