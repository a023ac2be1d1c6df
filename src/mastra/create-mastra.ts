import { Mastra } from "@mastra/core/mastra";
import { InMemoryDB, MastraCompositeStore, ObservabilityInMemory } from "@mastra/core/storage";
import { LibSQLStore } from "@mastra/libsql";
import { PostgresStore } from "@mastra/pg";
import { Memory } from "@mastra/memory";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ConfigurationError } from "../shared/configuration-error";
import { createBrandAgent } from "./agents/brand-agent";
import { createSupplierAgent } from "./agents/supplier-agent";
import { createNegotiationModel, type NegotiationModel } from "./models/create-model";
import { ModelBudget, modelBudgetConfigFromEnv } from "./models/model-budget";
import { modelConfigFromEnv, type ModelConfig } from "./models/model-config";
import { createLogger, logLevel } from "./logger";
import { absoluteDatabaseUrl, projectRoot } from "../shared/project-paths";
import { createSink, persistenceConfigFromEnv, type SinkTarget } from "./storage/create-sink";
import type { NegotiationSink } from "./storage/negotiation-sink";
import { RunCredentialAuth } from "./auth/server-auth";
import { createNegotiationWorkflow } from "./workflows/negotiation-workflow";
import { startGate } from "./workflows/start-gate";
import { decisionRoute } from "./workflows/decision-route";
import { resumeRunRoute } from "./workflows/resume-interrupted-runs";
import { supplierTurnRoute } from "./workflows/supplier-turn-route";
import { RunClaims, registerRunClaims } from "./workflows/run-claims";
import { DEFAULT_RUN_LEASE_MS, isPostgresUrl, postgresFleet } from "./fleet/postgres-fleet";

export interface MastraOptions {
  model?: ModelConfig;
  /** A ready model instead of a configuration, e.g. a test double at the model boundary. */
  languageModel?: NegotiationModel;
  /** Where Mastra keeps runs: a libsql URL (`:memory:` in tests), or `postgres://…` for servers sharing one store. */
  storageUrl?: string;
  createSink?: (target: SinkTarget) => NegotiationSink;
  /** The budget every model call of this instance's runs shares; one from MODEL_* env when unset. */
  modelBudget?: ModelBudget;
  negotiationTimeoutMs?: number;
  modelCallTimeoutMs?: number;
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
  // Chat history for Mastra Studio's agent chat, kept in the instance's storage; a negotiation
  // names no thread, so its turns are neither read from nor written to it.
  const memory = new Memory({ options: { lastMessages: 20 } });
  const createRunSink = options.createSink ?? sinkFactoryFromEnv(env);
  const timeout = options.negotiationTimeoutMs ?? millisecondsFromEnv(env, "NEGOTIATION_TIMEOUT_MS", 5 * 60_000);
  const callTimeout = options.modelCallTimeoutMs ?? millisecondsFromEnv(env, "MODEL_CALL_TIMEOUT_MS", 60_000);
  const databaseUrl = options.storageUrl ?? env.MASTRA_DB_URL;
  // Several servers on one Postgres store share its runs, their leases and the model budget.
  const fleet = isPostgresUrl(databaseUrl)
    ? postgresFleet(databaseUrl, { leaseMs: leaseMsFromEnv(env), modelCallTimeoutMs: callTimeout })
    : undefined;
  // The runs this process executes: a run is never executed twice here, nor by two servers of a fleet.
  const claims = new RunClaims(fleet?.leases);
  const negotiationWorkflow = createNegotiationWorkflow({
    createSink: createRunSink,
    // Read up front like the rest of the configuration: a bad MODEL_* setting fails at start-up.
    modelBudget: options.modelBudget ?? new ModelBudget(modelBudgetConfigFromEnv(env), fleet?.modelBudget),
    claims,
    // Negotiation turns run on agents of their own, without Memory: it cost ~1 ms a decide and
    // ~2 ms a phrase (issue 19) although a turn names no thread. Studio's chat keeps the
    // memory-bearing agents registered below.
    turnAgents: { brand: createBrandAgent(model), supplier: createSupplierAgent(model) },
    ...(options.authSecret === undefined ? {} : { authSecret: options.authSecret }),
    ...(timeout > 0 ? { negotiationTimeoutMs: timeout } : {}),
    ...(callTimeout > 0 ? { modelCallTimeoutMs: callTimeout } : {}),
  });
  const auth = options.authSecret === undefined ? undefined : new RunCredentialAuth({ secret: options.authSecret });
  const mastra = new Mastra({
    agents: {
      brandNegotiator: createBrandAgent(model, memory),
      supplierNegotiator: createSupplierAgent(model, memory),
    },
    workflows: { negotiationWorkflow },
    storage: new MastraCompositeStore({
      id: "negotiations-store",
      default: fleet
        ? new PostgresStore({ id: "negotiations-pg", pool: fleet.pool })
        : new LibSQLStore({ id: "negotiations-libsql", url: storeUrl(databaseUrl) }),
      // Studio polls traces, logs and feedback; libsql cannot list feedback, and every poll logged
      // an ERROR with a stack trace. Observability data is for the session at hand: kept in memory.
      domains: { observability: new ObservabilityInMemory({ db: new InMemoryDB() }) },
    }),
    logger: createLogger(logLevel(env.LOG_LEVEL)),
    server: {
      ...(auth ? { auth } : {}),
      middleware: [startGate(auth, claims)],
      apiRoutes: [resumeRunRoute(claims), decisionRoute(claims), supplierTurnRoute(claims)],
    },
  });
  registerRunClaims(mastra, claims);
  return mastra;
}

/** Reads the persistence settings once, up front: a misconfiguration fails at start-up, not mid-run. */
function sinkFactoryFromEnv(env: NodeJS.ProcessEnv) {
  const persistence = persistenceConfigFromEnv(env);
  return (target: SinkTarget) => createSink(persistence, target);
}

/**
 * A time limit from the environment; 0 turns it off. NEGOTIATION_TIMEOUT_MS is generous for
 * OpenAI (a run makes ~20 model calls); MODEL_CALL_TIMEOUT_MS bounds one call to a hung endpoint.
 */
function millisecondsFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`${name} must be a number of milliseconds >= 0, got "${raw}"`);
  return value;
}

/** How long a run's lease lasts without renewal (servers sharing Postgres): a dead server's runs wait this long. */
function leaseMsFromEnv(env: NodeJS.ProcessEnv): number {
  const leaseMs = millisecondsFromEnv(env, "MASTRA_RUN_LEASE_MS", DEFAULT_RUN_LEASE_MS);
  if (leaseMs < 1000) throw new ConfigurationError(`MASTRA_RUN_LEASE_MS must be at least 1000, got ${leaseMs}`);
  return leaseMs;
}

/** The libsql URL of the run store, its folder made if it is a file (libsql will not make it). */
function storeUrl(configured: string | undefined): string {
  const url = absoluteDatabaseUrl(configured ?? `file:${path.join(projectRoot(), ".mastra", "negotiations.db")}`);
  if (url.startsWith("file:")) mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  return url;
}
