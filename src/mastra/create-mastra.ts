import { Mastra } from "@mastra/core/mastra";
import { LibSQLStore } from "@mastra/libsql";
import path from "node:path";
import { ConfigurationError } from "./configuration-error";
import { createBrandAgent } from "./agents/brand-agent";
import { createSupplierAgent, supplierAgentId } from "./agents/supplier-agent";
import { SUPPLIERS } from "./domain/suppliers";
import { createNegotiationModel, type NegotiationModel } from "./models/create-model";
import { modelConfigFromEnv, type ModelConfig } from "./models/model-config";
import { createLogger, logLevel } from "./logger";
import { absoluteDatabaseUrl, projectRoot } from "./project-paths";
import { createSink, persistenceConfigFromEnv } from "./storage/create-sink";
import type { NegotiationSink } from "./storage/negotiation-sink";
import { createNegotiationWorkflow } from "./workflows/negotiation-workflow";

export interface MastraOptions {
  model?: ModelConfig;
  /** A ready model instead of a configuration, e.g. a test double at the model boundary. */
  languageModel?: NegotiationModel;
  /** libsql URL for workflow run snapshots; `:memory:` in tests. */
  storageUrl?: string;
  createSink?: (input: { quoteId: string; userId: string }) => NegotiationSink;
  negotiationTimeoutMs?: number;
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
    logger: createLogger(logLevel(env.LOG_LEVEL)),
  });
}

/** Reads the persistence settings once, up front: a misconfiguration fails at start-up, not mid-run. */
function sinkFactoryFromEnv(env: NodeJS.ProcessEnv) {
  const persistence = persistenceConfigFromEnv(env);
  return (input: { quoteId: string }) => createSink(persistence, input);
}

/** Generous for OpenAI (a run makes ~20 model calls); 0 turns the limit off. */
const DEFAULT_NEGOTIATION_TIMEOUT_MS = 5 * 60_000;

function negotiationTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.NEGOTIATION_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_NEGOTIATION_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`NEGOTIATION_TIMEOUT_MS must be a number of milliseconds >= 0, got "${raw}"`);
  return value;
}
