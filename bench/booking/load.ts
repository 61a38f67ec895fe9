// Load generator for bench/booking.ts, in its own process so that it does
// not share a CPU queue with the server it measures. Reads a job file and
// prints one JSON line of results.
//   race:  every request of the file at once (`connections` sockets), each
//          once; statuses and latencies;
//   bare:  the same number of requests, same concurrency, to the bare route;
//   month: residents, `connections` at a time, each reading the free slots
//          of their field and booking one at random, again on a 409 (up to
//          five tries): latencies of reads and bookings apart.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Job {
  mode: 'race' | 'bare' | 'month';
  base: string;
  connections: number;
  requests?: { ip: string; path: string; body: unknown }[];
  residents?: { ip: string; district: string; field: string; body: Record<string, unknown> }[];
  /** Added to the month's slot reads, e.g. '&from=2027-03-09&to=2027-04-08'. */
  slotsQuery?: string;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
const target = new URL(job.base);
const agent = new Agent({ keepAlive: true, maxSockets: job.connections });

function call(method: string, path: string, ip: string, body?: unknown): Promise<{ status: number; ms: number; json: unknown }> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    const req = request(
      {
        host: target.hostname, port: target.port, path, method, agent,
        headers: { accept: 'application/json', 'x-forwarded-for': ip, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          let json: unknown = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, ms, json });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, json: null }));
    req.end(payload);
  });
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const t0 = performance.now();
if (job.mode === 'race' || job.mode === 'bare') {
  const out: { status: number; ms: number; code: string | null }[] = [];
  await pool(job.requests!, job.connections, async (r) => {
    const a = await call('POST', job.mode === 'bare' ? '/bench/bare' : r.path, r.ip, r.body);
    out.push({ status: a.status, ms: a.ms, code: (a.json as { code?: string } | null)?.code ?? null });
  });
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, results: out }));
} else {
  const reads: number[] = [];
  const books: { status: number; ms: number; code: string | null }[] = [];
  let booked = 0;
  let gaveUp = 0;
  await pool(job.residents!, job.connections, async (r) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = await call('GET', `/r/api/consultations/${r.district}/slots?field=${r.field}${job.slotsQuery ?? ''}`, r.ip);
      reads.push(read.ms);
      const days = ((read.json as { days?: { slots: { expertId: number; start: string }[] }[] } | null)?.days ?? []).filter((d) => d.slots.length);
      if (!days.length) break;
      // People pick early days more often than late ones.
      const day = days[Math.floor(Math.random() ** 2 * days.length)]!;
      const slot = day.slots[Math.floor(Math.random() * day.slots.length)]!;
      const a = await call('POST', `/r/api/consultations/${r.district}/bookings`, r.ip, { ...r.body, expertId: slot.expertId, slotStart: slot.start });
      books.push({ status: a.status, ms: a.ms, code: (a.json as { code?: string } | null)?.code ?? null });
      if (a.status === 201) {
        booked++;
        return;
      }
      if (a.status !== 409) break;
    }
    gaveUp++;
  });
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, reads, books, booked, gaveUp }));
}
agent.destroy();
