// npm run bench -- lecture-streaming [--viewers N] [--mb SIZE] [--read-mb M] [--rounds R] [--only app|baseline]
//
// Lecture video streaming (issue 23, Figures): N viewers (default 200) on
// loopback, all at once, each doing what a browser's player does with a
// lecture: a first request "Range: bytes=0-" read until M MB (default 4) have
// arrived and then dropped, then a seek: "Range: bytes=X-" from a point in
// the middle of the file (30–70 %, spread over the viewers), read M MB and
// dropped. Each request gets a connection of its own (a dropped download
// closes its connection in a browser too).
//
// The video: an MP4 of SIZE MB (default 40; H.264 + AAC made here by ffmpeg
// from its test card with noise, so it does not compress to nothing),
// uploaded, captioned and published through the lecture service into the
// real app server (fastify, embedded PGlite, lecture storage in a temporary
// folder), and fetched from GET /r/lectures/:id/video.
//
// The baseline, in the same run: the same stored file from a bare static
// server (node:http + fs.createReadStream with start/end, a stat per request,
// no framework), to the same viewers. Both servers run on this process's
// main thread; the viewers run on a worker thread, so the server's event loop
// does not parse their answers. Rounds alternate app and baseline (R rounds
// each, default 3, after a small warm-up of each).
//
// Reported per server: MB/s delivered (bytes received by all viewers ÷ the
// wall time from the first request to the last viewer done, summed over the
// rounds), time to first byte (from sending a request to the first byte of
// video in its answer; median, p99, max over every request of every round),
// the server thread's event-loop utilisation, and the app's ratios to the
// baseline.

import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findActiveStaffForLogin } from '../src/platform/auth/staff.repository.ts';
import type { StaffPrincipal } from '../src/platform/auth/staff.ts';
import { lectureOfDistrict } from '../src/lectures/videos/videos.repository.ts';
import { checkCaptionFile, createLectureFromUpload, lectureDepsFrom, publishLecture, storeCaptions } from '../src/lectures/videos/videos.service.ts';
import { KOREAN_VTT } from '../src/lectures/videos/videos.test-support.ts';
import { createTestDatabase } from '../test-support/databases.ts';
import { createDistrictWithStaff, startTestServer } from '../test-support/test-server.ts';
import { fmt, option } from './support/bench-support.ts';

/** What `npm run bench -- lecture-streaming --help` prints (bench.command.ts). */
export const usage = `npm run bench -- lecture-streaming [--viewers N] [--mb SIZE] [--read-mb M] [--rounds R] [--only app|baseline]

  --viewers N   concurrent viewers (default 200)
  --mb SIZE     size of the lecture video made by ffmpeg, in MB (default 40)
  --read-mb M   MB each viewer reads from the start, then again after its seek (default 4)
  --rounds R    measured rounds of each server, alternating (default 3)
  --only S      app or baseline: measure one server only (for a profile, e.g. node --cpu-prof)

Streams a published lecture from the real app server (GET /r/lectures/:id/video,
embedded PGlite) and, as the baseline in the same run, the same file from a bare
node:http static server; prints MB/s, time to first byte (median, p99) and the
ratios. Progress goes to stderr, figures to stdout.`;

const DISTRICT = 'lsbench';
const MB = 1024 * 1024;

const progress = (message: string) => process.stderr.write(`lecture-streaming: ${message}\n`);

/** An MP4 of about `mb` MB: 8 Mbit/s of noisy test card (about 1 MB a second) and a tone. */
async function makeBigVideo(dir: string, mb: number): Promise<string> {
  const path = join(dir, 'lecture.mp4');
  const seconds = Math.max(3, Math.round(mb));
  await promisify(execFile)('ffmpeg', [
    '-v', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${seconds},noise=alls=30:allf=t`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-b:v', '8M', '-maxrate', '8M', '-bufsize', '4M',
    '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', '-shortest', path,
  ], { timeout: 300_000 });
  return path;
}

/** The baseline: a bare static server for one file, with single byte ranges ("a-b", "a-", "-n"). */
function startBareServer(file: string, contentType: string): Promise<Server> {
  const server = createServer((req, res) => {
    stat(file).then((s) => {
      const size = s.size;
      const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      let start = 0;
      let end = size - 1;
      if (m && (m[1] || m[2])) {
        if (m[1]) {
          start = Number(m[1]);
          if (m[2]) end = Math.min(Number(m[2]), size - 1);
        } else start = Math.max(0, size - Number(m[2]));
        if (start >= size || end < start) {
          res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
          return;
        }
        res.writeHead(206, { 'content-type': contentType, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      } else {
        res.writeHead(200, { 'content-type': contentType, 'accept-ranges': 'bytes', 'content-length': size });
      }
      // pipeline destroys the file stream when the viewer drops the connection
      pipeline(createReadStream(file, { start, end }), res, () => {});
    }, () => res.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface ViewerJob {
  url: string;
  viewers: number;
  readBytes: number;
  size: number;
}

interface ViewerResult {
  /** ms from sending each request to the first byte of video in its answer: the first requests ("bytes=0-"), the seeks */
  ttfbStart: number[];
  ttfbSeek: number[];
  bytes: number;
  ms: number;
  errors: string[];
}

// The viewers, on a worker thread. Plain JavaScript: a worker does not get the
// TypeScript loader this process runs under.
const VIEWERS = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, viewers, readBytes, size } = workerData;

function fetchRange(start, ttfb) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let got = 0;
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      req.destroy();
      if (error) reject(error); else resolve(got);
    };
    const req = http.get(url, { agent: false, headers: { range: 'bytes=' + start + '-' } }, (res) => {
      const want = 'bytes ' + start + '-' + (size - 1) + '/' + size;
      if (res.statusCode !== 206 || res.headers['content-range'] !== want) {
        finish(new Error('status ' + res.statusCode + ' content-range ' + res.headers['content-range'] + ', expected 206 ' + want));
        return;
      }
      let first = true;
      res.on('data', (chunk) => {
        if (first) { first = false; ttfb.push(performance.now() - t0); }
        got += chunk.length;
        if (got >= readBytes) finish();
      });
      res.on('end', () => finish());
      res.on('error', (error) => finish(error));
    });
    req.on('error', (error) => finish(error));
    req.setTimeout(120000, () => finish(new Error('no answer within 120 s')));
  });
}

async function viewer(i) {
  const ttfbStart = [];
  const ttfbSeek = [];
  let bytes = await fetchRange(0, ttfbStart);
  const seek = Math.floor(size * (0.3 + 0.4 * (i / Math.max(1, viewers - 1))));
  bytes += await fetchRange(seek, ttfbSeek);
  return { ttfbStart, ttfbSeek, bytes };
}

(async () => {
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: viewers }, (_, i) => viewer(i)));
  const ms = performance.now() - t0;
  const out = { ttfbStart: [], ttfbSeek: [], bytes: 0, ms, errors: [] };
  for (const r of results) {
    if (r.status === 'fulfilled') { out.ttfbStart.push(...r.value.ttfbStart); out.ttfbSeek.push(...r.value.ttfbSeek); out.bytes += r.value.bytes; }
    else out.errors.push(String(r.reason && r.reason.message || r.reason));
  }
  parentPort.postMessage(out);
})();
`;

function runViewers(job: ViewerJob): Promise<ViewerResult & { elu: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const before = performance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    const worker = new Worker(VIEWERS, { eval: true, workerData: job });
    worker.once('message', (result: ViewerResult) => {
      const elu = performance.eventLoopUtilization(before).utilization;
      const cpu = process.cpuUsage(cpuBefore);
      void worker.terminate();
      resolve({ ...result, elu, cpuMs: (cpu.user + cpu.system) / 1000 });
    });
    worker.once('error', reject);
  });
}

interface Totals {
  ttfb: number[];
  ttfbStart: number[];
  ttfbSeek: number[];
  bytes: number;
  ms: number;
  errors: number;
  elu: number[];
  cpuMs: number;
  queries: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

function figures(t: Pick<Totals, 'ttfb' | 'bytes' | 'ms' | 'elu'> & Partial<Totals>) {
  const sorted = [...t.ttfb].sort((a, b) => a - b);
  const p99Of = (values: number[] | undefined) => quantile([...(values ?? [])].sort((a, b) => a - b), 0.99);
  return {
    p99Start: p99Of(t.ttfbStart),
    p99Seek: p99Of(t.ttfbSeek),
    mbps: t.bytes / MB / (t.ms / 1000),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    cpuMsPerMb: (t.cpuMs ?? NaN) / (t.bytes / MB),
    elu: t.elu.reduce((a, b) => a + b, 0) / Math.max(1, t.elu.length),
  };
}

/**
 * How many of this process's file descriptors still point at the file, once
 * the servers had a moment to close what dropped downloads left (Linux:
 * /proc/self/fd; undefined elsewhere).
 */
async function openHandlesOn(file: string): Promise<number | undefined> {
  const count = async () => {
    const fds = await readdir('/proc/self/fd');
    let n = 0;
    for (const fd of fds) if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) === file) n++;
    return n;
  };
  try {
    for (let tries = 0; tries < 50; tries++) {
      const n = await count();
      if (n === 0 || tries === 49) return n;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** A GET of bytes 1000-1999 must answer exactly those bytes of the file. */
async function checkServes(url: string, file: Buffer): Promise<void> {
  const response = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 206 || !body.equals(file.subarray(1000, 2000))) throw new Error(`${url} answered ${response.status} with ${body.length} bytes that are not bytes 1000-1999 of the file`);
}

export async function run(args: string[]): Promise<void> {
  const viewers = Number(option(args, '--viewers') ?? 200);
  const sizeMb = Number(option(args, '--mb') ?? 40);
  const readMb = Number(option(args, '--read-mb') ?? 4);
  const rounds = Number(option(args, '--rounds') ?? 3);
  const only = option(args, '--only');
  if (only !== undefined && only !== 'app' && only !== 'baseline') throw new Error('--only takes app or baseline (see --help)');
  const measured = (['app', 'bare'] as const).filter((name) => only === undefined || (only === 'app') === (name === 'app'));
  for (const [name, value] of Object.entries({ viewers, mb: sizeMb, 'read-mb': readMb, rounds })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number (see --help)`);
  }

  const work = await mkdtemp(join(tmpdir(), 'taxstation-bench-lecture-'));
  const database = await createTestDatabase('pglite');
  let app: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let bare: Server | undefined;
  try {
    progress(`making a ${sizeMb} MB MP4 with ffmpeg`);
    const source = await makeBigVideo(work, sizeMb);

    progress('starting the app server (PGlite) and publishing the lecture');
    app = await startTestServer(database.db, { TAXSTATION_LECTURE_DIR: join(work, 'storage') });
    const staffNames = await createDistrictWithStaff(database.db, DISTRICT, ['lecturer']);
    const staff = (await findActiveStaffForLogin(database.db, staffNames.lecturer))!;
    const actor: StaffPrincipal = { id: Number(staff.id), username: staffNames.lecturer, displayName: 'bench lecturer', role: 'lecturer', districtCode: DISTRICT, districtName: { ko: '벤치구', en: 'Bench-gu' } };
    const deps = lectureDepsFrom(app.deps);
    const id = await createLectureFromUpload(deps, actor, { title: '재산세 스트리밍 측정', summary: '벤치마크용 강의', field: 'property_tax' }, { stream: createReadStream(source), truncated: () => false });
    const lecture = (await lectureOfDistrict(database.db, DISTRICT, id))!;
    const captions = checkCaptionFile(Buffer.from(KOREAN_VTT), lecture.durationMs);
    if (!captions.ok) throw new Error(`captions: ${captions.error.messages.en}`);
    await storeCaptions(deps, actor, lecture, 'ko', captions);
    await publishLecture(deps, actor, lecture, new Date(Date.now() - 1000));

    const stored = join(work, 'storage', lecture.videoKey);
    const bytes = await readFile(stored);
    const size = bytes.length;
    bare = await startBareServer(stored, lecture.videoContentType);
    const targets = {
      app: `${app.url}/r/lectures/${id}/video`,
      bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/lecture.mp4`,
    };
    await checkServes(targets.app, bytes);
    await checkServes(targets.bare, bytes);

    // Counts the app's database queries (a query per chunk would show here).
    let queries = 0;
    const query = database.db.query.bind(database.db);
    database.db.query = ((sql: string, params?: readonly unknown[]) => {
      queries++;
      return query(sql, params);
    }) as typeof database.db.query;

    const readBytes = Math.round(readMb * MB);
    progress(`warm-up: 10 viewers on each server`);
    for (const name of measured) await runViewers({ url: targets[name], viewers: 10, readBytes, size });

    const totals: Record<'app' | 'bare', Totals> = {
      app: { ttfb: [], ttfbStart: [], ttfbSeek: [], bytes: 0, ms: 0, errors: 0, elu: [], cpuMs: 0, queries: 0 },
      bare: { ttfb: [], ttfbStart: [], ttfbSeek: [], bytes: 0, ms: 0, errors: 0, elu: [], cpuMs: 0, queries: 0 },
    };
    const errorSamples: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const name of measured) {
        const queriesBefore = queries;
        const r = await runViewers({ url: targets[name], viewers, readBytes, size });
        const t = totals[name];
        t.ttfb.push(...r.ttfbStart, ...r.ttfbSeek);
        t.ttfbStart.push(...r.ttfbStart);
        t.ttfbSeek.push(...r.ttfbSeek);
        t.bytes += r.bytes;
        t.ms += r.ms;
        t.errors += r.errors.length;
        t.elu.push(r.elu);
        t.cpuMs += r.cpuMs;
        t.queries += queries - queriesBefore;
        errorSamples.push(...r.errors.slice(0, 3));
        const one = figures({ ttfb: [...r.ttfbStart, ...r.ttfbSeek], bytes: r.bytes, ms: r.ms, elu: [r.elu] });
        progress(`round ${round} ${name.padEnd(4)}: ${fmt(one.mbps)} MB/s in ${fmt(r.ms / 1000, 2)} s, TTFB median ${fmt(one.p50, 1)} ms p99 ${fmt(one.p99, 1)} ms, server loop busy ${fmt(r.elu * 100)} %, process CPU ${fmt(r.cpuMs / (r.bytes / MB), 2)} ms/MB${r.errors.length ? `, ${r.errors.length} viewers failed` : ''}`);
      }
    }

    const line = (name: string, f: ReturnType<typeof figures>, t: Totals) =>
      `  ${name.padEnd(40)} ${fmt(f.mbps).padStart(6)} MB/s   TTFB median ${fmt(f.p50, 1).padStart(6)} ms   p99 ${fmt(f.p99, 1).padStart(6)} ms ` +
      `(start ${fmt(f.p99Start, 1)}, seek ${fmt(f.p99Seek, 1)})   max ${fmt(f.max, 1).padStart(6)} ms   server loop busy ${fmt(f.elu * 100).padStart(3)} %   process CPU ${fmt(f.cpuMsPerMb, 2)} ms/MB   database queries per request ${fmt(t.queries / (rounds * viewers * 2), 2)}   failed ${t.errors}`;
    console.log(`lecture-streaming: ${viewers} viewers at once on loopback, each reading ${fmt(readMb, 1)} MB from "bytes=0-" then ${fmt(readMb, 1)} MB after a seek to 30–70 %; ` +
      `a ${fmt(size / MB, 1)} MB MP4 (${lecture.videoContentType}); ${rounds} rounds of each server, ${fmt(rounds * viewers * 2)} requests to each`);
    const names = { app: 'app: GET /r/lectures/:id/video (PGlite)', bare: 'baseline: bare node:http static server' };
    for (const name of measured) console.log(line(names[name], figures(totals[name]), totals[name]));
    if (measured.length === 2) {
      const a = figures(totals.app);
      const b = figures(totals.bare);
      console.log(`  app ÷ baseline: MB/s ×${fmt(a.mbps / b.mbps, 2)}   TTFB median ×${fmt(a.p50 / b.p50, 2)}   TTFB p99 ×${fmt(a.p99 / b.p99, 2)}`);
    }
    const open = await openHandlesOn(stored);
    if (open !== undefined) console.log(`  file handles on the video still open after the run (dropped downloads must close theirs): ${open}`);
    const cpu = cpus();
    console.log(`  machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 1024 ** 3, 1)} GiB RAM, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);
    if (errorSamples.length) console.log(`  failures, for example: ${[...new Set(errorSamples)].slice(0, 3).join('; ')}`);
    if (totals.app.errors || totals.bare.errors || open) process.exitCode = 1;
  } finally {
    bare?.closeAllConnections();
    await new Promise<void>((resolve) => (bare ? bare.close(() => resolve()) : resolve()));
    await app?.close();
    await database.drop();
    await rm(work, { recursive: true, force: true });
  }
}
