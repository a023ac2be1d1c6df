// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { fakeMastra, type Reply } from "./fakeMastra";
import {
  buyer,
  createQuote,
  grantWrites,
  newBackend,
  runScheduledWithin,
  sampleTerms,
  useFakeDeployment,
  type Backend,
} from "./harness";

/*
 * Telling a run that waits for a supplier in person that their turn has come (supplierTurns.ts):
 * at once on a reply, just after the deadline otherwise, asking again while the run is still busy;
 * and the watchdog, which stops looking while the run waits for a person and starts again after.
 */

useFakeDeployment();

const SUSPENDED: Reply = { status: 200, body: { runId: "run-1", status: "suspended" } };
const RUNNING: Reply = { status: 200, body: { runId: "run-1", status: "running" } };
const INTERVAL_MS = 2 * 60_000;

let t: Backend;
beforeEach(() => {
  t = newBackend();
  vi.stubEnv("WATCHDOG_STALL_MS", String(60 * 60_000));
});

/** A started quote with Porto in person, the run's opening to Porto written and waiting `waitMs` for the reply. */
async function waitingQuote(waitMs = 3_600_000) {
  const { quoteId, negotiationIds } = await createQuote(t, "alice", { inPersonSupplierIds: ["porto-knitworks"] });
  await runScheduledWithin(t, 10_000);
  const writeToken = await grantWrites(t, quoteId, "run-1");
  const porto = negotiationIds[1] as Id<"negotiations">;
  await t.mutation(api.negotiations.addMessage, {
    writeToken,
    negotiationId: porto,
    sequence: 0,
    sender: "brand",
    content: "Hello Porto",
    createdAt: Date.now(),
    metadata: { decision: "counter", terms: sampleTerms },
  });
  const replyBy = Date.now() + waitMs;
  await t.mutation(api.negotiations.updateNegotiationStatus, {
    writeToken,
    negotiationId: porto,
    status: "waiting",
    replyBy,
  });
  const [link] = await buyer(t, "alice").query(api.supplierLinks.forQuote, { quoteId });
  return { quoteId, porto, writeToken, replyBy, token: link!.token! };
}

const turnRequests = (mastra: ReturnType<typeof fakeMastra>) =>
  mastra.requests.filter((r) => r.path === "/negotiation-runs/run-1/supplier-turn");

describe("the run hears of a supplier's turn", () => {
  test("a reply is passed on at once, and again every 2 s while the run is busy, until it goes on", async () => {
    const running: Reply = { status: 200, body: { state: "running" } };
    const mastra = fakeMastra({
      "get-run": [SUSPENDED],
      "supplier-turn": [running, running, { status: 200, body: { state: "resumed" } }],
    });
    const { token } = await waitingQuote();
    const repliedAt = Date.now();
    await t.mutation(api.supplierPortal.reply, { token, reply: { decision: "accept", message: "" } });
    await runScheduledWithin(t, 30_000);
    expect(turnRequests(mastra).map((r) => r.at - repliedAt)).toEqual([0, 2_000, 4_000]);
    expect(turnRequests(mastra)[0]?.claims).toMatchObject({ sub: "convex", runId: "run-1" });
  });

  test("a reply the run has answered needs no more telling", async () => {
    const mastra = fakeMastra({ "get-run": [RUNNING], "supplier-turn": [{ status: 200, body: { state: "running" } }] });
    const { token, porto, quoteId } = await waitingQuote();
    await t.mutation(api.supplierPortal.reply, { token, reply: { decision: "reject", message: "No." } });
    await runScheduledWithin(t, 1_000);
    // The run answers: the next brand message is written, so nothing is pending any more.
    const writeToken = await grantWrites(t, quoteId, "run-1");
    await t.mutation(api.negotiations.updateNegotiationStatus, { writeToken, negotiationId: porto, status: "impasse" });
    const asked = turnRequests(mastra).length;
    await runScheduledWithin(t, 30_000);
    expect(turnRequests(mastra).length).toBe(asked);
  });

  test("without a reply, the run is told just after the time to reply runs out, and not before", async () => {
    const mastra = fakeMastra({ "get-run": [SUSPENDED] });
    const { replyBy } = await waitingQuote(10 * 60_000);
    await runScheduledWithin(t, 9 * 60_000);
    expect(turnRequests(mastra)).toEqual([]);
    await runScheduledWithin(t, 2 * 60_000);
    expect(turnRequests(mastra).map((r) => r.at - replyBy)).toEqual([2_000]);
  });

  test("an unreachable server is asked again with growing pauses", async () => {
    const down: Reply = { networkError: "connect ECONNREFUSED" };
    const mastra = fakeMastra({ "get-run": [SUSPENDED], "supplier-turn": [down, down, down, down, down, down] });
    const { token } = await waitingQuote();
    await t.mutation(api.supplierPortal.reply, { token, reply: { decision: "accept", message: "" } });
    await runScheduledWithin(t, 60_000);
    const times = turnRequests(mastra).map((r) => r.at);
    const pauses = times.slice(1).map((at, index) => at - times[index]!);
    expect(pauses.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
});

describe("the watchdog while a run waits for a person", () => {
  test("stops looking while the run is suspended for a reply, and starts again once the reply resumes it", async () => {
    const mastra = fakeMastra({ "get-run": [SUSPENDED, RUNNING] });
    vi.stubEnv("WATCHDOG_MAX_RUN_MS", String(60 * 60_000));
    const { quoteId, token } = await waitingQuote(48 * 3_600_000);
    await runScheduledWithin(t, INTERVAL_MS);
    const gets = () => mastra.requests.filter((r) => r.method === "GET").length;
    expect(gets()).toBe(1);
    // Days pass: no checks, and the quote is not failed as a dead run.
    await runScheduledWithin(t, 24 * 3_600_000);
    expect(gets()).toBe(1);
    expect((await buyer(t, "alice").query(api.quotes.get, { quoteId }))?.status).toBe("negotiating");

    await t.mutation(api.supplierPortal.reply, { token, reply: { decision: "accept", message: "" } });
    await runScheduledWithin(t, 1_000);
    // Resumed: looked at again, its age counted from the resume, not from the quote a day ago.
    await runScheduledWithin(t, INTERVAL_MS);
    expect(gets()).toBe(2);
    expect((await buyer(t, "alice").query(api.quotes.get, { quoteId }))?.status).toBe("negotiating");
  });
});
