// @vitest-environment edge-runtime
import { BUILT_IN_PRODUCTS } from "../../domain/products";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../server/_generated/api";
import { MAX_START_ATTEMPTS, START_CHECK_MS } from "../../server/model/runStart";
import type { Id } from "../../server/_generated/dataModel";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { sha256Hex } from "../../shared/run-credentials";
import { fakeMastra } from "./fakeMastra";
import {
  MASTRA_URL,
  grantWrites,
  createQuote,
  newBackend,
  runScheduledWithin,
  validQuote,
  type Backend,
  useFakeDeployment,
  buyer,
  userIdOf,
} from "./harness";

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const alice = () => buyer(t, "alice");
// Long enough for every retry pause, well short of the watchdog's first check (workflow-watchdog.test.ts).
const runScheduled = () => runScheduledWithin(t, 10_000);
const quoteOf = (quoteId: Id<"quotes">) => alice().query(api.quotes.get, { quoteId });
const negotiationsOf = (quoteId: Id<"quotes">) => alice().query(api.negotiations.listByQuote, { quoteId });

describe("creating a quote starts the workflow run on the Mastra server", () => {
  test("create-run, then a fire-and-forget start with the full input; the run id is recorded", async () => {
    const mastra = fakeMastra({ "create-run": [{ status: 200, body: { runId: "run-42" } }] });
    const { quoteId, negotiationIds } = await createQuote(t, "alice", { maxLeadTimeDays: 30, maxRounds: 5 });
    expect((await quoteOf(quoteId))?.status).toBe("starting");

    await runScheduled();

    expect(mastra.calls()).toEqual(["POST create-run", "POST start"]);
    const [createRun, start] = mastra.requests;
    expect(createRun).toMatchObject({ query: { runId: quoteId }, body: {} });
    expect(createRun?.claims).toMatchObject({ sub: "convex", runId: quoteId });
    expect(start?.query).toEqual({ runId: "run-42" });
    expect(start?.body).toEqual({
      inputData: {
        quoteId,
        userId: await userIdOf(t, "alice"),
        // Each line with its product as the catalog has it, so the run knows what it is quoting.
        products: validQuote.products.map((line) => {
          const { id: _id, ...product } = BUILT_IN_PRODUCTS.find((p) => p.id === line.productId)!;
          return { ...line, product };
        }),
        priorities: validQuote.priorities,
        userNotes: validQuote.userNotes,
        maxLeadTimeDays: 30,
        supplierIds: ["apex-textiles", "porto-knitworks", "anatolia-apparel"],
        maxRounds: 5,
        negotiationIds,
        suppliers: BUILT_IN_SUPPLIERS,
      },
    });
    // The start token names its run and binds the exact body it came with.
    expect(start?.claims).toMatchObject({
      sub: "convex",
      quoteId,
      runId: "run-42",
      inputDigest: await sha256Hex(start!.rawBody!),
    });
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating", workflowRunId: "run-42" });
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["pending", "pending", "pending"]);
  });

  test("a server error is retried, then the run starts", async () => {
    const mastra = fakeMastra({
      "create-run": [
        { status: 503, body: { error: "warming up" } },
        { status: 200, body: { runId: "run-7" } },
      ],
    });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run", "POST create-run", "POST start"]);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "negotiating", workflowRunId: "run-7" });
  });

  test("a start whose answer was lost is not sent again once the run is seen running", async () => {
    const mastra = fakeMastra({
      start: [{ networkError: "fetch failed" }, { status: 200 }],
      "get-run": [{ status: 200, body: { status: "running" } }],
    });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "GET get-run"]);
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
  });

  test("a start that failed with the run still pending is sent again", async () => {
    const mastra = fakeMastra({
      start: [{ status: 502 }, { status: 200 }],
      "get-run": [{ status: 200, body: { status: "pending" } }],
    });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "GET get-run", "POST start"]);
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
  });
});

/** The start the quote is waiting for dies with its process before it does anything (a backend killed mid-start). */
async function startDies(): Promise<void> {
  await t.run(async (ctx) => {
    const pending = await ctx.db.system.query("_scheduled_functions").collect();
    const starts = pending.filter((f) => f.name.includes("startWorkflowRun") && f.state.kind === "pending");
    expect(starts).toHaveLength(1);
    for (const start of starts) await ctx.scheduler.cancel(start._id);
  });
}

describe("a start that died with its process", () => {
  test("is asked for again after five minutes, and the run starts", async () => {
    const mastra = fakeMastra({});
    const { quoteId } = await createQuote(t);
    await startDies();
    await runScheduledWithin(t, START_CHECK_MS - 1_000);
    expect((await quoteOf(quoteId))?.status).toBe("starting");
    expect(mastra.calls()).toEqual([]);

    // Past the check by less than a request's timeout, so the fake clock cannot time the new start out.
    await runScheduledWithin(t, 2_000);
    expect(mastra.calls()).toEqual(["POST create-run", "POST start"]);
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
  });

  test("after its third start recorded no run either, the quote and its negotiations fail with the reason", async () => {
    fakeMastra({});
    const { quoteId } = await createQuote(t);
    await startDies();
    await t.mutation(internal.workflowTrigger.checkRunStarted, { quoteId, attempt: MAX_START_ATTEMPTS });
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toBe(
      "the negotiation service did not start this quote: asked 3 times, it never recorded a run",
    );
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["failed", "failed", "failed"]);
  });

  test("a quote whose run started is left alone by the check", async () => {
    const mastra = fakeMastra({});
    const { quoteId } = await createQuote(t);
    await runScheduled();
    await t.mutation(internal.workflowTrigger.checkRunStarted, { quoteId, attempt: 1 });
    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run", "POST start"]);
    expect((await quoteOf(quoteId))?.status).toBe("negotiating");
  });
});

describe("when the Mastra server cannot be reached the quote says so", () => {
  test("network failures: three attempts with growing pauses, then the quote and negotiations fail with the reason", async () => {
    const mastra = fakeMastra({ "create-run": [{ networkError: "fetch failed" }] });
    const { quoteId } = await createQuote(t);
    await runScheduled();

    expect(mastra.calls()).toEqual(["POST create-run", "POST create-run", "POST create-run"]);
    const [first, second, third] = mastra.requests.map((r) => r.at);
    expect([second! - first!, third! - second!]).toEqual([500, 1000]);

    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toBe(
      `The Mastra server at ${MASTRA_URL} could not be reached after 3 attempts: ` +
        "POST /api/workflows/negotiationWorkflow/create-run?runId=" +
        quoteId +
        ": fetch failed",
    );
    expect(quote?.workflowRunId).toBeUndefined();
    expect((await negotiationsOf(quoteId)).map((n) => [n.status, n.error])).toEqual([
      ["failed", quote?.error],
      ["failed", quote?.error],
      ["failed", quote?.error],
    ]);
  });

  test("a start that keeps failing after the run was created fails the quote too", async () => {
    const mastra = fakeMastra({
      start: [{ status: 500, body: { error: "boom" } }],
      "get-run": [{ status: 200, body: { status: "pending" } }],
    });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.calls().filter((c) => c === "POST start")).toHaveLength(3);
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toMatch(/could not be reached after 3 attempts: POST .*\/start\?runId=run-1: HTTP 500/);
  });

  test("a refusal (4xx) is not retried and is reported as such", async () => {
    const mastra = fakeMastra({ "create-run": [{ status: 404, body: { error: "Workflow not found" } }] });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run"]);
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toMatch(
      new RegExp(
        `^The Mastra server at ${MASTRA_URL} refused to start the negotiation workflow: .*HTTP 404.*Workflow not found`,
      ),
    );
  });

  test("MASTRA_URL unset: no request is made and the quote explains what to configure", async () => {
    vi.stubEnv("MASTRA_URL", undefined);
    const mastra = fakeMastra();
    const { quoteId } = await createQuote(t);
    await runScheduled();
    expect(mastra.requests).toEqual([]);
    expect(await quoteOf(quoteId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/MASTRA_URL is not set on this Convex deployment/),
    });
    expect((await negotiationsOf(quoteId)).every((n) => n.status === "failed")).toBe(true);
  });
});

describe("cancel", () => {
  test("cancels the quote and its open negotiations and asks Mastra to abort the run", async () => {
    const mastra = fakeMastra({ "create-run": [{ status: 200, body: { runId: "run-9" } }] });
    const { quoteId, negotiationIds } = await createQuote(t);
    await runScheduled();
    // One negotiation already finished, one is mid-sentence.
    await t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken: await grantWrites(t, quoteId),
      negotiationId: negotiationIds[0]!,
      status: "impasse",
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
      content: "We would like",
      isPartial: true,
      createdAt: 1,
    });

    await alice().mutation(api.quotes.cancel, { quoteId });
    expect((await quoteOf(quoteId))?.status).toBe("cancelled");
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["impasse", "cancelled", "cancelled"]);
    const [message] = await alice().query(api.negotiations.listMessages, { negotiationId: negotiationIds[1]! });
    expect(message).toMatchObject({ content: "We would like", isPartial: false, metadata: { interrupted: true } });

    await runScheduled();
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "POST cancel"]);
    expect(mastra.requests.at(-1)?.path).toBe("/api/workflows/negotiationWorkflow/runs/run-9/cancel");

    // The aborted run's late writes do not reopen anything.
    await t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken: await grantWrites(t, quoteId),
      negotiationId: negotiationIds[2]!,
      status: "active",
    });
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["impasse", "cancelled", "cancelled"]);
  });

  test("cancelled before the run was created: Mastra is never called", async () => {
    const mastra = fakeMastra();
    const { quoteId } = await createQuote(t);
    await alice().mutation(api.quotes.cancel, { quoteId });
    await runScheduled();
    expect(mastra.requests).toEqual([]);
    expect(await quoteOf(quoteId)).toMatchObject({ status: "cancelled" });
    expect((await quoteOf(quoteId))?.workflowRunId).toBeUndefined();
    expect((await negotiationsOf(quoteId)).map((n) => n.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  test("cancelled while the run was being created: the run is never started, and is cancelled", async () => {
    let quoteId: Id<"quotes"> | undefined;
    const mastra = fakeMastra({}, async (route) => {
      if (route === "create-run") await alice().mutation(api.quotes.cancel, { quoteId: quoteId! });
    });
    ({ quoteId } = await createQuote(t));
    await runScheduled();
    // The created run is not left behind: the start action cancels it, and the quote gets no run or writer.
    expect(mastra.calls()).toEqual(["POST create-run", "POST cancel"]);
    expect(mastra.requests.at(-1)?.path).toBe("/api/workflows/negotiationWorkflow/runs/run-1/cancel");
    expect(await quoteOf(quoteId)).toMatchObject({ status: "cancelled" });
    expect((await quoteOf(quoteId))?.workflowRunId).toBeUndefined();
  });

  test("cancelled while the start was in flight: the run is cancelled right after it starts", async () => {
    let quoteId: Id<"quotes"> | undefined;
    const mastra = fakeMastra({}, async (route) => {
      if (route === "start") await alice().mutation(api.quotes.cancel, { quoteId: quoteId! });
    });
    ({ quoteId } = await createQuote(t));
    await runScheduled();
    // One cancel from `quotes.cancel` (the run id was known), one from the start action's own
    // check after the start returned; cancelling twice is harmless, missing the run is not.
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "POST cancel", "POST cancel"]);
    expect((await quoteOf(quoteId))?.status).toBe("cancelled");
  });

  test("an unreachable cancel endpoint is retried a bounded number of times and only logged", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const mastra = fakeMastra({ cancel: [{ networkError: "fetch failed" }] });
    const { quoteId } = await createQuote(t);
    await runScheduled();
    await alice().mutation(api.quotes.cancel, { quoteId });
    await runScheduled();
    expect(mastra.calls().filter((c) => c === "POST cancel")).toHaveLength(3);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not cancel workflow run run-1: .*fetch failed/));
    expect((await quoteOf(quoteId))?.status).toBe("cancelled");
  });

  test("cancelling a finished quote changes nothing and calls nobody", async () => {
    const mastra = fakeMastra();
    const { quoteId } = await createQuote(t);
    await runScheduled();
    await t.mutation(api.quotes.completeQuote, {
      writeToken: await grantWrites(t, quoteId),
      quoteId,
      recommendation: { recommendedSupplierId: null, explanation: "No supplier met the limits.", ranking: [] },
    });
    await alice().mutation(api.quotes.cancel, { quoteId });
    await runScheduled();
    expect((await quoteOf(quoteId))?.status).toBe("completed");
    expect(mastra.calls()).toEqual(["POST create-run", "POST start"]);
  });
});
