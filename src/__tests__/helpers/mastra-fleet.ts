import { mastraProcessEnv } from "./mastra-process-env";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { LEASES_TABLE } from "../../mastra/fleet/run-leases";
import { freePort } from "../../stack/free-port";
import { startMastraProcess } from "../../stack/start-stack";
import { startPostgresCluster } from "./postgres-cluster";

export interface MastraFleet {
  /** A pool on the fleet's database, for looking at the leases. */
  pool: pg.Pool;
  /** Each server by its pid, with its URL. */
  servers: Map<number, { child: ChildProcess; url: string }>;
  /** Starts a server of the fleet on `port` (a restart: on the port of one that died). */
  startServer(port: number): Promise<{ child: ChildProcess; url: string }>;
  /** Every server killed, the pool closed, the cluster stopped. */
  stop(): Promise<void>;
}

export interface FleetOptions {
  count: number;
  /** The Convex deployment the servers write to; its MASTRA_URL is set to the list of them. */
  convexUrl: string;
  /** Sets one of the Convex deployment's env variables (it runs in this process). */
  setDeploymentEnv(name: string, value: string): void;
  secret: string;
  leaseMs: number;
  localModel: { latencyMs: number; tokenDelayMs: number };
}

/** A throwaway Postgres cluster and `count` Mastra server processes sharing it, all behind the deployment's MASTRA_URL. */
export async function startMastraFleet(options: FleetOptions): Promise<MastraFleet> {
  const cluster = await startPostgresCluster();
  const pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  const store = mkdtempSync(path.join(tmpdir(), "fleet-"));
  const servers: MastraFleet["servers"] = new Map();
  const stop = async () => {
    for (const { child } of servers.values()) child.kill("SIGKILL");
    await pool.end();
    await cluster.stop();
    rmSync(store, { recursive: true, force: true });
  };
  const startServer = async (port: number) => {
    const started = await startMastraProcess({
      ...mastraProcessEnv({
        convexUrl: options.convexUrl,
        secret: options.secret,
        port,
        store,
        storeUrl: cluster.url,
        localModel: options.localModel,
      }),
      MASTRA_RUN_LEASE_MS: String(options.leaseMs),
    });
    servers.set(started.child.pid!, started);
    return started;
  };
  try {
    const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
    options.setDeploymentEnv("MASTRA_URL", ports.map((port) => `http://127.0.0.1:${port}`).join(","));
    for (const port of ports) await startServer(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pool, servers, startServer, stop };
}

/** The pid in the run's lease owner (`host:pid:uuid`): which server executes the run; undefined when none holds it. */
export async function leaseHolderPid(pool: pg.Pool, runId: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ owner: string }>(`SELECT owner FROM ${LEASES_TABLE} WHERE run_id = $1`, [runId]);
  const pid = rows[0]?.owner.split(":")[1];
  return pid === undefined ? undefined : Number(pid);
}

/** Kills the server holding the run's lease and waits for it to exit; answers its pid. */
export async function killLeaseHolder(fleet: MastraFleet, runId: string): Promise<number> {
  const holder = await leaseHolderPid(fleet.pool, runId);
  const executing = holder === undefined ? undefined : fleet.servers.get(holder);
  if (holder === undefined || !executing) throw new Error(`no server of the fleet holds run ${runId}`);
  executing.child.kill("SIGKILL");
  await new Promise((resolve) => executing.child.once("exit", resolve));
  fleet.servers.delete(holder);
  return holder;
}
