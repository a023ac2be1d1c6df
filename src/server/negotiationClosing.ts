import type { MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { isTerminalNegotiationStatus } from "./negotiationStatus";
import { interruptStreamingMessages } from "./streamingMessages";

/**
 * Ends every negotiation of a quote that is still open, for the paths where the quote ends as a
 * whole: the buyer cancelled, the run could not start, or the workflow finished without reporting
 * one of them. Negotiations that already reached a final status keep it.
 */
export async function closeOpenNegotiations(
  ctx: MutationCtx,
  quoteId: Id<"quotes">,
  status: "failed" | "cancelled",
  error?: string,
): Promise<void> {
  const negotiations = await ctx.db
    .query("negotiations")
    .withIndex("by_quoteId_and_supplierId", (q) => q.eq("quoteId", quoteId))
    .collect();
  const now = Date.now();
  for (const negotiation of negotiations) {
    if (isTerminalNegotiationStatus(negotiation.status)) continue;
    await ctx.db.patch(negotiation._id, { status, ...(error === undefined ? {} : { error }), updatedAt: now });
    await interruptStreamingMessages(ctx, negotiation._id);
  }
}
