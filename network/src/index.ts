/**
 * `@ndi/network`: runs the ndi Fabric network as native processes. Clients need only the
 * connection description types; the rest serves the `npm run network` CLI and the tests.
 */
export type { ConnectionProfile, IdentityFiles, PeerEndpoint } from './connection-profile';
export { readConnectionProfile, connectionProfile, writeConnectionProfile } from './connection-profile';
export { Network, type NodeStatus } from './network';
export { loadTopology, type Topology, type NodeSpec, type OrgSpec } from './topology';
export { Layout } from './layout';
