import { z } from "zod";
import { parseEnv } from "../../shared/parse-env";

/** Which model backs the agents, decided once from the environment (or CLI flags). */
export type ModelConfig =
  | { kind: "openai"; apiKey: string; modelName: string; baseURL?: string }
  | { kind: "local"; seed: number; latencyMs: number; tokenDelayMs: number };

export const LOCAL_MODEL_DEFAULTS = { seed: 7, latencyMs: 300, tokenDelayMs: 18 } as const;

const milliseconds = z.coerce.number({ error: "must be a number of milliseconds" }).min(0, "must not be negative");

const envSchema = z.object({
  OPENAI_API_KEY: z.string().trim().optional(),
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_BASE_URL: z.url("must be a URL").optional(),
  LOCAL_MODEL_SEED: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .default(LOCAL_MODEL_DEFAULTS.seed),
  LOCAL_MODEL_LATENCY_MS: milliseconds.default(LOCAL_MODEL_DEFAULTS.latencyMs),
  LOCAL_MODEL_TOKEN_DELAY_MS: milliseconds.default(LOCAL_MODEL_DEFAULTS.tokenDelayMs),
});

export function modelConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ModelConfig {
  const e = parseEnv(envSchema, env, "model configuration");
  if (e.OPENAI_API_KEY) {
    return {
      kind: "openai",
      apiKey: e.OPENAI_API_KEY,
      modelName: e.OPENAI_MODEL,
      ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
    };
  }
  return {
    kind: "local",
    seed: e.LOCAL_MODEL_SEED,
    latencyMs: e.LOCAL_MODEL_LATENCY_MS,
    tokenDelayMs: e.LOCAL_MODEL_TOKEN_DELAY_MS,
  };
}
