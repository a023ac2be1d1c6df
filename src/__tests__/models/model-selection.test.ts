import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { createNegotiationModel } from "../../mastra/models/create-model";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { modelConfigFromEnv } from "../../mastra/models/model-config";
import { createTranscriptSink } from "../../mastra/storage/transcript-sink";
import { QUOTE } from "../helpers/negotiation-fixtures";
import { startOpenAIStandIn } from "../helpers/openai-stand-in";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("model selection", () => {
  it("runs offline on the local negotiation model when no OpenAI key is set", () => {
    expect(modelConfigFromEnv({})).toEqual({ kind: "local", seed: 7, latencyMs: 300, tokenDelayMs: 18 });
    expect(modelConfigFromEnv({ OPENAI_API_KEY: "", LOCAL_MODEL_SEED: "42", LOCAL_MODEL_LATENCY_MS: "0" })).toEqual({
      kind: "local",
      seed: 42,
      latencyMs: 0,
      tokenDelayMs: 18,
    });
    expect(createNegotiationModel(modelConfigFromEnv({}))).toBeInstanceOf(LocalNegotiationModel);
  });

  it("uses OpenAI when OPENAI_API_KEY is set, with the configured model and base URL", () => {
    const config = modelConfigFromEnv({
      OPENAI_API_KEY: "sk-live",
      OPENAI_MODEL: "gpt-4.1-mini",
      OPENAI_BASE_URL: "https://proxy.example/v1",
    });
    expect(config).toEqual({
      kind: "openai",
      apiKey: "sk-live",
      modelName: "gpt-4.1-mini",
      baseURL: "https://proxy.example/v1",
    });
    const model = createNegotiationModel(config);
    expect(model.modelId).toBe("gpt-4.1-mini");
    expect(model.provider).toBe("openai.chat");
    expect(createNegotiationModel(modelConfigFromEnv({ OPENAI_API_KEY: "sk-live" })).modelId).toBe("gpt-4o-mini");
  });

  it("rejects a bad configuration, naming the variable", () => {
    expect(() => modelConfigFromEnv({ OPENAI_API_KEY: "sk", OPENAI_BASE_URL: "not a url" })).toThrow(
      "Invalid model configuration:\nOPENAI_BASE_URL: must be a URL",
    );
    expect(() => modelConfigFromEnv({ LOCAL_MODEL_SEED: "1.5" })).toThrow(
      "Invalid model configuration:\nLOCAL_MODEL_SEED: must be a whole number",
    );
    expect(() => modelConfigFromEnv({ LOCAL_MODEL_TOKEN_DELAY_MS: "-1" })).toThrow(
      "Invalid model configuration:\nLOCAL_MODEL_TOKEN_DELAY_MS: must not be negative",
    );
  });

  it("negotiates through the same agents and workflow against an OpenAI-compatible API", async () => {
    const openai = await startOpenAIStandIn();
    cleanups.push(openai.close);
    const config = modelConfigFromEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_MODEL: "gpt-test",
      OPENAI_BASE_URL: openai.baseURL,
    });
    const mastra = createMastra({
      model: config,
      storageUrl: ":memory:",
      createSink: (input) => createTranscriptSink(mkdtempSync(path.join(tmpdir(), "openai-")), input.quoteId),
    });
    const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
    const outcome = await run.start({
      inputData: { ...QUOTE, quoteId: "q-openai", userId: "u", negotiationIds: ["n1", "n2", "n3"], maxRounds: 3, award: "none" },
    });

    expect(outcome.status).toBe("success");
    if (outcome.status !== "success") return;
    expect(outcome.result.results.map((r) => r.status)).not.toContain("failed");
    expect(outcome.result.recommendation.explanation).toMatch(/^We recommend /);
    // Every turn made one structured call and one streamed call, authenticated, to the configured model.
    expect(openai.requests.every((r) => r.authorization === "Bearer sk-test" && r.model === "gpt-test")).toBe(true);
    const structured = openai.requests.filter((r) => r.responseFormat);
    const streamed = openai.requests.filter((r) => r.stream);
    expect(structured.length).toBeGreaterThan(6);
    expect(streamed).toHaveLength(structured.length);
    expect(structured.every((r) => r.responseFormat?.type === "json_schema")).toBe(true);
    expect(outcome.result.results.every((r) => r.usage.totalTokens > 0)).toBe(true);
  });
});
