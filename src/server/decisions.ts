import { buyerNameOf } from "./model/buyerName";
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx } from "./_generated/server";
import { decisionReasonSchema } from "../domain/decision";
import { recordQuoteEvent } from "./model/auditTrail";
import { getOwnedQuote, requireOwnedQuote } from "./model/ownership";
import { dealExpiresAt, issuePurchaseOrder, type AgreedNegotiation } from "./model/purchaseOrder";
import { formatMoney } from "../domain/money";
import { quoteEventFields, type DecisionRecord, type PurchaseOrder } from "./model/validators";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * The buyer's decision on a quote's deals: award one, or decline them all. Exactly one decision
 * counts: the mutation reads the quote and writes the decision in one transaction, so of two racing
 * (a double click, two tabs, two sessions) the second finds the first and is refused. The decision
 * then reaches the waiting run (decisionDelivery.ts), which writes each supplier its closing message.
 */

export const decide = mutation({
  args: {
    quoteId: v.id("quotes"),
    decision: v.union(
      v.object({ kind: v.literal("award"), negotiationId: v.id("negotiations"), reason: v.optional(v.string()) }),
      v.object({ kind: v.literal("decline"), reason: v.optional(v.string()) }),
    ),
  },
  returns: v.null(),
  handler: async (ctx, { quoteId, decision }) => {
    const quote = await requireOwnedQuote(ctx, quoteId);
    refuseUnlessAwaitingDecision(quote);
    const reason = checkedReason(decision.reason);
    const deals = await agreedNegotiations(ctx, quoteId);
    if (deals.length === 0)
      throw new ConvexError("No supplier agreed a deal on this quote, so there is nothing to decide.");
    const now = Date.now();
    const record: DecisionRecord = { kind: decision.kind, decidedBy: quote.ownerId, decidedAt: now };
    if (reason !== undefined) record.reason = reason;
    let purchaseOrder: PurchaseOrder | undefined;
    if (decision.kind === "award") {
      const deal = awardableDeal(quote, deals, decision.negotiationId, reason, now);
      Object.assign(record, { negotiationId: deal._id, supplierId: deal.supplierId, supplierName: deal.supplierName });
      purchaseOrder = await issuePurchaseOrder(ctx, quote, deal, await buyerNameOf(ctx, quote.ownerId), now);
    }
    for (const deal of deals) {
      await ctx.db.patch("negotiations", deal._id, {
        status: deal._id === record.negotiationId ? "awarded" : "declined",
        closingSequence: await nextSequence(ctx, deal._id),
        updatedAt: now,
      });
    }
    await ctx.db.patch("quotes", quoteId, {
      decision: record,
      decisionDelivery: { state: "sending", attempts: 0 },
      ...(purchaseOrder === undefined ? {} : { purchaseOrder }),
      updatedAt: now,
    });
    await recordQuoteEvent(
      ctx,
      quoteId,
      quote.ownerId,
      decision.kind === "award" ? "awarded" : "declined",
      describe(record, purchaseOrder),
      now,
    );
    await ctx.scheduler.runAfter(0, internal.decisionDelivery.deliver, { quoteId, attempt: 1 });
    return null;
  },
});

/** The quote's audit trail, oldest first; empty for anyone but its buyer. */
export const history = query({
  args: { quoteId: v.id("quotes") },
  returns: v.array(v.object({ _id: v.id("quoteEvents"), _creationTime: v.number(), ...quoteEventFields })),
  handler: async (ctx, { quoteId }) => {
    if ((await getOwnedQuote(ctx, quoteId)) === null) return [];
    // A quote is requested, perhaps cancelled, and decided once: a handful of entries.
    return await ctx.db
      .query("quoteEvents")
      .withIndex("by_quoteId_and_at", (q) => q.eq("quoteId", quoteId))
      .take(50);
  },
});

function refuseUnlessAwaitingDecision(quote: Doc<"quotes">): void {
  if (quote.decision !== undefined) {
    const when = new Date(quote.decision.decidedAt).toUTCString();
    const what =
      quote.decision.kind === "award"
        ? `awarded it to ${quote.decision.supplierName ?? "a supplier"}`
        : "declined every offer";
    throw new ConvexError(`This quote is already decided: you ${what} (${when}). A decision is final.`);
  }
  if (quote.status === "starting" || quote.status === "negotiating" || quote.status === "pending") {
    throw new ConvexError("Your negotiator is still negotiating: decide once every negotiation has ended.");
  }
  if (quote.status !== "completed")
    throw new ConvexError(
      `This quote ${quote.status === "cancelled" ? "was cancelled" : "failed"}: there is nothing to decide.`,
    );
}

function checkedReason(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parsed = decisionReasonSchema.safeParse(raw);
  if (!parsed.success) throw new ConvexError(parsed.error.issues[0]?.message ?? "reason is not valid");
  return parsed.data === "" ? undefined : parsed.data;
}

/** The negotiations of the quote that ended in agreed terms. */
async function agreedNegotiations(ctx: MutationCtx, quoteId: Id<"quotes">): Promise<AgreedNegotiation[]> {
  const negotiations = await negotiationsOfQuote(ctx, quoteId);
  return negotiations.filter((n): n is AgreedNegotiation => n.status === "completed" && n.finalOffer !== undefined);
}

/** The deal to award: agreed on this quote, still within its validity, and explained when not the recommended one. */
function awardableDeal(
  quote: Doc<"quotes">,
  deals: AgreedNegotiation[],
  negotiationId: Id<"negotiations">,
  reason: string | undefined,
  now: number,
): AgreedNegotiation {
  const deal = deals.find((d) => d._id === negotiationId);
  if (!deal) throw new ConvexError("That supplier has no agreed deal on this quote to award.");
  const expiresAt = dealExpiresAt(deal);
  if (expiresAt < now) {
    throw new ConvexError(
      `${deal.supplierName}'s offer expired on ${new Date(expiresAt).toUTCString()}: the offers on this quote are no longer valid.`,
    );
  }
  if (quote.recommendation?.recommendedNegotiationId !== deal._id && reason === undefined) {
    throw new ConvexError("reason: say why you award this deal rather than the recommended one.");
  }
  return deal;
}

/** The next message's place in a negotiation: the brand's closing message goes there. */
async function nextSequence(ctx: MutationCtx, negotiationId: Id<"negotiations">): Promise<number> {
  const last = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiationId))
    .order("desc")
    .first();
  return last === null ? 0 : last.sequence + 1;
}

function describe(record: DecisionRecord, purchaseOrder: PurchaseOrder | undefined): string {
  const why = record.reason === undefined ? "" : ` Reason: ${record.reason}`;
  if (record.kind === "decline") return `Declined every offer.${why}`;
  const order = purchaseOrder === undefined ? "" : ` (${purchaseOrder.number}, ${formatMoney(purchaseOrder.total)})`;
  return `Awarded to ${record.supplierName ?? record.supplierId ?? "a supplier"}${order}.${why}`;
}
