import type { ClientFrameInput, RoomRef, ServerFrame, SignalData } from '../signalling/video.frames.ts';
import { onFrames, socketUrl } from './dom.ts';

// The room's signalling socket, kept open for the life of the page: it
// reconnects after a drop (0.5 s doubling to 8 s, with jitter), joins again
// with the same peerId and `after` = the last signal id it received, so it
// gets what it missed and the other side's call is not reset. Signals this
// side sends while the socket is down wait in an outbox and go out after
// the next welcome. A ping every 20 s keeps proxies from closing it.
//
// The server ends it for good with a close code of 4403 (refused), 4404
// (unknown room), 4409 (too early), 4410 (ended) or 4412 (replaced by
// another page of the same side), or a `closed` frame: no reconnect then.

export type SignallingState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SignallingOptions {
  path: string;
  room: RoomRef;
  peerId: string;
  locale: 'ko' | 'en';
  onFrame(frame: ServerFrame): void;
  onState(state: SignallingState, detail?: { code?: number; error?: string }): void;
}

const PING_MS = 20_000;
const FINAL_CLOSE_CODES = new Set([4403, 4404, 4409, 4410, 4412]);

/** Reconnect delay after the nth failure in a row: 0.5 s doubling to 8 s, plus up to a quarter more. */
export function backoffMs(retry: number): number {
  const base = 500 * 2 ** (Math.min(Math.max(retry, 1), 5) - 1);
  return base + Math.floor(Math.random() * base * 0.25);
}

export class SignallingClient {
  private ws: WebSocket | null = null;
  /** the last signal id received: sent as `after` when joining again */
  private cursor = 0;
  private joinedOnce = false;
  private welcomed = false;
  private retry = 0;
  private stopped = false;
  private pingTimer: number | undefined;
  private retryTimer: number | undefined;
  private readonly outbox: ClientFrameInput[] = [];

  constructor(private readonly options: SignallingOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
    // A network that comes back should not wait for the backoff.
    window.addEventListener('online', () => {
      if (this.stopped || this.welcomed) return;
      window.clearTimeout(this.retryTimer);
      this.connect();
    });
  }

  /** Closes the socket for good (the user left, or the room ended). */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.ws?.close(1000);
    this.ws = null;
  }

  /** Hands the other side a description or a candidate (queued while the socket is down). */
  signal(data: SignalData): void {
    this.send({ type: 'signal', data });
  }

  /** Frames only the server reads (extend, switch_to_phone): dropped, not queued, while down. */
  sendNow(frame: ClientFrameInput): boolean {
    if (!this.welcomed || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get connected(): boolean {
    return this.welcomed;
  }

  private send(frame: ClientFrameInput): void {
    if (!this.sendNow(frame)) this.outbox.push(frame);
  }

  private connect(): void {
    if (this.stopped) return;
    const previous = this.ws;
    if (previous) {
      previous.onopen = previous.onmessage = previous.onclose = previous.onerror = null;
      try {
        previous.close();
      } catch {
        /* already closed */
      }
    }
    this.welcomed = false;
    this.options.onState(this.joinedOnce ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(socketUrl(this.options.path));
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'join', room: this.options.room, peerId: this.options.peerId, after: this.cursor, resume: this.joinedOnce, locale: this.options.locale } satisfies ClientFrameInput));
    };
    onFrames<ServerFrame>(ws, (frame) => this.receive(frame));
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      window.clearInterval(this.pingTimer);
      this.welcomed = false;
      this.ws = null;
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.stopped = true;
        this.options.onState('closed', { code: event.code });
        return;
      }
      this.retry++;
      this.options.onState('reconnecting');
      this.retryTimer = window.setTimeout(() => this.connect(), backoffMs(this.retry));
    };
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        // A page's first join starts at the room's current cursor: signals
        // of the other side to an earlier page of this side are not for it.
        if (!this.joinedOnce) this.cursor = Math.max(this.cursor, frame.cursor);
        this.joinedOnce = true;
        this.welcomed = true;
        this.retry = 0;
        window.clearInterval(this.pingTimer);
        this.pingTimer = window.setInterval(() => this.sendNow({ type: 'ping' }), PING_MS);
        this.options.onState('open');
        this.options.onFrame(frame);
        for (const queued of this.outbox.splice(0)) this.send(queued);
        return;
      }
      case 'signal':
        if (frame.id <= this.cursor) return; // already handled before a reconnect
        this.cursor = frame.id;
        this.options.onFrame(frame);
        return;
      case 'closed':
        this.stopped = true;
        window.clearInterval(this.pingTimer);
        this.options.onFrame(frame);
        this.options.onState('closed');
        return;
      case 'error':
        this.options.onFrame(frame);
        if (frame.code === 'too_early' || frame.code === 'room_not_found' || frame.code === 'not_your_room' || frame.code === 'room_ended' || frame.code === 'booking_cancelled') {
          this.stopped = true;
          this.options.onState('closed', { error: frame.code });
        }
        return;
      default:
        this.options.onFrame(frame);
    }
  }
}
