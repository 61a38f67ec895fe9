import pg from 'pg';
import { ident, type ListenEvents, type NotificationHandler } from './database.ts';

// The one connection a process LISTENs on (a pooled connection would take its
// LISTEN back to the pool). When it drops (server restart,
// pg_terminate_backend, a broken network) it reconnects by itself, with
// capped backoff and jitter so that processes dropped together do not come
// back in step, LISTENs on every channel again, and only then tells the
// listeners (onResume): notifications sent while it was down are gone for
// good, so listeners catch up from their own cursors.

export const LISTEN_APPLICATION_NAME = 'taxstation-listen';
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;
// A connection that died without a word (half-open TCP) is only noticed when
// something is sent on it; keep-alive probes take minutes with OS defaults.
const HEARTBEAT_MS = 30_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

function reconnectDelay(attempt: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return exp / 2 + Math.random() * (exp / 2);
}

/** SQLSTATE or a fixed text: never the server's message, which may quote data. */
function dropReason(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'connection ended';
}

interface Registration {
  handler: NotificationHandler;
  events?: ListenEvents;
}

interface Channel {
  registrations: Set<Registration>;
  /** The LISTEN of the channel on the current connection, when it was first asked for. */
  ready: Promise<void>;
}

export class ListenConnection {
  private client: pg.Client | undefined;
  private first: Promise<pg.Client> | undefined;
  private reconnecting = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly dead = new WeakSet<pg.Client>();
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly connectionString: string) {}

  async listen(channel: string, handler: NotificationHandler, events?: ListenEvents): Promise<() => Promise<void>> {
    const quoted = ident(channel);
    if (this.closed) throw new Error('database closed');
    // Until the first connection stands, a failure is the caller's to see;
    // after that, a channel added during an outage is LISTENed on reconnect.
    if (!this.client && !this.reconnecting) await this.firstConnection();
    const registration: Registration = { handler, events };
    let entry = this.channels.get(channel);
    if (!entry) {
      const client = this.client;
      const ready = client
        ? client.query(`LISTEN ${quoted}`).then(
            () => undefined,
            (error: unknown) => {
              // A connection lost meanwhile LISTENs again when it comes back.
              if (this.client === client) throw error;
            },
          )
        : Promise.resolve();
      entry = { registrations: new Set(), ready };
      this.channels.set(channel, entry);
    }
    entry.registrations.add(registration);
    try {
      await entry.ready;
    } catch (error) {
      await this.remove(channel, registration);
      throw error;
    }
    return () => this.remove(channel, registration);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    const client = this.client ?? (await this.first?.catch(() => undefined));
    this.client = undefined;
    if (client) {
      this.dead.add(client);
      await client.end().catch(() => {});
    }
  }

  private async remove(channel: string, registration: Registration): Promise<void> {
    const entry = this.channels.get(channel);
    if (!entry || !entry.registrations.delete(registration) || entry.registrations.size > 0) return;
    this.channels.delete(channel);
    await this.client?.query(`UNLISTEN ${ident(channel)}`).catch(() => {});
  }

  private firstConnection(): Promise<pg.Client> {
    this.first ??= this.open().then(
      (client) => this.adopt(client),
      (error: unknown) => {
        this.first = undefined;
        throw error;
      },
    );
    return this.first;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: LISTEN_APPLICATION_NAME, keepAlive: true });
    client.on('notification', (message) => {
      if (!this.dead.has(client)) this.deliver(message.channel, message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, dropReason(error)));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      // Channels may be added while this runs: LISTEN until none is left out.
      const done = new Set<string>();
      for (;;) {
        const missing = [...this.channels.keys()].filter((c) => !done.has(c));
        if (missing.length === 0) break;
        for (const channel of missing) {
          await client.query(`LISTEN ${ident(channel)}`);
          done.add(channel);
        }
      }
      return client;
    } catch (error) {
      this.dead.add(client);
      await client.end().catch(() => {});
      throw error;
    }
  }

  private adopt(client: pg.Client): pg.Client {
    if (this.closed || this.dead.has(client)) {
      this.dead.add(client);
      void client.end().catch(() => {});
      throw new Error(this.closed ? 'listener closed' : 'listener connection lost while opening');
    }
    this.client = client;
    this.startHeartbeat(client);
    return client;
  }

  private lost(client: pg.Client, reason: string): void {
    if (this.dead.has(client)) return;
    this.dead.add(client);
    void client.end().catch(() => {});
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    this.stopHeartbeat();
    // Reconnecting before telling anyone, so a listen() from onDrop joins the outage.
    this.reconnect();
    for (const r of this.registrations()) r.events?.onDrop?.({ reason });
  }

  private reconnect(): void {
    this.reconnecting = true;
    const since = Date.now();
    let attempts = 0;
    const attempt = async () => {
      this.retryTimer = undefined;
      if (this.closed) return;
      attempts++;
      try {
        this.adopt(await this.open());
      } catch {
        if (!this.closed) this.schedule(() => void attempt(), reconnectDelay(attempts));
        return;
      }
      this.reconnecting = false;
      for (const r of this.registrations()) r.events?.onResume?.({ attempts, outageMs: Date.now() - since });
    };
    this.schedule(() => void attempt(), reconnectDelay(0));
  }

  private schedule(fn: () => void, ms: number): void {
    this.retryTimer = setTimeout(fn, ms);
    // A process with nothing else to do need not stay up to reconnect.
    this.retryTimer.unref();
  }

  private startHeartbeat(client: pg.Client): void {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('heartbeat timed out')), HEARTBEAT_TIMEOUT_MS);
      });
      Promise.race([client.query('SELECT 1'), silent])
        .catch(() => this.lost(client, 'heartbeat failed'))
        .finally(() => clearTimeout(timer));
    }, HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private deliver(channel: string, payload: string): void {
    for (const r of [...(this.channels.get(channel)?.registrations ?? [])]) {
      try {
        r.handler(payload);
      } catch {
        // one listener's failure must not starve the others
      }
    }
  }

  private *registrations(): Iterable<Registration> {
    for (const entry of this.channels.values()) yield* [...entry.registrations];
  }
}
