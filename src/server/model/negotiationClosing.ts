import type { MutationCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { isTerminalNegotiationStatus, isTerminalQuoteStatus } from "./negotiationStatus";
import { interruptStreamingMessages } from "./streamingMessages";
import { negotiationsOfQuote } from "./quoteNegotiations";

/**
 * Ends every negotiation of a quote that is still open, for the paths where the quote ends as a
 * whole: the buyer cancelled, the run could not start, the watchdog found the run gone, or the
 * workflow finished without reporting one of them. Negotiations that already reached a final
 * status keep it.
 */
export async function closeOpenNegotiations(
  ctx: MutationCtx,
  quoteId: Id<"quotes">,
  status: "failed" | "cancelled",
  error?: string,
): Promise<void> {
  const negotiations = await negotiationsOfQuote(ctx, quoteId);
  const now = Date.now();
  for (const negotiation of negotiations) {
    if (isTerminalNegotiationStatus(negotiation.status)) continue;
    await ctx.db.patch("negotiations", negotiation._id, {
      status,
      ...(error === undefined ? {} : { error }),
      updatedAt: now,
    });
    await interruptStreamingMessages(ctx, negotiation._id);
  }
}

/**
 * Fails a quote whose run will never report back (it could not start, or the watchdog found it
 * gone): the quote and its open negotiations say why, and half-streamed messages are closed. A
 * quote that already ended keeps its ending; in particular a cancelled one stays cancelled, since
 * the buyer does not need a run failure on top of their own cancel. Answers whether it failed it.
 */
export async function failOpenQuote(ctx: MutationCtx, quote: Doc<"quotes">, error: string): Promise<boolean> {
  if (isTerminalQuoteStatus(quote.status)) return false;
  await ctx.db.patch("quotes", quote._id, { status: "failed", error, updatedAt: Date.now() });
  await closeOpenNegotiations(ctx, quote._id, "failed", error);
  return true;
}
