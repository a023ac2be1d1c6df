import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import { mutation, query } from "./_generated/server";
import { supplierName } from "./catalog";
import { closeOpenNegotiations } from "./negotiationClosing";
import { isTerminalQuoteStatus } from "./negotiationStatus";
import { callerUserId, getOwnedQuote, requireOwnedQuote, requireUserId } from "./ownership";
import { validateQuoteInput } from "./quoteInput";
import { prioritiesValidator, productLineValidator, quoteDocValidator, recommendationValidator } from "./validators";
import { requireWorkflowSecret } from "./workflowSecret";

/** How many quotes `listMine` returns, newest first; a buyer's page shows the recent ones. */
const LIST_MINE_LIMIT = 100;

/**
 * A buyer asks for a quote. Checked in full first (nothing is written when anything is wrong),
 * then the quote and one pending negotiation per supplier are written together and the workflow
 * run is started in the background.
 */
export const create = mutation({
  args: {
    products: v.array(productLineValidator),
    priorities: prioritiesValidator,
    userNotes: v.string(),
    maxLeadTimeDays: v.optional(v.number()),
    supplierIds: v.optional(v.array(v.string())),
    maxRounds: v.optional(v.number()),
  },
  returns: v.id("quotes"),
  handler: async (ctx, args) => {
    const ownerId = await requireUserId(ctx);
    const quote = validateQuoteInput(args);
    const now = Date.now();
    const quoteId = await ctx.db.insert("quotes", {
      ...quote,
      ownerId,
      status: "starting",
      createdAt: now,
      updatedAt: now,
    });
    for (const supplierId of quote.supplierIds) {
      await ctx.db.insert("negotiations", {
        quoteId,
        supplierId,
        supplierName: supplierName(supplierId),
        status: "pending",
        roundCount: 0,
        updatedAt: now,
      });
    }
    await ctx.scheduler.runAfter(0, internal.workflowTrigger.startWorkflowRun, { quoteId });
    return quoteId;
  },
});

/** The quote if the caller owns it; null for anyone else, as for a quote that does not exist. */
export const get = query({
  args: { quoteId: v.id("quotes") },
  returns: v.union(v.null(), quoteDocValidator),
  handler: async (ctx, { quoteId }) => await getOwnedQuote(ctx, quoteId),
});

/** The caller's most recent quotes, newest first; empty when signed out. */
export const listMine = query({
  args: {},
  returns: v.array(quoteDocValidator),
  handler: async (ctx) => {
    const ownerId = await callerUserId(ctx);
    if (ownerId === null) return [];
    return await ctx.db
      .query("quotes")
      .withIndex("by_ownerId_and_createdAt", (q) => q.eq("ownerId", ownerId))
      .order("desc")
      .take(LIST_MINE_LIMIT);
  },
});

/**
 * The buyer stops a quote: it and its open negotiations become "cancelled" at once (so the page
 * shows it without waiting on Mastra), and the workflow run, if one was started, is asked to abort.
 * Cancelling a quote that already ended changes nothing.
 */
export const cancel = mutation({
  args: { quoteId: v.id("quotes") },
  returns: v.null(),
  handler: async (ctx, { quoteId }) => {
    const quote = await requireOwnedQuote(ctx, quoteId);
    if (isTerminalQuoteStatus(quote.status)) return null;
    await ctx.db.patch("quotes", quoteId, { status: "cancelled", updatedAt: Date.now() });
    await closeOpenNegotiations(ctx, quoteId, "cancelled");
    // Without a run id the start action has not reached Mastra yet; it sees "cancelled" and stops.
    if (quote.workflowRunId !== undefined) {
      await ctx.scheduler.runAfter(0, internal.workflowTrigger.cancelWorkflowRun, { runId: quote.workflowRunId });
    }
    return null;
  },
});

/**
 * The workflow server reports the end of a run (secret-guarded). With a recommendation the quote
 * is "completed"; with only an error (the run failed before it could evaluate) it is "failed".
 * Negotiations the run never reported on are closed as failed, so nothing is left looking active.
 * A cancelled quote takes nothing from its run: the buyer stopped it, and a recommendation built
 * from negotiations cut short (cancelling the run is best effort) would only mislead.
 */
export const completeQuote = mutation({
  args: {
    secret: v.string(),
    quoteId: v.id("quotes"),
    recommendation: v.optional(recommendationValidator),
    error: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { secret, quoteId, recommendation, error }) => {
    requireWorkflowSecret(secret);
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote) throw new ConvexError(`quote ${quoteId} does not exist`);
    if (recommendation === undefined && error === undefined) {
      throw new ConvexError("completeQuote needs a recommendation, an error, or both");
    }
    if (quote.status === "cancelled") return null;
    const recommendedId = recommendation?.recommendedNegotiationId;
    if (recommendedId !== undefined) {
      const recommended = await ctx.db.get("negotiations", recommendedId);
      if (!recommended || recommended.quoteId !== quoteId) {
        throw new ConvexError(
          `recommendation.recommendedNegotiationId ${recommendedId} is not a negotiation of quote ${quoteId}`,
        );
      }
    }

    // A late error does not undo a result already recorded.
    const status = recommendation !== undefined || quote.status === "completed" ? "completed" : "failed";
    await ctx.db.patch("quotes", quoteId, {
      status,
      ...(recommendation === undefined ? {} : { recommendation }),
      ...(error === undefined ? {} : { error }),
      updatedAt: Date.now(),
    });
    await closeOpenNegotiations(
      ctx,
      quoteId,
      "failed",
      error ?? "the workflow finished without reporting this negotiation's outcome",
    );
    return null;
  },
});
