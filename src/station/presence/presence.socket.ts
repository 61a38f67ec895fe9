import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { findSession, SESSION_COOKIE } from '../../platform/auth/session.service.ts';
import type { Database } from '../../platform/db/database.ts';
import { sameOrigin } from '../../platform/http/security.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RealtimeBus } from '../../platform/realtime/bus.ts';
import { TokenBucket } from '../../platform/rate-limit/token-bucket.ts';
import { inBounds, type StationBounds, type StationBoundsOf } from './presence.bounds.ts';
import {
  CELL_PX,
  MAX_STATION_FRAME_BYTES,
  NEARBY_PX,
  parseStationFrame,
  SILENT_MS,
  STATION_CLOSE,
  TICK_MS,
  type StationFrame,
  type StationServerFrame,
  type StationSocketErrorCode,
} from './presence.frames.ts';
import { DistrictHub, type Receiver } from './presence.hub.ts';
import { fieldLabel, presenceMessages } from './presence.messages.ts';

// The station's presence sockets of this process (WS /r/station/socket) and
// the district hubs they join. See presence.frames.ts for the protocol and
// presence.hub.ts for interest management and the fan-out between nodes.

/** How long a connection may stay without joining. */
export const JOIN_TIMEOUT_MS = 30_000;

/**
 * Limits per connection: any frame 20 a second (a burst of 40); moves 10 a
 * second (a burst of 10); chat 1 a second (a burst of 5). A frame over a
 * limit is dropped (the visitor is told rate_limited, at most once a
 * second); each drop costs a strike, strikes come back 5 a second, and the
 * socket that runs out of its 50 strikes is closed (4429).
 */
export const PRESENCE_LIMITS = {
  frames: { capacity: 40, perSecond: 20 },
  moves: { capacity: 10, perSecond: 10 },
  chat: { capacity: 5, perSecond: 1 },
  strikes: { capacity: 50, perSecond: 5 },
} as const;

export interface PresenceDeps {
  db: Database;
  bus: RealtimeBus;
  log: Logger;
  /** milliseconds; tests move it (rate limits, node timeouts) */
  now: () => number;
  boundsOf: StationBoundsOf;
  /** presence sockets one client address may hold at once (TAXSTATION_STATION_SOCKETS_PER_ADDRESS); more are refused (4409) */
  socketsPerAddress: number;
}

/** Every station hub and presence socket of this process; ticks them (every TICK_MS, or when a test says). */
export class StationPresence {
  readonly node = randomBytes(6).toString('base64url');
  private readonly hubs = new Map<string, DistrictHub>();
  private readonly connections = new Set<PresenceConnection>();
  /** open sockets by client address (request.ip: the proxy's word only where TAXSTATION_TRUST_PROXY trusts it) */
  private readonly perAddress = new Map<string, number>();
  private lastSilentCheck = -Infinity;
  private timer: NodeJS.Timeout | null;
  private heardWaiters: (() => void)[] = [];

  constructor(readonly deps: PresenceDeps) {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Stops the timer: ticks happen only when tick() is called (tests). */
  manualTicks(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One tick of every district: the updates are sent at once; the promise
   * resolves when this node's changes are published too. The next tick does
   * not wait for the publishing (the database may be slower than the tick).
   */
  tick(): Promise<void> {
    try {
      this.closeSilent();
      return Promise.all([...this.hubs.values()].map((hub) => hub.tick())).then(() => undefined);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'station presence tick failed');
      return Promise.resolve();
    }
  }

  /** Once a second: joined sockets silent for longer than SILENT_MS are closed (their visitors leave this tick). */
  private closeSilent(): void {
    const now = this.deps.now();
    if (now - this.lastSilentCheck < 1000) return;
    this.lastSilentCheck = now;
    for (const c of this.connections) c.closeIfSilent(now);
  }

  /** Resolves when the next event from another node has been taken in (tests wait on it instead of sleeping). */
  heard(): Promise<void> {
    return new Promise((resolve) => this.heardWaiters.push(resolve));
  }

  private readonly flushing = new Set<DistrictHub>();
  /**
   * Moves from another node have waited for its tick already: they are sent
   * on at once rather than after this node's tick too (one flush per turn of
   * the event loop, however many batches came). Not when ticks are manual (tests).
   */
  private remoteBatch = (hub: DistrictHub) => {
    if (!this.timer || this.flushing.has(hub)) return;
    this.flushing.add(hub);
    setImmediate(() => {
      this.flushing.delete(hub);
      void hub.tick(true).catch(() => {});
    });
  };

  private remoteHeard = () => {
    const waiters = this.heardWaiters;
    this.heardWaiters = [];
    for (const w of waiters) w();
  };

  async hub(district: string): Promise<DistrictHub> {
    let hub = this.hubs.get(district);
    if (!hub) {
      hub = new DistrictHub(district, this.node, this.deps.bus, this.deps.now, this.deps.log, this.remoteHeard, this.remoteBatch);
      this.hubs.set(district, hub);
    }
    await hub.listen();
    return hub;
  }

  /** Counts for tests and the bench: this node's visitors and the other nodes' it knows, by district. */
  counts(district: string): { local: number; remote: number } {
    const hub = this.hubs.get(district);
    return { local: hub?.localCount ?? 0, remote: hub?.remoteCount ?? 0 };
  }

  /** A visitor's latest position as this node knows it (tests wait on another node's moves with it). */
  where(district: string, id: string): { x: number; y: number } | null {
    return this.hubs.get(district)?.where(id) ?? null;
  }

  accept(socket: WebSocket, request: FastifyRequest): void {
    if (!sameOrigin(request)) {
      socket.close(STATION_CLOSE.crossSite, 'cross-site');
      return;
    }
    const address = request.ip;
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.deps.socketsPerAddress) {
      const frame: StationServerFrame = { type: 'error', code: 'too_many_connections', message: presenceMessages.t(request.locale, 'too_many_connections') };
      socket.send(JSON.stringify(frame));
      socket.close(STATION_CLOSE.tooManyConnections, 'too many connections from this address');
      return;
    }
    this.perAddress.set(address, open + 1);
    const connection = new PresenceConnection(this, socket, request.cookies?.[SESSION_COOKIE] ?? '', () => {
      if (!this.connections.delete(connection)) return;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    this.connections.add(connection);
  }

  get size(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    this.manualTicks();
    for (const c of this.connections) c.drop();
    await Promise.all([...this.hubs.values()].map((hub) => hub.close()));
  }
}

interface Joined {
  hub: DistrictHub;
  local: ReturnType<DistrictHub['join']>['local'];
  bounds: StationBounds;
}

class PresenceConnection implements Receiver {
  private joined: Joined | null = null;
  private locale: Locale = 'ko';
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly frames: TokenBucket;
  private readonly moves: TokenBucket;
  private readonly chats: TokenBucket;
  private readonly strikes: TokenBucket;
  private lastToldLimited = -Infinity;
  /** when the socket last sent anything (the injected clock) */
  private lastHeard: number;
  private readonly joinTimer: NodeJS.Timeout;

  constructor(
    private readonly presence: StationPresence,
    private readonly socket: WebSocket,
    private readonly sessionToken: string,
    private readonly forget: () => void,
  ) {
    const now = presence.deps.now;
    const bucket = (l: { capacity: number; perSecond: number }) => new TokenBucket(l.capacity, l.perSecond, now);
    this.frames = bucket(PRESENCE_LIMITS.frames);
    this.moves = bucket(PRESENCE_LIMITS.moves);
    this.chats = bucket(PRESENCE_LIMITS.chat);
    this.strikes = bucket(PRESENCE_LIMITS.strikes);
    this.lastHeard = now();
    this.joinTimer = setTimeout(() => {
      if (!this.joined && !this.closed) socket.close(STATION_CLOSE.notJoined, 'not joined');
    }, JOIN_TIMEOUT_MS);
    this.joinTimer.unref();
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => {
      this.closed = true;
      clearTimeout(this.joinTimer);
      this.forget();
      void this.queue.then(() => this.leave());
    });
  }

  send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  private sendFrame(frame: StationServerFrame): void {
    this.send(JSON.stringify(frame));
  }

  private error(code: StationSocketErrorCode, field?: string): void {
    const message =
      code === 'bad_frame' && field !== undefined
        ? field === ''
          ? presenceMessages.t(this.locale, 'bad_frame_json')
          : presenceMessages.t(this.locale, 'bad_frame_field', { field: fieldLabel(this.locale, field) })
        : presenceMessages.t(this.locale, code);
    this.sendFrame({ type: 'error', code, message, ...(field !== undefined ? { field } : {}) });
  }

  /** Closes the socket for what it sent; its visitor leaves at once (not when the closing handshake ends). */
  private shut(code: number, reason: string): void {
    this.closed = true;
    this.socket.close(code, reason);
    this.queue = this.queue.then(() => this.leave());
  }

  drop(): void {
    this.socket.terminate();
  }

  /** A joined socket that has sent nothing, not even ping, for longer than SILENT_MS: closed, and its visitor leaves. */
  closeIfSilent(now: number): void {
    if (this.closed || !this.joined || now - this.lastHeard <= SILENT_MS) return;
    this.shut(STATION_CLOSE.silent, 'silent');
  }

  /** A frame over a limit: dropped, told (at most once a second), and counted against the socket. */
  private throttled(): void {
    if (!this.strikes.take()) {
      this.error('rate_limited');
      return this.shut(STATION_CLOSE.abuse, 'too many frames');
    }
    const now = this.presence.deps.now();
    if (now - this.lastToldLimited >= 1000) {
      this.lastToldLimited = now;
      this.error('rate_limited');
    }
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.lastHeard = this.presence.deps.now();
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (size > MAX_STATION_FRAME_BYTES) return this.shut(STATION_CLOSE.tooBig, 'frame too big');
    if (!this.frames.take()) return this.throttled();
    if (isBinary) return this.error('bad_frame', '');
    const parsed = parseStationFrame(data.toString());
    if (!parsed.ok) return this.error('bad_frame', parsed.field);
    const frame = parsed.frame;
    // moves and chat need no database: handled at once (in order, after a join still being checked)
    this.queue = this.queue
      .then(() => this.handle(frame))
      .catch((error: unknown) => {
        this.presence.deps.log.warn({ err: error }, 'station presence frame failed');
        this.error('internal');
      });
  }

  private async handle(frame: StationFrame): Promise<void> {
    if (this.closed) return;
    if (frame.type === 'ping') return this.sendFrame({ type: 'pong' });
    if (frame.type === 'join') return this.join(frame);
    const joined = this.joined;
    if (!joined) return this.error('not_joined');
    switch (frame.type) {
      case 'move': {
        if (!this.moves.take()) return this.throttled();
        if (!inBounds(joined.bounds, frame.x, frame.y)) return this.error('out_of_bounds');
        return joined.hub.move(joined.local, Math.round(frame.x), Math.round(frame.y));
      }
      case 'chat': {
        if (!this.chats.take()) return this.throttled();
        return joined.hub.chat(joined.local, frame.scope, frame.text, new Date(this.presence.deps.now()).toISOString());
      }
      case 'leave': {
        await this.leave();
        return this.sendFrame({ type: 'left' });
      }
    }
  }

  private async join(frame: Extract<StationFrame, { type: 'join' }>): Promise<void> {
    this.locale = frame.locale;
    if (this.joined) return this.error('already_joined');
    const { deps } = this.presence;
    const bounds = await deps.boundsOf(frame.district);
    if (!bounds) return this.error('unknown_district', 'district');
    if (!inBounds(bounds, frame.x, frame.y)) return this.error('out_of_bounds');
    // staff of the district with a live session wear the badge; anyone else is a visitor
    const session = this.sessionToken ? await findSession(deps.db, this.sessionToken, { touch: false }) : null;
    const staff = session?.staff.districtCode === frame.district;
    const hub = await this.presence.hub(frame.district);
    if (this.closed || this.joined) return;
    const { local, you } = hub.join({ nickname: frame.nickname, look: frame.look, staff, x: Math.round(frame.x), y: Math.round(frame.y) }, this);
    this.joined = { hub, local, bounds };
    hub.setZones(bounds.zones ?? []);
    clearTimeout(this.joinTimer);
    this.lastHeard = deps.now();
    this.sendFrame({ type: 'welcome', you, district: frame.district, bounds: { width: bounds.width, height: bounds.height }, cellPx: CELL_PX, nearbyPx: NEARBY_PX, tickMs: TICK_MS });
  }

  private async leave(): Promise<void> {
    const joined = this.joined;
    if (!joined) return;
    this.joined = null;
    joined.hub.leave(joined.local);
  }
}
