import { allPorts, defaultTopology, findOrg, loadTopology, resolveTopology } from './topology';

describe('topology', () => {
  it('resolves the default network: 3 orderers, exchange x2, enterprise, regulator', () => {
    const topology = loadTopology({});
    expect(topology.channel).toBe('ndi');
    expect(topology.nodes.map((n) => n.id)).toEqual([
      'orderer0.orderer',
      'orderer1.orderer',
      'orderer2.orderer',
      'peer0.exchange',
      'peer1.exchange',
      'peer0.enterprise',
      'peer0.regulator',
    ]);
    expect(findOrg(topology, 'ExchangeMSP').name).toBe('exchange');
    expect(topology.nodes[3].host).toBe('peer0.exchange.ndi.local');
  });

  it('gives every listener its own port, all derived from the base port', () => {
    const ports = allPorts(loadTopology({ NDI_BASE_PORT: '31000' })).map((p) => p.port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.min(...ports)).toBe(31000);
    expect(Math.max(...ports)).toBeLessThan(31000 + 4 * 20);
  });

  it('refuses invalid settings naming the field', () => {
    expect(() => loadTopology({ NDI_BASE_PORT: '80' })).toThrow(/basePort 80/);
    expect(() => loadTopology({ NDI_BASE_PORT: '65500' })).toThrow(/basePort/);
    expect(() => resolveTopology({ ...defaultTopology, channel: 'Bad Channel' })).toThrow(/topology.channel/);
    const twoOrderers = [...defaultTopology.orgs, { name: 'o2', mspId: 'O2MSP', kind: 'orderer' as const, nodes: 1 }];
    expect(() => resolveTopology({ ...defaultTopology, orgs: twoOrderers })).toThrow(/exactly one orderer org/);
    const duplicate = [...defaultTopology.orgs, { ...defaultTopology.orgs[1] }];
    expect(() => resolveTopology({ ...defaultTopology, orgs: duplicate })).toThrow(/topology.orgs\[4\].name/);
    const tooMany = defaultTopology.orgs.map((o) => (o.name === 'exchange' ? { ...o, nodes: 7 } : o));
    expect(() => resolveTopology({ ...defaultTopology, orgs: tooMany })).toThrow(/topology.orgs\[1\].nodes/);
  });

  it('names the known orgs when asked for an unknown one', () => {
    expect(() => findOrg(loadTopology({}), 'bank')).toThrow(/unknown org 'bank'; known: orderer, exchange/);
  });
});
