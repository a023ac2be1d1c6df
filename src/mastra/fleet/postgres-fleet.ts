import { randomUUID } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { PostgresFleetModelBudget } from "./fleet-model-budget";
import { PostgresRunLeases } from "./run-leases";

/** `MASTRA_DB_URL` names a Postgres database: Mastra's store is there, shared by every server that names it. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url.trim());
}

export const DEFAULT_RUN_LEASE_MS = 30_000;

/** What the servers of one fleet share through its Postgres database, besides Mastra's own tables. */
export interface PostgresFleet {
  pool: pg.Pool;
  leases: PostgresRunLeases;
  modelBudget: PostgresFleetModelBudget;
}

/**
 * One pool for Mastra's store, the run leases and the model budget. This server's lease owner is
 * unique to the process, so a server restarted on the same host takes over its old runs only once
 * their leases have run out, like any other server.
 */
export function postgresFleet(url: string, options: { leaseMs: number; modelCallTimeoutMs: number }): PostgresFleet {
  const pool = new pg.Pool({ connectionString: url.trim(), max: 10, allowExitOnIdle: true });
  // An idle client losing its connection (the database restarting) must not crash the server.
  pool.on("error", (error) => console.warn(`Postgres connection lost (it is replaced): ${error.message}`));
  const owner = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  return {
    pool,
    leases: new PostgresRunLeases(pool, owner, options.leaseMs),
    // A call's row stops counting against concurrency once the call itself would have timed out.
    modelBudget: new PostgresFleetModelBudget(
      pool,
      options.modelCallTimeoutMs > 0 ? options.modelCallTimeoutMs * 2 : 10 * 60_000,
    ),
  };
}
