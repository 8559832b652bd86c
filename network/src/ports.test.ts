import * as net from 'node:net';
import { assertPortsFree, isPortFree, waitForPort } from './ports';

describe('ports', () => {
  it('names a busy port, its would-be owner and the way out', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await isPortFree(port)).toBe(false);
      await expect(assertPortsFree([{ port, owner: 'peer0.exchange' }])).rejects.toThrow(
        `port ${port} (for peer0.exchange) is already in use; free it or move every port with NDI_BASE_PORT`,
      );
      await expect(waitForPort(port, 1000, 'x')).resolves.toBeUndefined();
    } finally {
      server.close();
    }
    expect(await isPortFree(port)).toBe(true);
    await expect(waitForPort(port, 300, 'peer0.exchange')).rejects.toThrow(/did not open port/);
  });
});
