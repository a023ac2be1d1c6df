import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { callerUserId } from "./ownership";

/** The signed-in caller's most recent quotes, newest first, at most `limit`; none when signed out. */
export async function callersRecentQuotes(ctx: QueryCtx, limit: number): Promise<Doc<"quotes">[]> {
  const ownerId = await callerUserId(ctx);
  if (ownerId === null) return [];
  return await ctx.db
    .query("quotes")
    .withIndex("by_ownerId_and_createdAt", (q) => q.eq("ownerId", ownerId))
    .order("desc")
    .take(limit);
}
