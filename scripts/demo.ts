// The `npm start` demo: one transaction through the Fabric Gateway, read back by every org.
import { randomUUID } from 'node:crypto';
import { gatewayFor, network } from '../test/e2e/support/network';

async function main(): Promise<void> {
  const key = `demo-${randomUUID()}`;
  const exchange = gatewayFor('exchange');
  try {
    const contract = exchange.gateway.getNetwork(network.topology.channel).getContract('baseline');
    process.stdout.write(`ExchangeMSP submits Put(${key}) through peer0.exchange ... `);
    const submitted = await contract.submitAsync('Put', { arguments: [key, 'hello from the exchange'] });
    const status = await submitted.getStatus();
    process.stdout.write(`committed in block ${status.blockNumber} as ${status.successful ? 'VALID' : status.code}\n`);
  } finally {
    exchange.gateway.close();
    exchange.client.close();
  }
  for (const org of ['enterprise', 'regulator']) {
    const { gateway, client } = gatewayFor(org);
    try {
      const value = await gateway
        .getNetwork(network.topology.channel)
        .getContract('baseline')
        .evaluateTransaction('Get', key);
      process.stdout.write(
        `${network.org(org).mspId} reads it from its own peer: '${Buffer.from(value).toString()}'\n`,
      );
    } finally {
      gateway.close();
      client.close();
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
