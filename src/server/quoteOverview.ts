import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { query, type QueryCtx } from "./_generated/server";
import { callersRecentQuotes } from "./model/recentQuotes";
import { productLineValidator, quoteStatusValidator, type Terms } from "./model/validators";

/** How many quotes the overview lists, newest first (as `quotes.listMine`). */
const OVERVIEW_LIMIT = 100;
/** The supplier's first offer is among a negotiation's first messages (the negotiator opens). */
const FIRST_OFFER_WITHIN = 6;

const outcomeValidator = v.object({
  supplierName: v.string(),
  totalPrice: v.number(),
  /** The same supplier's first offer in this negotiation, for the saving; absent if none was written. */
  firstOfferTotal: v.optional(v.number()),
});

const overviewValidator = v.object({
  _id: v.id("quotes"),
  createdAt: v.number(),
  status: quoteStatusValidator,
  products: v.array(productLineValidator),
  supplierCount: v.number(),
  /** True for a quote that finished with nothing to recommend. */
  noDeal: v.boolean(),
  recommended: v.union(v.null(), outcomeValidator),
});

/**
 * "My quotes": the caller's quotes, newest first, each with its recommended supplier, total and the
 * first offer that supplier made, so the page can show what the negotiation saved.
 */
export const listMine = query({
  args: {},
  returns: v.array(overviewValidator),
  handler: async (ctx) => {
    const quotes = await callersRecentQuotes(ctx, OVERVIEW_LIMIT);
    return await Promise.all(
      quotes.map(async (quote) => ({
        _id: quote._id,
        createdAt: quote.createdAt,
        status: quote.status,
        products: quote.products,
        supplierCount: quote.supplierIds.length,
        noDeal: quote.status === "completed" && !quote.recommendation?.recommendedSupplierId,
        recommended: await recommendedOutcome(ctx, quote),
      })),
    );
  },
});

async function recommendedOutcome(ctx: QueryCtx, quote: Doc<"quotes">) {
  const recommendation = quote.recommendation;
  const winner = recommendation?.ranking.find((r) => r.supplierId === recommendation.recommendedSupplierId);
  if (!recommendation || !winner) return null;
  const negotiation = await ctx.db
    .query("negotiations")
    .withIndex("by_quoteId_and_supplierId", (q) => q.eq("quoteId", quote._id).eq("supplierId", winner.supplierId))
    .unique();
  const firstOffer = negotiation === null ? undefined : await firstSupplierTerms(ctx, negotiation);
  return {
    supplierName: winner.supplierName,
    totalPrice: winner.totalPrice,
    ...(firstOffer ? { firstOfferTotal: totalOf(firstOffer) } : {}),
  };
}

async function firstSupplierTerms(ctx: QueryCtx, negotiation: Doc<"negotiations">): Promise<Terms | undefined> {
  const opening = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiation._id))
    .take(FIRST_OFFER_WITHIN);
  return opening.find((m) => m.sender === "supplier" && m.metadata?.terms)?.metadata?.terms;
}

function totalOf(terms: Terms): number {
  return Math.round(terms.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) * 100) / 100;
}
