import { MAX_MESSAGES_PER_NEGOTIATION } from "./catalog";
import type { MutationCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
import { dropDeltas, streamedText } from "./streamedText";

/**
 * Closes messages a negotiation left half-streamed. When a negotiation ends (finished, failed,
 * cancelled) no more deltas will come, and a message shown as "still typing" forever is a lie; the
 * text so far is kept and marked `interrupted`.
 */
export async function interruptStreamingMessages(ctx: MutationCtx, negotiationId: Id<"negotiations">): Promise<number> {
  const streaming = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_isPartial", (q) => q.eq("negotiationId", negotiationId).eq("isPartial", true))
    .take(MAX_MESSAGES_PER_NEGOTIATION);
  const now = Date.now();
  for (const message of streaming) {
    // Its appended chunks become part of its content, as for any message that stops streaming.
    const { text, deltas } = await streamedText(ctx, message);
    await dropDeltas(ctx, deltas);
    await ctx.db.patch("messages", message._id, {
      content: text,
      isPartial: false,
      metadata: { ...message.metadata, interrupted: true },
      updatedAt: now,
    });
  }
  return streaming.length;
}
