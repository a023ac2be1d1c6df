import { ConvexError } from "convex/values";
import { maxMessagesPerNegotiation } from "./catalog";
import type { MutationCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { isDecidedNegotiationStatus, isTerminalNegotiationStatus } from "./negotiationStatus";
import type { MessageMetadata, MessageWrite } from "./validators";
import { dropDeltas, streamedText } from "./streamedText";

/**
 * Writes one message, keyed on (negotiationId, sequence), for both `addMessage` (final text) and
 * `streamMessage` (partial text, replaced in place). The workflow server retries writes, so the
 * same write may arrive twice or late; the key turns that into an update instead of a duplicate,
 * and a final message is never reopened or overwritten by a stale partial.
 *
 * A negotiation that has ended (completed, impasse, failed, cancelled) takes no new message, but
 * for the brand's closing message once the buyer decided (`isClosingMessage`). The
 * workflow server writes a negotiation's last message before its final status, in one ordered
 * lane, so a message after the final status comes from a run that should have stopped: one the
 * buyer cancelled (cancelling is best effort) or the watchdog gave up on. Refusing with an error
 * makes the workflow server report the write as undelivered instead of the transcript growing
 * under a closed negotiation. Still accepted: a repeat that changes nothing, and the rest of the
 * text of a message the server closed as interrupted when the negotiation ended, as long as it
 * only extends what is stored (text that was streamed is never replaced) and until a write that is
 * not flagged interrupted closes it for good.
 */

/** Well under Convex's 1 MiB document limit, and far above any negotiation message. */
export const MAX_MESSAGE_LENGTH = 100_000;

/** The negotiation being written to and its quote, opened by the run's token (`runNegotiationMutation`). */
export interface WriteTarget {
  negotiation: Doc<"negotiations">;
  quote: Doc<"quotes">;
}

export async function upsertMessage(ctx: MutationCtx & WriteTarget, write: MessageWrite): Promise<Id<"messages">> {
  const { negotiation, quote } = ctx;
  checkMessageWrite(write, quote.maxRounds);

  const existing = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) =>
      q.eq("negotiationId", write.negotiationId).eq("sequence", write.sequence),
    )
    .unique();
  const now = Date.now();
  const ended = isTerminalNegotiationStatus(negotiation.status) && !isClosingMessage(negotiation, write);

  if (!existing) {
    if (ended) throw refusal(negotiation, write.sequence);
    return await ctx.db.insert("messages", {
      negotiationId: write.negotiationId,
      quoteId: negotiation.quoteId,
      sequence: write.sequence,
      sender: write.sender,
      content: write.content,
      isPartial: write.isPartial,
      createdAt: write.createdAt,
      updatedAt: now,
      ...(write.metadata === undefined ? {} : { metadata: write.metadata }),
    });
  }

  if (existing.sender !== write.sender) {
    // Two different messages claiming one slot is a writer bug; merging them would corrupt both.
    throw new ConvexError(
      `message #${write.sequence} of negotiation ${write.negotiationId} is from the ${existing.sender}, not the ${write.sender}`,
    );
  }
  // A partial arriving after the final text (a slow retry) would reopen a finished message.
  if (!existing.isPartial && write.isPartial) return existing._id;
  // While it streams, the text is the content plus the chunks appended since (streamedText.ts).
  const stored = await streamedText(ctx, existing);
  // Streamed text only grows, so a shorter prefix of what is stored is an older delta retried late.
  if (existing.isPartial && write.isPartial && isStalePrefix(write.content, stored.text)) return existing._id;

  let metadata = write.metadata ?? existing.metadata;
  const unchanged =
    stored.text === write.content &&
    existing.isPartial === write.isPartial &&
    JSON.stringify(existing.metadata) === JSON.stringify(metadata);
  // A repeated write changes nothing, so it does not wake every subscriber to the transcript.
  if (unchanged) return existing._id;
  if (ended) {
    if (!completesCutOffMessage(existing, stored.text, write.content, write.isPartial, write.metadata)) {
      throw refusal(negotiation, write.sequence);
    }
    // A write that completes the message ends its cut-off state, even one that brings no metadata.
    if (!write.isPartial && write.metadata?.interrupted !== true && metadata?.interrupted === true) {
      const { interrupted: _cutOff, ...rest } = metadata;
      metadata = rest;
    }
  }

  // The write replaces the partial state whole: its chunks go with it.
  await dropDeltas(ctx, stored.deltas);
  await ctx.db.patch("messages", existing._id, {
    content: write.content,
    isPartial: write.isPartial,
    metadata,
    updatedAt: now,
  });
  return existing._id;
}

/**
 * After the buyer's decision a deal takes exactly one more message: the brand's confirmation or
 * decline, at the place the decision set for it.
 */
export function isClosingMessage(
  negotiation: Doc<"negotiations">,
  write: Pick<MessageWrite, "sender" | "sequence">,
): boolean {
  return (
    isDecidedNegotiationStatus(negotiation.status) &&
    write.sender === "brand" &&
    write.sequence === negotiation.closingSequence
  );
}

/**
 * A message the writer never finished: still partial, or closed as interrupted (by the server when
 * the negotiation ended, or by the writer when its turn was aborted). Its final text may still land.
 */
function wasCutShort(message: Doc<"messages">): boolean {
  return message.isPartial || message.metadata?.interrupted === true;
}

export function refusal(negotiation: Doc<"negotiations">, sequence: number): ConvexError<string> {
  return new ConvexError(`negotiation ${negotiation._id} is ${negotiation.status}; message #${sequence} refused`);
}

/**
 * After its negotiation ended, a cut-off message may only be completed: its stored text kept as it
 * is and extended, or closed once by a write that is not itself flagged interrupted (after which
 * the message no longer counts as cut short and is final).
 */
function completesCutOffMessage(
  existing: Doc<"messages">,
  storedText: string,
  content: string,
  isPartial: boolean,
  metadata: MessageMetadata | undefined,
): boolean {
  if (!wasCutShort(existing) || !content.startsWith(storedText)) return false;
  const closes = !isPartial && metadata?.interrupted !== true;
  return content.length > storedText.length || closes;
}

function isStalePrefix(incoming: string, stored: string): boolean {
  return incoming.length < stored.length && stored.startsWith(incoming);
}

export function checkMessageWrite(write: MessageWrite, maxRounds: number): void {
  // The reads show a negotiation's whole transcript, so no write may land beyond what they return.
  const maxSequence = maxMessagesPerNegotiation(maxRounds) - 1;
  if (!Number.isSafeInteger(write.sequence) || write.sequence < 0 || write.sequence > maxSequence) {
    throw new ConvexError(`sequence must be a whole number from 0 to ${maxSequence} (got ${write.sequence})`);
  }
  if (!Number.isFinite(write.createdAt)) throw new ConvexError("createdAt must be a finite timestamp in milliseconds");
  if (write.content.length > MAX_MESSAGE_LENGTH) {
    throw new ConvexError(`content must be at most ${MAX_MESSAGE_LENGTH} characters (got ${write.content.length})`);
  }
}
