import type { NdiClient } from '../../gateway-client/src';

/** The three peer organizations of the default topology, by their short names. */
export type PeerOrg = 'exchange' | 'enterprise' | 'regulator';

/** The MSP ID of each peer organization. */
export const MSP_OF: Readonly<Record<PeerOrg, string>> = {
  exchange: 'ExchangeMSP',
  enterprise: 'EnterpriseMSP',
  regulator: 'RegulatorMSP',
};

/**
 * Where a scenario runs: the real network (`test/e2e`) or the in-memory stand-in of the Fabric Gateway
 * (`gateway-client/src/testing/in-memory-fabric.ts`). A scenario only ever talks to it through the library.
 */
export interface ScenarioBackend {
  /** A human-readable name, for test titles and messages. */
  readonly name: string;
  /**
   * A library client acting as `user` of `org` through the org's gateway peer: a new identity is enrolled with the
   * org's CA first; `admin: true` acts as the org's admin certificate (its NodeOU role is `admin`).
   */
  connect(org: PeerOrg, user: string, options?: { readonly admin?: boolean }): Promise<NdiClient>;
}

/** Opens clients through a backend and closes every one of them at the end. */
export class ClientPool {
  readonly #clients: NdiClient[] = [];

  constructor(readonly backend: ScenarioBackend) {}

  /** See {@link ScenarioBackend.connect}. */
  async connect(org: PeerOrg, user: string, options?: { readonly admin?: boolean }): Promise<NdiClient> {
    const client = await this.backend.connect(org, user, options);
    this.#clients.push(client);
    return client;
  }

  /** The org's admin. */
  admin(org: PeerOrg): Promise<NdiClient> {
    return this.connect(org, 'admin', { admin: true });
  }

  /**
   * A registered identity of `org` holding `data-provider`, granted by the org's admin: the owner in the contention
   * scenarios.
   */
  async provider(org: PeerOrg, user: string, displayName: string): Promise<{ client: NdiClient; did: string }> {
    const admin = await this.admin(org);
    const client = await this.connect(org, user);
    const { result } = await client.identity().registerIdentity({ kind: 'service', displayName });
    await admin.identity().grantRole(result.did, 'data-provider');
    return { client, did: result.did };
  }

  /** Closes every client opened. */
  close(): void {
    this.#clients.splice(0).forEach((client) => client.close());
  }
}
