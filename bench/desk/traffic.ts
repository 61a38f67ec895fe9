// What both halves of bench/desk.ts share: message bodies that carry their
// sequence number, a sender held to a steady rate, and the latency of every
// message from its send to its receipt at the other side.

// Plain questions: no word that makes the desk answer on its own (a refund question gets a link).
export const bodyOf = (seq: number) => `b${seq} 재산세 납부 기한이 언제인가요? When is the property tax due?`;

export function seqOf(body: unknown): number | undefined {
  const m = typeof body === 'string' ? /^b(\d+) /.exec(body) : null;
  return m ? Number(m[1]) : undefined;
}

/** Calls send(0 … total−1) at perSecond on average: each tick sends what is due by the clock, so a late tick catches up. */
export function paced(total: number, perSecond: number, send: (seq: number) => void): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let next = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * perSecond) + 1);
      while (next < due) send(next++);
      if (next >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
}

export interface LatencySummary {
  sent: number;
  received: number;
  /** messages that arrived a second time at the other side */
  duplicates: number;
  /** received ÷ seconds from the first send to the last receipt */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export class LatencyRecorder {
  private readonly sentAt = new Map<number, number>();
  private readonly latencies: number[] = [];
  private firstSent = 0;
  private lastReceived = 0;
  private sentCount = 0;
  private readonly arrived = new Set<number>();
  private duplicates = 0;

  sent(seq: number): void {
    const now = performance.now();
    if (this.sentCount++ === 0) this.firstSent = now;
    this.sentAt.set(seq, now);
  }

  /** The first receipt of a message counts, a second one is a duplicate; echoes to its own sender are the caller's to leave out. */
  received(seq: number): void {
    const at = this.sentAt.get(seq);
    if (at === undefined) {
      if (this.arrived.has(seq)) this.duplicates++;
      return;
    }
    this.arrived.add(seq);
    this.sentAt.delete(seq);
    this.lastReceived = performance.now();
    this.latencies.push(this.lastReceived - at);
  }

  get outstanding(): number {
    return this.sentAt.size;
  }

  /** Waits until every message has arrived, or gives up after waitMs (the rest count as lost). */
  async drain(waitMs: number): Promise<void> {
    const deadline = performance.now() + waitMs;
    while (this.outstanding > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  summary(): LatencySummary {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
    const seconds = (this.lastReceived - this.firstSent) / 1000;
    return { sent: this.sentCount, received: sorted.length, duplicates: this.duplicates, perSecond: sorted.length / seconds, p50: pct(0.5), p99: pct(0.99), max: sorted.at(-1) ?? NaN };
  }
}
