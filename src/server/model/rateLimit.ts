import { HOUR, MINUTE, RateLimiter } from "@convex-dev/rate-limiter";
import type { ComponentApi } from "@convex-dev/rate-limiter/_generated/component.js";
import { componentsGeneric } from "convex/server";
import { ConvexError } from "convex/values";
import type { MutationCtx } from "../_generated/server";

/**
 * Per-buyer rate limits, with Convex's rate limiter component (registered in convex.config.ts). It
 * keeps its token buckets in its own tables and is read and written in the caller's transaction, so
 * a burst of concurrent requests cannot all see the same full bucket.
 *
 * `components.rateLimiter` would normally come from `_generated/api`, but the offline codegen this
 * project commits (`npm run codegen`, no deployment) does not emit component references; the
 * generated `components` is `componentsGeneric()` at run time anyway, so it is built the same way
 * here and typed with the component's own generated API type.
 */
const components = componentsGeneric() as unknown as { rateLimiter: ComponentApi };

/** Quote creation: a burst of 5, then one a minute. Each quote runs a negotiation per supplier. */
const QUOTE_CREATION = { kind: "token bucket", rate: 1, period: MINUTE, capacity: 5 } as const;

/** Emailing suppliers their links: a burst of 10, then 10 an hour; each is an email sent in the buyer's name. */
const INVITATION_EMAILS = { kind: "token bucket", rate: 10, period: HOUR, capacity: 10 } as const;

const limiter = new RateLimiter(components.rateLimiter, {
  quoteCreation: QUOTE_CREATION,
  invitationEmails: INVITATION_EMAILS,
});

/** Takes one quote request from `buyer`'s allowance, or throws saying when to retry. */
export async function limitQuoteCreation(ctx: MutationCtx, buyer: string): Promise<void> {
  const { ok, retryAfter } = await limiter.limit(ctx, "quoteCreation", { key: buyer });
  if (ok) return;
  const waitMs = Math.max(retryAfter, 1000);
  throw new ConvexError(
    `too many quote requests: at most ${QUOTE_CREATION.capacity} in a row, then one a minute; ` +
      `try again in ${Math.ceil(waitMs / 1000)} s (at ${new Date(Date.now() + waitMs).toISOString()})`,
  );
}

/** Takes one invitation email from `buyer`'s allowance, or throws saying when to retry. */
export async function limitInvitationEmails(ctx: MutationCtx, buyer: string): Promise<void> {
  const { ok, retryAfter } = await limiter.limit(ctx, "invitationEmails", { key: buyer });
  if (ok) return;
  const waitMs = Math.max(retryAfter, 1000);
  throw new ConvexError(
    `too many invitation emails: at most ${INVITATION_EMAILS.capacity} an hour; try again in ${Math.ceil(waitMs / 60_000)} min`,
  );
}
