import type { Pool } from "pg";
import { createTable } from "./create-table";

/**
 * Which server executes which run, when several share one Postgres store. A server takes a run's
 * lease before it executes it (a start, a restart, a buyer's decision) and renews it while it does;
 * a lease nobody renews runs out, and then any server may take the run over. So two servers never
 * execute one run at once, and a run whose server died is taken over within one lease time.
 */
export interface RunLeases {
  /** True when this server now holds the run's lease (or already did); false when another live server does. */
  acquire(runId: string): Promise<boolean>;
  /** Extends the leases this server holds on `runIds`; answers the ones it no longer holds. */
  renew(runIds: readonly string[]): Promise<string[]>;
  /** Gives the run up, so another server may take it at once (the run ended or waits for the buyer). */
  release(runId: string): Promise<void>;
}

export const LEASES_TABLE = "negotiation_run_leases";

/** A lease row per run: its holder and until when. Expiry is the database's clock, the same for every server. */
export class PostgresRunLeases implements RunLeases {
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly pool: Pool,
    /** This server, unique per process: a restarted server does not inherit its old leases. */
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  async acquire(runId: string): Promise<boolean> {
    await this.table();
    // Taken when free, run out, or already ours; one statement, so two servers racing get one winner.
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${LEASES_TABLE} (run_id, owner, expires_at)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (run_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE ${LEASES_TABLE}.expires_at < now() OR ${LEASES_TABLE}.owner = EXCLUDED.owner`,
      [runId, this.owner, this.ttlMs],
    );
    return rowCount === 1;
  }

  async renew(runIds: readonly string[]): Promise<string[]> {
    if (runIds.length === 0) return [];
    await this.table();
    const { rows } = await this.pool.query<{ run_id: string }>(
      `UPDATE ${LEASES_TABLE} SET expires_at = now() + $3 * interval '1 millisecond'
       WHERE run_id = ANY($1) AND owner = $2 RETURNING run_id`,
      [runIds, this.owner, this.ttlMs],
    );
    const kept = new Set(rows.map((row: { run_id: string }) => row.run_id));
    return runIds.filter((runId) => !kept.has(runId));
  }

  async release(runId: string): Promise<void> {
    await this.table();
    await this.pool.query(`DELETE FROM ${LEASES_TABLE} WHERE run_id = $1 AND owner = $2`, [runId, this.owner]);
  }

  private table(): Promise<unknown> {
    const ready = (this.ready ??= createTable(
      this.pool,
      `CREATE TABLE IF NOT EXISTS ${LEASES_TABLE} (
         run_id text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL)`,
    ).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    }));
    return ready;
  }
}
