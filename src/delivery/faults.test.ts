import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createNotices, createTaxpayers, type TaxpayerSpec } from '../../test-support/factories.ts';
import { FrameClient } from '../../test-support/frame-client.ts';
import { freePorts } from '../../test-support/ports.ts';
import { privatePostgresUnavailable, startPrivatePostgres, terminateBackends, type PrivatePostgres } from '../../test-support/private-postgres.ts';
import { createDistrictWithStaff } from '../../test-support/test-server.ts';
import { LISTEN_APPLICATION_NAME } from '../platform/db/listen-connection.ts';
import { migrate } from '../platform/db/migrate.ts';
import { openPostgres, type PostgresDatabase } from '../platform/db/postgres.ts';
import { issueSeason } from './queue/queue.ts';
import { seasonSummary } from './season-summary.ts';
import { startSimulator, type Simulator } from './simulator/simulator.ts';

// The delivery engine and the desk under faults, on a PostgreSQL cluster of
// this file's own (test-support/private-postgres.ts: the shared server is
// not ours to restart, and only our own server's log can be read for
// deadlocks). Real processes: `taxstation work` and `taxstation serve`,
// killed with SIGKILL and started again; the gateway simulator in this
// process, counting deliveries per idempotency key.

const KEY = Buffer.alloc(32, 7).toString('base64');
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'taxstation.mjs');
const DISTRICT = 'faultgu';

interface Rig {
  cluster: PrivatePostgres;
  db: PostgresDatabase;
  sim: Simulator;
  env: Record<string, string>;
  seasonId: number;
  notices: number;
  /** The ports receipts are posted to: kakao's, sms's. */
  ports: [number, number];
}

function taxpayers(n: number): TaxpayerSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const phone = `+8210${String(40000000 + i * 7919).padStart(8, '0')}`;
    switch (i % 5) {
      case 0: return { identityKey: Buffer.alloc(64, i % 250).toString('base64') + String(i), mobile: phone, enrol: ['kakao', 'sms'] };
      case 1: return { mobile: `+8216${String(3000000 + i).padStart(7, '0')}`, enrol: ['sms'] }; // a dead prefix: paper
      case 2: return { mobile: phone, enrol: ['kakao', 'sms'] };
      case 3: return { mobile: phone, enrol: ['sms'] };
      default: return { mobile: phone, enrol: [] }; // paper only
    }
  });
}

async function startRig(notices: number, latencyMs: number): Promise<Rig> {
  const cluster = await startPrivatePostgres();
  const db = openPostgres({ connectionString: cluster.url, applicationName: 'faults-test' });
  await migrate(db);
  await createDistrictWithStaff(db, DISTRICT, ['desk_agent']);
  const ids = await createTaxpayers(db, DISTRICT, taxpayers(notices));
  await createNotices(db, DISTRICT, ids, { dueDate: '2099-07-31' });
  const { seasonId } = await issueSeason(db, { districtCode: DISTRICT, taxItem: 'property_tax', taxYear: 2026, period: 1, createdBy: 'test' });
  // Receipts at once: they meet the acceptance of their own batch, where the deadlocks were.
  const sim = await startSimulator({ port: 0, profile: 'gangnam', overrides: { latencyMs, receiptDelayMs: 0, openedShare: 0.3, openedDelayMs: 0, duplicateReceiptShare: 0.1 } });
  const ports = await freePorts(2);
  sim.setWebhooks({ kakao: `http://127.0.0.1:${ports[0]}/api/webhooks/receipts/kakao-t`, sms: `http://127.0.0.1:${ports[1]}/api/webhooks/receipts/sms-t` });
  const providers = JSON.stringify([
    { type: 'kakao-gateway', name: 'kakao-t', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, maxBatchSize: 25 },
    { type: 'sms-gateway', name: 'sms-t', baseUrl: sim.url, apiKey: sim.apiKey, webhookSecret: sim.webhookSecret, maxBatchSize: 25 },
  ]);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    DATABASE_URL: cluster.url,
    TAXSTATION_ENCRYPTION_KEY: KEY,
    TAXSTATION_PROVIDERS: providers,
    TAXSTATION_QUIET_HOURS: 'off',
    TAXSTATION_CLAIM_LOCK_SECONDS: '2',
    TAXSTATION_RECEIPT_TIMEOUT_SECONDS: '300',
    TAXSTATION_WORKER_BATCH: '25',
    TAXSTATION_LOG_LEVEL: 'silent',
  };
  return { cluster, db, sim, env, seasonId, notices, ports };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  await rig.sim.close().catch(() => {});
  await rig.db.close().catch(() => {});
  await rig.cluster.stop();
}

/** A `taxstation` process; `ready` resolves once it says it runs. */
class Proc {
  child!: ChildProcess;
  ready!: Promise<void>;
  exits = 0;
  crashes: string[] = [];
  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {
    this.start();
  }

  start(): void {
    const child = spawn(process.execPath, [BIN, ...this.args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    let err = '';
    this.ready = new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (out.length < 10_000) out += chunk.toString();
        if (/running at|taxstation work/.test(out)) resolve();
      });
      child.once('exit', () => reject(new Error(`${this.name} exited before it ran: ${out}${err}`)));
    });
    this.ready.catch(() => {});
    child.stderr!.on('data', (chunk: Buffer) => {
      if (err.length < 20_000) err += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      this.exits++;
      // Only SIGKILL (ours) and SIGTERM (the end) are expected ways out.
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0) this.crashes.push(`${this.name} exited ${code ?? signal}: ${err.slice(-2000)}`);
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

async function waitUntil(what: string, deadlineMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the database may be restarting
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function settled(rig: Rig): Promise<boolean> {
  const s = await seasonSummary(rig.db, rig.seasonId);
  return s.pending - s.awaiting_paper === 0;
}

interface Figures {
  notices: number;
  finalOrPaper: number;
  deliveredMessages: number;
  deliveredAttempts: number;
  simDeliveries: number;
  maxDeliveriesPerKey: number;
  /** Gateway deliveries whose receipt came after the attempt's deadline: the notice moved on, by design. */
  lateReceipts: number;
}

/** Every notice final or awaiting paper exactly once; no idempotency key and no message delivered twice. */
async function checkSeason(rig: Rig): Promise<Figures> {
  const { rows } = await rig.db.query<{ message_id: number; state: string; delivered_attempts: number; messages_per_notice: number }>(
    `SELECT m.id AS message_id, m.state,
            (SELECT count(*) FROM delivery_attempts a WHERE a.message_id = m.id AND a.state = 'delivered')::int AS delivered_attempts,
            count(*) OVER (PARTITION BY m.notice_id)::int AS messages_per_notice
       FROM messages m WHERE m.season_id = $1`,
    [rig.seasonId],
  );
  assert.equal(rows.length, rig.notices, 'one message per notice');
  assert.deepEqual(rows.filter((r) => r.messages_per_notice !== 1), [], 'no notice has two messages');
  const notFinal = rows.filter((r) => !['delivered', 'failed', 'withdrawn', 'paper', 'awaiting_paper'].includes(r.state));
  assert.deepEqual(notFinal, [], 'every notice final or awaiting paper');
  // Per message, not distinct messages: a message delivered twice would show here.
  assert.deepEqual(rows.filter((r) => r.delivered_attempts > 1), [], 'no message delivered on two attempts');
  assert.deepEqual(rows.filter((r) => (r.state === 'delivered') !== (r.delivered_attempts === 1)), [], 'a delivered message has exactly one delivered attempt');
  const stats = rig.sim.stats();
  const twice = Object.entries(stats.deliveriesByKey).filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'the simulator delivered no idempotency key twice');
  const deliveredMessages = rows.filter((r) => r.state === 'delivered').length;
  // Every delivery the gateway made is the delivered attempt of its message,
  // or an attempt whose receipt came after its deadline (the law then moves
  // the notice on to its next channel: by design, and counted).
  const { rows: attempts } = await rig.db.query<{ idempotency_key: string; state: string; failure_cause: string | null }>(
    `SELECT a.idempotency_key, a.state, a.failure_cause FROM delivery_attempts a JOIN messages m ON m.id = a.message_id WHERE m.season_id = $1`,
    [rig.seasonId],
  );
  const byKey = new Map(attempts.map((a) => [a.idempotency_key, a]));
  const deliveredKeys = Object.keys(stats.deliveriesByKey);
  const unexplained = deliveredKeys.filter((k) => byKey.get(k)?.state !== 'delivered' && byKey.get(k)?.failure_cause !== 'no_receipt');
  assert.deepEqual(unexplained.map((k) => byKey.get(k) ?? k), [], 'every gateway delivery is a delivered attempt, or one whose receipt came too late');
  const lateReceipts = deliveredKeys.length - deliveredKeys.filter((k) => byKey.get(k)?.state === 'delivered').length;
  return {
    notices: rows.length,
    finalOrPaper: rows.length - notFinal.length,
    deliveredMessages,
    deliveredAttempts: rows.reduce((a, r) => a + r.delivered_attempts, 0),
    simDeliveries: stats.delivered,
    maxDeliveriesPerKey: stats.maxDeliveriesPerKey,
    lateReceipts,
  };
}

function deadlocks(log: string): string[] {
  return log.split('\n').filter((line) => /deadlock detected/i.test(line));
}

describe('the delivery engine on a PostgreSQL of its own', { skip: privatePostgresUnavailable() }, () => {
  test('two workers on one season, receipts arriving with the acceptances: no deadlock in the server log', async () => {
    let rig: Rig | undefined;
    const procs: Proc[] = [];
    try {
      rig = await startRig(1000, 5);
      const r = rig;
      procs.push(new Proc('work-1', ['work', '--receipts-port', String(r.ports[0])], r.env));
      procs.push(new Proc('work-2', ['work', '--receipts-port', String(r.ports[1])], r.env));
      await Promise.all(procs.map((p) => p.ready));
      await waitUntil('the season settles', 150_000, () => settled(r));
      const figures = await checkSeason(r);
      assert.ok(figures.deliveredMessages > 0);
      assert.deepEqual(procs.flatMap((p) => p.crashes), [], 'no worker crashed');
      assert.deepEqual(deadlocks(r.cluster.log()), [], 'no deadlock in the server log');
      console.log(`FIGURES two-workers ${JSON.stringify(figures)}`);
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await stopRig(rig);
    }
  });

  test('a season under faults: workers and servers killed, the database restarted, a gateway down, LISTEN dropped; nothing lost or doubled', async () => {
    let rig: Rig | undefined;
    const procs: Proc[] = [];
    let chat: ChatResident | undefined;
    try {
      rig = await startRig(600, 100);
      const r = rig;
      const serve = (port: number, n: number) => new Proc(`serve-${n}`, ['serve', '--no-work', '--host', '127.0.0.1', '--port', String(port)], r.env);
      procs.push(serve(r.ports[0], 1), serve(r.ports[1], 2), new Proc('work-1', ['work'], r.env), new Proc('work-2', ['work'], r.env));
      await Promise.all(procs.map((p) => p.ready));
      chat = new ChatResident(r.ports);
      const chatting = chat.run();

      const faults: string[] = [];
      const random = seededRandom(22);
      // Faults a few seconds apart while the season runs; a process killed
      // is started again at once and not waited for (on a busy machine it
      // takes a while to come up, and may be killed again meanwhile).
      const pause = () => new Promise((res) => setTimeout(res, 1500 + random() * 2000));
      const killOne = async () => {
        const p = procs[Math.floor(random() * procs.length)]!;
        await p.kill();
        faults.push(`SIGKILL ${p.name}`);
        p.start();
        await pause();
      };
      await waitUntil('the workers send', 120_000, async () => r.sim.stats({ byKey: false }).accepted >= 50);
      await killOne();
      await killOne();
      r.sim.setOutage({ forMs: 2000 });
      faults.push('gateway outage 2 s');
      await pause();
      await killOne();
      // Every process up, so that each that listens (a serve with a socket on it, at least) loses its connection.
      await Promise.all(procs.map((p) => p.ready));
      const dropped = await terminateBackends(r.cluster.url, `application_name = '${LISTEN_APPLICATION_NAME}'`);
      assert.ok(dropped >= 1, 'the serve process the resident chats on listens');
      faults.push(`LISTEN connections dropped: ${dropped}`);
      await pause();
      await killOne();
      await r.cluster.restart();
      faults.push('PostgreSQL restarted');
      await pause();
      await killOne();
      const pendingAtLastFault = (await seasonSummary(r.db, r.seasonId)).pending;

      await Promise.all(procs.map((p) => p.ready));
      await waitUntil('the season settles', 120_000, () => settled(r));
      chat.stop();
      await chatting;
      const figures = await checkSeason(r);
      const chatFigures = await chat.check(r.db);
      // A process that exited by itself (an unhandled error) shows here; our SIGKILLs do not.
      assert.deepEqual(procs.flatMap((p) => p.crashes), [], 'no process crashed');
      assert.ok(procs.every((p) => p.running), 'every process still runs');
      assert.deepEqual(deadlocks(r.cluster.log()), [], 'no deadlock in the server log');
      console.log(`FIGURES faults ${JSON.stringify({ faults: faults.length, kinds: faults, pendingAtLastFault, ...figures, ...chatFigures })}`);
    } finally {
      chat?.stop();
      await Promise.all(procs.map((p) => p.stop()));
      await stopRig(rig);
    }
  });
});

/** Repeatable choices of which process to kill and when (mulberry32). */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A resident chatting on the desk through whichever serve process is up:
 * each message is sent once, never again; it counts as sent when its echo
 * comes back. When the socket dies with its process, the resident resumes
 * the conversation on another one, from the last message seen.
 */
class ChatResident {
  private stopped = false;
  private token: string | undefined;
  private conversationId: number | undefined;
  private lastSeen = 0;
  private readonly sent: string[] = [];
  private readonly acked = new Set<string>();
  private readonly seenIds: number[] = [];
  reconnects = 0;

  constructor(private readonly ports: readonly number[]) {}

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    let n = 0;
    let turn = 0;
    while (!this.stopped) {
      const port = this.ports[turn++ % this.ports.length]!;
      let client: FrameClient | undefined;
      try {
        client = await FrameClient.connect(`ws://127.0.0.1:${port}/r/desk/socket`);
        let dead = false;
        void client.closed.then(() => (dead = true));
        const from = client.frames.length;
        client.send(this.token ? { type: 'resume', resume: this.token, after: this.lastSeen } : { type: 'start', district: DISTRICT, locale: 'ko' });
        const session = await within(client.next((f) => f.type === 'session' || f.type === 'error', from), 5000);
        if (session.type === 'error') throw new Error(`desk refused: ${JSON.stringify(session)}`);
        this.token = session.resumeToken as string;
        this.conversationId = session.conversationId as number;
        while (!this.stopped && !dead) {
          const body = `fault-chat-${n++}`;
          const at = client.frames.length;
          this.sent.push(body);
          client.send({ type: 'send', body });
          const echo = await within(client.next((f) => (f.type === 'message' && f.body === body) || f.type === 'error', at), 5000);
          if (echo.type === 'message') this.acked.add(body);
          this.note(client);
          await new Promise((res) => setTimeout(res, 700));
        }
      } catch {
        // the process went away, or the socket stalled: resume on the next one
      } finally {
        if (client) {
          this.note(client);
          client.socket.terminate();
        }
        this.reconnects++;
      }
      if (!this.stopped) await new Promise((res) => setTimeout(res, 300));
    }
  }

  private note(client: FrameClient): void {
    for (const f of client.frames) {
      if (f.type === 'message' && typeof f.id === 'number' && f.id > this.lastSeen) {
        this.lastSeen = f.id;
        this.seenIds.push(f.id);
      }
    }
  }

  /** Every message echoed is stored once; none is stored twice; the resident saw none twice. */
  async check(db: PostgresDatabase): Promise<{ chatSent: number; chatAcknowledged: number; chatStored: number; chatReconnects: number }> {
    assert.ok(this.conversationId, 'the resident chatted');
    assert.ok(this.acked.size >= 10, `the chat went on (${this.acked.size} messages echoed)`);
    const { rows } = await db.query<{ body: string; n: number }>(
      `SELECT body, count(*)::int AS n FROM desk_messages WHERE conversation_id = $1 AND body LIKE 'fault-chat-%' GROUP BY body`,
      [this.conversationId],
    );
    const stored = new Map(rows.map((r) => [r.body, r.n]));
    assert.deepEqual(rows.filter((r) => r.n > 1), [], 'no chat message stored twice');
    assert.deepEqual([...this.acked].filter((b) => !stored.has(b)), [], 'no echoed chat message lost');
    assert.deepEqual(rows.filter((r) => !this.sent.includes(r.body)), [], 'nothing stored that was not sent');
    assert.equal(new Set(this.seenIds).size, this.seenIds.length, 'the resident saw no message twice');
    return { chatSent: this.sent.length, chatAcknowledged: this.acked.size, chatStored: rows.length, chatReconnects: this.reconnects };
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]).finally(() => clearTimeout(timer));
}
