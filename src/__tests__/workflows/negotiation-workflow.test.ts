import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { isNegotiationEvent, type NegotiationEvent } from "../../mastra/workflows/negotiation-events";
import type { NegotiationWorkflowInput } from "../../mastra/workflows/workflow-schemas";
import { createTranscriptSink } from "../../mastra/storage/transcript-sink";
import { QUOTE } from "../helpers/negotiation-fixtures";
import { SlowForSupplierModel } from "../helpers/test-models";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { syntheticSuppliers } from "../../../bench/synthetic-suppliers";

const INPUT: NegotiationWorkflowInput = {
  ...QUOTE,
  quoteId: "q-1",
  userId: "u-1",
  negotiationIds: ["n1", "n2", "n3"],
  maxRounds: 4,
  // The negotiations are what these tests are about: the run stops at the recommendation.
  award: "none",
};

function mastraWithTranscripts() {
  const dir = mkdtempSync(path.join(tmpdir(), "transcripts-"));
  const mastra = createMastra(
    { model: { kind: "local", seed: 7, latencyMs: 5, tokenDelayMs: 1 }, storageUrl: ":memory:" },
    { TRANSCRIPT_DIR: dir },
  );
  return { mastra, dir };
}

describe("negotiation workflow through the Mastra instance", () => {
  it("negotiates every supplier, streams events live, keeps a transcript and recommends a deal", async () => {
    const { mastra, dir } = mastraWithTranscripts();
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const output = run.stream({ inputData: INPUT });
    const events: NegotiationEvent[] = [];
    let reportedUsage: unknown;
    for await (const chunk of output.fullStream) {
      if (chunk.type === "workflow-step-output" && isNegotiationEvent(chunk.payload.output))
        events.push(chunk.payload.output);
      if (chunk.type === "workflow-finish") reportedUsage = chunk.payload.output.usage;
    }
    const result = await output.result;

    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    const { results, recommendation, delivery } = result.result;
    // The run's own usage report adds up every negotiation's tokens.
    const spent = results.reduce((sum, r) => sum + r.usage.totalTokens, 0);
    expect(spent).toBeGreaterThan(1_000);
    expect(reportedUsage).toMatchObject({ totalTokens: spent });
    expect(results.map((r) => r.negotiationId)).toEqual(["n1", "n2", "n3"]);
    expect(results.map((r) => r.supplierId)).toEqual(["apex-textiles", "porto-knitworks", "anatolia-apparel"]);
    expect(recommendation.recommended).not.toBeNull();
    expect(recommendation.explanation).toContain(`We recommend ${recommendation.recommended!.supplierName}`);

    // Messages of different suppliers interleave in the stream: they ran at the same time.
    const ends = events.filter((e) => e.type === "message-end");
    const firstFinish = events.findIndex((e) => e.type === "status-change" && e.status !== "active");
    expect(new Set(ends.slice(0, 6).map((e) => e.supplierId)).size).toBe(3);
    expect(firstFinish).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === "message-delta").length).toBeGreaterThan(ends.length * 5);
    // Each delta carries only its new words; appended in order they make the final text.
    for (const end of ends) {
      const deltas = events.filter(
        (e) => e.type === "message-delta" && e.negotiationId === end.negotiationId && e.sequence === end.sequence,
      );
      expect(deltas.map((d) => (d.type === "message-delta" ? d.delta : "")).join("")).toBe(end.content);
      expect(deltas.every((d) => !("text" in d))).toBe(true);
    }

    // The local sink wrote every final message, in order, one line each.
    const lines = readFileSync(path.join(dir, "q-1.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; negotiationId: string; sequence?: number });
    const total = results.reduce((sum, r) => sum + r.messageCount, 0);
    expect(lines.filter((l) => l.event === "message")).toHaveLength(total);
    expect(lines.filter((l) => l.event === "message" && l.negotiationId === "n1").map((l) => l.sequence)).toEqual([
      ...Array(results[0]!.messageCount).keys(),
    ]);
    expect(delivery).toMatchObject({ delivered: lines.length, undelivered: [] });
  });

  it("stops every negotiation promptly when the run is cancelled", async () => {
    // Paced so that running to the end would take far longer than any allowance below.
    const mastra = createMastra(
      { model: { kind: "local", seed: 7, latencyMs: 150, tokenDelayMs: 60 }, storageUrl: ":memory:" },
      { TRANSCRIPT_DIR: mkdtempSync(path.join(tmpdir(), "t-")) },
    );
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const output = run.stream({ inputData: INPUT });
    const statuses: string[] = [];
    let cancelledAt = 0;
    for await (const chunk of output.fullStream) {
      if (chunk.type !== "workflow-step-output" || !isNegotiationEvent(chunk.payload.output)) continue;
      const event = chunk.payload.output;
      if (event.type === "message-delta" && !cancelledAt) {
        cancelledAt = Date.now();
        void run.cancel();
      }
      if (event.type === "status-change") statuses.push(`${event.supplierId}:${event.status}`);
    }
    const result = await output.result;
    expect(result.status).toBe("canceled");
    // A negotiation at this pace runs for well over 20 s; stopping takes a fraction of that even on a busy machine.
    expect(Date.now() - cancelledAt).toBeLessThan(8_000);
    expect(statuses.filter((s) => s.endsWith(":cancelled")).sort()).toEqual([
      "anatolia-apparel:cancelled",
      "apex-textiles:cancelled",
      "porto-knitworks:cancelled",
    ]);
  });

  it("fails a negotiation that runs past the timeout, with the reason, leaving the others alone", async () => {
    const mastra = createMastra({
      // Each of Porto's model calls would take two minutes; the others answer at once.
      languageModel: new SlowForSupplierModel("porto-knitworks", 120_000),
      storageUrl: ":memory:",
      // Long enough for the instant negotiations to finish on a busy machine.
      negotiationTimeoutMs: 6_000,
      createSink: () => createTranscriptSink(mkdtempSync(path.join(tmpdir(), "t-")), "q-timeout"),
    });
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const startedAt = Date.now();
    const outcome = await run.start({ inputData: INPUT });

    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    // Ended by the timeout, not by Porto's two-minute calls.
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    expect(outcome.result.results.map((r) => [r.supplierId, r.status, r.reason ?? ""])).toEqual([
      ["apex-textiles", "completed", ""],
      ["porto-knitworks", "failed", "timed out before reaching an agreement"],
      ["anatolia-apparel", "completed", ""],
    ]);
  });

  it("records on the quote that the run failed when a step throws", async () => {
    const failures: string[] = [];
    let sinks = 0;
    const mastra = createMastra({
      model: { kind: "local", seed: 7, latencyMs: 0, tokenDelayMs: 0 },
      storageUrl: ":memory:",
      createSink: (input) => {
        if (sinks++ === 0) throw new Error("transcript disk is full");
        const sink = createTranscriptSink(mkdtempSync(path.join(tmpdir(), "t-")), input.quoteId);
        return { ...sink, recordFailure: (quoteId, reason) => failures.push(`${quoteId}: ${reason}`) };
      },
    });
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.start({ inputData: INPUT });

    expect(outcome.status).toBe("failed");
    await vi.waitFor(() => expect(failures).toEqual(["q-1: the negotiation run failed: transcript disk is full"]));
  });

  it("negotiates with the suppliers its input brings as data, through the one supplier agent", async () => {
    const { mastra, dir } = mastraWithTranscripts();
    const suppliers = syntheticSuppliers(4).slice(2);
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.start({
      inputData: { ...INPUT, suppliers, supplierIds: undefined, negotiationIds: ["n1", "n2"] },
    });
    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    expect(outcome.result.results.map((r) => [r.negotiationId, r.supplierId, r.supplierName])).toEqual([
      ["n1", suppliers[0]!.id, suppliers[0]!.name],
      ["n2", suppliers[1]!.id, suppliers[1]!.name],
    ]);
    // Each supplier spoke as itself: its messages name no other supplier.
    const transcript = readFileSync(path.join(dir, "q-1.jsonl"), "utf8");
    for (const supplier of suppliers) expect(transcript).toContain(supplier.name);
    expect(transcript).not.toContain("Apex Textiles");
  });

  it("a supplier in person cannot be heard by a local run: that negotiation fails saying so, the others go on", async () => {
    const { mastra } = mastraWithTranscripts();
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.start({ inputData: { ...INPUT, inPersonSupplierIds: ["porto-knitworks"] } });
    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    const [apex, porto] = outcome.result.results;
    expect(porto).toMatchObject({ status: "failed", messageCount: 0 });
    expect(porto?.reason).toMatch(/Porto Knitworks answers in person, which needs the buyer's app/);
    expect(["completed", "impasse"]).toContain(apex?.status);
  });

  describe("fails a run with bad input at once, naming the field, instead of leaving it pending", () => {
    it.each([
      [
        "an unknown product",
        { ...INPUT, products: [{ productId: "silk-scarf", quantity: 10 }] },
        /products\[0\]\.productId: unknown product "silk-scarf"/,
      ],
      [
        "a zero quantity",
        { ...INPUT, products: [{ productId: "canvas-tote", quantity: 0 }] },
        /products\[0\]\.quantity: quantity must be greater than 0/,
      ],
      [
        "a negative quantity",
        { ...INPUT, products: [{ productId: "canvas-tote", quantity: -5 }] },
        /products\[0\]\.quantity: quantity must be greater than 0/,
      ],
      [
        "a weight that is not a number",
        { ...INPUT, priorities: { ...INPUT.priorities, speed: "fast" } },
        /priorities\.speed: speed must be a number/,
      ],
      [
        "the wrong number of negotiation ids",
        { ...INPUT, negotiationIds: ["n1", "n2"] },
        /negotiationIds: expected 3 negotiation ids/,
      ],
      [
        "a supplier id the run's suppliers do not hold",
        { ...INPUT, suppliers: [BUILT_IN_SUPPLIERS[0]], supplierIds: ["porto-knitworks"], negotiationIds: ["n1"] },
        /supplierIds\[0\]: unknown supplier "porto-knitworks"; known suppliers: apex-textiles/,
      ],
      [
        "a supplier profile with a floor above its list price",
        { ...INPUT, suppliers: [{ ...BUILT_IN_SUPPLIERS[0], floorRatio: 1.4 }], negotiationIds: ["n1"] },
        /suppliers\[0\]\.floorRatio: floorRatio must be from 0\.3 to 1/,
      ],
      [
        "the same supplier twice",
        { ...INPUT, suppliers: [BUILT_IN_SUPPLIERS[0], BUILT_IN_SUPPLIERS[0]], negotiationIds: ["n1", "n2"] },
        /suppliers\[1\]\.id: "apex-textiles" is listed twice/,
      ],
      [
        "51 suppliers",
        { ...INPUT, suppliers: syntheticSuppliers(51), negotiationIds: undefined },
        /suppliers: suppliers may hold at most 50 suppliers/,
      ],
    ])("%s", async (_label, inputData, message) => {
      const { mastra } = mastraWithTranscripts();
      const workflow = mastra.getWorkflow("negotiationWorkflow");
      const run = await workflow.createRun();
      // Deliberately untyped: these are the payloads a client could send over HTTP.
      const outcome = await run.start({ inputData: inputData as NegotiationWorkflowInput });
      expect(outcome.status).toBe("failed");
      const error = outcome.status === "failed" ? outcome.error : undefined;
      expect(error?.message).toMatch(/^invalid workflow input:\n/);
      expect(error?.message).toMatch(message);
      // The run list says so too: failed, not "pending" forever.
      expect((await workflow.getWorkflowRunById(run.runId))?.status).toBe("failed");
    });
  });
});
