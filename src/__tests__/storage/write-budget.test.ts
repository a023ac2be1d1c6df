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
          res.end(JSON.stringify({ status: "success", value: null, logLines: [] }));
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

describe("MessagePersister write budget", () => {
  it("bounds partial writes per message however loaded the process is: 300 words with the loop stalling between them", async () => {
    const convex = await convexServer((_call, answer) => answer());
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 20,
      maxPartialWritesPerMessage: 3,
      warn: () => {},
    });
    const finals = new Map<string, string>();
    for (const negotiation of ["neg-a", "neg-b", "neg-c", "neg-d"]) {
      for (let sequence = 0; sequence < 3; sequence++) {
        p.onMessageStart(key(negotiation, sequence));
        let text = "";
        for (let word = 0; word < 25; word++) {
          text += `w${word} `;
          p.onMessageDelta({ ...key(negotiation, sequence), delta: `w${word} `, text });
          // A lagging loop: every word arrives long after the interval, and answers queue up.
          if (word % 5 === 0) busyFor(25);
          await new Promise((resolve) => setImmediate(resolve));
        }
        finals.set(`${negotiation}#${sequence}`, text);
        p.persistMessage(negotiation, "supplier", text, { sequence });
      }
    }
    const report = await p.flush();

    expect(report.undelivered).toEqual([]);
    for (const [id, text] of finals) {
      const [negotiationId, sequence] = id.split("#");
      const writes = convex.received.filter(
        (c) => c.args.negotiationId === negotiationId && c.args.sequence === Number(sequence),
      );
      const partials = writes.filter((c) => c.path === "negotiations:streamMessage");
      // Partial + final ≤ 4 for this budget, where the per-interval throttle sent one per word.
      expect(partials.length).toBeLessThanOrEqual(3);
      expect(partials.every((c) => text.startsWith(String(c.args.content)))).toBe(true);
      expect(writes.at(-1)).toMatchObject({ path: "negotiations:addMessage", args: { content: text } });
    }
  });

  it("sends a queued partial with the text as it is when it goes out: new words replace it, never add a write", async () => {
    const holds: Array<() => void> = [];
    const convex = await convexServer((_call, answer) => holds.push(answer));
    const p = new MessagePersister({
      convexUrl: convex.url,
      writeToken: "run-write-token",
      partialIntervalMs: 0,
      maxPartialWritesPerMessage: 10,
      warn: () => {},
    });
    p.onMessageStart(key("neg1", 0));
    p.onMessageDelta({ ...key("neg1", 0), delta: "one ", text: "one " });
    while (convex.received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    // While the first partial hangs, 50 more words arrive.
    let text = "one ";
    for (let i = 0; i < 50; i++) {
      text += `w${i} `;
      p.onMessageDelta({ ...key("neg1", 0), delta: `w${i} `, text });
    }
    holds.shift()!();
    while (convex.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    expect(convex.received.map((c) => c.args.content)).toEqual(["one ", text]);
    holds.shift()!();
    p.persistMessage("neg1", "supplier", `${text}done.`, { sequence: 0 });
    const flushed = p.flush();
    while (holds.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    holds.shift()!();
    expect((await flushed).undelivered).toEqual([]);
    expect(convex.received.map((c) => c.path)).toEqual([
      "negotiations:streamMessage",
      "negotiations:streamMessage",
      "negotiations:addMessage",
    ]);
  });

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
});
