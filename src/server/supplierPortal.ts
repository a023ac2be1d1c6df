import { ConvexError, v } from "convex/values";
import { zodToConvex } from "convex-helpers/server/zod4";
import { productOfLine } from "../domain/quote";
import { replyMove, supplierReplySchema } from "../domain/supplier-reply";
import { describeValidationError } from "../domain/validation-error";
import type { Doc } from "./_generated/dataModel";
import { mutation, query, type MutationCtx, type QueryCtx } from "./_generated/server";
import { MAX_MESSAGES_PER_NEGOTIATION } from "./model/catalog";
import { isTerminalNegotiationStatus } from "./model/negotiationStatus";
import { withStreamedText } from "./model/streamedText";
import { openLink, type OpenedLink } from "./model/supplierLink";
import { scheduleSupplierTurn } from "./model/supplierTurnDelivery";
import { checkTerms } from "./model/termsCheck";
import { buyerNameOf } from "./model/buyerName";
import { senderValidator, termsValidator, type Terms } from "./model/validators";

/*
 * The supplier's side of a negotiation they answer in person, opened by their private link alone
 * (supplierLink.ts): no account. What it shows is what a supplier is told anyway: who asks, for
 * which products and quantities, and the conversation. Never the buyer's limits, notes, priorities
 * or values, nor another supplier, nor how the buyer's side reasons (guardrails, token counts).
 */

const REFUSED = "This link does not open a negotiation: it may have expired, or the buyer may have replaced it.";

/** Where the negotiation stands, as the supplier may know it. */
const supplierStageValidator = v.union(
  v.literal("not-started"),
  v.literal("your-turn"),
  v.literal("their-turn"),
  v.literal("agreed"),
  v.literal("ended"),
);

const supplierViewValidator = v.object({
  buyerName: v.string(),
  supplierName: v.string(),
  products: v.array(v.object({ productId: v.string(), name: v.string(), unit: v.string(), quantity: v.number() })),
  stage: supplierStageValidator,
  /** While it is their turn: when their time to reply runs out. */
  replyBy: v.optional(v.number()),
  /** The terms agreed, once agreed. */
  agreedTerms: v.optional(termsValidator),
  /** Why it ended without a deal, in terms the supplier may know (never the buyer's limits). */
  endedBecause: v.optional(
    v.union(v.literal("no-reply"), v.literal("you-declined"), v.literal("no-agreement"), v.literal("closed")),
  ),
  messages: v.array(
    v.object({
      sequence: v.number(),
      sender: senderValidator,
      content: v.string(),
      isPartial: v.boolean(),
      createdAt: v.number(),
      decision: v.optional(v.string()),
      terms: v.optional(termsValidator),
    }),
  ),
});

/** The negotiation as its supplier sees it; null for any link that does not open (one answer for all). */
export const view = query({
  args: { token: v.string() },
  returns: v.union(v.null(), supplierViewValidator),
  handler: async (ctx, { token }) => {
    const opened = await openLink(ctx, token);
    if (opened === null) return null;
    const { negotiation, quote } = opened;
    const messages = await transcript(ctx, negotiation);
    return {
      buyerName: await buyerNameOf(ctx, quote.ownerId),
      supplierName: negotiation.supplierName,
      products: quote.products.map((line) => {
        const product = productOfLine(line);
        return { productId: line.productId, name: product.name, unit: product.unit, quantity: line.quantity };
      }),
      stage: stageOf(negotiation, messages.length),
      ...(negotiation.status === "waiting" && negotiation.replyBy !== undefined
        ? { replyBy: negotiation.replyBy }
        : {}),
      ...(isAgreed(negotiation) && negotiation.finalOffer ? { agreedTerms: negotiation.finalOffer } : {}),
      ...endingOf(negotiation, messages),
      messages: messages.map((m) => ({
        sequence: m.sequence,
        sender: m.sender,
        content: m.content,
        isPartial: m.isPartial,
        createdAt: m.createdAt,
        // Only the move: how the buyer's side reasoned (guardrails, model, tokens) stays with the buyer.
        ...(m.metadata?.decision === undefined ? {} : { decision: m.metadata.decision }),
        ...(m.metadata?.terms === undefined ? {} : { terms: m.metadata.terms }),
      })),
    };
  },
});

/**
 * The supplier's reply to the brand agent's latest message: an offer, or yes / no to its terms.
 * Taken only while the agent waits for it, before the time to reply runs out, checked as every offer
 * is; then the run is told to go on.
 */
export const reply = mutation({
  args: { token: v.string(), reply: zodToConvex(supplierReplySchema) },
  returns: v.null(),
  handler: async (ctx, args) => {
    const opened = await openLink(ctx, args.token);
    if (opened === null) throw new ConvexError(REFUSED);
    const { negotiation, quote } = opened;
    const ask = await standingAsk(ctx, opened);
    const parsed = supplierReplySchema.safeParse(args.reply);
    if (!parsed.success) throw new ConvexError(`invalid reply:\n${describeValidationError(parsed.error)}`);
    if (parsed.data.decision === "offer") checkOfferLines(parsed.data.terms, quote);
    const move = replyMove(parsed.data, ask.terms);
    const now = Date.now();
    await ctx.db.insert("messages", {
      negotiationId: negotiation._id,
      quoteId: quote._id,
      sequence: ask.sequence + 1,
      sender: "supplier",
      content: move.content,
      isPartial: false,
      createdAt: now,
      updatedAt: now,
      metadata: { decision: move.decision, terms: move.terms },
    });
    const round = Math.floor((ask.sequence + 1) / 2) + 1;
    await ctx.db.patch("negotiations", negotiation._id, {
      status: "active",
      replyBy: undefined,
      roundCount: Math.max(negotiation.roundCount, Math.min(round, quote.maxRounds)),
      ...(move.decision === "offer" ? { latestOffer: move.terms, latestOfferSequence: ask.sequence + 1 } : {}),
      updatedAt: now,
    });
    await scheduleSupplierTurn(ctx, quote._id);
    return null;
  },
});

/** The brand's message the supplier answers, if it is their turn; refused with why otherwise. */
async function standingAsk(ctx: MutationCtx, { negotiation }: OpenedLink): Promise<{ sequence: number; terms: Terms }> {
  if (isTerminalNegotiationStatus(negotiation.status)) throw new ConvexError("This negotiation has ended.");
  if (negotiation.status !== "waiting") {
    throw new ConvexError("It is not your turn: the buyer's negotiator has not finished its message yet.");
  }
  if (negotiation.replyBy !== undefined && Date.now() > negotiation.replyBy) {
    throw new ConvexError("The time to reply has run out.");
  }
  const last = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiation._id))
    .order("desc")
    .first();
  if (last === null || last.sender !== "brand" || last.isPartial || last.metadata?.terms === undefined) {
    throw new ConvexError("It is not your turn: the buyer's negotiator has not finished its message yet.");
  }
  return { sequence: last.sequence, terms: last.metadata.terms };
}

/** An offer prices exactly the quote's lines, at the quantities asked. */
function checkOfferLines(terms: Terms, quote: Doc<"quotes">): void {
  checkTerms(terms, "terms", quote);
  const asked = new Map(quote.products.map((line) => [line.productId, line.quantity]));
  terms.lines.forEach((line, index) => {
    if (asked.get(line.productId) !== line.quantity) {
      throw new ConvexError(
        `terms.lines[${index}].quantity: the buyer asked for ${asked.get(line.productId)} of "${line.productId}" (got ${line.quantity})`,
      );
    }
  });
  const priced = new Set(terms.lines.map((line) => line.productId));
  for (const productId of asked.keys()) {
    if (!priced.has(productId)) throw new ConvexError(`terms.lines: "${productId}" needs a price`);
  }
  if (priced.size !== terms.lines.length) throw new ConvexError("terms.lines: each product is priced once");
}

async function transcript(ctx: QueryCtx, negotiation: Doc<"negotiations">): Promise<Doc<"messages">[]> {
  const messages = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiation._id))
    .order("asc")
    .take(MAX_MESSAGES_PER_NEGOTIATION);
  return await Promise.all(messages.map((m) => withStreamedText(ctx, m)));
}

function isAgreed(negotiation: Doc<"negotiations">): boolean {
  return ["completed", "awarded"].includes(negotiation.status);
}

/**
 * Why a negotiation ended without a deal: their time ran out, they declined, no terms suited both
 * sides (the buyer's own reason, a limit say, is not theirs to read), or the quote was closed
 * (cancelled, failed, or the buyer took another deal).
 */
function endingOf(negotiation: Doc<"negotiations">, messages: readonly Doc<"messages">[]) {
  const { status } = negotiation;
  if (!isTerminalNegotiationStatus(status) || isAgreed(negotiation)) return {};
  if (status !== "impasse") return { endedBecause: "closed" as const };
  if (negotiation.error?.startsWith("no reply:")) return { endedBecause: "no-reply" as const };
  const last = messages.at(-1);
  if (last?.sender === "supplier" && last.metadata?.decision === "reject")
    return { endedBecause: "you-declined" as const };
  return { endedBecause: "no-agreement" as const };
}

function stageOf(negotiation: Doc<"negotiations">, messageCount: number) {
  if (isAgreed(negotiation)) return "agreed" as const;
  if (isTerminalNegotiationStatus(negotiation.status)) return "ended" as const;
  if (negotiation.status === "waiting") return "your-turn" as const;
  return messageCount === 0 && negotiation.status === "pending" ? ("not-started" as const) : ("their-turn" as const);
}
