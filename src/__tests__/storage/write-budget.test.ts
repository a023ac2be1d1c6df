import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { MessageKey } from "../../mastra/negotiation/negotiation-types";
import { MessagePersister } from "../../mastra/storage/message-persister";

/** Holds the event loop, as 2,000 negotiations on two cores do. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

interface Received {
  path: string;
  args: Record<string, unknown>;
}

/** A real HTTP server in Convex's shape, so requests go through real sockets and the real event loop. */
async function convexServer(handle: (call: Received, answer: () => void, index: number) => void) {
  /** Convex's answer to each call: an appended chunk is answered with the length of the text it holds. */
  const stored = new Map<string, number>();
  const valueOf = (call: Received): unknown => {
    if (call.path !== "negotiations:appendMessageText") return null;
    const id = `${String(call.args.negotiationId)}#${String(call.args.sequence)}`;
    const start = Number(call.args.start);
    const end = start + String(call.args.text).length;
    const length = Math.max(stored.get(id) ?? 0, start <= (stored.get(id) ?? 0) ? end : 0);
    stored.set(id, length);
    return length;
  };
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const body = JSON.parse(raw) as { path: string; args: Record<string, unknown>[] };
      const call = { path: body.path, args: body.args[0] ?? {} };
      received.push(call);
      handle(
        call,
        () => {
          if (res.destroyed) return;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: "success", value: valueOf(call), logLines: [] }));
        },
        received.length - 1,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, received };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const key = (negotiationId: string, sequence: number): MessageKey => ({
  negotiationId,
  supplierId: "apex-textiles",
  sequence,
  round: 1,
  sender: "supplier",
});

/** The chunks one message was streamed in, in the order they were sent. */
const chunksOf = (received: Received[], negotiationId: string, sequence: number) =>
  received
    .filter((c) => c.path === "negotiations:appendMessageText")
    .filter((c) => c.args.negotiationId === negotiationId && c.args.sequence === sequence)
    .map((c) => ({ start: Number(c.args.start), text: String(c.args.text) }));

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("MessagePersister streams text by time, as appended chunks", () => {
  it("bounds chunks per message-second and bytes per message however loaded the process is", async () => {
    const convex = await convexServer((_call, answer) => answer());
    const intervalMs = 20;
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: intervalMs,
      warn: () => {},
    });
    const streamed = new Map<string, { text: string; ms: number }>();
    for (const negotiation of ["neg-a", "neg-b", "neg-c", "neg-d"]) {
      for (let sequence = 0; sequence < 3; sequence++) {
        const startedAt = performance.now();
        p.onMessageStart(key(negotiation, sequence));
        let text = "";
        for (let word = 0; word < 25; word++) {
          text += `w${word} `;
          p.onMessageDelta({ ...key(negotiation, sequence), delta: `w${word} `, text });
          // A lagging loop: words arrive long after the interval, and answers queue up.
          if (word % 5 === 0) busyFor(25);
          await tick();
        }
        p.persistMessage(negotiation, "supplier", text, { sequence });
        streamed.set(`${negotiation}#${sequence}`, { text, ms: performance.now() - startedAt });
      }
    }
    const report = await p.flush();

    expect(report.undelivered).toEqual([]);
    for (const [id, { text, ms }] of streamed) {
      const [negotiationId = "", sequence] = id.split("#");
      const chunks = chunksOf(convex.received, negotiationId, Number(sequence));
      // One chunk at most per interval, measured from when the message started.
      expect(chunks.length).toBeLessThanOrEqual(Math.floor(ms / intervalMs) + 1);
      // Each chunk starts where the one before ended: no text is sent twice, none is skipped.
      let end = 0;
      for (const chunk of chunks) {
        expect(chunk.start).toBe(end);
        end += chunk.text.length;
      }
      expect(text.startsWith(chunks.map((c) => c.text).join(""))).toBe(true);
      const writes = convex.received.filter(
        (c) => c.args.negotiationId === negotiationId && c.args.sequence === Number(sequence),
      );
      expect(writes.at(-1)).toMatchObject({ path: "negotiations:addMessage", args: { content: text } });
    }
  });

  it("coalesces: while a chunk is in flight new words wait, then go out together from where it ended", async () => {
    const holds: Array<() => void> = [];
    const convex = await convexServer((_call, answer) => holds.push(answer));
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 0,
      warn: () => {},
    });
    p.onMessageStart(key("neg1", 0));
    p.onMessageDelta({ ...key("neg1", 0), delta: "one ", text: "one " });
    while (convex.received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    // While the first chunk hangs, 50 more words arrive.
    let text = "one ";
    for (let i = 0; i < 50; i++) {
      text += `w${i} `;
      p.onMessageDelta({ ...key("neg1", 0), delta: `w${i} `, text });
    }
    expect(convex.received).toHaveLength(1);
    holds.shift()!();
    while (convex.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    expect(chunksOf(convex.received, "neg1", 0)).toEqual([
      { start: 0, text: "one " },
      { start: 4, text: text.slice(4) },
    ]);
    holds.shift()!();
    p.persistMessage("neg1", "supplier", `${text}done.`, { sequence: 0 });
    const flushed = p.flush();
    while (holds.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    holds.shift()!();
    expect((await flushed).undelivered).toEqual([]);
    expect(convex.received.map((c) => c.path)).toEqual([
      "negotiations:appendMessageText",
      "negotiations:appendMessageText",
      "negotiations:addMessage",
    ]);
  });

  it("keeps the text flowing for as long as a message streams, not just its beginning", async () => {
    const convex = await convexServer((_call, answer) => answer());
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 100,
      warn: () => {},
    });
    p.onMessageStart(key("neg1", 0));
    let text = "";
    const until = performance.now() + 1_200;
    for (let word = 0; performance.now() < until; word++) {
      text += `w${word} `;
      p.onMessageDelta({ ...key("neg1", 0), delta: `w${word} `, text });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const chunks = chunksOf(convex.received, "neg1", 0);
    p.persistMessage("neg1", "supplier", text, { sequence: 0 });
    await p.flush();
    // The old budget stopped at two partial writes; the page now keeps moving until the end.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.at(-1)!.start).toBeGreaterThan(text.length / 3);
    expect(chunks.reduce((sum, c) => sum + c.text.length, 0)).toBeLessThanOrEqual(text.length);
  });

  it("a message written faster than the interval costs no partial write: its final write carries it", async () => {
    const convex = await convexServer((_call, answer) => answer());
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 60_000,
      warn: () => {},
    });
    p.onMessageStart(key("neg1", 0));
    p.onMessageDelta({ ...key("neg1", 0), delta: "Quick ", text: "Quick " });
    p.onMessageDelta({ ...key("neg1", 0), delta: "reply.", text: "Quick reply." });
    p.persistMessage("neg1", "supplier", "Quick reply.", { sequence: 0 });
    await p.flush();
    expect(convex.received.map((c) => c.path)).toEqual(["negotiations:addMessage"]);
  });
});

describe("MessagePersister when a message's text starts over", () => {
  it("replaces the stored partial text whole when a retried model call streams a different text", async () => {
    const convex = await convexServer((_call, answer) => answer());
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 0,
      warn: () => {},
    });
    // Each step waits for its write to go out and be answered before the text moves on.
    const stream = async (text: string) => {
      const sent = convex.received.length;
      p.onMessageDelta({ ...key("neg1", 0), delta: text, text });
      while (convex.received.length === sent) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    p.onMessageStart(key("neg1", 0));
    await stream("We can offer ");
    await stream("We can offer 12.40 a unit");
    // The call failed and was retried: the text starts over, differently.
    await stream("Our price is ");
    await stream("Our price is 12.40.");
    p.persistMessage("neg1", "supplier", "Our price is 12.40.", { sequence: 0 });
    await p.flush();

    expect(
      convex.received.map((c) => [c.path.split(":")[1], c.args.start ?? "-", c.args.text ?? c.args.content]),
    ).toEqual([
      ["appendMessageText", 0, "We can offer "],
      ["appendMessageText", 13, "12.40 a unit"],
      ["streamMessage", "-", "Our price is "],
      ["appendMessageText", 13, "12.40."],
      ["addMessage", "-", "Our price is 12.40."],
    ]);
  });
});

describe("MessagePersister request timeouts", () => {
  it("does not send a request again while its first attempt is merely waiting for a busy process", async () => {
    const convex = await convexServer((_call, answer) => {
      // The answer is ready 20 ms later, but the process stays busy far past the 300 ms timeout.
      setTimeout(answer, 20);
      busyFor(1_200);
    });
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      requestTimeoutMs: 300,
      retry: { minDelayMs: 10, maxDelayMs: 50, maxRetryTimeMs: 10_000 },
      warn: () => {},
    });
    p.persistMessage("neg1", "brand", "We need 2,000 T-shirts.", { sequence: 0 });
    const report = await p.flush();

    expect(convex.received).toHaveLength(1);
    expect(report).toMatchObject({ delivered: 1, retried: 0, undelivered: [] });
  });

  it("still gives up on an attempt that gets no answer, and retries it", async () => {
    const convex = await convexServer((_call, answer, index) => {
      if (index > 0) answer();
    });
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      requestTimeoutMs: 300,
      retry: { minDelayMs: 10, maxDelayMs: 50, maxRetryTimeMs: 10_000 },
      warn: () => {},
    });
    p.persistMessage("neg1", "brand", "We need 2,000 T-shirts.", { sequence: 0 });
    const report = await p.flush();

    expect(convex.received.map((c) => c.args.sequence)).toEqual([0, 0]);
    expect(report).toMatchObject({ delivered: 1, retried: 1, undelivered: [] });
  });

  it("sends a request held far longer than its peers again after about the recent p99, not a flat 10 s", async () => {
    const late: Array<() => void> = [];
    const convex = await convexServer((_call, answer, index) => {
      // The first request is held (it commits, but its answer comes much later); the rest answer at once.
      if (index === 0) late.push(answer);
      else answer();
    });
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      retry: { minDelayMs: 10, maxDelayMs: 50, maxRetryTimeMs: 30_000 },
      warn: () => {},
    });
    const startedAt = performance.now();
    p.persistMessage("neg1", "brand", "We need 2,000 T-shirts.", { sequence: 0 });
    p.persistMessage("neg1", "brand", "And 500 hoodies.", { sequence: 1 });
    const report = await p.flush();
    const tookMs = performance.now() - startedAt;
    // The late first answer lands after its retry did: harmless, the write is keyed.
    late.shift()?.();

    expect(report).toMatchObject({ delivered: 2, retried: 1, undelivered: [] });
    expect(convex.received.map((c) => c.args.sequence)).toEqual([0, 0, 1]);
    // The floor is 500 ms; the old flat timeout would have held the lane for 10 s.
    expect(tookMs).toBeLessThan(8_000);
  });
});
