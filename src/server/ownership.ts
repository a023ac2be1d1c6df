import { ConvexError } from "convex/values";
import type { MutationCtx, QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";

/**
 * Read scoping: a quote and everything under it belongs to the buyer who created it.
 *
 * Queries answer a caller who is not the owner (or not signed in) the same way they answer for a
 * quote that does not exist: null / an empty list, never an error. Live queries in the browser
 * then render "nothing here" instead of crashing, and nobody learns which quote ids exist.
 * Mutations, where the caller asked to change something, throw instead.
 */

export async function callerSubject(ctx: QueryCtx): Promise<string | null> {
  const identity = await ctx.auth.getUserIdentity();
  return identity?.subject ?? null;
}

/** The quote if the caller owns it, otherwise null. */
export async function getOwnedQuote(ctx: QueryCtx, quoteId: Id<"quotes">): Promise<Doc<"quotes"> | null> {
  const subject = await callerSubject(ctx);
  if (subject === null) return null;
  const quote = await ctx.db.get("quotes", quoteId);
  return quote !== null && quote.ownerId === subject ? quote : null;
}

/** The quote for a mutation on the caller's behalf; throws when signed out or not the owner. */
export async function requireOwnedQuote(ctx: MutationCtx, quoteId: Id<"quotes">): Promise<Doc<"quotes">> {
  const subject = await callerSubject(ctx);
  if (subject === null) throw new ConvexError("not authenticated: sign in to manage quotes");
  const quote = await ctx.db.get("quotes", quoteId);
  // Same answer for "missing" and "someone else's", so ids cannot be probed.
  if (quote === null || quote.ownerId !== subject) throw new ConvexError(`quote ${quoteId} not found`);
  return quote;
}

export async function requireSubject(ctx: MutationCtx): Promise<string> {
  const subject = await callerSubject(ctx);
  if (subject === null) throw new ConvexError("not authenticated: sign in to request a quote");
  return subject;
}
