import { ConvexError } from "convex/values";
import type { MutationCtx } from "../_generated/server";
import type { Doc } from "../_generated/dataModel";
import { isTerminalNegotiationStatus } from "./negotiationStatus";
import { checkMessageWrite, isClosingMessage, MAX_MESSAGE_LENGTH, refusal, type WriteTarget } from "./messageUpsert";
import { dropDeltas, MAX_DELTAS_PER_MESSAGE, streamedText } from "./streamedText";
import type { MessageWrite } from "./validators";

/** A chunk of streamed text for one message, as the run sends it: `text` belongs at offset `start`. */
export type TextAppend = Omit<MessageWrite, "content" | "isPartial" | "metadata"> & { start: number; text: string };

/**
 * Appends streamed text to a message and returns how long its text now is, which the writer sends
 * its next chunk from. Keyed by offset, so every repeat is harmless: a retry, or a first attempt
 * answered late after its retry landed, brings text already stored and changes nothing; a chunk
 * that starts past the stored end (one before it was never stored) adds nothing either, and the
 * length returned tells the writer where to resend from. No gap and no duplicate can reach the page.
 * A message that is already final (or closed as interrupted) takes no more chunks: its final write
 * completes it.
 */
export async function appendText(ctx: MutationCtx & WriteTarget, append: TextAppend): Promise<number> {
  const { negotiation, quote } = ctx;
  checkMessageWrite({ ...append, content: append.text, isPartial: true }, quote.maxRounds);
  if (!Number.isSafeInteger(append.start) || append.start < 0) {
    throw new ConvexError(`start must be a whole number from 0 (got ${append.start})`);
  }
  const existing = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) =>
      q.eq("negotiationId", append.negotiationId).eq("sequence", append.sequence),
    )
    .unique();
  if (!existing) {
    if (isTerminalNegotiationStatus(negotiation.status) && !isClosingMessage(negotiation, append)) {
      throw refusal(negotiation, append.sequence);
    }
    if (append.start !== 0) return 0;
    await ctx.db.insert("messages", {
      negotiationId: append.negotiationId,
      quoteId: negotiation.quoteId,
      sequence: append.sequence,
      sender: append.sender,
      content: append.text,
      isPartial: true,
      createdAt: append.createdAt,
      updatedAt: Date.now(),
    });
    return append.text.length;
  }
  if (existing.sender !== append.sender) {
    throw new ConvexError(
      `message #${append.sequence} of negotiation ${append.negotiationId} is from the ${existing.sender}, not the ${append.sender}`,
    );
  }
  if (!existing.isPartial) return existing.content.length;
  return await appendToStreaming(ctx, existing, append);
}

async function appendToStreaming(ctx: MutationCtx, message: Doc<"messages">, append: TextAppend): Promise<number> {
  const { text, deltas } = await streamedText(ctx, message);
  const end = text.length;
  const fresh = append.text.slice(Math.max(0, end - append.start));
  if (append.start > end || fresh.length === 0) return end;
  if (end + fresh.length > MAX_MESSAGE_LENGTH) {
    throw new ConvexError(`content must be at most ${MAX_MESSAGE_LENGTH} characters (got ${end + fresh.length})`);
  }
  if (deltas.length >= MAX_DELTAS_PER_MESSAGE) {
    // Rare (a message streaming for many seconds): one rewrite keeps every later read small.
    await dropDeltas(ctx, deltas);
    await ctx.db.patch("messages", message._id, { content: text + fresh, updatedAt: Date.now() });
  } else {
    await ctx.db.insert("messageDeltas", { messageId: message._id, start: end, text: fresh });
  }
  return end + fresh.length;
}
