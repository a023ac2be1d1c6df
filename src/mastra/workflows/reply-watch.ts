import type { JournalNegotiation, WaitingForReply } from "../negotiation/negotiation-types";
import type { RunJournal } from "../negotiation/resume-point";
import { resumePointOf } from "../negotiation/resume-point";

/** How often a run still busy with other negotiations looks for a reply from a supplier in person. */
export const REPLY_POLL_MS = 1_000;

interface Waiter {
  waiting: WaitingForReply;
  settle(resumed: JournalNegotiation | undefined): void;
}

/**
 * While a run is still busy with some negotiations, those waiting for a supplier in person need not
 * wait for the run to suspend: their reply is read from what was persisted (one read of the run's
 * journal a second, for all of them) and they go on at once. Once nothing else is running, every
 * waiter is let go (`undefined`), and the run suspends until Convex tells it of a reply.
 */
export class ReplyWatch {
  private running = 0;
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly readJournal: () => Promise<RunJournal>,
    private readonly maxRounds: number,
    private readonly pollMs = REPLY_POLL_MS,
  ) {}

  /** A negotiation starts (or goes on): the run is busy while any is running. */
  started(): void {
    this.running++;
  }

  /** A negotiation ended or waits: when none is running any more, the waiters are let go. */
  stopped(): void {
    this.running--;
    if (this.running === 0) this.releaseAll();
  }

  /**
   * Resolves with the negotiation as persisted once its reply is there (or its time to reply has run
   * out), or with undefined when the run has nothing else to do and should suspend instead.
   */
  replyTo(waiting: WaitingForReply, signal: AbortSignal): Promise<JournalNegotiation | undefined> {
    if (this.running === 0 || signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        waiting,
        settle: (resumed) => {
          this.waiters.delete(waiter);
          if (this.waiters.size === 0) this.stopPolling();
          signal.removeEventListener("abort", onAbort);
          resolve(resumed);
        },
      };
      const onAbort = () => waiter.settle(undefined);
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(waiter);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiters.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poll()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.pollMs);
  }

  private async poll(): Promise<void> {
    const journal = await this.readJournal();
    for (const waiter of [...this.waiters]) {
      const persisted = journal.get(waiter.waiting.negotiationId);
      if (persisted === undefined) continue;
      // A reply is one complete message more than there were when it began to wait.
      const replied = resumePointOf(persisted.messages, this.maxRounds).sequence > waiter.waiting.messageCount;
      if (replied || Date.now() >= waiter.waiting.replyBy) waiter.settle(persisted);
    }
  }

  private releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.settle(undefined);
    this.stopPolling();
  }

  private stopPolling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
