/**
 * `@ndi/network`: runs the ndi Fabric network as native processes, for the `npm run network` CLI and the
 * tests. The connection descriptions it writes follow `ConnectionProfile` of `@ndi/gateway-client`.
 *
 * @packageDocumentation
 * @module @ndi/network
 */
export { readConnectionProfile, connectionProfile, writeConnectionProfile } from './connection-profile';
export { Network, type NodeStatus } from './network';
export { loadTopology, type Topology, type NodeSpec, type OrgSpec } from './topology';
export { Layout } from './layout';
