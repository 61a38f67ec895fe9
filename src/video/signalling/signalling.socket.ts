import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { findSession, SESSION_COOKIE } from '../../platform/auth/session.service.ts';
import { AppError } from '../../platform/errors.ts';
import { sameOrigin } from '../../platform/http/security.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { isResync } from '../../platform/realtime/bus.ts';
import { TokenBucket } from '../../platform/rate-limit/token-bucket.ts';
import { expertRoom, extendRoom, iceFor, residentRoom, roomFor, switchRoomToPhone, type RoomEntry } from '../rooms/rooms.service.ts';
import { insertSignal, lastSignalId, purgeRoomSignals, purgeSignalsBefore, signalsAfter } from '../rooms/rooms.repository.ts';
import type { VideoDeps } from '../video.deps.ts';
import { videoMessages, type VideoMessageKey } from '../video.messages.ts';
import {
  CLOSE_CODES,
  clientFrame,
  MAX_SIGNAL_FRAME_BYTES,
  VIDEO_SOCKET_ERRORS,
  type ClientFrame,
  type ServerFrame,
  type Side,
  type VideoSocketErrorCode,
} from './video.frames.ts';
import { roomTopic, type RoomEvent } from './room-events.ts';

// The signalling socket of the video rooms (WS /r/video/socket). One
// connection is one page of one side of one room. The server relays the
// negotiation (stored in video_signals, announced on the realtime bus by id,
// so it works across serve processes and a reconnecting page catches up from
// its cursor), keeps each side told whether the other is there, and closes
// the room when its time is over. See video.frames.ts for the protocol.
//
// Presence is asked, not stored: a page that joins announces itself
// ('arrive') and asks who is there ('ask'); every page of the room answers
// 'here'. A page leaving says 'left'. A second page of the same side (another
// tab, another device) replaces the first, which is told and closed.

/** How long a connection may stay without joining. */
export const JOIN_TIMEOUT_MS = 10_000;
/** A page pings every 20 s; one silent for this long is gone (a phone that lost its network). */
export const SILENT_LIMIT_MS = 65_000;
/** How often the rooms check their time, their booking and their experts' sessions. */
export const SWEEP_INTERVAL_MS = 15_000;
/** After a failed read of the signals, the next try. */
const FLUSH_RETRY_MS = 500;

/** Signals of rooms nobody closed properly are dropped after this. */
export const SIGNAL_RETENTION_MS = 24 * 3600_000;

const isVideoError = (code: string): code is VideoSocketErrorCode => (VIDEO_SOCKET_ERRORS as readonly string[]).includes(code);

interface Joined {
  entry: RoomEntry;
  side: Side;
  peerId: string;
  locale: Locale;
  staff: StaffPrincipal | null;
}

/** The video sockets of this process: the sweep runs over them; shutdown (and tests) close them all. */
export class VideoRooms {
  private readonly connections = new Set<VideoConnection>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly deps: VideoDeps) {}

  accept(socket: WebSocket, request: FastifyRequest): void {
    if (!sameOrigin(request)) {
      socket.close(1008, 'cross-site');
      return;
    }
    const connection = new VideoConnection(this.deps, socket, request.cookies?.[SESSION_COOKIE] ?? '', () => this.connections.delete(connection));
    this.connections.add(connection);
    if (!this.timer) {
      this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Checks every room's time and booking now (the timer calls it; a test that moved its clock may too). */
  async sweep(): Promise<void> {
    await Promise.all([...this.connections].map((c) => c.check().catch((error) => this.deps.log.warn({ err: error }, 'video room check failed'))));
    await purgeSignalsBefore(this.deps.db, new Date(this.deps.clock().getTime() - SIGNAL_RETENTION_MS)).catch(() => 0);
  }

  /** Drops every socket as a network failure would (no closing frame): the pages reconnect by themselves. */
  dropAll(): void {
    for (const c of this.connections) c.drop();
  }

  get size(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const c of this.connections) c.drop();
  }
}

class VideoConnection {
  private joined: Joined | null = null;
  private cursor = 0;
  /** Another side's page we told our page about (its peerId and connection). */
  private other: { peerId: string; conn: string } | null = null;
  private readonly conn = randomUUID();
  private unsubscribe: (() => Promise<void>) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private lastHeard: number;
  private readonly signals = new TokenBucket(200, 50);
  private readonly actions = new TokenBucket(5, 0.2);
  private readonly joinTimer: NodeJS.Timeout;

  constructor(
    private readonly deps: VideoDeps,
    private readonly socket: WebSocket,
    private readonly sessionToken: string,
    private readonly forget: () => void,
  ) {
    this.lastHeard = Date.now();
    this.joinTimer = setTimeout(() => {
      if (!this.joined) this.refuse('not_joined', CLOSE_CODES.refused);
    }, JOIN_TIMEOUT_MS);
    this.joinTimer.unref();
    socket.on('message', (data, isBinary) => {
      this.lastHeard = Date.now();
      const text = isBinary ? null : data.toString();
      this.queue = this.queue
        .then(() => (text === null ? this.error('bad_frame') : this.handle(text)))
        .catch((error) => {
          const code = error instanceof AppError && isVideoError(error.code) ? error.code : 'internal';
          if (code === 'internal') deps.log.warn({ err: error, bookingId: this.joined?.entry.bookingId }, 'video frame failed');
          this.error(code);
        });
    });
    socket.on('close', () => {
      this.closed = true;
      clearTimeout(this.joinTimer);
      this.forget();
      void this.queue.then(() => this.leave());
    });
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private error(code: VideoSocketErrorCode, extra: { opensAt?: string } = {}): void {
    this.send({ type: 'error', code, message: videoMessages.t(this.joined?.locale ?? 'ko', code as VideoMessageKey), ...extra });
  }

  private refuse(code: VideoSocketErrorCode, closeCode: number, extra: { opensAt?: string; locale?: Locale } = {}): void {
    const { locale, ...rest } = extra;
    this.send({ type: 'error', code, message: videoMessages.t(locale ?? this.joined?.locale ?? 'ko', code as VideoMessageKey, { opens: rest.opensAt ? formatDateTime(locale ?? this.joined?.locale ?? 'ko', new Date(rest.opensAt)) : '' }), ...rest });
    this.socket.close(closeCode, code);
  }

  drop(): void {
    this.socket.terminate();
  }

  private async handle(raw: string): Promise<void> {
    if (this.closed) return;
    if (Buffer.byteLength(raw) > MAX_SIGNAL_FRAME_BYTES) return this.error('bad_frame');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.error('bad_frame');
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) return this.error('bad_frame');
    const frame = parsed.data;
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'join') return this.join(frame);
    const joined = this.joined;
    if (!joined) return this.error('not_joined');
    switch (frame.type) {
      case 'signal': {
        if (!this.signals.take()) return this.error('rate_limited');
        const id = await insertSignal(this.deps.db, { bookingId: joined.entry.bookingId, fromSide: joined.side, fromPeer: joined.peerId, data: frame.data, now: this.deps.clock() });
        return this.publish({ type: 'signal', side: joined.side, id });
      }
      case 'extend':
      case 'switch_to_phone': {
        if (joined.side !== 'expert' || !joined.staff) return this.error('experts_only');
        if (!this.actions.take()) return this.error('rate_limited');
        if (!(await this.sessionLive(true))) return this.refuse('not_your_room', CLOSE_CODES.refused);
        try {
          if (frame.type === 'extend') await extendRoom(this.deps, joined.staff, joined.entry.bookingId, frame.minutes);
          else await switchRoomToPhone(this.deps, joined.staff, joined.entry.bookingId);
        } catch (error) {
          if (error instanceof AppError && error.code === 'extension_limit') return this.error('extension_limit');
          if (error instanceof AppError && error.status === 409) return this.error('extension_refused');
          throw error;
        }
        return this.publish({ type: 'room' });
      }
    }
  }

  private async join(frame: Extract<ClientFrame, { type: 'join' }>): Promise<void> {
    if (this.joined) return this.error('bad_frame');
    const locale = frame.locale;
    let entry: RoomEntry;
    let staff: StaffPrincipal | null = null;
    try {
      if (frame.room.kind === 'resident') {
        entry = await residentRoom(this.deps, frame.room.token, locale);
      } else {
        staff = (await findSession(this.deps.db, this.sessionToken, { touch: true }))?.staff ?? null;
        if (!staff) return this.refuse('not_your_room', CLOSE_CODES.refused, { locale });
        entry = await expertRoom(this.deps, staff, frame.room.bookingId, locale);
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'room_not_found') return this.refuse('room_not_found', CLOSE_CODES.unknown, { locale });
      if (error instanceof AppError && error.code === 'not_your_room') return this.refuse('not_your_room', CLOSE_CODES.refused, { locale });
      throw error;
    }
    if (entry.access === 'too_early') return this.refuse('too_early', CLOSE_CODES.tooEarly, { locale, opensAt: entry.room.opensAt });
    if (entry.access === 'ended') return this.refuse('room_ended', CLOSE_CODES.ended, { locale });
    if (entry.access === 'cancelled') return this.refuse('booking_cancelled', CLOSE_CODES.ended, { locale });
    if (this.closed) return;

    clearTimeout(this.joinTimer);
    this.joined = { entry, side: entry.side, peerId: frame.peerId, locale, staff };
    // A page that reconnects catches up from its cursor; a new page starts
    // after what is stored (the negotiation of an earlier page is not its own).
    this.cursor = frame.resume ? frame.after : await lastSignalId(this.deps.db, entry.bookingId);
    this.unsubscribe = await this.deps.bus.subscribe(roomTopic(entry.bookingId), (event) => this.onEvent(event));
    if (this.closed) return void this.unsubscribe();
    this.send({ type: 'welcome', side: entry.side, polite: entry.side === 'resident', room: entry.room, ice: iceFor(this.deps, entry), peer: { present: false, peerId: null }, cursor: this.cursor });
    this.flush();
    await this.publish({ type: 'arrive', side: entry.side, peerId: frame.peerId, conn: this.conn });
  }

  private publish(event: RoomEvent): Promise<void> {
    return this.deps.bus.publish(roomTopic(this.joined!.entry.bookingId), event);
  }

  private onEvent(raw: unknown): void {
    const joined = this.joined;
    if (!joined || this.closed) return;
    if (isResync(raw)) {
      // events may have been lost: catch up with the signals and ask again who is here
      this.flush();
      void this.publish({ type: 'ask', side: joined.side, conn: this.conn }).catch(() => {});
      return;
    }
    const event = raw as RoomEvent;
    const mine = 'side' in event && event.side === joined.side;
    switch (event.type) {
      case 'signal':
        if (!mine) this.flush();
        return;
      case 'arrive':
        if (event.conn === this.conn) return;
        if (mine) return this.replaced();
        this.seeOther(event.peerId, event.conn);
        // tell the newcomer we are here
        void this.publish({ type: 'here', side: joined.side, peerId: joined.peerId, conn: this.conn }).catch(() => {});
        return;
      case 'ask':
        if (!mine) void this.publish({ type: 'here', side: joined.side, peerId: joined.peerId, conn: this.conn }).catch(() => {});
        return;
      case 'here':
        if (!mine) this.seeOther(event.peerId, event.conn);
        return;
      case 'left':
        if (!mine && this.other?.conn === event.conn) {
          this.other = null;
          this.send({ type: 'peer', present: false, peerId: null });
        }
        return;
      case 'room':
        void this.refreshRoom().catch((error) => this.deps.log.warn({ err: error }, 'video room refresh failed'));
        return;
    }
  }

  private seeOther(peerId: string, conn: string): void {
    const before = this.other;
    this.other = { peerId, conn };
    if (before?.peerId !== peerId || before.conn !== conn) this.send({ type: 'peer', present: true, peerId });
  }

  /** Another page of the same side joined: this one gives way. */
  private replaced(): void {
    this.send({ type: 'closed', reason: 'replaced' });
    this.socket.close(CLOSE_CODES.replaced, 'replaced');
  }

  /** Sends the other side's signals after the cursor, one flush at a time (none twice, none skipped). */
  private flush(): void {
    const joined = this.joined;
    if (!joined) return;
    const otherSide: Side = joined.side === 'resident' ? 'expert' : 'resident';
    this.flushing = this.flushing
      .then(async () => {
        for (;;) {
          if (this.closed) return;
          const batch = await signalsAfter(this.deps.db, joined.entry.bookingId, otherSide, this.cursor);
          for (const s of batch) {
            this.send({ type: 'signal', id: s.id, from: s.fromPeer, data: s.data });
            this.cursor = s.id;
          }
          if (batch.length < 500) return;
        }
      })
      .catch((error) => {
        // A failed read (a dropped connection) must not leave signals unsent until the next event: try again shortly.
        this.deps.log.warn({ err: error, bookingId: joined.entry.bookingId }, 'video signals flush failed; trying again');
        if (!this.closed) setTimeout(() => this.flush(), FLUSH_RETRY_MS).unref();
      });
  }

  private async refreshRoom(): Promise<void> {
    const joined = this.joined!;
    const entry = await roomFor(this.deps, joined.entry, joined.side, joined.locale);
    joined.entry = entry;
    if (entry.access === 'open') return this.send({ type: 'room', room: entry.room });
    return this.end(entry.access === 'cancelled' ? 'cancelled' : 'ended');
  }

  private async sessionLive(touch: boolean): Promise<boolean> {
    const joined = this.joined;
    if (!joined?.staff) return true;
    const found = await findSession(this.deps.db, this.sessionToken, { touch });
    return found !== null && found.staff.id === joined.staff.id;
  }

  /** The sweep: a silent page is gone; the room's time, its booking and the expert's session are checked. */
  async check(): Promise<void> {
    const joined = this.joined;
    if (!joined || this.closed) return;
    if (Date.now() - this.lastHeard > SILENT_LIMIT_MS) return this.drop();
    if (!(await this.sessionLive(false))) return this.refuse('not_your_room', CLOSE_CODES.refused);
    await this.refreshRoom();
  }

  private async end(reason: 'ended' | 'cancelled'): Promise<void> {
    if (this.closed) return;
    this.send({ type: 'closed', reason });
    this.socket.close(CLOSE_CODES.ended, reason);
    // nothing of the call outlives its room
    await purgeRoomSignals(this.deps.db, this.joined!.entry.bookingId);
  }

  private async leave(): Promise<void> {
    const joined = this.joined;
    if (!joined) return;
    await this.publish({ type: 'left', side: joined.side, peerId: joined.peerId, conn: this.conn }).catch(() => {});
    await this.unsubscribe?.().catch(() => {});
  }
}
