import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { MessagePersister } from "../../mastra/storage/message-persister";
import type { MessageKey } from "../../mastra/negotiation/negotiation-types";

interface Call {
  path: string;
  args: Record<string, unknown>;
  at: number;
}

type Answer = "ok" | "network" | "503" | { error: string } | { hangMs: number };

/**
 * Convex's HTTP API mocked at the fetch boundary: the real ConvexHttpClient inside
 * MessagePersister builds the requests, this records them and answers as scripted.
 */
function fakeConvex(script: (call: Call, index: number) => Answer = () => "ok") {
  const calls: Call[] = [];
  // Convex answers an appended chunk with the length of the text it now holds.
  const stored = new Map<string, number>();
  const valueOf = (call: Call): unknown => {
    if (call.path !== "negotiations:appendMessageText") return null;
    const id = `${String(call.args.negotiationId)}#${String(call.args.sequence)}`;
    const held = stored.get(id) ?? 0;
    const start = Number(call.args.start);
    const length = start <= held ? Math.max(held, start + String(call.args.text).length) : held;
    stored.set(id, length);
    return length;
  };
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    const body = JSON.parse(String(init?.body)) as { path: string; args: Record<string, unknown>[] };
    const call = { path: body.path, args: body.args[0] ?? {}, at: Date.now() };
    const answer = script(call, calls.length);
    calls.push(call);
    if (answer === "network")
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:3210") });
    if (answer === "503") return new Response("upstream unavailable", { status: 503 });
    if (typeof answer === "object" && "error" in answer) {
      return Response.json({ status: "error", errorMessage: answer.error, logLines: [] }, { status: 560 });
    }
    if (typeof answer === "object") await sleep(answer.hangMs);
    return Response.json({ status: "success", value: valueOf(call), logLines: [] });
  };
  return { calls, fetch };
}

function persister(
  convex: ReturnType<typeof fakeConvex>,
  warnings: string[] = [],
  maxRetryTimeMs = 5_000,
  flushTimeoutMs = 10_000,
) {
  return new MessagePersister({
    flushTimeoutMs,
    convexUrl: "http://127.0.0.1:3210",
    writeToken: "run-write-token",
    fetch: convex.fetch,
    partialIntervalMs: 100,
    retry: { minDelayMs: 10, maxDelayMs: 50, maxRetryTimeMs },
    warn: (m) => warnings.push(m),
  });
}

describe("MessagePersister", () => {
  it("persists a message through negotiations:addMessage with the run's write token, a sequence and the metadata", async () => {
    const convex = fakeConvex();
    const p = persister(convex);
    p.persistMessage("neg1", "brand", "We need 2,000 T-shirts.", {
      model: "gpt-4o-mini",
      inputTokens: 120,
      outputTokens: 30,
      totalTokens: 150,
    });
    p.persistMessage("neg1", "supplier", "We can do $5.20.");
    const report = await p.flush();

    expect(convex.calls.map((c) => c.path)).toEqual(["negotiations:addMessage", "negotiations:addMessage"]);
    expect(convex.calls[0]!.args).toMatchObject({
      writeToken: "run-write-token",
      negotiationId: "neg1",
      sequence: 0,
      sender: "brand",
      content: "We need 2,000 T-shirts.",
      metadata: { model: "gpt-4o-mini", inputTokens: 120, outputTokens: 30, totalTokens: 150 },
    });
    expect(convex.calls[1]!.args).toMatchObject({ sequence: 1, sender: "supplier", content: "We can do $5.20." });
    expect(report).toEqual({ destination: "Convex", delivered: 2, retried: 0, undelivered: [] });
  });

  it("updates the negotiation status with round count and final offer", async () => {
    const convex = fakeConvex();
    const p = persister(convex);
    const finalOffer = {
      lines: [{ productId: "canvas-tote" as const, quantity: 800, unitPrice: 3.05 }],
      leadTimeDays: 16,
      paymentTerms: "net-30" as const,
      validityDays: 14,
    };
    p.updateNegotiationStatus("neg1", "completed", 3, finalOffer);
    await p.flush();

    expect(convex.calls).toHaveLength(1);
    expect(convex.calls[0]!.path).toBe("negotiations:updateNegotiationStatus");
    expect(convex.calls[0]!.args).toEqual({
      writeToken: "run-write-token",
      negotiationId: "neg1",
      status: "completed",
      roundCount: 3,
      finalOffer,
    });
  });

  it("handles connection errors without throwing: logged, retried until delivered, accounted for", async () => {
    const convex = fakeConvex((_call, i) => (i < 2 ? "network" : i < 4 ? "503" : "ok"));
    const warnings: string[] = [];
    const p = persister(convex, warnings);
    expect(() => p.persistMessage("neg1", "brand", "Hello")).not.toThrow();
    const report = await p.flush();

    expect(convex.calls).toHaveLength(5);
    expect(report).toEqual({ destination: "Convex", delivered: 1, retried: 4, undelivered: [] });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^retrying message write for negotiation neg1 #0: network error: fetch failed \(connect ECONNREFUSED/,
      ),
    ]);
  });

  it("reports a write it could not deliver, with the reason, and carries on with the next ones", async () => {
    // An outage longer than the retry budget for the first write, then Convex is back.
    const startedAt = Date.now();
    const convex = fakeConvex(() => (Date.now() - startedAt < 300 ? "network" : "ok"));
    const warnings: string[] = [];
    const p = persister(convex, warnings, 150);
    p.persistMessage("neg1", "brand", "lost in the outage");
    p.updateNegotiationStatus("neg1", "active", 1);
    await sleep(350);
    p.persistMessage("neg1", "supplier", "delivered after it");
    const report = await p.flush();

    expect(report.undelivered).toEqual([
      {
        negotiationId: "neg1",
        kind: "message",
        sequence: 0,
        reason: expect.stringMatching(/network error: fetch failed/),
      },
    ]);
    expect(convex.calls.filter((c) => c.path === "negotiations:addMessage" && c.args.sequence === 1)).toHaveLength(1);
    expect(warnings.some((w) => w.startsWith("gave up on message write for negotiation neg1 #0"))).toBe(true);
  });

  it("does not retry an error from the function itself (bad write token), and reports it", async () => {
    const convex = fakeConvex(() => ({ error: "not authorised: wrong write token" }));
    const p = persister(convex);
    p.persistMessage("neg1", "brand", "Hello");
    const report = await p.flush();

    expect(convex.calls).toHaveLength(1);
    expect(report.undelivered).toEqual([
      { negotiationId: "neg1", kind: "message", sequence: 0, reason: "not authorised: wrong write token" },
    ]);
  });

  it("writes refused because the quote was cancelled were stopped on purpose: not reported, nothing logged", async () => {
    const convex = fakeConvex((call) =>
      call.path === "negotiations:recordOffer"
        ? { error: "negotiation neg1 is cancelled; offer #1 refused" }
        : call.path === "negotiations:updateNegotiationStatus"
          ? { error: "negotiation neg1 is cancelled; its outcome is final and cannot be changed" }
          : { error: `negotiation neg1 is cancelled; message #${String(call.args.sequence)} refused` },
    );
    const warnings: string[] = [];
    const p = persister(convex, warnings);
    p.persistMessage("neg1", "supplier", "Our last word, after the cancel");
    p.recordOffer("neg1", 1, 1, {
      lines: [{ productId: "canvas-tote", quantity: 800, unitPrice: 3.05 }],
      leadTimeDays: 16,
      paymentTerms: "net-30",
      validityDays: 14,
    });
    p.updateNegotiationStatus("neg1", "cancelled", 2);
    const report = await p.flush();

    expect(convex.calls).toHaveLength(3);
    expect(report.undelivered).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("never blocks the caller: every call returns at once while Convex is slow", async () => {
    const convex = fakeConvex(() => ({ hangMs: 40 }));
    const p = persister(convex);
    const startedAt = performance.now();
    for (let i = 0; i < 50; i++) p.persistMessage(`neg${i % 3}`, "brand", `message ${i}`);
    // Awaiting the writes would take 50 × 40 ms spread over three lanes, about 700 ms at the very least.
    expect(performance.now() - startedAt).toBeLessThan(600);
    await p.flush();
    expect(convex.calls).toHaveLength(50);
  });

  it("keeps each negotiation in order, one write in flight, while negotiations proceed side by side", async () => {
    const convex = fakeConvex((call) => ({ hangMs: call.args.negotiationId === "slow" ? 60 : 5 }));
    const p = persister(convex);
    for (let i = 0; i < 4; i++) {
      p.persistMessage("slow", "brand", `slow ${i}`);
      p.persistMessage("fast", "brand", `fast ${i}`);
    }
    await p.flush();

    for (const id of ["slow", "fast"]) {
      expect(convex.calls.filter((c) => c.args.negotiationId === id).map((c) => c.args.sequence)).toEqual([0, 1, 2, 3]);
    }
    // All of the fast negotiation's writes landed before the slow one's second write was even sent.
    const lastFast = Math.max(...convex.calls.filter((c) => c.args.negotiationId === "fast").map((c) => c.at));
    const secondSlow = convex.calls.filter((c) => c.args.negotiationId === "slow")[1]!.at;
    expect(lastFast).toBeLessThanOrEqual(secondSlow);
  });

  it("streams text as appended chunks, one per interval while it streams, then the final write replaces it", async () => {
    const convex = fakeConvex();
    const p = persister(convex);
    const key: MessageKey = {
      negotiationId: "neg1",
      supplierId: "apex-textiles",
      sequence: 0,
      round: 1,
      sender: "supplier",
    };
    p.onMessageStart(key);
    const streamingSince = Date.now();
    let text = "";
    for (let i = 0; i < 60; i++) {
      text += `word${i} `;
      p.onMessageDelta({ ...key, delta: `word${i} `, text });
      await sleep(10);
    }
    p.onMessage({
      ...key,
      content: text,
      decision: "offer",
      terms: {
        lines: [{ productId: "canvas-tote", quantity: 800, unitPrice: 3 }],
        leadTimeDays: 40,
        paymentTerms: "prepaid",
        validityDays: 14,
      },
      createdAt: Date.now(),
      metadata: { model: "local-negotiator-v1", usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 } },
    });
    const streamedMs = Date.now() - streamingSince;
    await p.flush();

    const chunks = convex.calls.filter((c) => c.path === "negotiations:appendMessageText");
    const finals = convex.calls.filter((c) => c.path === "negotiations:addMessage");
    // ~600 ms of streaming at a 100 ms interval: the text keeps reaching Convex while it streams,
    // never more than once an interval, never a write per word.
    expect(streamedMs).toBeGreaterThanOrEqual(200);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThanOrEqual(Math.floor(streamedMs / 100) + 1);
    chunks.slice(1).forEach((c, i) => expect(c.at - chunks[i]!.at).toBeGreaterThanOrEqual(90));
    expect(chunks.every((c) => c.args.sequence === 0)).toBe(true);
    // Each chunk starts where the previous one ended: no gaps, nothing sent twice.
    let end = 0;
    for (const c of chunks) {
      expect(c.args.start).toBe(end);
      end += String(c.args.text).length;
    }
    expect(text.startsWith(chunks.map((c) => String(c.args.text)).join(""))).toBe(true);
    expect(finals).toHaveLength(1);
    expect(finals[0]!.args).toMatchObject({
      sequence: 0,
      content: text,
      metadata: { decision: "offer", totalTokens: 30 },
    });
    expect(convex.calls.at(-1)!.path).toBe("negotiations:addMessage");
  });

  it("bounds flush when Convex stays down past the run: everything left is reported, nothing hangs", async () => {
    const convex = fakeConvex(() => "network");
    const warnings: string[] = [];
    const p = persister(convex, warnings, 60_000, 300);
    for (let i = 0; i < 5; i++) {
      p.persistMessage("neg-a", "brand", `a${i}`);
      p.persistMessage("neg-b", "supplier", `b${i}`);
    }
    const startedAt = Date.now();
    const report = await p.flush();

    // Bounded by the 300 ms flush deadline (plus a busy machine's slack), not the 60 s retry horizon.
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(report.delivered).toBe(0);
    expect(report.undelivered).toHaveLength(10);
    expect(report.undelivered.map((u) => `${u.negotiationId}#${u.sequence}`).sort()).toEqual([
      "neg-a#0",
      "neg-a#1",
      "neg-a#2",
      "neg-a#3",
      "neg-a#4",
      "neg-b#0",
      "neg-b#1",
      "neg-b#2",
      "neg-b#3",
      "neg-b#4",
    ]);
    expect(report.undelivered.every((u) => u.reason === "not delivered within 300 ms of the run's end")).toBe(true);
  });

  it("drops a queued chunk once its final message is queued: the final text supersedes it", async () => {
    // A status write hangs, so the message's first chunk waits behind it in the negotiation's lane.
    const convex = fakeConvex((_call, i) => (i === 0 ? { hangMs: 250 } : "ok"));
    const p = persister(convex);
    const key: MessageKey = {
      negotiationId: "neg1",
      supplierId: "apex-textiles",
      sequence: 0,
      round: 1,
      sender: "brand",
    };
    p.updateNegotiationStatus("neg1", "active");
    p.onMessageStart(key);
    p.onMessageDelta({ ...key, delta: "Hello ", text: "Hello " });
    await sleep(150); // the first chunk is due (100 ms) and queued behind the status write
    p.onMessageDelta({ ...key, delta: "there ", text: "Hello there " });
    p.persistMessage("neg1", "brand", "Hello there, friend.", { sequence: 0 });
    const report = await p.flush();

    expect(convex.calls.map((c) => [c.path, c.args.content ?? c.args.status])).toEqual([
      ["negotiations:updateNegotiationStatus", "active"],
      ["negotiations:addMessage", "Hello there, friend."],
    ]);
    expect(report.undelivered).toEqual([]);
  });
});
