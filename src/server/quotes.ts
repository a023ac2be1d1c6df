import { ConvexError, v } from "convex/values";
import { answersInPerson } from "../domain/quote";
import { listTotalOf } from "../domain/savings";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { mutation, query } from "./_generated/server";
import { MAX_NEGOTIATIONS_PER_QUOTE, MAX_REASON_LENGTH } from "./model/catalog";
import { recordQuoteEvent } from "./model/auditTrail";
import { closeOpenNegotiations } from "./model/negotiationClosing";
import { isTerminalQuoteStatus } from "./model/negotiationStatus";
import { getOwnedQuote, requireOwnedQuote, requireUserId } from "./model/ownership";
import { callersRecentQuotes } from "./model/recentQuotes";
import { productsForQuote } from "./model/productCatalog";
import { validateQuoteInput } from "./model/quoteInput";
import { limitQuoteCreation } from "./model/rateLimit";
import { checkRecommendation, sameRecommendation } from "./model/recommendationCheck";
import { scheduleRunStart } from "./model/runStart";
import { runQuoteMutation } from "./model/runWriteAccess";
import { directoryForInvitation, seedIfEmpty } from "./model/supplierDirectory";
import { FIRST_LINK } from "./model/supplierLink";
import { quoteDocValidator, quoteRequestArgs, recommendationValidator } from "./model/validators";

/** How many quotes `listMine` returns, newest first; a buyer's page shows the recent ones. */
const LIST_MINE_LIMIT = 100;

/**
 * A buyer asks for a quote. Checked in full first (nothing is written when anything is wrong), the
 * invited suppliers against the `suppliers` table (written with the built-ins on first use), then
 * the quote and one pending negotiation per supplier, named as the table names it, are written
 * together and the workflow run is started in the background. A quote naming no supplier invites
 * every one in the table, if there are at most 50.
 */
export const create = mutation({
  args: quoteRequestArgs,
  returns: v.id("quotes"),
  handler: async (ctx, args) => {
    const ownerId = await requireUserId(ctx);
    // The first quote of a deployment writes the built-in suppliers; a refused quote rolls it back.
    await seedIfEmpty(ctx);
    const directory = await directoryForInvitation(ctx, args.supplierIds, MAX_NEGOTIATIONS_PER_QUOTE);
    const catalog = await productsForQuote(ctx, ownerId, args.products);
    const { quote, suppliers } = validateQuoteInput(args, directory, catalog);
    // After validation, so a mistyped quote does not cost the buyer one of their requests.
    await limitQuoteCreation(ctx, ownerId);
    const now = Date.now();
    const quoteId = await ctx.db.insert("quotes", {
      ...quote,
      ownerId,
      status: "starting",
      createdAt: now,
      updatedAt: now,
    });
    for (const supplier of suppliers) {
      await ctx.db.insert("negotiations", {
        quoteId,
        supplierId: supplier.id,
        supplierName: supplier.name,
        listTotal: listTotalOf(supplier, quote.products),
        status: "pending",
        roundCount: 0,
        ...(answersInPerson(quote, supplier.id) ? { supplierLink: FIRST_LINK } : {}),
        updatedAt: now,
      });
    }
    await recordQuoteEvent(ctx, quoteId, ownerId, "requested", `Asked ${suppliers.length} suppliers for a quote.`, now);
    await scheduleRunStart(ctx, quoteId, 1);
    return quoteId;
  },
});

/** The quote if the caller owns it; null for anyone else, as for a quote that does not exist. */
export const get = query({
  args: { quoteId: v.id("quotes") },
  returns: v.union(v.null(), quoteDocValidator),
  handler: async (ctx, { quoteId }) => {
    const quote = await getOwnedQuote(ctx, quoteId);
    return quote === null ? null : forBuyer(quote);
  },
});

/** The caller's most recent quotes, newest first; empty when signed out. */
export const listMine = query({
  args: {},
  returns: v.array(quoteDocValidator),
  handler: async (ctx) => {
    return (await callersRecentQuotes(ctx, LIST_MINE_LIMIT)).map(forBuyer);
  },
});

/** A quote as the buyer sees it: without the hash of its run's write token. */
function forBuyer(quote: Doc<"quotes">) {
  const { writeTokenHash: _hidden, ...visible } = quote;
  return visible;
}

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
    await recordQuoteEvent(ctx, quoteId, quote.ownerId, "cancelled", "Stopped the negotiations.");
    await closeOpenNegotiations(ctx, quoteId, "cancelled");
    // Without a run id the start action has not reached Mastra yet; it sees "cancelled" and stops.
    if (quote.workflowRunId !== undefined) {
      await ctx.scheduler.runAfter(0, internal.workflowTrigger.cancelWorkflowRun, { runId: quote.workflowRunId });
    }
    return null;
  },
});

/**
 * The quote's run reports its end (guarded by the run's write token). With a recommendation the
 * quote is "completed"; with only an error (the run failed before it could evaluate) it is
 * "failed". Negotiations the run never reported on are closed as failed, so nothing is left
 * looking active. A cancelled quote takes nothing from its run: the buyer stopped it, and a
 * recommendation built from negotiations cut short (cancelling the run is best effort) would only
 * mislead.
 *
 * The outcome is recorded once. A retry of the same report succeeds and changes nothing; a
 * different recommendation, or a result after the quote failed, is refused. A failure reported
 * after the result (the run crashed while flushing, say) is kept in `lateError`, apart from it.
 */
export const completeQuote = runQuoteMutation({
  args: {
    recommendation: v.optional(recommendationValidator),
    error: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { quoteId, recommendation, error }) => {
    const { quote } = ctx;
    if (recommendation === undefined && error === undefined) {
      throw new ConvexError("completeQuote needs a recommendation, an error, or both");
    }
    if (error !== undefined && error.length > MAX_REASON_LENGTH) {
      throw new ConvexError(`error must be at most ${MAX_REASON_LENGTH} characters (got ${error.length})`);
    }
    if (quote.status === "cancelled") return null;
    if (recommendation !== undefined) await checkRecommendation(ctx, quote, recommendation);

    if (isTerminalQuoteStatus(quote.status)) {
      const sameResult =
        recommendation === undefined ||
        (quote.recommendation !== undefined && sameRecommendation(recommendation, quote.recommendation));
      if (!sameResult) {
        throw new ConvexError(`quote ${quoteId} is ${quote.status}; its outcome is recorded and cannot be replaced`);
      }
      const newError = error !== undefined && error !== quote.error && error !== quote.lateError;
      if (!newError) return null;
      if (quote.status === "completed" && quote.lateError === undefined) {
        await ctx.db.patch("quotes", quoteId, { lateError: error, updatedAt: Date.now() });
        return null;
      }
      throw new ConvexError(`quote ${quoteId} is ${quote.status}; its outcome is recorded and cannot be replaced`);
    }

    await ctx.db.patch("quotes", quoteId, {
      status: recommendation !== undefined ? "completed" : "failed",
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
