// Test support (not a test): a WebSocket client that keeps every frame and
// waits for the ones a test expects (the desk's and the video rooms' sockets).
import WebSocket from 'ws';

/** How long next() waits before it gives up: far beyond any frame's normal delay, even on a loaded machine. */
const FRAME_GUARD_MS = 120_000;

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
    // A guard against a hang, not a measure of time: a frame that never comes
    // fails the test, naming what it waited for and what did come, instead of
    // holding the whole suite until it is killed.
    const waitedFor = new Error(`no frame matching ${predicate.toString().slice(0, 200)} within ${FRAME_GUARD_MS / 1000} s`);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        from,
        resolve: (frame: Frame) => {
          clearTimeout(guard);
          resolve(frame);
        },
      };
      const guard = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waitedFor.message += `; frames so far: ${JSON.stringify(this.frames.map((f) => f.type))}; socket state ${this.socket.readyState}`;
        reject(waitedFor);
      }, FRAME_GUARD_MS);
      guard.unref();
      this.waiters.push(waiter);
    });
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
