import { createOpenAI } from "@ai-sdk/openai";
import { LocalNegotiationModel } from "./local/local-negotiation-model";
import type { ModelConfig } from "./model-config";

/** The one place that turns configuration into the model behind every agent. */
export function createNegotiationModel(config: ModelConfig) {
  if (config.kind === "openai") {
    if (!config.baseURL) return createOpenAI({ apiKey: config.apiKey })(config.modelName);
    // OpenAI-compatible servers (proxies, local servers) speak Chat Completions, not the Responses API.
    return createOpenAI({ apiKey: config.apiKey, baseURL: config.baseURL }).chat(config.modelName);
  }
  return new LocalNegotiationModel({
    seed: config.seed,
    latencyMs: config.latencyMs,
    tokenDelayMs: config.tokenDelayMs,
  });
}

export type NegotiationModel = ReturnType<typeof createNegotiationModel>;
