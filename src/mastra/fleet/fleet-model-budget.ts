import type { Pool } from "pg";
import { createTable } from "./create-table";

/** What the whole fleet may spend: the same MODEL_* settings every server reads. */
export interface FleetLimits {
  maxConcurrent: number;
  /** 0 = no limit. */
  requestsPerMinute: number;
  /** 0 = no limit. */
  tokensPerMinute: number;
}

/** A call the fleet's budget let start: say what it spent when it ends. */
export interface FleetTicket {
  finish(tokensSpent: number): Promise<void>;
}

/** Either the call may start now, or the budget has room again in about `retryInMs`. */
export type FleetAdmission = { ticket: FleetTicket } | { retryInMs: number; reason: string };

/** The budget every server of a fleet draws on (model-budget.ts asks it before each call). */
export interface FleetModelBudget {
  tryStart(estimatedTokens: number, limits: FleetLimits): Promise<FleetAdmission>;
}

export const BUDGET_TABLE = "model_budget_calls";

/**
 * The model budget of every server sharing one Postgres store: each call is a row (when it started,
 * its tokens, whether it is still in flight), and a call starts only inside one transaction that
 * holds an advisory lock and counts the rows of the last minute, so servers starting calls at the
 * same moment see each other. Times are the database's clock while the lock is held
 * (`clock_timestamp()`, not the transaction's start), so admissions are ordered as they happened.
 * A row in flight on a server that died stops counting when its `expires_at` passes (the call's
 * own time limit).
 */
export class PostgresFleetModelBudget implements FleetModelBudget {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    /** How long a call may be in flight before its row stops counting against concurrency. */
    private readonly callTimeoutMs: number,
    /** The rate window; a minute, shorter only in tests. */
    private readonly windowMs = 60_000,
  ) {}

  async tryStart(estimatedTokens: number, limits: FleetLimits): Promise<FleetAdmission> {
    await this.table();
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [BUDGET_TABLE]);
      const { rows } = await client.query<UsageRow>(USAGE_QUERY, [this.windowMs]);
      const usage = rows[0] ?? { requests: 0, tokens: 0, in_flight: 0, next_free_ms: null };
      const refusal = refusalOf(usage, estimatedTokens, limits, this.windowMs);
      if (refusal) {
        await client.query("COMMIT");
        return refusal;
      }
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO ${BUDGET_TABLE} (tokens, expires_at)
         VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond') RETURNING id`,
        [estimatedTokens, this.callTimeoutMs],
      );
      // Rows a minute past the window are of no more use (kept that long for whoever looks at them).
      await client.query(
        `DELETE FROM ${BUDGET_TABLE} WHERE started_at < clock_timestamp() - ($1 + 60000) * interval '1 millisecond'
         AND (finished_at IS NOT NULL OR expires_at < clock_timestamp())`,
        [this.windowMs],
      );
      await client.query("COMMIT");
      const id = inserted.rows[0]!.id;
      return { ticket: { finish: (tokensSpent) => this.finish(id, tokensSpent, estimatedTokens) } };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async finish(id: string, tokensSpent: number, estimated: number): Promise<void> {
    // What the call spent replaces the estimate; a call that reported nothing keeps its estimate.
    await this.pool.query(`UPDATE ${BUDGET_TABLE} SET finished_at = clock_timestamp(), tokens = $2 WHERE id = $1`, [
      id,
      tokensSpent > 0 ? tokensSpent : estimated,
    ]);
  }

  private table(): Promise<void> {
    this.ready ??= (async () => {
      await createTable(
        this.pool,
        `CREATE TABLE IF NOT EXISTS ${BUDGET_TABLE} (
           id bigserial PRIMARY KEY,
           started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
           tokens integer NOT NULL,
           finished_at timestamptz,
           expires_at timestamptz NOT NULL)`,
      );
      await createTable(
        this.pool,
        `CREATE INDEX IF NOT EXISTS ${BUDGET_TABLE}_started_at ON ${BUDGET_TABLE} (started_at)`,
      );
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}

interface UsageRow {
  requests: number;
  tokens: number;
  in_flight: number;
  /** Milliseconds until the oldest call of the window leaves it; null when the window is empty. */
  next_free_ms: number | null;
}

const USAGE_QUERY = `
  SELECT
    count(*) FILTER (WHERE started_at > clock_timestamp() - $1 * interval '1 millisecond')::int AS requests,
    coalesce(sum(tokens) FILTER (WHERE started_at > clock_timestamp() - $1 * interval '1 millisecond'), 0)::int AS tokens,
    count(*) FILTER (WHERE finished_at IS NULL AND expires_at > clock_timestamp())::int AS in_flight,
    (extract(epoch FROM min(started_at) FILTER (WHERE started_at > clock_timestamp() - $1 * interval '1 millisecond')
      + $1 * interval '1 millisecond' - clock_timestamp()) * 1000)::float8 AS next_free_ms
  FROM ${BUDGET_TABLE}
  WHERE started_at > clock_timestamp() - $1 * interval '1 millisecond' OR finished_at IS NULL`;

/** Why the call must wait, and for how long; undefined when it may start. */
function refusalOf(
  usage: UsageRow,
  tokens: number,
  limits: FleetLimits,
  windowMs: number,
): { retryInMs: number; reason: string } | undefined {
  const untilWindowMoves = Math.max(10, Math.ceil(usage.next_free_ms ?? windowMs));
  if (usage.in_flight >= limits.maxConcurrent) {
    // A finishing call frees a slot at any moment: look again soon.
    return { retryInMs: 100, reason: "waiting for a free model slot in the fleet" };
  }
  if (limits.requestsPerMinute > 0 && usage.requests >= limits.requestsPerMinute) {
    return { retryInMs: untilWindowMoves, reason: "waiting for the fleet's requests-per-minute budget" };
  }
  // One call larger than the whole budget still runs, alone, once the window is clear.
  if (limits.tokensPerMinute > 0 && usage.tokens > 0 && usage.tokens + tokens > limits.tokensPerMinute) {
    return { retryInMs: untilWindowMoves, reason: "waiting for the fleet's tokens-per-minute budget" };
  }
  return undefined;
}
