// The baseline of bench/desk.ts, in a process of its own as the serve nodes
// are: a bare `ws` server that sends every frame back to its sender.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
server.on('listening', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : address}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
