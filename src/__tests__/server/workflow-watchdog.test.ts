// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { fakeMastra, type Reply } from "./fakeMastra";
import {
  MASTRA_URL,
  grantWrites,
  createQuote,
  newBackend,
  runScheduledWithin,
  sampleTerms,
  type Backend,
  useFakeDeployment,
  buyer,
} from "./harness";

/*
 * The crash watchdog: once a quote's run has started, the Mastra server is asked about the run
 * every interval (2 minutes by default) until the quote ends; a run that will never report back
 * fails the quote instead of leaving it "negotiating" forever.
 */

const INTERVAL_MS = 2 * 60_000;
const RUN_PATH = "/api/workflows/negotiationWorkflow/runs/run-1";

useFakeDeployment();

let t: Backend;
/** Fake time at which the quote was created (and, with no retries, its run started). */
let createdAt: number;
beforeEach(() => {
  t = newBackend();
  // A run these fakes report never writes: only the stall tests below let it count as stalled.
  vi.stubEnv("WATCHDOG_STALL_MS", String(60 * 60_000));
});

const alice = () => buyer(t, "alice");
const quoteOf = (quoteId: Id<"quotes">) => alice().query(api.quotes.get, { quoteId });
const negotiationsOf = (quoteId: Id<"quotes">) => alice().query(api.negotiations.listByQuote, { quoteId });

/** Creates a quote and lets its run start (create-run, start), short of the first check. */
async function startedQuote() {
  createdAt = Date.now();
  const created = await createQuote(t);
  await runScheduledWithin(t, 10_000);
  expect((await quoteOf(created.quoteId))?.status).toBe("negotiating");
  return created;
}

/** Lets one more interval pass: exactly one more check, if the watchdog is still watching. */
const nextCheck = (intervalMs = INTERVAL_MS) => runScheduledWithin(t, intervalMs);

/** When each status request reached the fake Mastra server, in ms after the quote was created. */
const checkTimes = (mastra: ReturnType<typeof fakeMastra>) =>
  mastra.requests.filter((r) => r.method === "GET").map((r) => r.at - createdAt);

const recommendation = { recommendedSupplierId: null, explanation: "No supplier met the limits.", ranking: [] };

describe("a run that is still working is looked at again, and the quote stays open", () => {
  test("a running run is asked about every 2 minutes at its own URL", async () => {
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { runId: "run-1", status: "running" } }] });
    const { quoteId } = await startedQuote();
    expect(checkTimes(mastra)).toEqual([]);

    await nextCheck();
    await nextCheck();
    await nextCheck();

    expect(checkTimes(mastra)).toEqual([120_000, 240_000, 360_000]);
    expect(mastra.requests.filter((r) => r.method === "GET").every((r) => r.path === RUN_PATH)).toBe(true);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating" });
    expect((await quoteOf(quoteId))?.error).toBeUndefined();
  });

  test("WATCHDOG_INTERVAL_MS sets the pause between checks", async () => {
    vi.stubEnv("WATCHDOG_INTERVAL_MS", "30000");
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { status: "waiting" } }] });
    await startedQuote();
    await nextCheck(30_000);
    await nextCheck(30_000);
    expect(checkTimes(mastra)).toEqual([30_000, 60_000]);
  });

  test("an unusable WATCHDOG_INTERVAL_MS falls back to 2 minutes and says so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.stubEnv("WATCHDOG_INTERVAL_MS", "soon");
    const mastra = fakeMastra();
    await startedQuote();
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([120_000]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/WATCHDOG_INTERVAL_MS "soon" is not a whole number/));
  });
});

describe("a run that will never report back fails the quote", () => {
  test("a run still 'running' past WATCHDOG_MAX_RUN_MS is presumed dead (the server crashed mid-run)", async () => {
    vi.stubEnv("WATCHDOG_MAX_RUN_MS", String(5 * 60_000));
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { runId: "run-1", status: "running" } }] });
    const { quoteId } = await startedQuote();

    await nextCheck();
    await nextCheck();
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
    await nextCheck();

    expect(checkTimes(mastra)).toEqual([120_000, 240_000, 360_000]);
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toBe(
      'The negotiation run run-1 still says "running" after 6 minutes (limit 5); the Mastra server most likely stopped mid-run.',
    );
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["failed", "failed", "failed"]);
  });

  test("'success' without the quote completing: the quote fails and everything left open is closed", async () => {
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { status: "success" } }] });
    const { quoteId, negotiationIds } = await startedQuote();
    // Apex finished, Porto is mid-sentence, Anatolia never began.
    await t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken: await grantWrites(t, quoteId),
      negotiationId: negotiationIds[0]!,
      status: "completed",
      finalOffer: sampleTerms,
    });
    await t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken: await grantWrites(t, quoteId),
      negotiationId: negotiationIds[1]!,
      status: "active",
    });
    await t.mutation(api.negotiations.streamMessage, {
      writeToken: await grantWrites(t, quoteId),
      negotiationId: negotiationIds[1]!,
      sequence: 0,
      sender: "brand",
      content: "We would like to",
      isPartial: true,
      createdAt: 1,
    });

    await nextCheck();

    const error = "The negotiation run run-1 finished on the Mastra server, but its result never reached Convex.";
    expect(await quoteOf(quoteId)).toMatchObject({ status: "failed", error });
    expect((await quoteOf(quoteId))?.recommendation).toBeUndefined();
    expect((await negotiationsOf(quoteId)).map((n) => [n.supplierId, n.status, n.error])).toEqual([
      ["apex-textiles", "completed", undefined],
      ["porto-knitworks", "failed", error],
      ["anatolia-apparel", "failed", error],
    ]);
    const [message] = await alice().query(api.negotiations.listMessages, { negotiationId: negotiationIds[1]! });
    expect(message).toMatchObject({ content: "We would like to", isPartial: false, metadata: { interrupted: true } });

    // The quote has ended, so the watchdog stops asking.
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([120_000]);
  });

  test.each(["failed", "canceled"])("a run that ended '%s' fails the quote with that status", async (status) => {
    fakeMastra({ "get-run": [{ status: 200, body: { status } }] });
    const { quoteId } = await startedQuote();
    await nextCheck();
    const error = `The negotiation run run-1 on the Mastra server ended "${status}" without reporting back.`;
    expect(await quoteOf(quoteId)).toMatchObject({ status: "failed", error });
    expect((await negotiationsOf(quoteId)).map((n) => [n.status, n.error])).toEqual([
      ["failed", error],
      ["failed", error],
      ["failed", error],
    ]);
  });

  test("a run the Mastra server no longer knows (404, e.g. after a restart) fails the quote", async () => {
    fakeMastra({ "get-run": [{ status: 404, body: { error: "Workflow run not found" } }] });
    const { quoteId } = await startedQuote();
    await nextCheck();
    expect(await quoteOf(quoteId)).toMatchObject({
      status: "failed",
      error: "The Mastra server no longer knows negotiation run run-1 (restarted?), so the run will not report back.",
    });
    expect((await negotiationsOf(quoteId)).every((n) => n.status === "failed")).toBe(true);
  });

  test("a run that never leaves 'pending' (created, never started) is given up on after 3 checks", async () => {
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { status: "pending" } }] });
    const { quoteId } = await startedQuote();
    await nextCheck();
    await nextCheck();
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([120_000, 240_000, 360_000]);
    expect(await quoteOf(quoteId)).toMatchObject({
      status: "failed",
      error:
        "The watchdog gave up on negotiation run run-1 after 3 checks in a row without a sign of life; " +
        "last: the run was created but never started",
    });
  });
});

describe("a Mastra server out of reach", () => {
  test("three checks in a row without an answer fail the quote with the last error", async () => {
    const mastra = fakeMastra({ "get-run": [{ networkError: "fetch failed" }] });
    const { quoteId } = await startedQuote();
    await nextCheck();
    await nextCheck();
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");

    await nextCheck();
    expect(await quoteOf(quoteId)).toMatchObject({
      status: "failed",
      error:
        "The watchdog gave up on negotiation run run-1 after 3 checks in a row without a sign of life; " +
        `last: no status from the Mastra server at ${MASTRA_URL}: GET ${RUN_PATH}: fetch failed`,
    });
    expect((await negotiationsOf(quoteId)).every((n) => n.status === "failed")).toBe(true);
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([120_000, 240_000, 360_000]);
  });

  test("a check that gets through starts the count again; server errors count as misses", async () => {
    const replies: Reply[] = [
      { networkError: "fetch failed" },
      { networkError: "fetch failed" },
      { status: 200, body: { status: "running" } },
      { networkError: "fetch failed" },
      { status: 502, body: { error: "bad gateway" } },
      { status: 503, body: { error: "overloaded" } },
    ];
    fakeMastra({ "get-run": replies });
    const { quoteId } = await startedQuote();
    for (let check = 1; check <= 5; check++) await nextCheck();
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");

    await nextCheck();
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toMatch(
      /after 3 checks in a row .*GET \/api\/workflows\/negotiationWorkflow\/runs\/run-1: HTTP 503/,
    );
  });

  test("MASTRA_URL removed from the deployment mid-run counts as a miss too", async () => {
    const mastra = fakeMastra();
    const { quoteId } = await startedQuote();
    vi.stubEnv("MASTRA_URL", undefined);
    await nextCheck();
    await nextCheck();
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([]);
    expect((await quoteOf(quoteId))?.error).toMatch(/after 3 checks .*MASTRA_URL is not set on this Convex deployment/);
  });
});

describe("a quote that has ended is left alone", () => {
  test("completed by the workflow: no request is made and the checks stop", async () => {
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { status: "success" } }] });
    const { quoteId } = await startedQuote();
    await t.mutation(api.quotes.completeQuote, { writeToken: await grantWrites(t, quoteId), quoteId, recommendation });
    await nextCheck();
    await nextCheck();
    expect(checkTimes(mastra)).toEqual([]);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "completed", recommendation });
    expect((await quoteOf(quoteId))?.error).toBeUndefined();
  });

  test("cancelled by the buyer: no status request, and the quote stays cancelled", async () => {
    const mastra = fakeMastra({ "get-run": [{ status: 404 }] });
    const { quoteId } = await startedQuote();
    await alice().mutation(api.quotes.cancel, { quoteId });
    await nextCheck();
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "POST cancel"]);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "cancelled" });
    expect((await quoteOf(quoteId))?.error).toBeUndefined();
  });

  test("a result that lands while a check is in flight wins over what the check saw", async () => {
    let quoteId: Id<"quotes"> | undefined;
    fakeMastra({ "get-run": [{ status: 200, body: { status: "success" } }] }, async (route) => {
      if (route === "get-run")
        await t.mutation(api.quotes.completeQuote, {
          writeToken: await grantWrites(t, quoteId!),
          quoteId: quoteId!,
          recommendation,
        });
    });
    ({ quoteId } = await startedQuote());
    await nextCheck();
    expect(await quoteOf(quoteId)).toMatchObject({ status: "completed", recommendation });
    expect((await quoteOf(quoteId))?.error).toBeUndefined();
  });

  test("a quote whose run never started (cancelled during create-run) is never watched", async () => {
    let quoteId: Id<"quotes"> | undefined;
    const mastra = fakeMastra({}, async (route) => {
      if (route === "create-run") await alice().mutation(api.quotes.cancel, { quoteId: quoteId! });
    });
    createdAt = Date.now();
    ({ quoteId } = await createQuote(t));
    await runScheduledWithin(t, 10_000);
    await nextCheck();
    expect(mastra.calls()).toEqual(["POST create-run", "POST cancel"]);
    expect((await quoteOf(quoteId))?.status).toBe("cancelled");
  });
});

describe("a run that says it is working but has stopped writing is asked for again", () => {
  const STALL_MS = 3 * 60_000;
  const resumes = (mastra: ReturnType<typeof fakeMastra>) => mastra.calls().filter((c) => c === "POST resume");

  test("the server resumes it: the board says reconnecting, and once it writes again all is well", async () => {
    vi.stubEnv("WATCHDOG_STALL_MS", String(5 * 60_000));
    const mastra = fakeMastra({
      "get-run": [{ status: 200, body: { status: "running" } }],
      resume: [{ status: 200, body: { state: "resumed" } }],
    });
    const { quoteId, negotiationIds } = await startedQuote();
    await nextCheck(); // 2 min: not stalled yet
    await nextCheck(); // 4 min: not stalled yet
    expect(resumes(mastra)).toEqual([]);
    await nextCheck(); // 6 min: stalled, resumed
    expect(resumes(mastra)).toHaveLength(1);
    expect(mastra.requests.at(-1)?.claims).toMatchObject({ sub: "convex", runId: "run-1" });
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating", reconnecting: true });

    // The resumed run writes again; the next check (backed off to twice the interval) finds it well.
    await t.mutation(api.negotiations.addMessage, {
      writeToken: await grantWrites(t, quoteId, "run-1"),
      negotiationId: negotiationIds[0]!,
      sequence: 0,
      sender: "brand",
      content: "Hello again.",
      createdAt: Date.now(),
    });
    await nextCheck(2 * INTERVAL_MS);
    expect(resumes(mastra)).toHaveLength(1);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating", reconnecting: false });
  });

  test("executing on the server and only slow: nothing is resumed and the quote stays as it is", async () => {
    vi.stubEnv("WATCHDOG_STALL_MS", String(STALL_MS));
    const mastra = fakeMastra({ "get-run": [{ status: 200, body: { status: "running" } }] });
    const { quoteId } = await startedQuote();
    await nextCheck();
    await nextCheck();
    await nextCheck();
    expect(resumes(mastra).length).toBeGreaterThan(0);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating" });
    expect((await quoteOf(quoteId))?.reconnecting).toBeFalsy();
  });

  test("resumed three times with nothing written: the quote fails, saying so", async () => {
    vi.stubEnv("WATCHDOG_STALL_MS", String(STALL_MS));
    vi.stubEnv("WATCHDOG_MAX_RUN_MS", String(24 * 60 * 60_000));
    const mastra = fakeMastra({
      "get-run": [{ status: 200, body: { status: "running" } }],
      resume: [{ status: 200, body: { state: "resumed" } }],
    });
    const { quoteId } = await startedQuote();
    for (let minutes = 0; minutes < 60; minutes += 2) await nextCheck();
    expect(resumes(mastra)).toHaveLength(4);
    expect(await quoteOf(quoteId)).toMatchObject({
      status: "failed",
      error:
        "The negotiation run run-1 was resumed 3 times and still wrote nothing; the negotiation service cannot carry it on.",
    });
  });

  test("a server whose store no longer holds the run: the quote fails at once", async () => {
    vi.stubEnv("WATCHDOG_STALL_MS", String(STALL_MS));
    fakeMastra({
      "get-run": [{ status: 200, body: { status: "running" } }],
      resume: [{ status: 404, body: { state: "unknown" } }],
    });
    const { quoteId } = await startedQuote();
    await nextCheck();
    await nextCheck();
    expect((await quoteOf(quoteId))?.error).toMatch(/no longer knows negotiation run run-1/);
  });
});
