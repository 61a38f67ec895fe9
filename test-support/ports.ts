import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (for child processes told their port up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
