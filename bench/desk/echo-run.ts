// The baseline half of bench/desk.ts: as many sockets as the desk run, on a
// bare `ws` echo server, sent the same number of messages at the same rate.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FrameClient } from '../../src/desk/desk.test-support.ts';
import { bodyOf, LatencyRecorder, paced, seqOf, type LatencySummary } from './traffic.ts';

async function startEchoServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'echo-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

export async function runEcho(connections: number, total: number, perSecond: number, warmup: number): Promise<LatencySummary> {
  const server = await startEchoServer();
  const recorder = new LatencyRecorder();
  const sockets: FrameClient[] = [];
  try {
    const connect = async () => {
      const client = await FrameClient.connect(`ws://127.0.0.1:${server.port}/`);
      client.socket.on('message', (data) => {
        const seq = seqOf((JSON.parse(data.toString()) as { body?: unknown }).body);
        if (seq !== undefined) recorder.received(seq);
      });
      sockets.push(client);
    };
    for (let start = 0; start < connections; start += 100) await Promise.all(Array.from({ length: Math.min(100, connections - start) }, connect));
    await paced(warmup + total, perSecond, (seq) => {
      if (seq >= warmup) recorder.sent(seq);
      sockets[seq % sockets.length]!.send({ type: 'send', body: bodyOf(seq) });
    });
    await recorder.drain(20_000);
    return recorder.summary();
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    server.stop();
  }
}
