import { Mastra } from "@mastra/core/mastra";
import { LibSQLStore } from "@mastra/libsql";
import { PinoLogger } from "@mastra/loggers";
import path from "node:path";
import { createBrandAgent } from "./agents/brand-agent";
import { createSupplierAgent, supplierAgentId } from "./agents/supplier-agent";
import { SUPPLIERS } from "./domain/suppliers";
import { createNegotiationModel, type NegotiationModel } from "./models/create-model";
import { modelConfigFromEnv, type ModelConfig } from "./models/model-config";
import { absoluteDatabaseUrl, projectRoot } from "./project-paths";
import { createSink, persistenceConfigFromEnv } from "./storage/create-sink";
import type { NegotiationSink } from "./storage/negotiation-sink";
import { RunCredentialAuth } from "./auth/server-auth";
import { createNegotiationWorkflow, type SinkTarget } from "./workflows/negotiation-workflow";

export interface MastraOptions {
  model?: ModelConfig;
  /** A ready model instead of a configuration, e.g. a test double at the model boundary. */
  languageModel?: NegotiationModel;
  /** libsql URL for workflow run snapshots; `:memory:` in tests. */
  storageUrl?: string;
  createSink?: (target: SinkTarget) => NegotiationSink;
  negotiationTimeoutMs?: number;
  /**
   * MASTRA_AUTH_SECRET. Turns on the server's auth (every API route needs a token signed with it)
   * and lets runs Convex starts write to their quote. Without it the instance serves no one and
   * every run is local; in-process runs (CLI, tests) need no HTTP caller anyway.
   */
  authSecret?: string;
}

/** Builds the Mastra instance: agents backed by one configured model, the workflow, storage. */
export function createMastra(options: MastraOptions = {}, env: NodeJS.ProcessEnv = process.env) {
  const model = options.languageModel ?? createNegotiationModel(options.model ?? modelConfigFromEnv(env));
  const supplierAgents = Object.fromEntries(
    SUPPLIERS.map((s) => [supplierAgentId(s.id), createSupplierAgent(s, model)]),
  );
  const createRunSink = options.createSink ?? sinkFactoryFromEnv(env);
  const timeout = options.negotiationTimeoutMs ?? negotiationTimeoutFromEnv(env);
  const negotiationWorkflow = createNegotiationWorkflow({
    createSink: createRunSink,
    ...(options.authSecret === undefined ? {} : { authSecret: options.authSecret }),
    ...(timeout > 0 ? { negotiationTimeoutMs: timeout } : {}),
  });
  return new Mastra({
    agents: { brandNegotiator: createBrandAgent(model), ...supplierAgents },
    workflows: { negotiationWorkflow },
    storage: new LibSQLStore({
      id: "negotiations-store",
      url: absoluteDatabaseUrl(
        options.storageUrl ?? env.MASTRA_DB_URL ?? `file:${path.join(projectRoot(), ".mastra", "negotiations.db")}`,
      ),
    }),
    logger: new PinoLogger({ name: "negotiations", level: logLevel(env.LOG_LEVEL) }),
    ...(options.authSecret === undefined
      ? {}
      : { server: { auth: new RunCredentialAuth({ secret: options.authSecret }) } }),
  });
}

/** Reads the persistence settings once, up front: a misconfiguration fails at start-up, not mid-run. */
function sinkFactoryFromEnv(env: NodeJS.ProcessEnv) {
  const persistence = persistenceConfigFromEnv(env);
  return (target: SinkTarget) => createSink(persistence, target);
}

/** Generous for OpenAI (a run makes ~20 model calls); 0 turns the limit off. */
const DEFAULT_NEGOTIATION_TIMEOUT_MS = 5 * 60_000;

function negotiationTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.NEGOTIATION_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_NEGOTIATION_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`NEGOTIATION_TIMEOUT_MS must be a number of milliseconds >= 0, got "${raw}"`);
  return value;
}

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

function logLevel(value: string | undefined): (typeof LOG_LEVELS)[number] {
  return LOG_LEVELS.find((level) => level === value) ?? "warn";
}
