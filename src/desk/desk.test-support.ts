// Test support (not a test): a WebSocket client that keeps every frame and
// waits for the ones a test expects.
import WebSocket from 'ws';

export interface Frame {
  type: string;
  [key: string]: unknown;
}

export class FrameClient {
  readonly frames: Frame[] = [];
  private waiters: { predicate: (f: Frame) => boolean; from: number; resolve: (f: Frame) => void }[] = [];
  closed: Promise<{ code: number }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      const index = this.frames.length - 1;
      this.waiters = this.waiters.filter((w) => {
        if (index >= w.from && w.predicate(frame)) {
          w.resolve(frame);
          return false;
        }
        return true;
      });
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve({ code })));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<FrameClient> {
    const socket = new WebSocket(url, { headers });
    const client = new FrameClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })));
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (at or after index `from`) that matches; waits for it. */
  next(predicate: (f: Frame) => boolean, from = 0): Promise<Frame> {
    const found = this.frames.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ predicate, from, resolve }));
  }

  messages(conversationId?: number): Frame[] {
    return this.frames.filter((f) => f.type === 'message' && (conversationId === undefined || f.conversationId === conversationId));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}

export const isMessage = (body: string) => (f: Frame) => f.type === 'message' && f.body === body;

/**
 * A clock a test sets, in Seoul local time, so the desk's business hours do
 * not depend on when the test runs. Give `now` to AppDeps.clock.
 */
export class SeoulClock {
  private at: Date;
  constructor(local: string) {
    this.at = SeoulClock.parse(local);
  }
  private static parse(local: string): Date {
    return new Date(`${local}+09:00`);
  }
  set(local: string): void {
    this.at = SeoulClock.parse(local);
  }
  readonly now = (): Date => this.at;
}

/** Thursday 19 February 2026, 10:00 in Seoul: a working day, the desk is open. */
export const OPEN_HOURS = '2026-02-19T10:00:00';
/** Sunday 22 February 2026, 11:00. */
export const SUNDAY = '2026-02-22T11:00:00';
/** Thursday 19 February 2026, 22:00: after hours. */
export const WEEKDAY_NIGHT = '2026-02-19T22:00:00';
/** Tuesday 17 February 2026, 10:00: Seollal, a public holiday. */
export const SEOLLAL = '2026-02-17T10:00:00';
