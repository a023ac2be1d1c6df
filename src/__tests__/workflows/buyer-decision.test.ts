import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import type { NegotiationWorkflowInput } from "../../mastra/workflows/workflow-schemas";
import { QUOTE } from "../helpers/negotiation-fixtures";

const INPUT: NegotiationWorkflowInput = { ...QUOTE, quoteId: "q-decide", userId: "u-1", maxRounds: 4 };

function mastraWithTranscripts() {
  const dir = mkdtempSync(path.join(tmpdir(), "decision-"));
  const mastra = createMastra(
    { model: { kind: "local", seed: 7, latencyMs: 1, tokenDelayMs: 0 }, storageUrl: ":memory:" },
    { TRANSCRIPT_DIR: dir },
  );
  return { mastra, transcript: () => readTranscript(path.join(dir, "q-decide.jsonl")) };
}

interface Line {
  event: string;
  negotiationId: string;
  supplierId?: string;
  sequence?: number;
  sender?: string;
  content?: string;
  decision?: string;
  status?: string;
}

function readTranscript(file: string): Line[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
}

describe("the buyer decides", () => {
  it("waits for the buyer after the recommendation, then confirms the award and declines every other deal", async () => {
    const { mastra, transcript } = mastraWithTranscripts();
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const waiting = await run.start({ inputData: INPUT });

    expect(waiting.status).toBe("suspended");
    if (waiting.status !== "suspended") return;
    const payload = waiting.steps["await-decision"]?.suspendPayload as {
      recommendedSupplierId: string | null;
      deals: { supplierId: string; supplierName: string; totalPrice: number }[];
    };
    expect(payload.deals.length).toBeGreaterThanOrEqual(2);
    expect(payload.recommendedSupplierId).not.toBeNull();
    // Nothing is said to any supplier while the buyer decides.
    expect(transcript().filter((l) => l.decision === "confirm-order" || l.decision === "decline-order")).toEqual([]);

    const winner = payload.recommendedSupplierId!;
    const done = await run.resume({ step: "await-decision", resumeData: { decision: "award", supplierId: winner } });
    expect(done.status).toBe("success");
    if (done.status !== "success") return;
    const { closings, decision } = done.result;
    expect(decision).toEqual({ decision: "award", supplierId: winner });
    expect(closings.map((c) => c.outcome).sort()).toEqual(
      payload.deals.map((d) => (d.supplierId === winner ? "awarded" : "declined")).sort(),
    );

    const lines = transcript();
    const confirmation = lines.find((l) => l.event === "message" && l.decision === "confirm-order");
    expect(confirmation?.supplierId).toBe(winner);
    expect(confirmation?.content).toMatch(/approved your offer/);
    const declines = lines.filter((l) => l.event === "message" && l.decision === "decline-order");
    expect(declines).toHaveLength(payload.deals.length - 1);
    for (const decline of declines) {
      // A decline names no other supplier and states no price.
      const others = payload.deals.filter((d) => d.supplierId !== decline.supplierId).map((d) => d.supplierName);
      for (const name of others) expect(decline.content).not.toContain(name);
      expect(decline.content).not.toMatch(/\$\d/);
    }
    // Each closing message comes right after its negotiation's last one.
    for (const closing of closings) {
      const before = lines.filter((l) => l.event === "message" && l.negotiationId === closing.negotiationId);
      expect(before.map((l) => l.sequence)).toEqual([...Array(closing.sequence + 1).keys()]);
    }
    expect(lines.filter((l) => l.event === "status" && l.status === "awarded").map((l) => l.supplierId)).toEqual([
      winner,
    ]);
  });

  it("refuses to award a supplier it has no deal with and goes on waiting; a decline then closes every deal", async () => {
    const { mastra, transcript } = mastraWithTranscripts();
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    expect((await run.start({ inputData: INPUT })).status).toBe("suspended");
    const refused = await run.resume({
      step: "await-decision",
      resumeData: { decision: "award", supplierId: "nobody" },
    });
    expect(refused.status).toBe("suspended");
    if (refused.status === "suspended") {
      expect(refused.steps["await-decision"]?.suspendPayload).toMatchObject({
        problem: expect.stringMatching(/cannot award "nobody"/),
      });
    }
    const declined = await run.resume({ step: "await-decision", resumeData: { decision: "decline" } });
    expect(declined.status).toBe("success");
    if (declined.status !== "success") return;
    expect(declined.result.closings.every((c) => c.outcome === "declined")).toBe(true);
    expect(transcript().filter((l) => l.decision === "decline-order")).toHaveLength(declined.result.closings.length);
    expect(transcript().filter((l) => l.decision === "confirm-order")).toEqual([]);
  });

  it("awards the recommendation by itself when told to, and stops at the recommendation when told not to decide", async () => {
    const { mastra } = mastraWithTranscripts();
    const auto = await (
      await mastra.getWorkflow("negotiationWorkflow").createRun()
    ).start({
      inputData: { ...INPUT, award: "recommended" },
    });
    expect(auto.status).toBe("success");
    if (auto.status === "success") {
      expect(auto.result.decision).toEqual({
        decision: "award",
        supplierId: auto.result.recommendation.recommended?.supplierId,
      });
      expect(auto.result.closings.some((c) => c.outcome === "awarded")).toBe(true);
    }
    const none = await (
      await mastra.getWorkflow("negotiationWorkflow").createRun()
    ).start({
      inputData: { ...INPUT, quoteId: "q-none", award: "none" },
    });
    expect(none.status).toBe("success");
    if (none.status === "success") expect(none.result.closings).toEqual([]);
  });
});
