import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JournalMessage, JournalNegotiation, WaitingForReply } from "../../mastra/negotiation/negotiation-types";
import type { RunJournal } from "../../mastra/negotiation/resume-point";
import { ReplyWatch } from "../../mastra/workflows/reply-watch";
import { sampleTerms } from "../server/harness";

/*
 * A negotiation waiting for a supplier in person while its run is busy with others: it goes on as
 * soon as the reply is persisted, or its time runs out; once nothing else runs it is let go, so the
 * run can suspend. One journal read a second serves every waiter.
 */

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const message = (sequence: number): JournalMessage => ({
  sequence,
  sender: sequence % 2 === 0 ? "brand" : "supplier",
  content: `#${sequence}`,
  decision: sequence % 2 === 0 ? "counter" : "offer",
  terms: sampleTerms,
  usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
});

const persisted = (negotiationId: string, count: number): JournalNegotiation => ({
  negotiationId,
  status: "waiting",
  messages: Array.from({ length: count }, (_, sequence) => message(sequence)),
});

const waitingFor = (negotiationId: string, replyBy = Date.now() + 60_000): WaitingForReply => ({
  status: "waiting",
  negotiationId,
  supplierId: negotiationId,
  supplierName: negotiationId,
  replyBy,
  messageCount: 1,
});

function watchOver(journal: () => RunJournal) {
  const read = vi.fn(async () => journal());
  return { watch: new ReplyWatch(read, 4), read };
}

describe("ReplyWatch", () => {
  it("hands the waiting negotiation its reply as soon as it is persisted, one read a second for all", async () => {
    let porto = persisted("porto", 1);
    const { watch, read } = watchOver(
      () =>
        new Map([
          ["porto", porto],
          ["lisbon", persisted("lisbon", 1)],
        ]),
    );
    watch.started(); // an agent's negotiation, still running
    const signal = new AbortController().signal;
    const replies = [watch.replyTo(waitingFor("porto"), signal), watch.replyTo(waitingFor("lisbon"), signal)];
    let portoReply: JournalNegotiation | undefined;
    void replies[0]!.then((reply) => (portoReply = reply));

    await vi.advanceTimersByTimeAsync(3_000);
    expect(read).toHaveBeenCalledTimes(3);
    expect(portoReply).toBeUndefined();
    porto = persisted("porto", 2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(portoReply?.messages).toHaveLength(2);
    expect(read).toHaveBeenCalledTimes(4);

    // The agent's negotiation ends: nothing runs, and Lisbon is let go so the run can suspend.
    watch.stopped();
    await expect(replies[1]).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(read).toHaveBeenCalledTimes(4);
  });

  it("lets a waiter go on once its time to reply has run out, to end it", async () => {
    const { watch } = watchOver(() => new Map([["porto", persisted("porto", 1)]]));
    watch.started();
    const reply = watch.replyTo(waitingFor("porto", Date.now() + 2_500), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(reply).resolves.toMatchObject({ negotiationId: "porto" });
  });

  it("waits for nothing when nothing else runs, or the run is cancelled", async () => {
    const { watch, read } = watchOver(() => new Map());
    await expect(watch.replyTo(waitingFor("porto"), new AbortController().signal)).resolves.toBeUndefined();
    watch.started();
    const cancel = new AbortController();
    const reply = watch.replyTo(waitingFor("porto"), cancel.signal);
    cancel.abort();
    await expect(reply).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(read).not.toHaveBeenCalled();
  });
});
