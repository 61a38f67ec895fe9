// A token bucket in memory: `capacity` at once, refilled at `perSecond`.
// One per socket connection (its frames), and the local half of the shared
// per-key buckets (shared-token-buckets.ts). The clock is injected.

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Charges tokens spent elsewhere. The bucket may go below zero (to -capacity): an overshoot is paid back by waiting. */
  charge(tokens: number): void {
    this.refill();
    this.tokens = Math.max(-this.capacity, this.tokens - tokens);
  }
}
