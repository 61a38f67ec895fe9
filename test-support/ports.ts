import { createServer, type Server } from 'node:net';

/**
 * TCP ports on 127.0.0.1 that were free a moment ago (for child processes told
 * their port up front), all different: each is held open until every one is
 * found, since a port closed at once may be handed out again by the next ask.
 */
type Ports<N extends number, Found extends number[] = []> = Found['length'] extends N ? Found : Ports<N, [...Found, number]>;

export async function freePorts<N extends 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8>(count: N): Promise<Ports<N>> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      servers.push(server);
      const address = server.address();
      ports.push(typeof address === 'object' && address ? address.port : 0);
    }
    return ports as Ports<N>;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
