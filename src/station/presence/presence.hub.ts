import { randomBytes } from 'node:crypto';
import type { Logger } from '../../platform/logger.ts';
import { isResync, type RealtimeBus } from '../../platform/realtime/bus.ts';
import { cellOf, near, neighbourhood, within } from './interest.ts';
import { zoneAt, type ZoneRect } from './presence.bounds.ts';
import { NEARBY_PX, ZONES_MS, type ExitEntry, type Look, type MoveEntry, type StationServerFrame, type VisitorView } from './presence.frames.ts';
import { BEAT_MS, cutToBudget, NODE_TIMEOUT_MS, presenceTopic, type PresenceEvent } from './presence.events.ts';

// One district's station in this process: its visitors (this node's, and the
// other nodes' as last heard), the interest cells, and the tick that sends
// each local visitor one 'update' frame with what changed in its 3×3 cells.
//
// Moves are not sent when they arrive: a visitor's pending position is
// overwritten until the tick, which applies them all, notes which visitors
// arrived in or left which cells, and then, per local visitor, reads only
// the 9 cells around it: arrivals it does not know yet (enter), departures
// it knew (exit), and the moves of each cell (serialized once per cell per
// tick, whoever reads them). A visitor that changed cell (or just joined)
// has its whole neighbourhood compared with what it knows.
//
// Zone counts: every hub knows all of the district's visitors and their
// positions (its own, and the other nodes' from their batches), so each
// counts the zones itself, every ZONES_MS, and sends its local visitors a
// 'zones' frame when a count changed (a visitor that just joined gets the
// counts at its first tick). Nothing more goes over the bus.

/** Events waiting for the bus beyond which moves are held back (joins and leaves still go). */
const MAX_BACKLOG = 20;

export interface Receiver {
  /** sends a serialized server frame */
  send(text: string): void;
}

interface Visitor {
  id: string;
  nickname: string;
  look: Look;
  staff: boolean;
  x: number;
  y: number;
  cell: number;
  /** the node that holds its socket */
  node: string;
  gone: boolean;
  /** local visitors only */
  local: Local | null;
}

interface Local {
  visitor: Visitor;
  receiver: Receiver;
  /** ids of the visitors this one has been told about (enter) and not yet told gone (exit) */
  known: Set<string>;
  /** joined or changed cell this tick: compare its whole neighbourhood */
  recompute: boolean;
  /** joined and not yet sent the zone counts */
  needsZones: boolean;
}

export interface Remote {
  lastHeard: number;
  seq: number;
  /** ids seen in the state being received, by snapshot id */
  snap: { id: string; ids: Set<string> } | null;
}

export interface NewVisitor {
  nickname: string;
  look: Look;
  staff: boolean;
  x: number;
  y: number;
}

const view = (v: Visitor): VisitorView => ({ id: v.id, nickname: v.nickname, look: v.look, x: v.x, y: v.y, ...(v.staff ? { staff: true as const } : {}) });

export class DistrictHub {
  private readonly visitors = new Map<string, Visitor>();
  private readonly cells = new Map<number, Set<Visitor>>();
  private readonly locals = new Set<Local>();
  private readonly remotes = new Map<string, Remote>();
  // what happened since the last tick
  private readonly pending = new Map<Visitor, { x: number; y: number }>();
  private readonly arrivals = new Map<number, Visitor[]>();
  private readonly departures = new Map<number, Visitor[]>();
  private readonly outJoins: Visitor[] = [];
  private readonly outLeaves: string[] = [];
  private seq = 0;
  /** events handed to the bus and not yet published */
  private backlog = 0;
  /** this node's moves kept back while the bus is behind (the latest per visitor) */
  private readonly heldMoves = new Map<string, MoveEntry>();
  private lastPublished = -Infinity;
  private publishing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => Promise<void>) | null = null;
  private subscribed: Promise<void> | null = null;
  private closed = false;
  /** the map's zones, as the latest visitor to join read them */
  private zones: readonly ZoneRect[] = [];
  private zonesKey = '';
  private lastCounted = -Infinity;
  /** the last 'zones' frame every local visitor was sent */
  private lastZones: string | null = null;

  constructor(
    readonly district: string,
    private readonly node: string,
    private readonly bus: RealtimeBus,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly onRemote: () => void,
    /** another node's batch came in: its moves need not wait for this node's tick (see StationPresence) */
    private readonly onRemoteBatch: (hub: DistrictHub) => void = () => {},
  ) {}

  /** Listens on the district's topic and asks the other nodes for their visitors (once). */
  listen(): Promise<void> {
    this.subscribed ??= this.bus
      .subscribe(presenceTopic(this.district), (event) => this.onEvent(event))
      .then(async (unsubscribe) => {
        this.unsubscribe = unsubscribe;
        if (this.closed) return void (await unsubscribe());
        this.publish({ type: 'hello', node: this.node, seq: 0 });
        await this.publishing;
      })
      .catch((error: unknown) => {
        this.subscribed = null;
        throw error;
      });
    return this.subscribed;
  }

  get localCount(): number {
    return this.locals.size;
  }

  get remoteCount(): number {
    let n = 0;
    for (const v of this.visitors.values()) if (!v.local) n++;
    return n;
  }

  /** A visitor's latest known position (the one the next tick applies), or null when not here. */
  where(id: string): { x: number; y: number } | null {
    const v = this.visitors.get(id);
    if (!v) return null;
    const p = this.pending.get(v) ?? v;
    return { x: p.x, y: p.y };
  }

  join(input: NewVisitor, receiver: Receiver): { local: Local; you: VisitorView } {
    const id = randomBytes(9).toString('base64url');
    const visitor: Visitor = { id, ...input, cell: cellOf(input.x, input.y), node: this.node, gone: false, local: null };
    const local: Local = { visitor, receiver, known: new Set(), recompute: true, needsZones: true };
    visitor.local = local;
    this.place(visitor);
    this.locals.add(local);
    this.outJoins.push(visitor);
    return { local, you: view(visitor) };
  }

  /** The map's zones for the counts (read by the socket when a visitor joins; a new map is counted at once). */
  setZones(zones: readonly ZoneRect[]): void {
    const key = JSON.stringify(zones);
    if (key === this.zonesKey) return;
    this.zones = zones;
    this.zonesKey = key;
    this.lastCounted = -Infinity;
  }

  /** Visitors per zone right now, every zone listed (tests and the zones frame). */
  zoneCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const z of this.zones) counts[z.id] = 0;
    for (const v of this.visitors.values()) {
      const id = zoneAt(this.zones, v.x, v.y);
      if (id !== null) counts[id]! += 1;
    }
    return counts;
  }

  /** Every ZONES_MS: the counts to everyone when one changed; at once to a visitor that just joined. */
  private sendZones(now: number): void {
    if (this.zones.length === 0 || this.locals.size === 0) return;
    let fresh: string | null = null;
    const count = () => (fresh ??= JSON.stringify({ type: 'zones', counts: this.zoneCounts() } satisfies StationServerFrame));
    if (now - this.lastCounted >= ZONES_MS) {
      this.lastCounted = now;
      if (count() !== this.lastZones) {
        this.lastZones = fresh;
        for (const l of this.locals) {
          l.needsZones = false;
          l.receiver.send(fresh!);
        }
        return;
      }
    }
    for (const l of this.locals) {
      if (!l.needsZones) continue;
      l.needsZones = false;
      l.receiver.send(count());
    }
  }

  move(local: Local, x: number, y: number): void {
    if (!local.visitor.gone) this.pending.set(local.visitor, { x, y });
  }

  leave(local: Local): void {
    if (local.visitor.gone) return;
    this.locals.delete(local);
    this.remove(local.visitor);
    this.outLeaves.push(local.visitor.id);
  }

  /** Room chat reaches every visitor of the station; nearby chat those within NEARBY_PX of the sender (on every node). */
  chat(local: Local, scope: 'room' | 'nearby', text: string, at: string): void {
    const v = local.visitor;
    const at_ = this.pending.get(v) ?? v;
    const from = { id: v.id, nickname: v.nickname, ...(v.staff ? { staff: true as const } : {}) };
    this.deliverChat(from, at_.x, at_.y, scope, text, at);
    this.publish({ type: 'chat', node: this.node, seq: 0, from, x: at_.x, y: at_.y, scope, text, at });
  }

  private deliverChat(from: { id: string; nickname: string; staff?: true }, x: number, y: number, scope: 'room' | 'nearby', text: string, at: string): void {
    const frame = JSON.stringify({ type: 'chat', from, scope, text, at } satisfies StationServerFrame);
    for (const l of this.locals) {
      if (scope === 'nearby') {
        const p = this.pending.get(l.visitor) ?? l.visitor;
        if (!within(p.x, p.y, x, y, NEARBY_PX)) continue;
      }
      l.receiver.send(frame);
    }
  }

  private place(v: Visitor): void {
    let set = this.cells.get(v.cell);
    if (!set) this.cells.set(v.cell, (set = new Set()));
    set.add(v);
    this.visitors.set(v.id, v);
    push(this.arrivals, v.cell, v);
  }

  private remove(v: Visitor): void {
    v.gone = true;
    this.visitors.delete(v.id);
    this.pending.delete(v);
    const set = this.cells.get(v.cell);
    set?.delete(v);
    if (set?.size === 0) this.cells.delete(v.cell);
    push(this.departures, v.cell, v);
  }

  /**
   * Applies the tick's moves, sends each local visitor what changed in its
   * interest, and publishes this node's changes (or a beat) for the other nodes.
   * flushOnly: another node's batch just came in; its moves are sent on at
   * once (they already waited for that node's tick) and this node's own
   * changes are kept for its next tick.
   */
  tick(flushOnly = false): Promise<void> {
    const now = this.now();
    // remote nodes not heard for too long are gone, with their visitors
    for (const [node, remote] of this.remotes) {
      if (now - remote.lastHeard <= NODE_TIMEOUT_MS) continue;
      this.remotes.delete(node);
      for (const v of [...this.visitors.values()]) if (v.node === node) this.remove(v);
    }

    const moved = new Map<number, string[]>();
    const outMoves: MoveEntry[] = [];
    for (const [v, p] of this.pending) {
      v.x = p.x;
      v.y = p.y;
      const cell = cellOf(p.x, p.y);
      if (cell !== v.cell) {
        const from = this.cells.get(v.cell);
        from?.delete(v);
        if (from?.size === 0) this.cells.delete(v.cell);
        push(this.departures, v.cell, v);
        v.cell = cell;
        let set = this.cells.get(cell);
        if (!set) this.cells.set(cell, (set = new Set()));
        set.add(v);
        push(this.arrivals, cell, v);
        if (v.local) v.local.recompute = true;
      }
      const entry: MoveEntry = [v.id, v.x, v.y];
      push(moved, cell, JSON.stringify(entry));
      if (v.local) outMoves.push(entry);
    }
    this.pending.clear();
    if (this.heldMoves.size > 0 && this.backlog <= MAX_BACKLOG) {
      const fresh = new Set(outMoves.map((m) => m[0]));
      for (const [id, m] of this.heldMoves) if (!fresh.has(id) && this.visitors.get(id)?.local) outMoves.push(m);
      this.heldMoves.clear();
    }
    const movedText = new Map<number, string>();
    for (const [cell, entries] of moved) movedText.set(cell, entries.join(','));

    for (const l of this.locals) this.update(l, movedText);
    if (!flushOnly) this.sendZones(now);

    this.arrivals.clear();
    this.departures.clear();
    if (flushOnly) {
      // other nodes' moves sent on at once; this node's changes wait for its own tick
      for (const m of outMoves) this.heldMoves.set(m[0], m);
      return this.publishing;
    }

    // this node's changes for the others, in order: joins, moves, leaves
    const joins = this.outJoins.filter((v) => !v.gone).map(view);
    const leaves = this.outLeaves.filter((id) => !this.outJoins.some((v) => v.id === id && v.gone));
    this.outJoins.length = 0;
    this.outLeaves.length = 0;
    for (const part of cutToBudget(joins, 120)) this.publish({ type: 'batch', node: this.node, seq: 0, joins: part });
    // When the database falls behind, moves wait for a tick that finds it caught up (a later
    // position replaces them); joins and leaves are always sent.
    if (this.backlog <= MAX_BACKLOG) for (const part of cutToBudget(outMoves, 120)) this.publish({ type: 'batch', node: this.node, seq: 0, moves: part });
    else for (const [id, x, y] of outMoves) this.heldMoves.set(id, [id, x, y]);
    for (const part of cutToBudget(leaves, 120)) this.publish({ type: 'batch', node: this.node, seq: 0, leaves: part });
    if (this.locals.size > 0 && now - this.lastPublished >= BEAT_MS) this.publish({ type: 'beat', node: this.node, seq: 0 });
    return this.publishing;
  }

  private update(l: Local, movedText: Map<number, string>): void {
    const me = l.visitor;
    const area = neighbourhood(me.cell);
    const enter: VisitorView[] = [];
    const exit: ExitEntry[] = [];
    if (l.recompute) {
      const seen = new Set<string>();
      for (const cell of area) {
        for (const v of this.cells.get(cell) ?? []) {
          if (v === me) continue;
          seen.add(v.id);
          if (!l.known.has(v.id)) {
            l.known.add(v.id);
            enter.push(view(v));
          }
        }
      }
      for (const id of l.known) {
        if (seen.has(id)) continue;
        l.known.delete(id);
        exit.push({ id, reason: this.visitors.has(id) ? 'far' : 'left' });
      }
      l.recompute = false;
    } else {
      for (const cell of area) {
        for (const v of this.arrivals.get(cell) ?? []) {
          if (v === me || v.gone || l.known.has(v.id) || !near(v.cell, me.cell)) continue;
          l.known.add(v.id);
          enter.push(view(v));
        }
        for (const v of this.departures.get(cell) ?? []) {
          if (v === me || !l.known.has(v.id)) continue;
          if (v.gone) exit.push({ id: v.id, reason: 'left' });
          else if (!near(v.cell, me.cell)) exit.push({ id: v.id, reason: 'far' });
          else continue;
          l.known.delete(v.id);
        }
      }
    }
    const moves: string[] = [];
    for (const cell of area) {
      const text = movedText.get(cell);
      if (text) moves.push(text);
    }
    if (enter.length === 0 && exit.length === 0 && moves.length === 0) return;
    let frame = '{"type":"update"';
    if (enter.length) frame += `,"enter":${JSON.stringify(enter)}`;
    if (moves.length) frame += `,"moves":[${moves.join(',')}]`;
    if (exit.length) frame += `,"exit":${JSON.stringify(exit)}`;
    l.receiver.send(frame + '}');
  }

  /** Publishes in order (one NOTIFY after the other), numbering the node's events. */
  private publish(event: PresenceEvent): void {
    event.seq = ++this.seq;
    this.lastPublished = this.now();
    this.backlog++;
    this.publishing = this.publishing
      .then(() => this.bus.publish(presenceTopic(this.district), event))
      .catch((error: unknown) => this.log.warn({ err: error, district: this.district }, 'station presence publish failed'))
      .finally(() => void this.backlog--);
  }

  /** This node's visitors, in parts, for a node that asked. */
  private publishState(): void {
    const snap = randomBytes(6).toString('base64url');
    const mine = [...this.locals].map((l) => view(l.visitor));
    const parts = cutToBudget(mine, 200);
    if (parts.length === 0) parts.push([]);
    parts.forEach((visitors, i) => this.publish({ type: 'state', node: this.node, seq: 0, snap, visitors, last: i === parts.length - 1 }));
  }

  private onEvent(raw: unknown): void {
    if (this.closed) return;
    if (isResync(raw)) {
      // events may have been lost while the listener was down: ask everyone again
      this.publish({ type: 'hello', node: this.node, seq: 0 });
      return;
    }
    const event = raw as PresenceEvent;
    if (!event || typeof event.node !== 'string' || event.node === this.node) return;
    let remote = this.remotes.get(event.node);
    const first = !remote;
    if (!remote) this.remotes.set(event.node, (remote = { lastHeard: this.now(), seq: event.seq - 1, snap: null }));
    remote.lastHeard = this.now();
    // A node first heard mid-stream, or a gap in its numbering (lost events, also before a hello it
    // sends after a resync): ask for that node's state. A new node's first hello needs no catching up.
    const missed = first ? event.type !== 'hello' && event.type !== 'state' : event.seq !== remote.seq + 1;
    if (missed) this.publish({ type: 'ask', node: this.node, seq: 0, of: event.node });
    remote.seq = event.seq;
    switch (event.type) {
      case 'hello':
        if (this.locals.size > 0) this.publishState();
        break;
      case 'ask':
        if (event.of === this.node) this.publishState();
        break;
      case 'beat':
        break;
      case 'batch':
        for (const v of event.joins ?? []) this.upsertRemote(event.node, v);
        for (const [id, x, y] of event.moves ?? []) {
          const v = this.visitors.get(id);
          if (v && v.node === event.node) this.pending.set(v, { x, y });
        }
        this.onRemoteBatch(this);
        for (const id of event.leaves ?? []) {
          const v = this.visitors.get(id);
          if (v && v.node === event.node) this.remove(v);
        }
        break;
      case 'state': {
        if (remote.snap?.id !== event.snap) remote.snap = { id: event.snap, ids: new Set() };
        for (const v of event.visitors) {
          remote.snap.ids.add(v.id);
          this.upsertRemote(event.node, v);
        }
        if (event.last) {
          const keep = remote.snap.ids;
          for (const v of [...this.visitors.values()]) if (v.node === event.node && !keep.has(v.id)) this.remove(v);
          remote.snap = null;
        }
        break;
      }
      case 'chat':
        this.deliverChat(event.from, event.x, event.y, event.scope, event.text, event.at);
        break;
    }
    this.onRemote();
  }

  private upsertRemote(node: string, v: VisitorView): void {
    const known = this.visitors.get(v.id);
    if (known) {
      if (known.node === node) this.pending.set(known, { x: v.x, y: v.y });
      return;
    }
    this.place({ id: v.id, nickname: v.nickname, look: v.look, staff: v.staff === true, x: v.x, y: v.y, cell: cellOf(v.x, v.y), node, gone: false, local: null });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.publishing;
    await this.unsubscribe?.().catch(() => {});
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
