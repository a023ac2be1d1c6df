import { builtInSupplier } from "../../domain/suppliers";
import { describe, expect, it } from "vitest";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import { createMastra } from "../../mastra/create-mastra";
import type { NegotiationSink } from "../../mastra/storage/negotiation-sink";
import { FailingForSupplierModel } from "../helpers/test-models";
import { contextFor, QUOTE, recordingCallbacks } from "../helpers/negotiation-fixtures";

const LATENCY = { seed: 7, latencyMs: 40, tokenDelayMs: 2 };

/** A sink that only records, so these tests measure the negotiations, not a disk. */
function recordingSink(rec: ReturnType<typeof recordingCallbacks>): NegotiationSink {
  return {
    ...rec.callbacks,
    recordRecommendation: () => {},
    recordFailure: () => {},
    flush: async () => ({ destination: "memory", delivered: rec.events.length, retried: 0, undelivered: [] }),
  };
}

describe("parallel execution of supplier negotiations", () => {
  it("runs all negotiations concurrently: wall time far below the sum of their durations", async () => {
    const model = new LocalNegotiationModel(LATENCY);
    const startedAt = Date.now();
    const settled = await Promise.allSettled(
      BUILT_IN_SUPPLIERS.map((s) => runSupplierNegotiation(s, contextFor(s.id, model), recordingCallbacks().callbacks)),
    );
    const wall = Date.now() - startedAt;
    const results = settled.map((s) => (s.status === "fulfilled" ? s.value : undefined));
    const durations = results.map((r) => r?.durationMs ?? 0);
    const sum = durations.reduce((a, b) => a + b, 0);

    expect(results.every((r) => r && r.status !== "failed")).toBe(true);
    // Sequential would take `sum`; concurrent takes about the slowest one. Generous margin for a busy machine.
    expect(wall).toBeLessThan(sum * 0.75);
    expect(wall).toBeLessThan(Math.max(...durations) * 1.5 + 200);
  });

  it("isolates a failing supplier: the others complete untouched and the failure is recorded with its reason", async () => {
    const rec = recordingCallbacks();
    const mastra = createMastra({
      languageModel: new FailingForSupplierModel("porto-knitworks", LATENCY),
      storageUrl: ":memory:",
      createSink: () => recordingSink(rec),
    });
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.start({
      inputData: {
        ...QUOTE,
        quoteId: "q-isolation",
        userId: "u1",
        negotiationIds: ["n-apex", "n-porto", "n-anatolia"],
        maxRounds: 4,
        award: "none",
      },
    });

    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    const bySupplier = Object.fromEntries(outcome.result.results.map((r) => [r.supplierId, r]));
    expect(bySupplier["porto-knitworks"]!.status).toBe("failed");
    expect(bySupplier["porto-knitworks"]!.reason).toContain("503 Service Unavailable");
    expect(bySupplier["apex-textiles"]!.status).toBe("completed");
    expect(bySupplier["anatolia-apparel"]!.status).toBe("completed");
    // The recommendation is made from the healthy negotiations and mentions the failure.
    expect(outcome.result.recommendation.recommended?.supplierId).not.toBe("porto-knitworks");
    expect(outcome.result.recommendation.explanation).toContain("Porto Knitworks (failed");
    expect(
      rec.events
        .filter((e) => e.kind === "status" && e.value.negotiationId === "n-porto")
        .map((e) => e.kind === "status" && e.value.status),
    ).toEqual(["active", "failed"]);
  });

  it("calls onMessage at least twice a round, in order", async () => {
    const model = new LocalNegotiationModel({ seed: 3, latencyMs: 0, tokenDelayMs: 0 });
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
      contextFor("porto-knitworks", model),
      rec.callbacks,
    );
    const messages = rec.messages();

    const perRound = new Map<number, number>();
    for (const m of messages) perRound.set(m.round, (perRound.get(m.round) ?? 0) + 1);
    for (let round = 1; round <= result.rounds; round++) expect(perRound.get(round) ?? 0).toBeGreaterThanOrEqual(2);
    // Sequence numbers count up without gaps; rounds never go back; brand and supplier take turns.
    expect(messages.map((m) => m.sequence)).toEqual(messages.map((_, i) => i));
    expect(messages.map((m) => m.round)).toEqual([...messages.map((m) => m.round)].sort((a, b) => a - b));
    messages.slice(0, -1).forEach((m, i) => {
      if (messages[i + 1]!.round === m.round) expect(messages[i + 1]!.sender).not.toBe(m.sender);
    });
    // Each message streamed before it was final: its deltas add up to its content.
    for (const m of messages) {
      const deltas = rec.events.flatMap((e) =>
        e.kind === "delta" && e.value.sequence === m.sequence ? [e.value.delta] : [],
      );
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe(m.content);
    }
  });
});
