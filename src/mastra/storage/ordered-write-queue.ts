import pRetry from "p-retry";
import type { UndeliveredWrite } from "./negotiation-sink";
import { TransientWriteError } from "./transient-fetch";

export interface QueuedWrite {
  kind: UndeliveredWrite["kind"];
  negotiationId: string;
  sequence?: number;
  run(): Promise<unknown>;
  /** Called once the write is done with: delivered, given up on, or superseded before it went out. */
  settled?(): void;
}

export interface RetryPolicy {
  /** First backoff; doubles each attempt up to maxDelayMs, with jitter. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Give up on one write after this long (an outage longer than this loses the write, reported). */
  maxRetryTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { minDelayMs: 100, maxDelayMs: 2_000, maxRetryTimeMs: 60_000 };

interface Lane {
  pending: QueuedWrite[];
  running: Promise<void> | undefined;
}

/**
 * One ordered lane per negotiation, lanes running side by side: a negotiation's writes land in
 * the order they were made, one in flight at a time, while other negotiations are never held up
 * behind it. Each write is retried with backoff on transient errors; one that still fails is
 * recorded as undelivered and the lane moves on. A not-yet-sent partial update of a message is
 * replaced by a newer one, and dropped once the final message is queued, so an outage does not
 * pile up stale text.
 */
export class OrderedWriteQueue {
  private readonly lanes = new Map<string, Lane>();
  readonly undelivered: UndeliveredWrite[] = [];
  /** Writes refused because the person cancelled the quote: stopped on purpose, neither lost nor alarming. */
  stoppedByCancel = 0;
  delivered = 0;
  retried = 0;
  /** Set once drain's deadline has passed: every write still queued is given up at once. */
  private gaveUp: string | undefined;
  private readonly giveUpSignal = new AbortController();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly warn: (message: string) => void,
  ) {}

  enqueue(write: QueuedWrite): void {
    const lane = this.laneFor(write.negotiationId);
    if (write.kind === "partial" || write.kind === "message") {
      // A newer version of the same message supersedes any partial of it still waiting.
      lane.pending = lane.pending.filter((w) => {
        const superseded = w.kind === "partial" && w.sequence === write.sequence;
        if (superseded) settle(w);
        return !superseded;
      });
    }
    lane.pending.push(write);
    lane.running ??= this.pump(lane);
  }

  /**
   * Resolves when every lane is empty. Past `deadlineMs` (a Convex outage that outlasts the run),
   * retries stop and whatever is still queued is recorded as undelivered, so a step never hangs.
   */
  async drain(deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    const timer = Number.isFinite(deadlineMs)
      ? setTimeout(() => {
          this.gaveUp = `not delivered within ${deadlineMs} ms of the run's end`;
          this.giveUpSignal.abort(new Error(this.gaveUp));
        }, deadlineMs)
      : undefined;
    try {
      while ([...this.lanes.values()].some((lane) => lane.running)) {
        await Promise.all([...this.lanes.values()].map((lane) => lane.running));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private laneFor(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { pending: [], running: undefined };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private async pump(lane: Lane): Promise<void> {
    for (let write = lane.pending.shift(); write; write = lane.pending.shift()) {
      await this.deliver(write);
      settle(write);
    }
    lane.running = undefined;
  }

  private async deliver(write: QueuedWrite): Promise<void> {
    if (this.gaveUp) {
      this.recordUndelivered(write, this.gaveUp);
      return;
    }
    let attempts = 0;
    try {
      await pRetry(
        (attempt) => {
          attempts = attempt;
          return write.run();
        },
        {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: this.policy.minDelayMs,
          maxTimeout: this.policy.maxDelayMs,
          factor: 2,
          randomize: true,
          maxRetryTime: this.policy.maxRetryTimeMs,
          signal: this.giveUpSignal.signal,
          shouldRetry: ({ error }) => error instanceof TransientWriteError,
          onFailedAttempt: ({ error, attemptNumber }) => {
            if (error instanceof TransientWriteError && attemptNumber === 1) {
              this.report(`retrying ${describe(write)}: ${error.message}`);
            }
          },
        },
      );
      this.delivered++;
      if (write.kind === "message") this.forgetPartialsOf(write);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (STOPPED_BY_CANCEL.test(reason)) this.stoppedByCancel++;
      else this.recordUndelivered(write, reason);
    } finally {
      this.retried += Math.max(0, attempts - 1);
    }
  }

  private recordUndelivered(write: QueuedWrite, reason: string): void {
    this.undelivered.push({
      negotiationId: write.negotiationId,
      kind: write.kind,
      ...(write.sequence === undefined ? {} : { sequence: write.sequence }),
      reason,
    });
    this.report(`gave up on ${describe(write)}: ${reason}`);
  }

  /** A lost partial no longer matters once its message's final text has landed. */
  private forgetPartialsOf(write: QueuedWrite): void {
    for (let i = this.undelivered.length - 1; i >= 0; i--) {
      const lost = this.undelivered[i];
      if (lost?.kind === "partial" && lost.negotiationId === write.negotiationId && lost.sequence === write.sequence) {
        this.undelivered.splice(i, 1);
      }
    }
  }

  /** Logging must never stall a lane. */
  private report(message: string): void {
    try {
      this.warn(message);
    } catch {
      // A broken logger loses the log line, not the write.
    }
  }
}

/**
 * Convex's refusal of a write to a negotiation the person cancelled (messageUpsert.ts and
 * negotiations.ts: "negotiation … is cancelled; message #3 refused", "… is cancelled; its outcome is
 * final and cannot be changed" for the run's own closing status). Cancelling is best effort, so
 * the run's last words arriving after it are expected; they are counted, not reported as lost.
 */
const STOPPED_BY_CANCEL = /\bis cancelled; ((message|offer) #\d+ refused|its outcome is final)\b/;

/** A writer's callback must not stall the lane either. */
function settle(write: QueuedWrite): void {
  try {
    write.settled?.();
  } catch {
    // The write itself is accounted for; only the callback's follow-up is lost.
  }
}

function describe(write: QueuedWrite): string {
  return `${write.kind} write for negotiation ${write.negotiationId}${write.sequence === undefined ? "" : ` #${write.sequence}`}`;
}
