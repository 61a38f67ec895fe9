// The desk half of bench/desk.ts: residents on the web door and agents on the
// console, spread over one or more serve nodes, every resident in a
// conversation with an agent; then messages both ways at a steady rate, each
// timed from its send to its receipt on the other side's socket.
import type { Database } from '../../src/platform/db/database.ts';
import { TestClient } from '../../test-support/test-server.ts';
import { FrameClient, type Frame } from '../../src/desk/desk.test-support.ts';
import { seededRandom } from '../../src/notices/demo/demo-roll.ts';
import { bodyOf, LatencyRecorder, paced, seqOf, type LatencySummary } from './traffic.ts';

export interface BenchAgent {
  staffId: number;
  username: string;
  password: string;
}

export interface DeskRunOptions {
  db: Database;
  /** serve nodes' base URLs; residents and agents are dealt to them in turn */
  nodes: string[];
  district: string;
  agents: BenchAgent[];
  residents: number;
  total: number;
  perSecond: number;
  /** messages sent at the same rate before the timed ones, not counted (caches, JIT, the limiters' first syncs) */
  warmup: number;
  /** share of the messages sent by agents (the rest by residents) */
  agentShare: number;
  /** CPU seconds the serve nodes have used so far, where the platform tells (Linux) */
  nodesCpuSeconds?: () => number | undefined;
}

export interface DeskRunResult {
  latency: LatencySummary;
  /** error frames during the timed run, by code (rate_limited would mean the traffic broke a limit) */
  errors: Record<string, number>;
  /** conversations whose resident and agent are on different nodes */
  crossNode: number;
  setupSeconds: number;
  /** CPU milliseconds the serve nodes spent per message during the timed run */
  cpuMsPerMessage?: number;
}

// Each simulated client comes from an address of its own (the servers trust
// X-Forwarded-For here), as residents do: the per-address limits stay as they are.
const residentAddress = (i: number) => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const agentAddress = (i: number) => `10.2.0.${i + 1}`;
const wsUrl = (base: string, path: string) => `${base.replace(/^http/, 'ws')}${path}`;

interface Conversation {
  id: number;
  resident: FrameClient;
  residentNode: number;
  agent?: { socket: FrameClient; node: number };
}

/** Hands waiting conversations to the least-loaded agents, as agents picking from the queue would. */
async function pickWaiting(db: Database, district: string, agents: { http: TestClient; staffId: number }[]): Promise<void> {
  const waiting = await db.query<{ id: number }>(`SELECT id::int AS id FROM conversations WHERE district_code = $1 AND state = 'waiting' ORDER BY id`, [district]);
  if (waiting.rowCount === 0) return;
  const loads = await db.query<{ staff_id: number; n: number }>(
    `SELECT assigned_staff_id::int AS staff_id, count(*)::int AS n FROM conversations WHERE district_code = $1 AND state = 'assigned' GROUP BY 1`,
    [district],
  );
  const load = new Map(agents.map((a) => [a.staffId, 0]));
  for (const row of loads.rows) load.set(row.staff_id, row.n);
  const picks = new Map<number, number[]>();
  for (const { id } of waiting.rows) {
    const [staffId] = [...load].sort((x, y) => x[1] - y[1])[0]!;
    load.set(staffId, load.get(staffId)! + 1);
    picks.set(staffId, [...(picks.get(staffId) ?? []), id]);
  }
  await Promise.all(
    agents.map(async (agent) => {
      for (const id of picks.get(agent.staffId) ?? []) {
        const response = await agent.http.json(`/api/desk/conversations/${id}/pick`, 'POST', {}, { 'x-csrf-token': agent.http.csrfToken! });
        if (response.status !== 200) throw new Error(`pick of conversation ${id} failed: ${response.status} ${await response.text()}`);
      }
    }),
  );
}

export async function runDesk(o: DeskRunOptions): Promise<DeskRunResult> {
  const t0 = performance.now();
  const sockets: FrameClient[] = [];
  const node = (i: number) => i % o.nodes.length;
  try {
    // Agents sign in on their node and make themselves available (up to the product's limit of 20 each).
    const agents = await Promise.all(
      o.agents.map(async (a, i) => {
        const http = new TestClient(o.nodes[node(i)]!, { 'x-forwarded-for': agentAddress(i) });
        await http.login(a.username, a.password);
        const status = await http.json('/api/desk/status', 'PUT', { status: 'available', maxConcurrent: 20 }, { 'x-csrf-token': http.csrfToken! });
        if (status.status !== 200) throw new Error(`agent status: ${status.status}`);
        return { ...a, http, node: node(i) };
      }),
    );

    // Residents open conversations, fifty at a time; beyond the agents' limit, agents pick the rest.
    const conversations = new Map<number, Conversation>();
    const openConversation = async (i: number) => {
      const resident = await FrameClient.connect(wsUrl(o.nodes[node(i)]!, '/r/desk/socket'), { 'x-forwarded-for': residentAddress(i) });
      sockets.push(resident);
      resident.send({ type: 'start', district: o.district, locale: i % 2 ? 'en' : 'ko' });
      const session = await resident.next((f) => f.type === 'session' || f.type === 'error');
      if (session.type === 'error') throw new Error(`resident ${i} refused: ${JSON.stringify(session)}`);
      conversations.set(session.conversationId as number, { id: session.conversationId as number, resident, residentNode: node(i) });
    };
    for (let start = 0; start < o.residents; start += 50) {
      await Promise.all(Array.from({ length: Math.min(50, o.residents - start) }, (_, k) => openConversation(start + k)));
      // Few wait at a time: every queue change makes each waiting resident read its place again.
      await pickWaiting(o.db, o.district, agents);
    }

    // Agents open the console socket and watch each of their conversations.
    const assigned = await o.db.query<{ id: number; staff_id: number }>(
      `SELECT id::int AS id, assigned_staff_id::int AS staff_id FROM conversations WHERE district_code = $1 AND state = 'assigned'`,
      [o.district],
    );
    if (assigned.rowCount !== o.residents) throw new Error(`${assigned.rowCount} of ${o.residents} conversations assigned`);
    await Promise.all(
      agents.map(async (agent, i) => {
        const socket = await FrameClient.connect(wsUrl(o.nodes[agent.node]!, '/console/desk/socket'), {
          cookie: `ts_session=${agent.http.cookies.get('ts_session')}`,
          'x-forwarded-for': agentAddress(i),
        });
        sockets.push(socket);
        await socket.next((f) => f.type === 'queue');
        const mine = assigned.rows.filter((r) => r.staff_id === agent.staffId).map((r) => r.id);
        for (const id of mine) socket.send({ type: 'watch', conversationId: id, after: 0 });
        await Promise.all(mine.map((id) => socket.next((f) => f.type === 'watching' && f.conversationId === id)));
        for (const id of mine) conversations.get(id)!.agent = { socket, node: agent.node };
      }),
    );
    const setupSeconds = (performance.now() - t0) / 1000;

    // The timed run: each message goes from one side of a conversation to the other.
    const recorder = new LatencyRecorder();
    const errors: Record<string, number> = {};
    const listen = (socket: FrameClient, from: 'resident' | 'agent') =>
      socket.socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        if (frame.type === 'message' && frame.authorType === from) {
          const seq = seqOf(frame.body);
          if (seq !== undefined) recorder.received(seq);
        } else if (frame.type === 'error') errors[String(frame.code)] = (errors[String(frame.code)] ?? 0) + 1;
      });
    const all = [...conversations.values()];
    for (const c of all) listen(c.resident, 'agent');
    for (const socket of new Set(all.map((c) => c.agent!.socket))) listen(socket, 'resident');

    const random = seededRandom(20260219);
    let cpuBefore: number | undefined;
    await paced(o.warmup + o.total, o.perSecond, (seq) => {
      const c = all[Math.floor(random() * all.length)]!;
      if (seq === o.warmup) cpuBefore = o.nodesCpuSeconds?.();
      if (seq >= o.warmup) recorder.sent(seq);
      if (random() < o.agentShare) c.agent!.socket.send({ type: 'send', conversationId: c.id, body: bodyOf(seq) });
      else c.resident.send({ type: 'send', body: bodyOf(seq) });
    });
    await recorder.drain(20_000);
    const cpuAfter = o.nodesCpuSeconds?.();
    const cpuMsPerMessage = cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) * 1000) / o.total : undefined;
    return { latency: recorder.summary(), errors, crossNode: all.filter((c) => c.agent!.node !== c.residentNode).length, setupSeconds, cpuMsPerMessage };
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
}
