/** How long a write request may stay unanswered before it is sent again. */
export interface AdaptiveTimeoutPolicy {
  /** Never less than this, however fast recent answers were: a blip is not a hang. */
  floorMs: number;
  /** Never more than this, however slow recent answers were. */
  ceilingMs: number;
  /** The timeout is this many times the recent p99 of answered requests. */
  p99Factor: number;
  /** How many recent answers the p99 is taken over. */
  window: number;
}

export const DEFAULT_ADAPTIVE_TIMEOUT: AdaptiveTimeoutPolicy = {
  floorMs: 500,
  ceilingMs: 30_000,
  p99Factor: 2,
  window: 200,
};

/** A p99 of a few hundred numbers is cheap, but not per request: recomputed every this many answers. */
const RECOMPUTE_EVERY = 16;

/**
 * A request timeout that follows how fast the server has been answering: about twice the recent
 * p99, never under a floor. A request held far longer than its peers (a hung connection, a server
 * that committed and never answered) is given up on in well under a second and sent again, instead
 * of stalling its negotiation's lane for a flat 10 s; the writes are idempotent by key, so the first
 * attempt answering late is harmless. Each consecutive timeout doubles the next one, so a server
 * that has become slow for everyone is waited for rather than flooded with repeats, and the slower
 * answers that then arrive raise the p99 itself.
 */
export class AdaptiveTimeout {
  private readonly samples: number[] = [];
  private next = 0;
  private sinceRecompute = 0;
  private p99 = 0;
  private timeoutStreak = 0;

  constructor(private readonly policy: AdaptiveTimeoutPolicy = DEFAULT_ADAPTIVE_TIMEOUT) {}

  /** The timeout for a request sent now. */
  currentMs(): number {
    const base = Math.max(this.policy.floorMs, this.p99 * this.policy.p99Factor);
    return Math.min(this.policy.ceilingMs, base * 2 ** Math.min(this.timeoutStreak, 16));
  }

  /** An answer came back after `ms` (any answer: success or the function's own error). */
  answered(ms: number): void {
    this.timeoutStreak = 0;
    if (this.samples.length < this.policy.window) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.policy.window;
    if (++this.sinceRecompute >= RECOMPUTE_EVERY || this.samples.length < RECOMPUTE_EVERY) this.recompute();
  }

  /** A request got no answer within its timeout. */
  timedOut(): void {
    this.timeoutStreak++;
  }

  private recompute(): void {
    this.sinceRecompute = 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    this.p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  }
}
