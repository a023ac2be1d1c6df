import type { Outcome } from "./function-runner";

/** Enough to cover every mutation a client could still be waiting on after a reconnect. */
const REMEMBERED = 10_000;

/**
 * Outcomes of mutations sent over the sync protocol, by client session and request id. After a
 * reconnect the client replays every mutation it has no answer for — including one that ran just
 * before the socket dropped — so, as a Convex deployment does, a replay gets the first answer
 * instead of running twice.
 */
export class MutationLog {
  private readonly outcomes = new Map<string, Promise<Outcome>>();

  once(sessionId: string, requestId: number, run: () => Promise<Outcome>): Promise<Outcome> {
    const key = `${sessionId}#${requestId}`;
    const known = this.outcomes.get(key);
    if (known) return known;
    const outcome = run();
    this.outcomes.set(key, outcome);
    if (this.outcomes.size > REMEMBERED) this.outcomes.delete(this.outcomes.keys().next().value!);
    return outcome;
  }
}
