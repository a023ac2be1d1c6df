import {
  MAX_MESSAGES_PER_NEGOTIATION,
  MAX_REASON_LENGTH,
  maxMessagesPerNegotiation,
} from "./model/catalog";
import { ConvexError, v } from "convex/values";
import { omit, pick } from "convex-helpers";
import { query, type MutationCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { MAX_REPLY_WINDOW_MS, scheduleDeadline } from "./model/supplierTurnDelivery";
import { upsertMessage } from "./model/messageUpsert";
import { appendText } from "./model/messageAppend";
import { withStreamedText } from "./model/streamedText";
import {
  isDecidedNegotiationStatus,
  isTerminalNegotiationStatus,
  resolveNegotiationStatus,
} from "./model/negotiationStatus";
import { getOwnedQuote } from "./model/ownership";
import { interruptStreamingMessages } from "./model/streamingMessages";
import {
  messageDocValidator,
  messageFields,
  messageWriteFields,
  negotiationDocValidator,
  negotiationFields,
  negotiationStatusValidator,
  termsValidator,
  type Terms,
} from "./model/validators";
import { runNegotiationMutation, runQuoteQuery } from "./model/runWriteAccess";
import { checkTerms } from "./model/termsCheck";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * Writes from the quote's workflow run (guarded by the run's write token, safe to retry) and the
 * buyer's live reads.
 */

/** A message as the run writes it; its negotiation is named beside the token (runWriteAccess.ts). */
const messageWrite = omit(messageWriteFields, ["negotiationId"]);

/** A finished message. Retrying it is safe: the (negotiationId, sequence) row is updated, not duplicated. */
export const addMessage = runNegotiationMutation({
  args: omit(messageWrite, ["isPartial"]),
  returns: v.id("messages"),
  handler: async (ctx, message) => await upsertMessage(ctx, { ...message, isPartial: false }),
});

/**
 * Streamed text of one message: each write replaces the content so far; `isPartial: false` makes
 * it final. A partial write that arrives after the final one is ignored.
 */
export const streamMessage = runNegotiationMutation({
  args: messageWrite,
  returns: v.id("messages"),
  handler: async (ctx, message) => await upsertMessage(ctx, message),
});

/**
 * A chunk of a streaming message's text, appended at offset `start` (messageAppend.ts); returns the
 * length of the text stored, which the next chunk starts from. Safe to retry and to arrive late.
 * `addMessage` (or `streamMessage` with `isPartial: false`) later replaces it with the final text.
 */
export const appendMessageText = runNegotiationMutation({
  args: { ...pick(messageWrite, ["sequence", "sender", "createdAt"]), start: v.number(), text: v.string() },
  returns: v.number(),
  handler: async (ctx, append) => await appendText(ctx, append),
});

/**
 * Moves a negotiation along pending → active → completed | impasse | failed | cancelled. The first
 * final status sticks: late or retried writes cannot reopen or relabel a finished negotiation, and
 * its outcome (status, final offer, round count, reason) is final: a retry of the very same write
 * still succeeds, any other version of it is refused.
 */
export const updateNegotiationStatus = runNegotiationMutation({
  args: {
    status: negotiationStatusValidator,
    roundCount: v.optional(v.number()),
    finalOffer: v.optional(termsValidator),
    error: v.optional(v.string()),
    /** With "waiting": when the supplier's time to reply runs out. */
    replyBy: v.optional(v.number()),
  },
  returns: v.null(),
  handler: async (ctx, { negotiationId, status, roundCount, finalOffer, error, replyBy }) => {
    const { negotiation, quote } = ctx;
    // Awarded and declined are the buyer's to set (quotes.decide); the run's report of them is an echo.
    if (isDecidedNegotiationStatus(status)) return null;
    if (
      roundCount !== undefined &&
      !(Number.isSafeInteger(roundCount) && roundCount >= 0 && roundCount <= quote.maxRounds)
    ) {
      throw new ConvexError(`roundCount must be a whole number from 0 to ${quote.maxRounds} (got ${roundCount})`);
    }
    if (finalOffer !== undefined) checkTerms(finalOffer, "finalOffer", quote);
    if (error !== undefined && error.length > MAX_REASON_LENGTH) {
      throw new ConvexError(`error must be at most ${MAX_REASON_LENGTH} characters (got ${error.length})`);
    }

    if (isTerminalNegotiationStatus(negotiation.status)) {
      // A different final status arriving late (the run's "failed" after the buyer's cancel) loses quietly.
      if (status !== negotiation.status) return null;
      const same =
        (roundCount === undefined || roundCount === negotiation.roundCount) &&
        (finalOffer === undefined || sameTerms(finalOffer, negotiation.finalOffer)) &&
        (error === undefined || error === negotiation.error);
      if (same) return null;
      throw new ConvexError(
        `negotiation ${negotiationId} is ${negotiation.status}; its outcome is final and cannot be changed`,
      );
    }
    const nextStatus = resolveNegotiationStatus(negotiation.status, status);
    if (nextStatus === "waiting") {
      await startWaiting(ctx, negotiation, replyBy);
      return null;
    }

    await ctx.db.patch("negotiations", negotiationId, {
      status: nextStatus,
      roundCount: Math.max(negotiation.roundCount, roundCount ?? 0),
      ...(finalOffer === undefined ? {} : { finalOffer }),
      ...(error === undefined ? {} : { error }),
      ...(nextStatus === "completed" ? { agreedAt: Date.now() } : {}),
      updatedAt: Date.now(),
    });
    if (isTerminalNegotiationStatus(nextStatus)) await interruptStreamingMessages(ctx, negotiationId);
    return null;
  },
});

/**
 * The offer on the table after a round. Idempotent; an older offer retried late does not replace a
 * newer one. A negotiation that has ended takes no new offer (the workflow server records an offer
 * before the turn that ends the negotiation, so a new one can only come from a stale run, as for
 * messages in messageUpsert.ts); a write that would change nothing is still accepted.
 */
export const recordOffer = runNegotiationMutation({
  args: {
    round: v.number(),
    sequence: v.number(),
    terms: termsValidator,
  },
  returns: v.null(),
  handler: async (ctx, { negotiationId, round, sequence, terms }) => {
    const { negotiation, quote } = ctx;
    if (!(Number.isSafeInteger(round) && round >= 0 && round <= quote.maxRounds))
      throw new ConvexError(`round must be a whole number from 0 to ${quote.maxRounds} (got ${round})`);
    const maxSequence = maxMessagesPerNegotiation(quote.maxRounds) - 1;
    if (!(Number.isSafeInteger(sequence) && sequence >= 0 && sequence <= maxSequence)) {
      throw new ConvexError(`sequence must be a whole number from 0 to ${maxSequence} (got ${sequence})`);
    }
    checkTerms(terms, "terms", quote);

    const isNewest = negotiation.latestOfferSequence === undefined || sequence >= negotiation.latestOfferSequence;
    const roundCount = Math.max(negotiation.roundCount, round);
    const alreadyRecorded = sequence === negotiation.latestOfferSequence && sameTerms(terms, negotiation.latestOffer);
    if ((!isNewest || alreadyRecorded) && roundCount === negotiation.roundCount) return null;
    if (isTerminalNegotiationStatus(negotiation.status)) {
      throw new ConvexError(`negotiation ${negotiationId} is ${negotiation.status}; offer #${sequence} refused`);
    }
    await ctx.db.patch("negotiations", negotiationId, {
      roundCount,
      ...(isNewest ? { latestOffer: terms, latestOfferSequence: sequence } : {}),
      updatedAt: Date.now(),
    });
    return null;
  },
});

/**
 * The negotiations of one quote, in the quote's supplier order. Only the quote's owner sees them;
 * anyone else (or a signed-out caller) gets an empty list, as for a quote that does not exist.
 */
export const listByQuote = query({
  args: { quoteId: v.id("quotes") },
  returns: v.array(negotiationDocValidator),
  handler: async (ctx, { quoteId }) => {
    const quote = await getOwnedQuote(ctx, quoteId);
    if (!quote) return [];
    const negotiations = await negotiationsOfQuote(ctx, quoteId);
    const order = (supplierId: string) => quote.supplierIds.indexOf(supplierId);
    return negotiations
      .sort((a, b) => order(a.supplierId) - order(b.supplierId))
      .map(({ listTotal: _privateToTheOrder, ...visible }) => visible);
  },
});

/**
 * One negotiation's transcript ordered by sequence (not arrival time). Owner only; anyone else
 * gets an empty list.
 */
export const listMessages = query({
  args: { negotiationId: v.id("negotiations") },
  returns: v.array(messageDocValidator),
  handler: async (ctx, { negotiationId }) => {
    const negotiation = await ctx.db.get("negotiations", negotiationId);
    if (!negotiation) return [];
    const quote = await getOwnedQuote(ctx, negotiation.quoteId);
    if (!quote) return [];
    // Bounded by maxRounds (at most 12): a couple of messages per round plus the closing ones.
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiationId))
      .order("asc")
      .take(MAX_MESSAGES_PER_NEGOTIATION);
    // A streaming message shows its appended chunks too (at most one or two stream at a time).
    return await Promise.all(messages.map((m) => withStreamedText(ctx, m)));
  },
});

/**
 * The brand agent waits for a supplier who answers in person, until `replyBy`: only such a
 * negotiation may wait, and only for a while. The run is told when the time is up (supplierTurns.ts).
 */
async function startWaiting(ctx: MutationCtx, negotiation: Doc<"negotiations">, replyBy: number | undefined) {
  if (negotiation.supplierLink === undefined) {
    throw new ConvexError(`negotiation ${negotiation._id} is with a supplier's agent: it never waits for a reply`);
  }
  if (replyBy === undefined || !Number.isSafeInteger(replyBy) || replyBy > Date.now() + MAX_REPLY_WINDOW_MS) {
    throw new ConvexError(`replyBy must be a time at most 30 days ahead (got ${replyBy})`);
  }
  if (negotiation.status === "waiting" && negotiation.replyBy === replyBy) return;
  await ctx.db.patch("negotiations", negotiation._id, { status: "waiting", replyBy, updatedAt: Date.now() });
  await scheduleDeadline(ctx, negotiation.quoteId, replyBy);
}

/** Field by field, so the order keys were stored in cannot make a repeat look like a change. */
export function sameTerms(a: Terms, b: Terms | undefined): boolean {
  if (b === undefined) return false;
  const sameLines =
    a.lines.length === b.lines.length &&
    a.lines.every((line, index) => {
      const other = b.lines[index];
      return (
        other !== undefined &&
        line.productId === other.productId &&
        line.quantity === other.quantity &&
        line.unitPrice === other.unitPrice
      );
    });
  return (
    sameLines &&
    a.leadTimeDays === b.leadTimeDays &&
    a.paymentTerms === b.paymentTerms &&
    a.validityDays === b.validityDays
  );
}

/**
 * What the quote's run has persisted, read by the run itself (its write token opens it) when it
 * restarts, so each negotiation goes on from its last complete turn: every negotiation's status and
 * outcome, and its complete messages (never partial text) with their moves.
 */
export const runJournal = runQuoteQuery({
  args: {},
  returns: v.array(
    v.object({
      negotiationId: v.id("negotiations"),
      ...pick(negotiationFields, ["status", "roundCount", "error", "finalOffer", "replyBy"]),
      messages: v.array(v.object(pick(messageFields, ["sequence", "sender", "content", "metadata"]))),
    }),
  ),
  handler: async (ctx, { quoteId }) => {
    const negotiations = await negotiationsOfQuote(ctx, quoteId);
    return await Promise.all(
      negotiations.map(async (n) => {
        const messages = await ctx.db
          .query("messages")
          .withIndex("by_negotiationId_and_isPartial", (q) => q.eq("negotiationId", n._id).eq("isPartial", false))
          .take(MAX_MESSAGES_PER_NEGOTIATION);
        return {
          negotiationId: n._id,
          status: n.status,
          roundCount: n.roundCount,
          ...(n.error === undefined ? {} : { error: n.error }),
          ...(n.finalOffer === undefined ? {} : { finalOffer: n.finalOffer }),
          ...(n.replyBy === undefined ? {} : { replyBy: n.replyBy }),
          messages: messages.map((m) => ({
            sequence: m.sequence,
            sender: m.sender,
            content: m.content,
            ...(m.metadata === undefined ? {} : { metadata: m.metadata }),
          })),
        };
      }),
    );
  },
});
