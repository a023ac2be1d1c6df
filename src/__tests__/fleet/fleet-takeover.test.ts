import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { MastraWorkflowApi } from "../../server/model/mastraApi";
import { expectCompletedKeeping, finalMessagesOf, until } from "../durability/quote-watch";
import { startDeploymentWithoutMastra } from "../helpers/deployment-without-mastra";
import { killLeaseHolder, leaseHolderPid, startMastraFleet } from "../helpers/mastra-fleet";
import { postgresSkipReason } from "../helpers/postgres-cluster";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

/*
 * Two Mastra servers on one Postgres store, both behind MASTRA_URL. The one executing a quote is
 * killed (SIGKILL) mid-negotiation; Convex's watchdog finds the run stalled, asks the servers in
 * turn, and the survivor takes the run over once the dead server's lease has run out: every
 * negotiation goes on from its last complete turn and the quote completes. Real processes and a
 * real throwaway cluster; the watchdog and the lease are set short.
 */

const SECRET = "fleet-test-secret-fleet-test-secret-0123";
const WATCHDOG_INTERVAL_MS = 2_000;
const STALL_MS = 3_000;
const LEASE_MS = 3_000;
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

async function startFleet(count: number, watchdog: { intervalMs: number; stallMs: number }) {
  const backend = await startDeploymentWithoutMastra();
  cleanups.push(backend.close);
  vi.stubEnv("MASTRA_AUTH_SECRET", SECRET);
  vi.stubEnv("WATCHDOG_INTERVAL_MS", String(watchdog.intervalMs));
  vi.stubEnv("WATCHDOG_STALL_MS", String(watchdog.stallMs));
  const fleet = await startMastraFleet({
    count,
    convexUrl: backend.url,
    setDeploymentEnv: (name, value) => vi.stubEnv(name, value),
    secret: SECRET,
    leaseMs: LEASE_MS,
    localModel: { latencyMs: 120, tokenDelayMs: 6 },
  });
  cleanups.push(fleet.stop);
  return { ...fleet, backend };
}

/** A buyer's quote, negotiating until a few turns are complete; then the server executing it is killed. */
async function killMidNegotiation(fleet: Awaited<ReturnType<typeof startFleet>>) {
  const buyer = new ConvexHttpClient(fleet.backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
  buyer.setAuth(await signUp(fleet.backend.url, "ada@example.com"));
  const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
  const finalMessages = () => finalMessagesOf(buyer, quoteId);
  await until("the first turns", finalMessages, (messages) => messages.length >= 4);
  const runId = (await buyer.query(api.quotes.get, { quoteId }))?.workflowRunId;
  expect(runId).toBeDefined();
  await killLeaseHolder(fleet, runId!);
  return { buyer, quoteId, runId: runId!, killedAt: Date.now(), atCrash: await finalMessages(), finalMessages };
}

/** The quote completes with every negotiation contiguous and ended, and nothing said before the kill rewritten. */
async function expectCompleted(killed: Awaited<ReturnType<typeof killMidNegotiation>>): Promise<void> {
  const { buyer, quoteId, atCrash } = killed;
  await expectCompletedKeeping(buyer, quoteId, atCrash);
  expect((await buyer.query(api.quotes.get, { quoteId }))?.reconnecting ?? false).toBe(false);
  const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
  for (const negotiation of negotiations) expect(["completed", "impasse"]).toContain(negotiation.status);
}

const skip = postgresSkipReason();

describe.skipIf(skip !== undefined)(skip ?? "Mastra servers sharing one Postgres store", () => {
  it("the survivor takes over a run whose server was killed, and the quote completes", async () => {
    const fleet = await startFleet(2, { intervalMs: WATCHDOG_INTERVAL_MS, stallMs: STALL_MS });
    const killed = await killMidNegotiation(fleet);
    // The survivor writes the next message: its lease replaces the dead server's.
    await until("the next message after the kill", killed.finalMessages, (m) => m.length > killed.atCrash.length);
    const takeoverMs = Date.now() - killed.killedAt;
    expect(await leaseHolderPid(fleet.pool, killed.runId)).toBe([...fleet.servers.keys()][0]);
    console.log(
      `takeover: the next message ${(takeoverMs / 1000).toFixed(1)} s after the kill ` +
        `(stall ${STALL_MS / 1000} s + lease ${LEASE_MS / 1000} s + watchdog interval ${WATCHDOG_INTERVAL_MS / 1000} s)`,
    );
    // Stall, lease and a watchdog interval, and the time to restart the step, with room for a loaded machine.
    expect(takeoverMs).toBeLessThan(STALL_MS + LEASE_MS + 2 * WATCHDOG_INTERVAL_MS + 20_000);
    await expectCompleted(killed);
  }, 300_000);

  it("a lone server on Postgres, killed and started again, resumes its run once its old lease runs out", async () => {
    // The watchdog waits five minutes before it asks: here the server's own boot sweep resumes the run.
    const fleet = await startFleet(1, { intervalMs: 60_000, stallMs: 5 * 60_000 });
    const [only] = [...fleet.servers.values()];
    const killed = await killMidNegotiation(fleet);
    // The old process's lease still names the run: the first sweep leaves it, the second takes it.
    await fleet.startServer(Number(new URL(only!.url).port));
    await until("the next message after the restart", killed.finalMessages, (m) => m.length > killed.atCrash.length);
    const backMs = Date.now() - killed.killedAt;
    console.log(
      `restart on Postgres: the next message ${(backMs / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS / 1000} s)`,
    );
    expect(backMs).toBeLessThan(LEASE_MS + 1_000 + 30_000);
    await expectCompleted(killed);
  }, 300_000);

  it("two survivors asked at once to restart the run: exactly one executes it", async () => {
    // The watchdog waits five minutes before it asks: here only the test asks.
    const fleet = await startFleet(3, { intervalMs: 60_000, stallMs: 5 * 60_000 });
    const killed = await killMidNegotiation(fleet);
    const survivors = [...fleet.servers.values()].map(({ url }) => new MastraWorkflowApi(url, SECRET));
    // Until the dead server's lease runs out each survivor answers that the run is executing (elsewhere).
    let answers: string[] = [];
    await until(
      "one survivor to resume the run",
      async () => (answers = await Promise.all(survivors.map((server) => server.resumeRun(killed.runId)))),
      (states) => states.includes("resumed"),
      60_000,
    );
    expect(answers.sort()).toEqual(["resumed", "running"]);
    // Asked again, both say it is executing: on the one, here; on the other, elsewhere.
    expect(await Promise.all(survivors.map((server) => server.resumeRun(killed.runId)))).toEqual([
      "running",
      "running",
    ]);
    await expectCompleted(killed);
  }, 300_000);
});
