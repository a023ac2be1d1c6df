import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { ModelBudget, modelBudgetConfigFromEnv, retryAfterMs } from "../../mastra/models/model-budget";
import { modelConfigFromEnv } from "../../mastra/models/model-config";
import { createTranscriptSink } from "../../mastra/storage/transcript-sink";
import { isNegotiationEvent, type NegotiationEvent } from "../../mastra/workflows/negotiation-events";
import { startOpenAIStandIn } from "../helpers/openai-stand-in";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const budget = (overrides: Partial<ConstructorParameters<typeof ModelBudget>[0]> = {}) =>
  new ModelBudget({ maxConcurrent: 1, requestsPerMinute: 0, tokensPerMinute: 0, maxRetryWaitMs: 60_000, ...overrides });

/** What an AI SDK call error looks like to the budget: a status code and the response's headers. */
function providerError(statusCode: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, responseHeaders: headers });
}

describe("ModelBudget", () => {
  it("is fair across runs: a run with 3 calls is not queued behind one with 30", async () => {
    const b = budget({ maxConcurrent: 2 });
    const started: string[] = [];
    const call = (run: string) => () =>
      b.run(
        100,
        async () => {
          started.push(run);
          await sleep(5);
        },
        () => 100,
        { runKey: run },
      );
    const big = Array.from({ length: 30 }, () => call("big-quote")());
    await sleep(1);
    const small = Array.from({ length: 3 }, () => call("small-quote")());
    await Promise.all([...big, ...small]);

    // FIFO would start the small quote's calls 31st to 33rd; the fair queue interleaves them.
    const smallStarts = started.flatMap((run, i) => (run === "small-quote" ? [i] : []));
    expect(smallStarts).toHaveLength(3);
    expect(Math.max(...smallStarts)).toBeLessThan(12);
  });

  it("caps the calls in flight at the configured concurrency", async () => {
    const b = budget({ maxConcurrent: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        b.run(
          10,
          async () => {
            most = Math.max(most, ++inFlight);
            await sleep(5);
            inFlight--;
          },
          () => 10,
        ),
      ),
    );
    expect(most).toBe(3);
  });

  it("waits out a 429 for as long as Retry-After says, holds other calls back too, and says it is waiting", async () => {
    const b = budget({ maxConcurrent: 4 });
    const waits: Array<[boolean, string]> = [];
    let attempts = 0;
    const firstAt = Date.now();
    let retriedAt = 0;
    const limited = b.run(
      10,
      async () => {
        if (++attempts === 1) throw providerError(429, { "Retry-After": "1" });
        retriedAt = Date.now();
        return "ok";
      },
      () => 10,
      { runKey: "q1", onWaitingChange: (w, reason) => waits.push([w, reason]) },
    );
    await sleep(50);
    let otherAt = 0;
    const other = b.run(
      10,
      async () => {
        otherAt = Date.now();
      },
      () => 10,
    );
    expect(await limited).toBe("ok");
    await other;

    expect(attempts).toBe(2);
    expect(retriedAt - firstAt).toBeGreaterThanOrEqual(950);
    // The provider's word holds for the account: a call made during the pause waited for it too.
    expect(otherAt - firstAt).toBeGreaterThanOrEqual(950);
    expect(waits[0]).toEqual([true, "the model provider answered HTTP 429; retrying in 1 s"]);
    expect(waits.at(-1)?.[0]).toBe(false);
  });

  it("retries a 5xx with backoff, and gives up on a 4xx at once", async () => {
    const b = budget();
    let attempts = 0;
    await expect(
      b.run(
        10,
        async () => {
          if (++attempts < 3) throw providerError(503);
          return "ok";
        },
        () => 10,
      ),
    ).resolves.toBe("ok");
    expect(attempts).toBe(3);

    let badRequests = 0;
    await expect(
      b.run(
        10,
        async () => {
          badRequests++;
          throw providerError(400);
        },
        () => 10,
      ),
    ).rejects.toThrow("HTTP 400");
    expect(badRequests).toBe(1);
  });

  it("reads Retry-After in seconds, as a date, and OpenAI's retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(providerError(429, { "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(providerError(429, { "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(providerError(429, { "retry-after-ms": "250", "retry-after": "1" }), now)).toBe(250);
    expect(retryAfterMs(providerError(429), now)).toBeUndefined();
  });

  it("keeps tokens per minute within budget: a call that would exceed it waits and says so", async () => {
    const b = budget({ maxConcurrent: 4, tokensPerMinute: 1_000 });
    await b.run(
      800,
      async () => "first",
      () => 900,
    );
    const waits: boolean[] = [];
    let second = false;
    const pending = b.run(
      500,
      async () => {
        second = true;
      },
      () => 500,
      { runKey: "q", onWaitingChange: (w) => waits.push(w) },
    );
    await sleep(300);
    expect(second).toBe(false);
    expect(waits).toEqual([true]);
    void pending;
  });

  it("refuses a bad setting, naming the variable", () => {
    expect(() => modelBudgetConfigFromEnv({ MODEL_MAX_CONCURRENCY: "0" })).toThrow("MODEL_MAX_CONCURRENCY");
    expect(() => modelBudgetConfigFromEnv({ MODEL_TOKENS_PER_MINUTE: "lots" })).toThrow("MODEL_TOKENS_PER_MINUTE");
    expect(modelBudgetConfigFromEnv({ MODEL_REQUESTS_PER_MINUTE: "500" }).requestsPerMinute).toBe(500);
  });
});

/** A provider that answers the first `limited` requests with 429 and Retry-After, then passes through. */
async function rateLimitedProxy(target: string, limited: number, retryAfterSeconds: number) {
  let seen = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (seen++ < limited) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfterSeconds) });
        res.end(JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } }));
        return;
      }
      fetch(`${target}${req.url?.replace(/^\/v1/, "") ?? ""}`, {
        method: req.method ?? "POST",
        headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
        body: Buffer.concat(chunks),
      })
        .then(async (upstream) => {
          res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "" });
          // Relayed chunk by chunk, so a streamed answer stays streamed.
          for await (const chunk of upstream.body ?? []) res.write(chunk);
          res.end();
        })
        .catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => seen };
}

describe("a run against a provider answering 429 with Retry-After", () => {
  it("completes every negotiation: waiting for capacity is said, and not counted against the time limit", async () => {
    const openai = await startOpenAIStandIn();
    cleanups.push(openai.close);
    const proxy = await rateLimitedProxy(openai.baseURL, 6, 2);
    const mastra = createMastra({
      // One call at a time for three negotiations: each spends most of its life waiting.
      modelBudget: budget({ maxConcurrent: 1 }),
      model: modelConfigFromEnv({
        OPENAI_API_KEY: "sk-test",
        OPENAI_MODEL: "gpt-test",
        OPENAI_BASE_URL: proxy.baseURL,
      }),
      storageUrl: ":memory:",
      // Shorter than the Retry-After waits alone (six 429s of 2 s, however the SDK's own retries and
      // the budget's share them, hold every call for over 6 s): only the paused clock lets the run
      // finish. Long enough for a negotiation's own calls on a loaded machine.
      negotiationTimeoutMs: 4_000,
      createSink: (input) => createTranscriptSink(mkdtempSync(path.join(tmpdir(), "budget-")), input.quoteId),
    });
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const startedAt = Date.now();
    const stream = run.stream({
      inputData: {
        products: [{ productId: "organic-tshirt", quantity: 2000, maxUnitPrice: 6 }],
        priorities: { price: 0.4, quality: 0.3, speed: 0.2, reliability: 0.1 },
        userNotes: "",
        quoteId: "q-429",
        userId: "u",
        negotiationIds: ["n1", "n2", "n3"],
        maxRounds: 3,
        award: "none",
      },
    });
    const events: NegotiationEvent[] = [];
    for await (const chunk of stream.fullStream) {
      if (chunk.type === "workflow-step-output" && isNegotiationEvent(chunk.payload.output))
        events.push(chunk.payload.output);
    }
    const outcome = await stream.result;
    const wallMs = Date.now() - startedAt;

    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    expect(outcome.result.results.map((r) => r.status)).not.toContain("failed");
    expect(wallMs).toBeGreaterThan(4_000);
    expect(proxy.requests()).toBeGreaterThan(6);
    const waits = events.filter((e) => e.type === "model-wait");
    expect(waits.some((w) => w.waiting && /HTTP 429/.test(w.reason))).toBe(true);
    expect(waits.some((w) => w.waiting && w.reason === "waiting for model capacity")).toBe(true);
    // Every wait that began also ended.
    for (const id of ["n1", "n2", "n3"]) {
      const own = waits.filter((w) => w.negotiationId === id);
      expect(own.filter((w) => w.waiting)).toHaveLength(own.filter((w) => !w.waiting).length);
    }
  }, 60_000);
});
