import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { Doc } from "../_generated/dataModel";

/*
 * A streaming message's text is its stored `content` followed by the chunks appended since
 * (`messageDeltas`, in `start` order). Appending a chunk writes only the chunk, so the bytes a
 * message costs grow with its length, not with its length times its writes. Once the message is
 * final (or closed as interrupted) the chunks are folded into `content` and deleted.
 */

/**
 * Chunks one message keeps before they are folded into its content. The writer sends at most a few
 * a second, so a message folds rarely; the bound keeps every read of a streaming message small.
 */
export const MAX_DELTAS_PER_MESSAGE = 64;

export interface StreamedText {
  /** Content and chunks, joined: what the buyer should see. */
  text: string;
  deltas: Doc<"messageDeltas">[];
}

/** The message's whole text so far. A final message has no chunks: its content is its text. */
export async function streamedText(ctx: QueryCtx, message: Doc<"messages">): Promise<StreamedText> {
  if (!message.isPartial) return { text: message.content, deltas: [] };
  const deltas = await ctx.db
    .query("messageDeltas")
    .withIndex("by_messageId_and_start", (q) => q.eq("messageId", message._id))
    .order("asc")
    .take(MAX_DELTAS_PER_MESSAGE + 1);
  let text = message.content;
  // Each chunk was appended at the end of the text then; joining by offset also tolerates an overlap.
  for (const delta of deltas) text = text.slice(0, delta.start) + delta.text;
  return { text, deltas };
}

/** Deletes the chunks once their text is part of the message's content. */
export async function dropDeltas(ctx: MutationCtx, deltas: readonly Doc<"messageDeltas">[]): Promise<void> {
  for (const delta of deltas) await ctx.db.delete("messageDeltas", delta._id);
}

/** The message as readers see it: its content is the text so far, chunks included. */
export async function withStreamedText(ctx: QueryCtx, message: Doc<"messages">): Promise<Doc<"messages">> {
  if (!message.isPartial) return message;
  const { text } = await streamedText(ctx, message);
  return text === message.content ? message : { ...message, content: text };
}
