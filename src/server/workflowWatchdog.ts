import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery } from "./_generated/server";
import { MastraWorkflowApi } from "./mastraApi";
import { readMastraServer } from "./mastraUrl";
import { failOpenQuote } from "./negotiationClosing";
import { isTerminalQuoteStatus } from "./negotiationStatus";
import { judgeRunCheck, runObservationValidator, watchdogIntervalMs, type RunObservation } from "./watchdogPolicy";

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
};

/** Whether the quote still waits on this run: it exists, has not ended, and this is its run. */
export const isWatchedRunOpen = internalQuery({
  args: { quoteId: v.id("quotes"), runId: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { quoteId, runId }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    return quote !== null && quote.workflowRunId === runId && !isTerminalQuoteStatus(quote.status);
  },
});

/** One look at the run. Scheduled by `recordRunStarted` and by `recordRunCheck`, never by a client. */
export const checkRun = internalAction({
  args: watchArgs,
  returns: v.null(),
  handler: async (ctx, args) => {
    // A quote that ended needs no request to the Mastra server, and no further checks.
    const { quoteId, runId } = args;
    if (!(await ctx.runQuery(internal.workflowWatchdog.isWatchedRunOpen, { quoteId, runId }))) return null;
    const observation = await observeRun(runId);
    await ctx.runMutation(internal.workflowWatchdog.recordRunCheck, { ...args, observation });
    return null;
  },
});

/** Acts on one check: watch again later, or fail the quote with the reason. */
export const recordRunCheck = internalMutation({
  args: { ...watchArgs, observation: runObservationValidator },
  returns: v.null(),
  handler: async (ctx, { quoteId, runId, misses, observation }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    // Re-read here, not trusted from before the request: the run may have reported back meanwhile.
    if (!quote || quote.workflowRunId !== runId || isTerminalQuoteStatus(quote.status)) return null;
    const verdict = judgeRunCheck(runId, observation, misses, Date.now() - quote.createdAt);
    if (verdict.action === "fail") {
      await failOpenQuote(ctx, quote, verdict.error);
      return null;
    }
    await ctx.scheduler.runAfter(watchdogIntervalMs(), internal.workflowWatchdog.checkRun, {
      quoteId,
      runId,
      misses: verdict.misses,
    });
    return null;
  },
});

/**
 * Asks the Mastra server once. No retries here: the next check is the retry, and a run is only
 * given up on after several misses in a row. Never throws, because a scheduled action that throws
 * would end the chain and leave the quote unwatched.
 */
async function observeRun(runId: string): Promise<RunObservation> {
  const mastra = readMastraServer();
  if ("problem" in mastra) return { kind: "no-answer", reason: mastra.problem };
  try {
    return { kind: "status", status: await new MastraWorkflowApi(mastra.url, mastra.secret).getRunStatus(runId) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: "no-answer", reason: `no status from the Mastra server at ${mastra.url}: ${message}` };
  }
}
