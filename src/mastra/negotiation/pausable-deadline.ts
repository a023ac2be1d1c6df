/**
 * A negotiation's time limit that stands still while the negotiation waits for model capacity:
 * the limit is for negotiating, and a queue it cannot shorten should not use it up. Aborts with a
 * TimeoutError, as AbortSignal.timeout does, so a timeout reads the same either way.
 */
export class PausableDeadline {
  private readonly controller = new AbortController();
  private remainingMs: number;
  private runningSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;

  constructor(limitMs: number) {
    this.remainingMs = limitMs;
    this.start();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the clock; pauses nest (several waits may overlap), the clock runs again after the last. */
  pause(): void {
    if (this.pauses++ > 0 || this.runningSince === undefined) return;
    this.remainingMs -= Date.now() - this.runningSince;
    this.runningSince = undefined;
    clearTimeout(this.timer);
  }

  resume(): void {
    if (this.pauses === 0 || --this.pauses > 0 || this.controller.signal.aborted) return;
    this.start();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.runningSince = undefined;
  }

  private start(): void {
    this.runningSince = Date.now();
    this.timer = setTimeout(
      () => this.controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
      Math.max(0, this.remainingMs),
    );
  }
}
