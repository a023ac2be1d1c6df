import { ConvexError, v } from "convex/values";
import { customCtxAndArgs, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { mutation, query, type QueryCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { sha256Hex } from "../../shared/run-credentials";

/*
 * The guard on the writes meant only for a quote's workflow run. Those functions are public (the
 * Mastra server calls them over ConvexHttpClient), so anyone can call them, and so is the run's read
 * of its own journal (`negotiations.runJournal`); what lets a call
 * through is the write token of the quote's current run (derived in src/shared/
 * run-credentials.ts, its hash stored on the quote by `recordRunStarted`). A token opens only the
 * quote it was made for, and only while that run is the quote's run: there is no deployment-wide
 * secret that opens every quote. Unknown ids get the same answer as a wrong token, so ids cannot
 * be probed.
 *
 * Those functions are built with the wrappers below: each takes the token (and the id it opens)
 * as arguments, checks it before the handler runs, and hands the handler what it opened in `ctx`.
 */

/** The run's write token: it opens only the quote the run was started for. */
const writeToken = v.string();

const negotiationAccess = customCtxAndArgs({
  args: { writeToken, negotiationId: v.id("negotiations") },
  input: async (ctx: QueryCtx, { writeToken, negotiationId }) => ({
    ctx: await requireRunNegotiation(ctx, negotiationId, writeToken),
    args: { negotiationId },
  }),
});

const quoteAccess = customCtxAndArgs({
  args: { writeToken, quoteId: v.id("quotes") },
  input: async (ctx: QueryCtx, { writeToken, quoteId }) => ({
    ctx: { quote: await requireRunQuote(ctx, quoteId, writeToken) },
    args: { quoteId },
  }),
});

/** A write to one negotiation: `ctx.negotiation` and its `ctx.quote`, opened by the run's token. */
export const runNegotiationMutation = customMutation(mutation, negotiationAccess);
/** A write to a quote: `ctx.quote`, opened by its run's token. */
export const runQuoteMutation = customMutation(mutation, quoteAccess);
/** The run's read of its own quote (its journal): `ctx.quote`, opened by the run's token. */
export const runQuoteQuery = customQuery(query, quoteAccess);

function refused(): ConvexError<string> {
  return new ConvexError("not authorised: this write token does not belong to the current run of that quote");
}

/** The quote, if `writeToken` is its current run's token; throws otherwise. */
async function requireRunQuote(ctx: QueryCtx, quoteId: Id<"quotes">, writeToken: string): Promise<Doc<"quotes">> {
  const quote = await ctx.db.get("quotes", quoteId);
  if (!quote || !(await opens(writeToken, quote))) throw refused();
  return quote;
}

/** The negotiation and its quote, if `writeToken` is the quote's current run's token; throws otherwise. */
async function requireRunNegotiation(
  ctx: QueryCtx,
  negotiationId: Id<"negotiations">,
  writeToken: string,
): Promise<{ negotiation: Doc<"negotiations">; quote: Doc<"quotes"> }> {
  const negotiation = await ctx.db.get("negotiations", negotiationId);
  if (!negotiation) throw refused();
  const quote = await ctx.db.get("quotes", negotiation.quoteId);
  if (!quote || !(await opens(writeToken, quote))) throw refused();
  return { negotiation, quote };
}

async function opens(writeToken: string, quote: Doc<"quotes">): Promise<boolean> {
  // No run yet (or a token too short to be one): nothing opens the quote.
  if (quote.writeTokenHash === undefined || writeToken.length < 32) return false;
  return constantTimeEqual(await sha256Hex(writeToken), quote.writeTokenHash);
}

/**
 * Compares without an early exit, so response time does not reveal how much of a guess was right.
 * Written out because the Convex runtime has no `crypto.timingSafeEqual`. Only the length leaks
 * (and both sides here are 64 hex digits).
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) {
    difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ (b[i] ?? 0);
  }
  return difference === 0;
}
