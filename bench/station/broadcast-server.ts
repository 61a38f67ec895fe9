// The baseline of bench/station.ts: a bare `ws` server that takes the same
// join and move frames and, every 50 ms (the station's tick), broadcasts one frame with every
// position that changed to every socket (no validation, no interest cells,
// no limits, no bus). Prints "listening PORT".
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const sockets = new Set<WebSocket>();
const pending = new Map<string, [string, number, number]>();

wss.on('connection', (socket) => {
  const id = randomBytes(9).toString('base64url');
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; x: number; y: number };
    if (frame.type === 'join') {
      sockets.add(socket);
      socket.send(JSON.stringify({ type: 'welcome', you: { id, x: frame.x, y: frame.y } }));
    } else if (frame.type === 'move') pending.set(id, [id, Math.round(frame.x), Math.round(frame.y)]);
  });
  socket.on('close', () => sockets.delete(socket));
});

setInterval(() => {
  if (pending.size === 0) return;
  const text = JSON.stringify({ type: 'update', moves: [...pending.values()] });
  pending.clear();
  for (const s of sockets) s.send(text);
}, 50);

wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening ${typeof address === "string" || !address ? address : address.port}`);
});
