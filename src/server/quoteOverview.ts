import { v, type Infer } from "convex/values";
import { pick } from "convex-helpers";
import type { Doc, Id } from "./_generated/dataModel";
import { dealExpiresAt } from "./model/purchaseOrder";
import { query, type QueryCtx } from "./_generated/server";
import { callersRecentQuotes } from "./model/recentQuotes";
import { productLineValidator, quoteStatusValidator, type Terms } from "./model/validators";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

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
  /** What the buyer decided, once they have. */
  decision: v.optional(v.union(v.literal("award"), v.literal("decline"))),
  /** The awarded deal and what it saved (from its purchase order). */
  awarded: v.optional(
    v.object({
      supplierName: v.string(),
      total: v.number(),
      purchaseOrderNumber: v.string(),
      firstOfferTotal: v.optional(v.number()),
      listTotal: v.optional(v.number()),
      limitTotal: v.optional(v.number()),
    }),
  ),
  /** Until when the latest agreed deal holds, for a quote still waiting for the buyer. */
  offersValidUntil: v.optional(v.number()),
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
        ...decisionOverview(quote),
        ...(quote.status === "completed" && quote.decision === undefined ? await validity(ctx, quote._id) : {}),
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

function decisionOverview(quote: Doc<"quotes">): Pick<Infer<typeof overviewValidator>, "decision" | "awarded"> {
  if (quote.decision === undefined) return {};
  const order = quote.purchaseOrder;
  return {
    decision: quote.decision.kind,
    ...(order === undefined
      ? {}
      : {
          awarded: {
            supplierName: order.supplierName,
            total: order.total,
            purchaseOrderNumber: order.number,
            ...pick(order, ["firstOfferTotal", "listTotal", "limitTotal"]),
          },
        }),
  };
}

/** The latest moment any agreed deal of the quote still holds. */
async function validity(ctx: QueryCtx, quoteId: Id<"quotes">): Promise<{ offersValidUntil?: number }> {
  const negotiations = await negotiationsOfQuote(ctx, quoteId);
  const until = negotiations.flatMap((n) =>
    n.status === "completed" && n.finalOffer !== undefined ? [dealExpiresAt({ ...n, finalOffer: n.finalOffer })] : [],
  );
  return until.length === 0 ? {} : { offersValidUntil: Math.max(...until) };
}
