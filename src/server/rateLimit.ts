import { ConvexError } from "convex/values";
import type { MutationCtx } from "./_generated/server";

/**
 * Per-buyer token buckets in a small table (`rateLimits`). A bucket holds up to `capacity` tokens
 * and gains one every `refillMs`; each action takes one, and an empty bucket refuses with the time
 * until the next token. Read and written in the caller's transaction, so a burst of concurrent
 * requests cannot all see the same full bucket (Convex serialises conflicting mutations).
 *
 * Why not the `@convex-dev/rate-limiter` component: see README ("Rate limits").
 */

export interface RateLimit {
  /** Names the limit in the error and keys its buckets. */
  name: string;
  capacity: number;
  refillMs: number;
}

/** Quote creation: a burst of 5, then one a minute. Each quote runs a negotiation per supplier. */
export const QUOTE_CREATION_LIMIT: RateLimit = { name: "quote requests", capacity: 5, refillMs: 60_000 };

/** Takes one token from `subject`'s bucket for `limit`, or throws saying when to retry. */
export async function consumeRateLimit(ctx: MutationCtx, limit: RateLimit, subject: string): Promise<void> {
  const key = `${limit.name}|${subject}`;
  const now = Date.now();
  const bucket = await ctx.db
    .query("rateLimits")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
  const elapsed = bucket ? Math.max(0, now - bucket.refilledAt) : 0;
  const gained = bucket ? Math.floor(elapsed / limit.refillMs) : limit.capacity;
  const tokens = Math.min(limit.capacity, (bucket?.tokens ?? 0) + gained);
  // When full, the clock restarts now; otherwise only whole refills are counted, the rest carries over.
  const refilledAt = bucket && tokens < limit.capacity ? bucket.refilledAt + gained * limit.refillMs : now;
  if (tokens < 1) {
    const retryAfterMs = refilledAt + limit.refillMs - now;
    throw new ConvexError(
      `too many ${limit.name}: at most ${limit.capacity} in a row, then one every ${limit.refillMs / 1000} s; ` +
        `try again in ${Math.ceil(retryAfterMs / 1000)} s (at ${new Date(now + retryAfterMs).toISOString()})`,
    );
  }
  if (bucket) await ctx.db.patch("rateLimits", bucket._id, { tokens: tokens - 1, refilledAt });
  else await ctx.db.insert("rateLimits", { key, tokens: tokens - 1, refilledAt });
}
