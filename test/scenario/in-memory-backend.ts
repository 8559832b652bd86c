import { InMemoryFabric } from '../../gateway-client/src/testing/in-memory-fabric';
import { MSP_OF, type ScenarioBackend } from './backend';

/**
 * The scenarios' backend without a network: fabric-gateway's own client over an in-process stand-in of the gateway
 * peer, running the real contracts on the kernel's in-memory ledger (see `InMemoryFabric` for what it models).
 */
export function inMemoryBackend(fabric = new InMemoryFabric()): ScenarioBackend & { readonly fabric: InMemoryFabric } {
  return {
    name: 'in-memory Fabric gateway',
    fabric,
    connect: async (org, user, options = {}) => fabric.client(fabric.user(MSP_OF[org], user, options)),
  };
}
