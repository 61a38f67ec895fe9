// Load generator for bench/receipts.ts, in its own process so it does not
// share a CPU queue with the server it measures: keeps `connections`
// requests in flight for `seconds`, then prints one JSON line of results.
import { Agent, request } from 'node:http';

const [url, kind, secondsText, connectionsText, bodiesFile] = process.argv.slice(2);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
const { readFileSync } = await import('node:fs');
const prepared = kind === 'receipts' ? (JSON.parse(readFileSync(bodiesFile!, 'utf8')) as { headers: Record<string, string>; body: string }[]) : [];
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url!);
const latencies: number[] = [];
let errors = 0;
let next = 0;
const deadline = performance.now() + seconds * 1000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const item = prepared.length ? prepared[next++ % prepared.length]! : { headers: {}, body: '{"receipts":[]}' };
    const started = performance.now();
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', ...item.headers } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(item.body);
  });
}

async function lane(): Promise<void> {
  while (performance.now() < deadline) await once();
}

const t0 = performance.now();
await Promise.all(Array.from({ length: connections }, lane));
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99) }));
agent.destroy();
