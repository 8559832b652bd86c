/**
 * `@ndi/chaincode-common`: the shared kernel of the ndi chaincodes (identity, data-registry,
 * asset-valuation, transaction-certificates). The in-memory test ledger is a separate entry
 * point, `@ndi/chaincode-common/testing`, so it never ships in chaincode packages' runtime path.
 *
 * @packageDocumentation
 * @module @ndi/chaincode-common
 */
export * from './errors';
export * from './canonical-json';
export * from './keys';
export * from './time';
export * from './caller';
export * from './validation';
export * from './schemas';
export * from './pagination';
export * from './page-arguments';
export * from './state';
export * from './private-data';
export * from './transient';
export * from './events';
export * from './endorsement';
export * from './invoke';
export * from './proposal';
export * from './network-roles';
export * from './contract';
