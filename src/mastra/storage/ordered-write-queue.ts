import pRetry from "p-retry";
import type { UndeliveredWrite } from "./negotiation-sink";
import { TransientWriteError } from "./transient-fetch";

export interface QueuedWrite {
  kind: UndeliveredWrite["kind"];
  negotiationId: string;
  sequence?: number;
  run(): Promise<unknown>;
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
  delivered = 0;
  retried = 0;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly warn: (message: string) => void,
  ) {}

  enqueue(write: QueuedWrite): void {
    const lane = this.laneFor(write.negotiationId);
    if (write.kind === "partial" || write.kind === "message") {
      // A newer version of the same message supersedes any partial of it still waiting.
      lane.pending = lane.pending.filter((w) => !(w.kind === "partial" && w.sequence === write.sequence));
    }
    lane.pending.push(write);
    lane.running ??= this.pump(lane);
  }

  /** Resolves when every lane is empty. */
  async drain(): Promise<void> {
    while ([...this.lanes.values()].some((lane) => lane.running)) {
      await Promise.all([...this.lanes.values()].map((lane) => lane.running));
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
    }
    lane.running = undefined;
  }

  private async deliver(write: QueuedWrite): Promise<void> {
    try {
      await pRetry(() => write.run(), {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: this.policy.minDelayMs,
        maxTimeout: this.policy.maxDelayMs,
        factor: 2,
        randomize: true,
        maxRetryTime: this.policy.maxRetryTimeMs,
        shouldRetry: ({ error }) => error instanceof TransientWriteError,
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (!(error instanceof TransientWriteError)) return;
          this.retried++;
          if (attemptNumber === 1) this.warn(`retrying ${describe(write)}: ${error.message}`);
        },
      });
      this.delivered++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.undelivered.push({
        negotiationId: write.negotiationId,
        kind: write.kind,
        ...(write.sequence === undefined ? {} : { sequence: write.sequence }),
        reason,
      });
      this.warn(`gave up on ${describe(write)}: ${reason}`);
    }
  }
}

function describe(write: QueuedWrite): string {
  return `${write.kind} write for negotiation ${write.negotiationId}${write.sequence === undefined ? "" : ` #${write.sequence}`}`;
}
