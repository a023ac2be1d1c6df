import { describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { DEFAULT_ENGINE, workflowEngineFromEnv } from "../../mastra/workflows/workflow-engine";

describe("WORKFLOW_ENGINE", () => {
  it("runs on Mastra's default engine unless told otherwise", () => {
    expect(workflowEngineFromEnv({})).toBe(DEFAULT_ENGINE);
    expect(workflowEngineFromEnv({ WORKFLOW_ENGINE: "default" }).name).toBe("default");
  });

  it("refuses inngest in this build, saying what it needs, before any run starts", () => {
    expect(() => workflowEngineFromEnv({ WORKFLOW_ENGINE: "inngest" })).toThrow(
      /WORKFLOW_ENGINE=inngest needs @mastra\/inngest and an Inngest server.*docs\/scaling\.md/,
    );
    expect(() =>
      createMastra(
        { model: { kind: "local", seed: 1, latencyMs: 0, tokenDelayMs: 0 }, storageUrl: ":memory:" },
        {
          WORKFLOW_ENGINE: "inngest",
        },
      ),
    ).toThrow("WORKFLOW_ENGINE=inngest");
  });

  it("names the variable for an unknown engine", () => {
    expect(() => workflowEngineFromEnv({ WORKFLOW_ENGINE: "temporal" })).toThrow(
      /WORKFLOW_ENGINE: must be default or inngest/,
    );
  });
});
