import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BRAND_AGENT_ID, createBrandAgent } from "../../mastra/agents/brand-agent";
import { SUPPLIER_AGENT_ID, createSupplierAgent } from "../../mastra/agents/supplier-agent";
import { createMastra } from "../../mastra/create-mastra";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { QUOTE } from "../helpers/negotiation-fixtures";

describe("negotiation turns run on agents without Memory; Studio's chat keeps its own", () => {
  it("a whole run never calls the memory-bearing agents Studio chats with", async () => {
    const mastra = createMastra(
      { model: { kind: "local", seed: 7, latencyMs: 0, tokenDelayMs: 0 }, storageUrl: ":memory:" },
      { TRANSCRIPT_DIR: mkdtempSync(path.join(tmpdir(), "transcripts-")) },
    );
    const studioBrand = mastra.getAgentById(BRAND_AGENT_ID);
    const studioSupplier = mastra.getAgentById(SUPPLIER_AGENT_ID);
    // The chat agents are still the memory-bearing ones.
    expect(studioBrand.hasOwnMemory()).toBe(true);
    expect(studioSupplier.hasOwnMemory()).toBe(true);
    const calls = [
      vi.spyOn(studioBrand, "generate"),
      vi.spyOn(studioBrand, "stream"),
      vi.spyOn(studioSupplier, "generate"),
      vi.spyOn(studioSupplier, "stream"),
    ];

    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const result = await run.start({
      inputData: { ...QUOTE, quoteId: "q-turns", userId: "u-1", negotiationIds: ["n1", "n2", "n3"], maxRounds: 3, award: "none" },
    });

    expect(result.status).toBe("success");
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
  });

  it("the agents made for turns carry no Memory", () => {
    const model = new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 });
    expect(createBrandAgent(model).hasOwnMemory()).toBe(false);
    expect(createSupplierAgent(model).hasOwnMemory()).toBe(false);
  });
});
