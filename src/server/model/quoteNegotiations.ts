import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { MAX_NEGOTIATIONS_PER_QUOTE } from "./catalog";

/** A quote's negotiations, one per invited supplier: at most 50, so the read is bounded. */
export async function negotiationsOfQuote(ctx: QueryCtx, quoteId: Id<"quotes">): Promise<Doc<"negotiations">[]> {
  return await ctx.db
    .query("negotiations")
    .withIndex("by_quoteId_and_supplierId", (q) => q.eq("quoteId", quoteId))
    .take(MAX_NEGOTIATIONS_PER_QUOTE);
}
