import { randomUUID } from 'node:crypto';
import { gatewayFor, network } from './support/network';

/**
 * Smoke test on the real network: a transaction submitted through one org's peer commits VALID
 * and every other org's peer returns what it wrote; all peers end at the same height.
 */
const describeOnNetwork = process.env.NDI_NETWORK_UP === '1' ? describe : describe.skip;

describeOnNetwork('network smoke test', () => {
  const opened: { close(): void }[] = [];
  afterAll(() => opened.forEach((c) => c.close()));

  function contractOf(org: string, peerIndex = 0) {
    const { gateway, client } = gatewayFor(org, 'user1', peerIndex);
    opened.push(gateway, client);
    return gateway.getNetwork(network.topology.channel).getContract('baseline');
  }

  it('commits through the exchange and reads back from every other org', async () => {
    const key = `smoke-${randomUUID()}`;
    const submitted = await contractOf('exchange').submitAsync('Put', { arguments: [key, 'hello ndi'] });
    const status = await submitted.getStatus();
    expect(status.code).toBe(0); // TxValidationCode VALID
    expect(status.successful).toBe(true);

    for (const org of ['enterprise', 'regulator']) {
      const value = await contractOf(org).evaluateTransaction('Get', key);
      expect(Buffer.from(value).toString('utf8')).toBe('hello ndi');
    }
    const fromSecondExchangePeer = await contractOf('exchange', 1).evaluateTransaction('Get', key);
    expect(Buffer.from(fromSecondExchangePeer).toString('utf8')).toBe('hello ndi');
  });

  it('refuses bad input with a coded error and writes nothing', async () => {
    await expect(contractOf('enterprise').submitTransaction('Put', '', 'x')).rejects.toThrow(/INVALID_ARGUMENT/);
  });

  it('leaves every peer at the same height after the transaction', async () => {
    const bins = await network.binaries();
    const peers = network.topology.nodes.filter((n) => n.kind === 'peer');
    let heights: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      heights = await Promise.all(peers.map((p) => network.height(bins, p)));
      if (new Set(heights).size === 1) {
        break;
      }
      await new Promise((r) => setTimeout(r, 500)); // gossip delivery to the last peer
    }
    expect(new Set(heights).size).toBe(1);
    expect(heights[0]).toBeGreaterThan(1);
  });
});
