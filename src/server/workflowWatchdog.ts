import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery, type QueryCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { MastraWorkflowApi } from "./model/mastraApi";
import { readMastraServer } from "./model/mastraUrl";
import { failOpenQuote } from "./model/negotiationClosing";
import { isTerminalQuoteStatus } from "./model/negotiationStatus";
import {
  judgeRunCheck,
  runObservationValidator,
  stallMs,
  watchdogIntervalMs,
  type RunObservation,
} from "./model/watchdogPolicy";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * The crash watchdog: while a quote is negotiating, its run on the Mastra server is looked at every
 * WATCHDOG_INTERVAL_MS (watchdogPolicy.ts). A run that ended, vanished or stays out of reach without
 * reporting back fails the quote, its open negotiations and any half-streamed message, so nothing
 * is left "active" or "typing" after a crash. The chain starts in `recordRunStarted`
 * (workflowTrigger.ts) and stops by itself once the quote has ended, however it ended.
 *
 * Each check is an action (to make the HTTP request) that hands what it saw to a mutation, which
 * decides against the quote as it is at that moment and schedules the next check in the same
 * transaction: a quote that completed while the request was in flight is never failed, and the
 * chain cannot fork or stop half-way through a decision.
 */

const watchArgs = {
  quoteId: v.id("quotes"),
  runId: v.string(),
  /** Checks in a row before this one that saw no sign of life (watchdogPolicy.ts). */
  misses: v.number(),
  /** Resumes asked for in a row that brought no progress (absent on checks scheduled before resumes existed). */
  resumes: v.optional(v.number()),
};

/**
 * The quote's run as the watchdog needs it: null when the quote no longer waits on this run (it
 * ended, or another run is its run), else how long since the run last wrote anything to it.
 */
export const watchedRun = internalQuery({
  args: { quoteId: v.id("quotes"), runId: v.string() },
  returns: v.union(v.null(), v.object({ idleMs: v.number() })),
  handler: async (ctx, { quoteId, runId }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (quote === null || quote.workflowRunId !== runId || isTerminalQuoteStatus(quote.status)) return null;
    return { idleMs: Date.now() - (await lastWriteAt(ctx, quote)) };
  },
});

/** One look at the run. Scheduled by `recordRunStarted` and by `recordRunCheck`, never by a client. */
export const checkRun = internalAction({
  args: watchArgs,
  returns: v.null(),
  handler: async (ctx, args) => {
    // A quote that ended needs no request to the Mastra server, and no further checks.
    const { quoteId, runId } = args;
    const watched = await ctx.runQuery(internal.workflowWatchdog.watchedRun, { quoteId, runId });
    if (watched === null) return null;
    const observedAt = Date.now();
    const observation = await observeRun(runId, watched.idleMs >= stallMs());
    await ctx.runMutation(internal.workflowWatchdog.recordRunCheck, { ...args, observation, observedAt });
    return null;
  },
});

/** Acts on one check: watch again later (saying "reconnecting" meanwhile if so), or fail the quote with the reason. */
export const recordRunCheck = internalMutation({
  args: { ...watchArgs, observation: runObservationValidator, observedAt: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { quoteId, runId, misses, resumes = 0, observation, observedAt = 0 }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    // Re-read here, not trusted from before the request: the run may have reported back meanwhile.
    if (!quote || quote.workflowRunId !== runId || isTerminalQuoteStatus(quote.status)) return null;
    if (await suspendedForSupplier(ctx, quote, observation, observedAt)) {
      // Nothing to watch while a person takes their time: the reply (or its deadline) resumes the run
      // and starts the watchdog again (supplierTurns.ts).
      await ctx.db.patch("quotes", quoteId, { watchPaused: true, reconnecting: false });
      return null;
    }
    const runAgeMs = Date.now() - (quote.runResumedAt ?? quote.createdAt);
    const verdict = judgeRunCheck(runId, observation, { misses, resumes }, runAgeMs);
    if (verdict.action === "fail") {
      await failOpenQuote(ctx, quote, verdict.error);
      return null;
    }
    if ((quote.reconnecting ?? false) !== verdict.reconnecting) {
      await ctx.db.patch("quotes", quoteId, { reconnecting: verdict.reconnecting });
    }
    // Backing off while the run is being asked for again.
    await ctx.scheduler.runAfter(watchdogIntervalMs() * (1 + verdict.resumes), internal.workflowWatchdog.checkRun, {
      quoteId,
      runId,
      misses: verdict.misses,
      resumes: verdict.resumes,
    });
    return null;
  },
});

/**
 * The run is suspended waiting for a supplier who answers in person, as the quote says too (a
 * negotiation waits), and was not resumed since the look was taken.
 */
async function suspendedForSupplier(
  ctx: QueryCtx,
  quote: Doc<"quotes">,
  observation: RunObservation,
  observedAt: number,
): Promise<boolean> {
  if (observation.kind !== "status" || observation.status !== "suspended") return false;
  if ((quote.runResumedAt ?? 0) >= observedAt) return false;
  const negotiations = await negotiationsOfQuote(ctx, quote._id);
  return negotiations.some((negotiation) => negotiation.status === "waiting");
}

/**
 * Asks the Mastra server once: the run's status, and for a run that has stalled, to resume it. No
 * retries here: the next check is the retry, and a run is only given up on after several misses in
 * a row. Never throws, because a scheduled action that throws would end the chain and leave the
 * quote unwatched.
 */
async function observeRun(runId: string, stalled: boolean): Promise<RunObservation> {
  const mastra = readMastraServer();
  if ("problem" in mastra) return { kind: "no-answer", reason: mastra.problem };
  const api = new MastraWorkflowApi(mastra.urls, mastra.secret);
  let status: string | null;
  try {
    status = await api.getRunStatus(runId);
  } catch (error) {
    return {
      kind: "no-answer",
      reason: `no status from the Mastra server at ${mastra.urls.join(", ")}: ${describe(error)}`,
    };
  }
  if (!stalled || (status !== "running" && status !== "waiting")) return { kind: "status", status };
  // Stalled: the server resumes it from its snapshot unless it is executing it right now.
  const resume = await api.resumeRun(runId).catch(() => "no-answer");
  return { kind: "status", status, resume };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** When the quote's run last wrote to it: its latest message, or the last change to the quote. */
async function lastWriteAt(ctx: QueryCtx, quote: Doc<"quotes">): Promise<number> {
  let latest = quote.updatedAt;
  const negotiations = await negotiationsOfQuote(ctx, quote._id);
  for (const negotiation of negotiations) {
    latest = Math.max(latest, negotiation.updatedAt);
    const last = await ctx.db
      .query("messages")
      .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiation._id))
      .order("desc")
      .first();
    if (last) latest = Math.max(latest, last.updatedAt);
    // Text appended to a streaming message does not touch the message itself (streamedText.ts).
    if (last?.isPartial) {
      const chunk = await ctx.db
        .query("messageDeltas")
        .withIndex("by_messageId_and_start", (q) => q.eq("messageId", last._id))
        .order("desc")
        .first();
      if (chunk) latest = Math.max(latest, chunk._creationTime);
    }
  }
  return latest;
}
