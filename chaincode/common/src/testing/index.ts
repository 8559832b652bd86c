/**
 * `@ndi/chaincode-common/testing`: an in-memory Fabric ledger that runs real contract classes,
 * for chaincode unit tests. Not for production code.
 */
export * from './in-memory-ledger';
export * from './identities';
export * from './certificates';
export { MemoryStub, type CollectionAccess, type StubEnvironment } from './memory-stub';
export {
  WorldState,
  Transaction,
  compareKeys,
  type HistoryRecord,
  type ValidationCode,
  type ValidationFailure,
} from './world-state';
export * from './hostile';
