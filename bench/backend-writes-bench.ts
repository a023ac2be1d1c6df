import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ConvexHttpClient } from "convex/browser";
import { startLocalBackend } from "../src/dev-backend/local-backend";
import { BUILT_IN_SUPPLIERS } from "../src/domain/suppliers";
import { api } from "../src/server/_generated/api";
import type { Id } from "../src/server/_generated/dataModel";
import { deriveWriteToken } from "../src/shared/run-credentials";
import { AUTH_SECRET, seedQuotes } from "./scale-bench";

export interface WritesResult {
  mode: "memory" | "data folder";
  writes: number;
  writesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/** Quotes seeded per three writers: enough for ten seconds at two thousand writes a second. */
const SLOTS_PER_LANE = 24;

/** A message of about the size a negotiation writes. */
const CONTENT = "We can meet you at 5.40 per unit for 2,000 pieces, net-30, delivery in 28 days. ".repeat(5);

/**
 * The local backend's write throughput: `lanes` writers (three per quote, as a run's negotiations
 * write) each keep one `negotiations.addMessage` in flight for `seconds`, over real HTTP, first
 * against a backend in memory and then against one keeping a data folder (every write synced
 * before it is answered).
 */
export async function benchBackendWrites(seconds: number, lanes: number): Promise<WritesResult[]> {
  const results: WritesResult[] = [];
  for (const mode of ["memory", "data folder"] as const) {
    const dir = mode === "data folder" ? await mkdtemp(path.join(os.tmpdir(), "writes-bench-")) : undefined;
    const backend = await startLocalBackend({ pollIntervalMs: 60_000, ...(dir ? { dataDir: dir } : {}) });
    try {
      // A negotiation holds at most nine messages (maxRounds 4): a writer moves on to the next one.
      const quotes = await seedQuotes(backend, Math.ceil(lanes / 3) * SLOTS_PER_LANE, BUILT_IN_SUPPLIERS);
      const slots = (async function* () {
        for (const quote of quotes) {
          const writeToken = await deriveWriteToken(AUTH_SECRET, {
            quoteId: quote.quoteId,
            runId: quote.runId ?? quote.quoteId,
            runNonce: quote.runNonce ?? "",
          });
          for (const negotiationId of quote.negotiationIds ?? []) yield { writeToken, negotiationId };
        }
      })();
      const latencies: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      const started = performance.now();
      const lane = async () => {
        const client = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
        for (let slot = await slots.next(); !slot.done && performance.now() < deadline; slot = await slots.next()) {
          for (let sequence = 0; sequence < 9 && performance.now() < deadline; sequence++) {
            const sent = performance.now();
            await client.mutation(api.negotiations.addMessage, {
              writeToken: slot.value.writeToken,
              negotiationId: slot.value.negotiationId as Id<"negotiations">,
              sequence,
              sender: sequence % 2 === 0 ? "brand" : "supplier",
              content: CONTENT,
              createdAt: Date.now(),
            });
            latencies.push(performance.now() - sent);
          }
        }
      };
      await Promise.all(Array.from({ length: lanes }, lane));
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      if (latencies.length === quotes.length * 3 * 9)
        console.warn("  (every seeded negotiation was written: seed more)");
      results.push({
        mode,
        writes: latencies.length,
        writesPerSecond: latencies.length / elapsed,
        p50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
        p95Ms: latencies[Math.floor(latencies.length * 0.95)] ?? 0,
      });
    } finally {
      await backend.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }
  return results;
}
