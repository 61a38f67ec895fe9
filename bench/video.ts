// npm run bench -- video [--calls N]
//
// How long a video consultation takes to start: from both sides opening the
// room (the resident's link and the expert's console page, in two browser
// contexts of headless Chromium with a fake camera and microphone) until
// each side has decoded the other's first video frame (getStats:
// inbound-rtp video framesDecoded > 0). N calls (default 10) on loopback,
// first on the direct path (host candidates), then relay-only through a real
// coturn started here with credentials from our server. The baseline, in the
// same run: two RTCPeerConnections in one page handing each other their
// offer, answer and candidates directly (no server, no page load, no
// signalling), from getUserMedia to both first frames. Reported: median and
// slowest of each, and the ratio of the medians to the baseline's.

import { CAPTURE_PEER_CONNECTIONS } from '../test-support/webrtc.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../test-support/databases.ts';
import { startTestServer, TestClient, type TestServer } from '../test-support/test-server.ts';
import { CHROMIUM } from '../test-support/browser.ts';
import { bookVideoConsultation } from '../src/video/video.test-support.ts';
import { fmt, option } from './support/bench-support.ts';

const TURN_SECRET = 'bench-turn-secret-0123456789abcdef';


// Page-side code is plain JavaScript in strings: the bench runs under a
// TypeScript loader whose helpers do not exist in the page.

/** Whether a connection of the page has decoded a video frame. */
const DECODED = `(async () => {
  for (const pc of window.__pcs || []) {
    for (const s of (await pc.getStats()).values()) if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0) return true;
  }
  return false;
})()`;

/** Resolves once a connection of the page has decoded a video frame (polled every 10 ms). */
async function firstFrame(page: Page): Promise<void> {
  const until = performance.now() + 60_000;
  while (!(await page.evaluate(DECODED))) {
    if (performance.now() > until) throw new Error('no video frame within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Two connections in one page negotiating directly: milliseconds from getUserMedia to both first frames. */
const BASELINE = `(async () => {
  const t0 = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => b.addIceCandidate(e.candidate || undefined);
  b.onicecandidate = (e) => a.addIceCandidate(e.candidate || undefined);
  for (const track of stream.getTracks()) { a.addTrack(track, stream); b.addTrack(track.clone(), stream); }
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  const decoded = async (pc) => {
    for (;;) {
      for (const s of (await pc.getStats()).values()) if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await Promise.all([decoded(a), decoded(b)]);
  const ms = performance.now() - t0;
  a.close(); b.close();
  for (const track of stream.getTracks()) track.stop();
  return ms;
})()`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function startTurn(port: number): ChildProcess {
  return spawn('turnserver', [
    '--use-auth-secret', `--static-auth-secret=${TURN_SECRET}`, '--realm=bench', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1',
    `--listening-port=${port}`, '--no-tls', '--no-dtls', '-n', '--allow-loopback-peers', '--no-cli', '--min-port=51000', '--max-port=51999', '--log-file=stdout',
  ], { stdio: 'ignore' });
}

interface Summary {
  median: number;
  max: number;
}
const summary = (ms: number[]): Summary => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted[sorted.length - 1]! };
};

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
  return context;
}

/** N calls of one room: both sides open their page at once; the time until both decoded a frame. */
async function roomCalls(browser: Browser, server: TestServer, calls: number): Promise<number[]> {
  const booking = await bookVideoConsultation(server.deps.db, server.deps.cipher);
  booking.clock.set(booking.slotStart);
  server.deps.clock = booking.clock;
  const http = new TestClient(server.url);
  await http.login(booking.expert.username, booking.expert.password);
  const cookie = { name: 'ts_session', value: http.cookies.get('ts_session')!, url: server.url };
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const [expertContext, residentContext] = await Promise.all([newContext(browser), newContext(browser)]);
    await expertContext.addCookies([cookie]);
    const [expert, resident] = await Promise.all([expertContext.newPage(), residentContext.newPage()]);
    const t0 = performance.now();
    await Promise.all([expert.goto(`${server.url}/console/video/${booking.bookingId}`), resident.goto(`${server.url}/r/video/${booking.token}`)]);
    await Promise.all([firstFrame(expert), firstFrame(resident)]);
    times.push(performance.now() - t0);
    await Promise.all([expertContext.close(), residentContext.close()]);
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return times;
}

/** The baseline: two connections in one page, negotiating directly. */
async function baselineCalls(browser: Browser, url: string, calls: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${url}/r/video/check`); // a page of ours that may use the camera (the others forbid it)
    const ms = (await page.evaluate(BASELINE)) as number;
    times.push(ms);
    await context.close();
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return times;
}

export async function run(args: string[]): Promise<void> {
  const calls = Number(option(args, '--calls') ?? 10);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  const turnPort = await freePort();
  const turn = startTurn(turnPort);
  const database = await createTestDatabase('pglite');
  const key = Buffer.alloc(32, 9).toString('base64');
  const direct = await startTestServer(database.db, { TAXSTATION_STUN_URLS: '', TAXSTATION_ENCRYPTION_KEY: key });
  const relay = await startTestServer(database.db, {
    TAXSTATION_STUN_URLS: '',
    TAXSTATION_ENCRYPTION_KEY: key,
    TAXSTATION_TURN_URLS: `turn:127.0.0.1:${turnPort}?transport=udp`,
    TAXSTATION_TURN_SECRET: TURN_SECRET,
    TAXSTATION_ICE_TRANSPORT_POLICY: 'relay',
  });
  try {
    console.log(`video: time to the first decoded frame on both sides, ${calls} calls each (Chromium fake media, loopback)`);
    const baseline = summary(await baselineCalls(browser, direct.url, calls));
    const directRun = summary(await roomCalls(browser, direct, calls));
    const relayRun = summary(await roomCalls(browser, relay, calls));
    const row = (name: string, s: Summary) => `  ${name.padEnd(44)} median ${fmt(s.median).padStart(5)} ms   slowest ${fmt(s.max).padStart(5)} ms   ×${fmt(s.median / baseline.median, 1)} the baseline`;
    console.log(row('baseline: two connections in one page', baseline));
    console.log(row('room, direct path (page load + signalling)', directRun));
    console.log(row('room, relay only through coturn', relayRun));
    console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);
  } finally {
    await Promise.allSettled([direct.close(), relay.close()]);
    await database.drop();
    turn.kill('SIGTERM');
    await browser.close();
  }
}
