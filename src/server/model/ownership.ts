import { getAuthSessionId, getAuthUserId } from "@convex-dev/auth/server";
import { ConvexError } from "convex/values";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";

/**
 * Read scoping: a quote and everything under it belongs to the buyer who created it.
 *
 * The owner is the Convex Auth user id, not the token's raw `subject`: the subject is
 * `<userId>|<sessionId>` and changes every time the buyer signs in again.
 *
 * Queries answer a caller who is not the owner (or not signed in) the same way they answer for a
 * quote that does not exist: null / an empty list, never an error. Live queries in the browser
 * then render "nothing here" instead of crashing, and nobody learns which quote ids exist.
 * Mutations, where the caller asked to change something, throw instead.
 */

/**
 * The signed-in buyer's user id, or null when signed out. A token names its session, and the
 * session must still exist: `signOut` deletes it, so a token kept after signing out opens nothing,
 * though it would verify until it expires.
 */
export async function callerUserId(ctx: QueryCtx): Promise<string | null> {
  const [userId, sessionId] = await Promise.all([getAuthUserId(ctx), getAuthSessionId(ctx)]);
  if (userId === null || sessionId === null) return null;
  const session = await ctx.db.get("authSessions", sessionId);
  if (session === null || session.userId !== userId || session.expirationTime < Date.now()) return null;
  return userId;
}

/** The quote if the caller owns it, otherwise null. */
export async function getOwnedQuote(ctx: QueryCtx, quoteId: Id<"quotes">): Promise<Doc<"quotes"> | null> {
  const userId = await callerUserId(ctx);
  if (userId === null) return null;
  const quote = await ctx.db.get("quotes", quoteId);
  return quote !== null && quote.ownerId === userId ? quote : null;
}

/** The quote for a mutation on the caller's behalf; throws when signed out or not the owner. */
export async function requireOwnedQuote(ctx: MutationCtx, quoteId: Id<"quotes">): Promise<Doc<"quotes">> {
  const userId = await callerUserId(ctx);
  if (userId === null) throw new ConvexError("not authenticated: sign in to manage quotes");
  const quote = await ctx.db.get("quotes", quoteId);
  // Same answer for "missing" and "someone else's", so ids cannot be probed.
  if (quote === null || quote.ownerId !== userId) throw new ConvexError(`quote ${quoteId} not found`);
  return quote;
}

export async function requireUserId(ctx: MutationCtx): Promise<string> {
  const userId = await callerUserId(ctx);
  if (userId === null) throw new ConvexError("not authenticated: sign in to request a quote");
  return userId;
}
