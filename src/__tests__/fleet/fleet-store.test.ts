import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PostgresFleetModelBudget } from "../../mastra/fleet/fleet-model-budget";
import { PostgresRunLeases } from "../../mastra/fleet/run-leases";
import { ModelBudget } from "../../mastra/models/model-budget";
import { RunClaims } from "../../mastra/workflows/run-claims";
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from "../helpers/postgres-cluster";

/*
 * What servers sharing one Postgres store share besides Mastra's tables: a lease per run (no two
 * servers execute one run; a dead server's runs are free again once its leases run out) and the
 * model budget (the limits hold for the servers together). A real throwaway cluster; each "server"
 * here is its own pool and owner, as separate processes would be.
 */

const skip = postgresSkipReason();

describe.skipIf(skip !== undefined)(skip ?? "what servers sharing one Postgres store share", () => {
  let cluster: PostgresCluster;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await cluster?.stop();
  });

  function server(): pg.Pool {
    const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
    pools.push(pool);
    return pool;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  describe("run leases", () => {
    it("one server holds a run; another gets it only once the holder's lease has run out", async () => {
      const a = new PostgresRunLeases(server(), "server-a", 1_000);
      const b = new PostgresRunLeases(server(), "server-b", 1_000);
      expect(await a.acquire("run-1")).toBe(true);
      expect(await b.acquire("run-1")).toBe(false);
      // The holder asking again (a restart on the same server) keeps it.
      expect(await a.acquire("run-1")).toBe(true);
      expect(await a.renew(["run-1"])).toEqual([]);
      await sleep(1_300);
      expect(await b.acquire("run-1")).toBe(true);
      // The old holder learns at its next renewal that the run is gone.
      expect(await a.renew(["run-1"])).toEqual(["run-1"]);
      // A release frees it at once.
      await b.release("run-1");
      expect(await a.acquire("run-1")).toBe(true);
    });

    it("servers racing for one run: exactly one gets it", async () => {
      const servers = Array.from({ length: 6 }, (_, i) => new PostgresRunLeases(server(), `racer-${i}`, 30_000));
      const won = await Promise.all(
        servers.flatMap((leases) => [leases.acquire("run-race"), leases.acquire("run-race")]),
      );
      // Each server may win twice (its own lease), but only one server wins.
      const winners = new Set(servers.filter((_, i) => won[2 * i] || won[2 * i + 1]).map((s) => s.owner));
      expect(winners.size).toBe(1);
    });

    it("a server whose lease was taken over hears so at its next renewal", async () => {
      const lost: string[][] = [];
      const leases = new PostgresRunLeases(server(), "server-slow", 1_000);
      const claims = new RunClaims(leases, (runIds) => lost.push(runIds));
      expect(await claims.claim("run-2")).toBe(true);
      expect(await claims.claim("run-2")).toBe(false);
      // Renewals keep it while the server lives…
      await sleep(1_500);
      expect(await new PostgresRunLeases(server(), "server-other", 1_000).acquire("run-2")).toBe(false);
      // …and once another server has it (forced here, as after a long pause), the holder hears so.
      await pools[0]!.query("UPDATE negotiation_run_leases SET owner = 'server-other' WHERE run_id = 'run-2'");
      await sleep(700);
      expect(lost).toContainEqual(["run-2"]);
      claims.close();
    });
    it("a run held without a claim (started in Studio) takes its lease, and keeps it without alarm", async () => {
      const lost: string[][] = [];
      const claims = new RunClaims(new PostgresRunLeases(server(), "server-studio", 1_000), (runIds) =>
        lost.push(runIds),
      );
      const other = new PostgresRunLeases(server(), "server-elsewhere", 1_000);
      claims.hold("run-3");
      await sleep(1_500);
      expect(await other.acquire("run-3")).toBe(false);
      expect(lost).toEqual([]);
      claims.release("run-3");
      await sleep(200);
      expect(await other.acquire("run-3")).toBe(true);
      claims.close();
    });
  });

  describe("the fleet's model budget", () => {
    it("two servers under one budget of R requests a window together start at most R in it", async () => {
      const windowMs = 1_500;
      const limits = { maxConcurrent: 64, requestsPerMinute: 4, tokensPerMinute: 0, maxRetryWaitMs: 60_000 };
      const budgets = [0, 1].map(
        () => new ModelBudget(limits, new PostgresFleetModelBudget(server(), 60_000, windowMs)),
      );
      let calls = 0;
      const t0 = Date.now();
      await Promise.all(
        budgets.flatMap((budget) =>
          Array.from({ length: 5 }, () =>
            // The tokens, estimated and spent, mark this test's rows in the shared table.
            budget.run(
              4_321,
              async () => void calls++,
              () => 4_321,
            ),
          ),
        ),
      );
      expect(calls).toBe(10);
      // When each call was let through, by the database's clock: every window of that length holds at
      // most R, whichever server asked. (This process's own clock would add the time from admission to
      // the call, which a loaded machine stretches.)
      const { rows } = await pools[0]!.query<{ at: number }>(
        "SELECT (extract(epoch FROM started_at) * 1000)::float8 AS at FROM model_budget_calls WHERE tokens = 4321 ORDER BY started_at",
      );
      const admitted = rows.map((row) => row.at);
      expect(admitted).toHaveLength(10);
      for (const [i, at] of admitted.entries()) {
        const inWindow = admitted.filter((other) => other >= at && other < at + windowMs);
        expect(inWindow.length, `admissions in the window from the ${i + 1}th`).toBeLessThanOrEqual(4);
      }
      // Ten calls at four a window need three windows: the budget held them back.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2 * windowMs - 200);
    });

    it("concurrency holds across servers: never more calls in flight than the fleet allows", async () => {
      const limits = { maxConcurrent: 2, requestsPerMinute: 0, tokensPerMinute: 0, maxRetryWaitMs: 60_000 };
      const budgets = [0, 1].map(() => new ModelBudget(limits, new PostgresFleetModelBudget(server(), 60_000)));
      let inFlight = 0;
      let most = 0;
      await Promise.all(
        budgets.flatMap((budget) =>
          Array.from({ length: 4 }, () =>
            budget.run(
              10,
              async () => {
                most = Math.max(most, ++inFlight);
                await sleep(150);
                inFlight--;
              },
              () => 10,
            ),
          ),
        ),
      );
      expect(most).toBe(2);
    });
  });
});

describe("without a Postgres server", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("the Postgres tests are skipped with a one-line reason outside CI", () => {
    vi.stubEnv("CI", "");
    const reason = postgresSkipReason("/nonexistent/postgresql");
    expect(reason).toBe("Postgres tests skipped: no server under /nonexistent/postgresql (apt-get install postgresql)");
  });

  it("under CI=true they run, so a missing server fails the run", () => {
    vi.stubEnv("CI", "true");
    expect(postgresSkipReason("/nonexistent/postgresql")).toBeUndefined();
  });
});
