import { ConvexHttpClient } from "convex/browser";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import type { NegotiationMessage } from "../../mastra/negotiation/negotiation-types";
import { MessagePersister } from "../../mastra/storage/message-persister";
import { fanOut, type NegotiationSink } from "../../mastra/storage/negotiation-sink";
import { api, internal } from "../../server/_generated/api";
import { syntheticSuppliers } from "../../../bench/synthetic-suppliers";
import type { Doc, Id } from "../../server/_generated/dataModel";
import { generateAuthKeys } from "../../dev-backend/auth-keys";
import { startLocalBackend } from "../../dev-backend/local-backend";
import { FaultyNetwork, type Faults } from "../helpers/faults";
import { startMastraHttpServer } from "../helpers/mastra-http-server";
import { signJwt } from "../../shared/run-credentials";
import { signUp } from "../helpers/sign-up";
import { AUTH_SECRET, newBackend } from "../server/harness";

const QUOTE = {
  products: [
    { productId: "organic-tshirt", quantity: 2000, maxUnitPrice: 6 },
    { productId: "canvas-tote", quantity: 800, maxUnitPrice: 3.3 },
  ],
  priorities: { price: 0.4, quality: 0.3, speed: 0.2, reliability: 0.1 },
  userNotes: "GOTS-certified cotton only.",
  maxLeadTimeDays: 45,
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  vi.unstubAllEnvs();
});

interface Snapshot {
  at: number;
  statuses: string[];
  messages: number;
}

/**
 * The whole path, every piece real but the model's latency and the Convex deployment:
 * buyer signs up (Convex Auth) → quotes.create (real ConvexHttpClient → local backend → real functions) → scheduled action →
 * Mastra REST API → workflow → MessagePersister (real ConvexHttpClient) → local backend, with the buyer
 * polling listByQuote/listMessages the whole time. Faults are injected at the first message the buyer
 * sees, or by the number of requests the workflow has made (not by the clock, which a busy machine
 * stretches: the run must still be writing when a fault is due).
 */
async function negotiateThroughConvex(options: {
  quote?: typeof QUOTE & { supplierIds?: string[]; maxRounds?: number };
  /** Runs against the deployment before the buyer asks for the quote (an operator's writes). */
  setUp?: (backend: ReturnType<typeof newBackend>) => Promise<void>;
  faults?: Partial<Faults>;
  onFirstMessage?: (faults: Faults) => void;
  onWorkflowRequest?: (ordinal: number, faults: Faults) => void;
}) {
  const t = newBackend();
  await options.setUp?.(t);
  const network = new FaultyNetwork(options.faults, options.onWorkflowRequest);
  const convex = await startLocalBackend({ backend: t, conditions: network });
  cleanups.push(convex.close);
  const keys = await generateAuthKeys();
  vi.stubEnv("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY);
  vi.stubEnv("JWKS", keys.JWKS);
  vi.stubEnv("CONVEX_SITE_URL", convex.url);
  const truth: NegotiationMessage[] = [];
  const persisterWarnings: string[] = [];
  const mastra = createMastra({
    model: { kind: "local", seed: 7, latencyMs: 25, tokenDelayMs: 4 },
    storageUrl: ":memory:",
    authSecret: AUTH_SECRET,
    createSink: (target): NegotiationSink => {
      // Only a run Convex started (signed grant → write token) may write to Convex.
      if (target.writeToken === undefined) throw new Error(`run for ${target.quoteId} has no write token`);
      const persister = new MessagePersister({
        convexUrl: convex.url,
        writeToken: target.writeToken,
        requestTimeoutMs: 2_000,
        retry: { minDelayMs: 50, maxDelayMs: 1_000, maxRetryTimeMs: 30_000 },
        warn: (m) => persisterWarnings.push(m),
      });
      const recorder = {
        onMessage: (m: NegotiationMessage) => truth.push(m),
        onStatusChange() {},
        onOfferReceived() {},
      };
      return {
        ...fanOut(recorder, persister),
        recordRecommendation: (quoteId, recommendation) => persister.recordRecommendation(quoteId, recommendation),
        recordFailure: (quoteId, reason) => persister.recordFailure(quoteId, reason),
        flush: () => persister.flush(),
      };
    },
  });
  const mastraServer = await startMastraHttpServer(mastra);
  cleanups.push(mastraServer.close);
  vi.stubEnv("MASTRA_AUTH_SECRET", AUTH_SECRET);
  vi.stubEnv("MASTRA_URL", mastraServer.url);

  const buyer = new ConvexHttpClient(convex.url, { skipConvexDeploymentUrlCheck: true, logger: false });
  buyer.setAuth(await signUp(convex.url, "alice@example.com"));
  const quoteId = await buyer.mutation(api.quotes.create, options.quote ?? QUOTE);

  const snapshots: Snapshot[] = [];
  let quote: Doc<"quotes"> | null = null;
  let sawFirstMessage = false;
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    quote = await buyer.query(api.quotes.get, { quoteId });
    const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
    let messages = 0;
    for (const n of negotiations)
      messages += (await buyer.query(api.negotiations.listMessages, { negotiationId: n._id })).length;
    snapshots.push({ at: Date.now(), statuses: negotiations.map((n) => n.status), messages });
    if (messages > 0 && !sawFirstMessage) {
      sawFirstMessage = true;
      options.onFirstMessage?.(network.faults);
    }
    if (quote && ["completed", "failed", "cancelled"].includes(quote.status)) break;
    await sleep(40);
  }
  const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
  const stored = new Map<Id<"negotiations">, Doc<"messages">[]>();
  for (const n of negotiations)
    stored.set(n._id, await buyer.query(api.negotiations.listMessages, { negotiationId: n._id }));
  const run = (await (
    await fetch(`${mastraServer.url}/api/workflows/negotiationWorkflow/runs/${quote?.workflowRunId}`, {
      // Convex's own kind of token, naming the run: a developer's token no longer opens it.
      headers: {
        authorization: `Bearer ${await signJwt({ sub: "convex", runId: quote!.workflowRunId! }, AUTH_SECRET, 60)}`,
      },
    })
  ).json()) as { status: string; result?: RunOutput; steps?: Record<string, { output?: RunOutput }> };
  return {
    quote,
    negotiations,
    stored,
    truth,
    snapshots,
    run,
    injectedFailures: network.injectedFailures,
    persisterWarnings,
  };
}

type Outcome = Awaited<ReturnType<typeof negotiateThroughConvex>>;

interface RunOutput {
  delivery: { delivered: number; retried: number; undelivered: unknown[] };
  results: { negotiationId: string; status: string; messageCount: number; durationMs: number }[];
}

/** 0 lost, 0 duplicated, 0 reordered: Convex holds exactly the engine's messages, in order, final. */
function expectLossless({ stored, truth, negotiations, run, quote }: Outcome) {
  expect(quote?.status).toBe("completed");
  // The run has recommended and now waits for the buyer's decision, holding nothing meanwhile.
  expect(run.status).toBe("suspended");
  const output = run.steps?.["evaluate-offers"]?.output;
  expect(output?.delivery.undelivered).toEqual([]);
  for (const negotiation of negotiations) {
    const expected = truth.filter((m) => m.negotiationId === negotiation._id).sort((a, b) => a.sequence - b.sequence);
    const rows = stored.get(negotiation._id) ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.sequence, r.sender, r.content, r.isPartial])).toEqual(
      expected.map((m) => [m.sequence, m.sender, m.content, false]),
    );
    expect(rows.map((r) => r.sequence)).toEqual(expected.map((_, i) => i));
    const result = output?.results.find((r) => r.negotiationId === negotiation._id);
    expect(negotiation.status).toBe(result?.status);
    expect(rows).toHaveLength(result?.messageCount ?? -1);
  }
}

describe("end to end through Convex (real ConvexHttpClient, real functions, local backend)", () => {
  it("a created quote starts the workflow by itself; messages are visible live and complete after", async () => {
    const outcome = await negotiateThroughConvex({ faults: { roundTripMs: 30 } });
    expectLossless(outcome);

    // While negotiations were still active the buyer already saw messages.
    expect(outcome.snapshots.some((s) => s.messages > 0 && s.statuses.includes("active"))).toBe(true);
    // …and saw the count grow over several polls rather than all at once.
    expect(new Set(outcome.snapshots.map((s) => s.messages)).size).toBeGreaterThan(3);
    expect(outcome.quote?.recommendation?.explanation).toMatch(/^We recommend /);
    expect(outcome.quote?.workflowRunId).toBeTruthy();
    // Token usage and model are recorded per message.
    const anyRow = [...outcome.stored.values()][0]![0]!;
    expect(anyRow.metadata).toMatchObject({ model: "local-negotiator-v1" });
    expect(anyRow.metadata?.totalTokens).toBeGreaterThan(0);
  });

  it("survives 5xx bursts with nothing lost, duplicated or reordered", async () => {
    const outcome = await negotiateThroughConvex({
      faults: { roundTripMs: 10 },
      onWorkflowRequest: (ordinal, faults) => {
        // A burst of four 503s every fifth workflow request, six bursts in all. A run makes about
        // 50 requests (16 messages, their offers and statuses), at least 40 however it is paced.
        if (ordinal % 5 === 0 && ordinal <= 30) faults.serverErrors += 4;
      },
    });
    expectLossless(outcome);
    expect(outcome.injectedFailures).toBe(24);
    expect(outcome.run.steps?.["evaluate-offers"]?.output?.delivery.retried).toBeGreaterThanOrEqual(24);
  });

  it("survives dropped connections, before and after the write commits, without duplicates", async () => {
    const outcome = await negotiateThroughConvex({
      faults: { roundTripMs: 10 },
      onWorkflowRequest: (ordinal, faults) => {
        // Two drops before the write commits and two after, every fifth workflow request, six times.
        if (ordinal % 5 === 0 && ordinal <= 30) {
          faults.dropsBeforeCommit += 2;
          faults.dropsAfterCommit += 2;
        }
      },
    });
    expectLossless(outcome);
    expect(outcome.injectedFailures).toBe(24);
  });

  it("a quote with 50 suppliers an operator added runs end to end, every negotiation lossless", async () => {
    const suppliers = syntheticSuppliers(50);
    const outcome = await negotiateThroughConvex({
      setUp: async (t) => {
        for (const supplier of suppliers) await t.mutation(internal.suppliers.upsert, supplier);
      },
      quote: { ...QUOTE, supplierIds: suppliers.map((s) => s.id), maxRounds: 1 },
      faults: { roundTripMs: 10 },
    });
    expectLossless(outcome);
    expect(outcome.negotiations.map((n) => n.supplierName)).toEqual(suppliers.map((s) => s.name));
    const recommended = outcome.quote?.recommendation?.recommendedSupplierId;
    expect(suppliers.map((s) => s.id)).toContain(recommended);
  });

  it("rides out a 10 s Convex outage in the middle of a run", async () => {
    const outage = { from: 0, until: 0 };
    const outcome = await negotiateThroughConvex({
      faults: { roundTripMs: 10 },
      onFirstMessage: (faults) => {
        outage.from = Date.now();
        outage.until = faults.outageUntil = outage.from + 10_000;
      },
    });
    expectLossless(outcome);
    expect(outcome.persisterWarnings.some((w) => w.startsWith("retrying"))).toBe(true);
    // The negotiations did not wait for Convex: the engine went on writing messages while it was down.
    const writtenDuringOutage = outcome.truth.filter((m) => m.createdAt > outage.from && m.createdAt < outage.until);
    expect(writtenDuringOutage.length).toBeGreaterThan(5);
    expect(outcome.run.steps?.["evaluate-offers"]?.output?.delivery.retried).toBeGreaterThan(0);
  });
});
