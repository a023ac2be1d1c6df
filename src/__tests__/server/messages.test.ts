// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { createQuote, newBackend, sampleTerms, type Backend, useFakeDeployment, buyer } from "./harness";

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let writeToken: string;
let negotiationId: Id<"negotiations">;
let otherNegotiationId: Id<"negotiations">;

beforeEach(async () => {
  t = newBackend();
  let negotiationIds: Id<"negotiations">[];
  ({ quoteId, negotiationIds, writeToken } = await createQuote(t));
  negotiationId = negotiationIds[0]!;
  otherNegotiationId = negotiationIds[1]!;
});

const transcript = (id: Id<"negotiations"> = negotiationId) =>
  buyer(t, "alice").query(api.negotiations.listMessages, { negotiationId: id });

const add = (
  sequence: number,
  content: string,
  extra: { sender?: "brand" | "supplier"; metadata?: { model: string } } = {},
) =>
  t.mutation(api.negotiations.addMessage, {
    writeToken,
    negotiationId,
    sequence,
    sender: extra.sender ?? "brand",
    content,
    createdAt: 1_000 + sequence,
    ...(extra.metadata ? { metadata: extra.metadata } : {}),
  });

const stream = (
  sequence: number,
  content: string,
  isPartial: boolean,
  metadata?: { model: string; totalTokens?: number },
) =>
  t.mutation(api.negotiations.streamMessage, {
    writeToken,
    negotiationId,
    sequence,
    sender: "supplier",
    content,
    isPartial,
    createdAt: 2_000,
    ...(metadata ? { metadata } : {}),
  });

describe("addMessage is idempotent on (negotiationId, sequence)", () => {
  test("the same final write twice leaves one row and returns the same id", async () => {
    const first = await add(0, "Opening request", { metadata: { model: "local-negotiator" } });
    const second = await add(0, "Opening request", { metadata: { model: "local-negotiator" } });
    expect(second).toBe(first);
    const messages = await transcript();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      sequence: 0,
      sender: "brand",
      content: "Opening request",
      isPartial: false,
      metadata: { model: "local-negotiator" },
    });
  });

  test("a retry with corrected text patches the row instead of adding one", async () => {
    const id = await add(0, "Opening requst");
    expect(await add(0, "Opening request")).toBe(id);
    expect((await transcript()).map((m) => m.content)).toEqual(["Opening request"]);
  });

  test("the same sequence in another negotiation is another message", async () => {
    await add(0, "to Apex");
    await t.mutation(api.negotiations.addMessage, {
      writeToken,
      negotiationId: otherNegotiationId,
      sequence: 0,
      sender: "brand",
      content: "to Porto",
      createdAt: 1,
    });
    expect((await transcript()).map((m) => m.content)).toEqual(["to Apex"]);
    expect((await transcript(otherNegotiationId)).map((m) => m.content)).toEqual(["to Porto"]);
  });

  test("a different sender claiming a taken sequence is refused rather than merged", async () => {
    await add(0, "brand text");
    await expect(add(0, "supplier text", { sender: "supplier" })).rejects.toThrow(
      /message #0 .* is from the brand, not the supplier/,
    );
    expect((await transcript()).map((m) => m.content)).toEqual(["brand text"]);
  });

  test("a negative or fractional sequence is refused", async () => {
    await expect(add(-1, "x")).rejects.toThrow(/sequence must be a whole number from 0 to 9/);
    await expect(add(1.5, "x")).rejects.toThrow(/sequence must be a whole number from 0 to 9/);
    expect(await transcript()).toEqual([]);
  });
});

describe("listMessages orders by sequence, not arrival", () => {
  test("messages written out of order come back in sequence order", async () => {
    await add(2, "third", { sender: "brand" });
    await add(0, "first", { sender: "brand" });
    await add(3, "fourth", { sender: "supplier" });
    await add(1, "second", { sender: "supplier" });
    expect((await transcript()).map((m) => [m.sequence, m.content])).toEqual([
      [0, "first"],
      [1, "second"],
      [2, "third"],
      [3, "fourth"],
    ]);
  });
});

describe("streamMessage: partial text replaced in place, then finalised", () => {
  test("several partial writes make one row with the latest text, still partial", async () => {
    const id = await stream(1, "We can", true);
    expect(await stream(1, "We can offer", true)).toBe(id);
    expect(await stream(1, "We can offer 5.90 per", true)).toBe(id);
    const messages = await transcript();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ _id: id, content: "We can offer 5.90 per", isPartial: true });
  });

  test("the final write clears the partial flag and keeps the final text and metadata", async () => {
    await stream(1, "We can", true);
    await stream(1, "We can offer 5.90", true);
    await stream(1, "We can offer 5.90 per shirt.", false, { model: "gpt-test", totalTokens: 42 });
    expect(await transcript()).toEqual([
      expect.objectContaining({
        content: "We can offer 5.90 per shirt.",
        isPartial: false,
        metadata: { model: "gpt-test", totalTokens: 42 },
      }),
    ]);
  });

  test("addMessage finalises a streamed message too", async () => {
    await stream(1, "We can", true);
    await t.mutation(api.negotiations.addMessage, {
      writeToken,
      negotiationId,
      sequence: 1,
      sender: "supplier",
      content: "We can offer 5.90.",
      createdAt: 2_000,
    });
    expect(await transcript()).toEqual([expect.objectContaining({ content: "We can offer 5.90.", isPartial: false })]);
  });

  test("a partial write arriving after the final one is ignored", async () => {
    await stream(1, "Deal at 5.90.", false);
    await stream(1, "Deal at", true);
    await stream(1, "Something else entirely", true);
    expect(await transcript()).toEqual([expect.objectContaining({ content: "Deal at 5.90.", isPartial: false })]);
  });

  test("an older partial retried after a newer one does not shrink the text", async () => {
    await stream(1, "We can offer 5.90", true);
    await stream(1, "We can", true);
    expect(await transcript()).toEqual([expect.objectContaining({ content: "We can offer 5.90", isPartial: true })]);
  });

  test("a message still streaming when its negotiation ends is closed and marked interrupted", async () => {
    await stream(1, "We can off", true, { model: "gpt-test" });
    await t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken,
      negotiationId,
      status: "failed",
      error: "model timed out",
    });
    expect(await transcript()).toEqual([
      expect.objectContaining({
        content: "We can off",
        isPartial: false,
        metadata: { model: "gpt-test", interrupted: true },
      }),
    ]);
  });

  test("offers travel with the message metadata", async () => {
    await t.mutation(api.negotiations.addMessage, {
      writeToken,
      negotiationId,
      sequence: 1,
      sender: "supplier",
      content: "Our offer.",
      createdAt: 3,
      metadata: {
        decision: "offer",
        terms: sampleTerms,
        inputTokens: 10,
        outputTokens: 20,
        totalTokens: 30,
        toolCalls: [{ name: "quote", args: "{}" }],
      },
    });
    expect((await transcript())[0]?.metadata).toEqual({
      decision: "offer",
      terms: sampleTerms,
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      toolCalls: [{ name: "quote", args: "{}" }],
    });
  });
});

describe("a negotiation that has ended takes no new message", () => {
  const end = (status: "completed" | "impasse" | "failed" | "cancelled") =>
    t.mutation(api.negotiations.updateNegotiationStatus, { writeToken, negotiationId, status });

  test.each(["completed", "impasse", "failed", "cancelled"] as const)(
    "a new message after '%s' is refused, and the transcript stays as it was",
    async (status) => {
      await add(0, "Opening request");
      await end(status);
      await expect(add(1, "A late reply", { sender: "supplier" })).rejects.toThrow(
        `negotiation ${negotiationId} is ${status}; message #1 refused`,
      );
      await expect(stream(2, "Still typ", true)).rejects.toThrow(
        `negotiation ${negotiationId} is ${status}; message #2 refused`,
      );
      expect((await transcript()).map((m) => [m.sequence, m.content])).toEqual([[0, "Opening request"]]);
    },
  );

  test("a cancelled quote's run cannot add to any of its transcripts", async () => {
    await add(0, "Opening request");
    await buyer(t, "alice").mutation(api.quotes.cancel, { quoteId });
    await expect(add(1, "We can offer 5.90.", { sender: "supplier" })).rejects.toThrow(
      /is cancelled; message #1 refused/,
    );
    await expect(
      t.mutation(api.negotiations.addMessage, {
        writeToken,
        negotiationId: otherNegotiationId,
        sequence: 0,
        sender: "brand",
        content: "Hello Porto",
        createdAt: 1,
      }),
    ).rejects.toThrow(/is cancelled; message #0 refused/);
    expect(await transcript(otherNegotiationId)).toEqual([]);
  });

  test("the same final write repeated after the end is still accepted and changes nothing", async () => {
    const id = await add(0, "Deal at 5.90.", { metadata: { model: "gpt-test" } });
    await end("completed");
    expect(await add(0, "Deal at 5.90.", { metadata: { model: "gpt-test" } })).toBe(id);
    expect(await transcript()).toEqual([
      expect.objectContaining({ content: "Deal at 5.90.", isPartial: false, metadata: { model: "gpt-test" } }),
    ]);
  });

  test("a finished message cannot be rewritten after the end", async () => {
    await add(0, "Deal at 5.90.");
    await end("completed");
    await expect(add(0, "Deal at 4.90.")).rejects.toThrow(/is completed; message #0 refused/);
    expect((await transcript()).map((m) => m.content)).toEqual(["Deal at 5.90."]);
  });

  test("the final text of a message cut short by the end still lands", async () => {
    await stream(1, "We can off", true);
    await end("cancelled");
    expect(await transcript()).toEqual([
      expect.objectContaining({ content: "We can off", isPartial: false, metadata: { interrupted: true } }),
    ]);

    // The run's own closing write of that message, sent just before it saw the cancel.
    await stream(1, "We can offer 5.90.", false, { model: "gpt-test", totalTokens: 12 });
    expect(await transcript()).toEqual([
      expect.objectContaining({
        content: "We can offer 5.90.",
        isPartial: false,
        metadata: { model: "gpt-test", totalTokens: 12 },
      }),
    ]);
    // A stale partial of it is ignored rather than refused, as before the end.
    await stream(1, "We can", true);
    expect((await transcript()).map((m) => m.content)).toEqual(["We can offer 5.90."]);
  });
});

describe("appendMessageText: streamed text as appended chunks", () => {
  const append = (sequence: number, start: number, text: string) =>
    t.mutation(api.negotiations.appendMessageText, {
      writeToken,
      negotiationId,
      sequence,
      sender: "supplier",
      createdAt: 3_000,
      start,
      text,
    });
  const deltaRows = () => t.run(async (ctx) => await ctx.db.query("messageDeltas").collect());

  test("chunks add up to the text so far, shown as one partial message", async () => {
    expect(await append(0, 0, "We can ")).toBe(7);
    expect(await append(0, 7, "offer 12.40 ")).toBe(19);
    expect(await append(0, 19, "a unit.")).toBe(26);
    const [message] = await transcript();
    expect(message).toMatchObject({ sequence: 0, content: "We can offer 12.40 a unit.", isPartial: true });
    expect(await transcript()).toHaveLength(1);
  });

  test("each chunk stores only its own text, not the whole text again", async () => {
    await append(0, 0, "We can ");
    await append(0, 7, "offer 12.40 ");
    const rows = await deltaRows();
    expect(rows.map((r) => r.text)).toEqual(["offer 12.40 "]);
  });

  test("a retried or late chunk changes nothing, and one past the end adds nothing and says where to resume", async () => {
    await append(0, 0, "We can ");
    await append(0, 7, "offer 12.40 ");
    // A first attempt answered late, after its retry (which carried more text) landed.
    expect(await append(0, 0, "We can ")).toBe(19);
    expect(await append(0, 7, "offer")).toBe(19);
    // A chunk that overlaps what is stored adds only what is new.
    expect(await append(0, 7, "offer 12.40 a unit.")).toBe(26);
    // A chunk after a gap is not stored: the answer is the length to resend from.
    expect(await append(0, 40, "later text")).toBe(26);
    expect((await transcript())[0]?.content).toBe("We can offer 12.40 a unit.");
  });

  test("the final write replaces the partial state, chunks included", async () => {
    await append(0, 0, "We can ");
    await append(0, 7, "offer 12.40 ");
    await stream(0, "We can offer 12.40 a unit, final.", false, { model: "m" });
    expect(await deltaRows()).toEqual([]);
    expect(await transcript()).toMatchObject([{ content: "We can offer 12.40 a unit, final.", isPartial: false }]);
    // A chunk retried after the final text is ignored.
    await append(0, 19, "stale");
    expect((await transcript())[0]?.content).toBe("We can offer 12.40 a unit, final.");
  });

  test("a restarted text replaces the chunks whole, and later chunks extend it", async () => {
    await append(0, 0, "We can ");
    await append(0, 7, "offer 12.40 ");
    await stream(0, "Our price is ", true);
    expect(await deltaRows()).toEqual([]);
    expect(await append(0, 13, "12.40.")).toBe(19);
    expect(await transcript()).toMatchObject([{ content: "Our price is 12.40.", isPartial: true }]);
  });

  test("a message streaming when its negotiation ends keeps its chunks' text and is marked interrupted", async () => {
    await append(0, 0, "We can ");
    await append(0, 7, "offer 12.40 ");
    await t.mutation(api.negotiations.updateNegotiationStatus, { writeToken, negotiationId, status: "cancelled" });
    expect(await deltaRows()).toEqual([]);
    expect(await transcript()).toMatchObject([
      { content: "We can offer 12.40 ", isPartial: false, metadata: { interrupted: true } },
    ]);
  });

  test("many chunks are folded into the message so every read stays small", async () => {
    let length = 0;
    for (let i = 0; i < 80; i++) length = await append(0, length, `w${i} `);
    expect((await deltaRows()).length).toBeLessThan(64);
    const expected = Array.from({ length: 80 }, (_, i) => `w${i} `).join("");
    expect((await transcript())[0]?.content).toBe(expected);
  });
});
