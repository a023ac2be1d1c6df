import path from "node:path";

/** What a Mastra server started on its own (tests, benches) is given. */
export interface MastraProcessSettings {
  convexUrl: string;
  secret: string;
  port: number;
  /** Its transcripts, and its run store unless `storeUrl` names another. */
  store: string;
  storeUrl?: string;
  localModel: { latencyMs: number; tokenDelayMs: number };
}

/**
 * The env of one Mastra server process outside the stack: only PATH and HOME pass through, the local
 * model at the given pace, quiet logs, no telemetry, nothing fetched from the network.
 */
export function mastraProcessEnv(settings: MastraProcessSettings): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CONVEX_URL: settings.convexUrl,
    MASTRA_AUTH_SECRET: settings.secret,
    MASTRA_DB_URL: settings.storeUrl ?? `file:${path.join(settings.store, "mastra.db")}`,
    MASTRA_PORT: String(settings.port),
    TRANSCRIPT_DIR: settings.store,
    LOCAL_MODEL_LATENCY_MS: String(settings.localModel.latencyMs),
    LOCAL_MODEL_TOKEN_DELAY_MS: String(settings.localModel.tokenDelayMs),
    LOG_LEVEL: "error",
    MASTRA_TELEMETRY_DISABLED: "1",
    MASTRA_OFFLINE: "1",
  };
}
