import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery, type QueryCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { MastraWorkflowApi } from "./model/mastraApi";
import { readMastraServer } from "./model/mastraUrl";
import { isTerminalQuoteStatus } from "./model/negotiationStatus";
import { watchdogIntervalMs } from "./model/watchdogPolicy";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * Telling a run that waits for a supplier answering in person that their turn has come: they
 * replied (supplierPortal.reply), or their time to reply ran out (scheduled by the run's "waiting").
 * The run suspends once every negotiation it can carry on has ended or waits, so it holds no process
 * for the days a person may take; this resumes it, on whichever server of the fleet answers.
 *
 * A scheduled action, asking until the turn has been taken: while the run is still executing (other
 * negotiations going on, or an earlier resume under way) the server answers "running". A live run
 * reads the reply by itself within a second (reply-watch.ts), but it may also be just about to
 * suspend, so the action asks again shortly. What is still to be taken is read from the quote each
 * time (`pendingTurn`), so any number of these chains may run at once and each stops as soon as
 * there is nothing left to tell.
 */

/** While the run is executing: ask again this soon (it takes the reply itself, or suspends and is resumed). */
const WHILE_RUNNING_MS = 2_000;
/** When the server cannot be reached: ask again after this, doubling, up to the cap. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 10 * 60_000;
/** About half an hour of "running": then the watchdog looks at the run instead. */
const MAX_ATTEMPTS = 900;

/** The run to tell, while one of the quote's in-person negotiations has a turn the run has not taken. */
export const pendingTurn = internalQuery({
  args: { quoteId: v.id("quotes") },
  returns: v.union(v.null(), v.object({ runId: v.string() })),
  handler: async (ctx, { quoteId }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote || quote.workflowRunId === undefined || isTerminalQuoteStatus(quote.status)) return null;
    const negotiations = await negotiationsOfQuote(ctx, quoteId);
    for (const negotiation of negotiations) {
      if (await hasTurnToTake(ctx, negotiation)) return { runId: quote.workflowRunId };
    }
    return null;
  },
});

/** A reply the run has not answered yet, or a wait whose time has run out. */
async function hasTurnToTake(ctx: QueryCtx, negotiation: Doc<"negotiations">): Promise<boolean> {
  if (negotiation.supplierLink === undefined) return false;
  if (negotiation.status === "waiting") return negotiation.replyBy !== undefined && negotiation.replyBy <= Date.now();
  if (negotiation.status !== "active") return false;
  const last = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_isPartial", (q) => q.eq("negotiationId", negotiation._id).eq("isPartial", false))
    .order("desc")
    .first();
  return last?.sender === "supplier";
}

/**
 * After the run went on (or is gone): the watchdog, which stops looking while a run waits for a
 * person (workflowWatchdog.ts), looks again; a resumed run's age counts from now.
 */
export const watchAgain = internalMutation({
  args: { quoteId: v.id("quotes"), runId: v.string(), resumed: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { quoteId, runId, resumed }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote || quote.workflowRunId !== runId || isTerminalQuoteStatus(quote.status)) return null;
    if (resumed) await ctx.db.patch("quotes", quoteId, { runResumedAt: Date.now() });
    if (quote.watchPaused !== true) return null;
    await ctx.db.patch("quotes", quoteId, { watchPaused: false });
    await ctx.scheduler.runAfter(watchdogIntervalMs(), internal.workflowWatchdog.checkRun, {
      quoteId,
      runId,
      misses: 0,
      resumes: 0,
    });
    return null;
  },
});

export const deliver = internalAction({
  args: { quoteId: v.id("quotes"), attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { quoteId, attempt }) => {
    const target = await ctx.runQuery(internal.supplierTurns.pendingTurn, { quoteId });
    if (target === null) return null;
    const answer = await ask(target.runId);
    if (answer === "resumed" || answer === "ended" || answer === "unknown" || attempt >= MAX_ATTEMPTS) {
      await ctx.runMutation(internal.supplierTurns.watchAgain, {
        quoteId,
        runId: target.runId,
        resumed: answer === "resumed",
      });
      return null;
    }
    const pause = answer === "running" ? WHILE_RUNNING_MS : Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS);
    await ctx.scheduler.runAfter(pause, internal.supplierTurns.deliver, { quoteId, attempt: attempt + 1 });
    return null;
  },
});

/** The server's answer, or "unreachable". Never throws: a scheduled action that throws ends its chain. */
async function ask(runId: string): Promise<string> {
  const mastra = readMastraServer();
  if ("problem" in mastra) return "unreachable";
  try {
    return await new MastraWorkflowApi(mastra.urls, mastra.secret).deliverSupplierTurn(runId);
  } catch {
    return "unreachable";
  }
}
