/**
 * `@ndi/chaincode-data-registry`: the data registry chaincode. The model types are exported so
 * that the gateway client and the other chaincodes import them instead of copying them.
 *
 * @packageDocumentation
 * @module @ndi/chaincode-data-registry
 */
import { DataRegistryContract } from './data-registry-contract';

export { DataRegistryContract };
export * from './model';
export type { IdentitySummary, IdentityStatus, RegistryRole } from './identity-port';
export { MAX_LINEAGE_DEPTH } from './arguments';

/** The contracts fabric-chaincode-node starts. */
export const contracts = [DataRegistryContract];
export { TRADE_CHAINCODE } from './data-registry-contract';
export type { TradeGrantInput } from './schemas';
