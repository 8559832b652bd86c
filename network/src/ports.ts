import * as net from 'node:net';

/** Whether nothing listens on `port` of the loopback interface. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws one line naming the first busy port, its would-be owner and the way out. */
export async function assertPortsFree(ports: readonly { port: number; owner: string }[]): Promise<void> {
  for (const { port, owner } of ports) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `port ${port} (for ${owner}) is already in use; free it or move every port with NDI_BASE_PORT=<another base>`,
      );
    }
  }
}

/** Resolves once something accepts TCP connections on `port`, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not open port ${port} within ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
