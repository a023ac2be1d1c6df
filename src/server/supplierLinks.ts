import { ConvexError, v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx } from "./_generated/server";
import { isTerminalNegotiationStatus } from "./model/negotiationStatus";
import { getOwnedQuote } from "./model/ownership";
import { currentLinkToken, nextLink } from "./model/supplierLink";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * The buyer's side of the private links (supplierLink.ts): the link of each supplier who answers in
 * person, to copy from the board and send them; revoke one (it stops opening at once) and issue a
 * new one (every earlier link stops opening).
 */

/** The private link of each in-person negotiation of the quote: its token, or null while revoked. Owner only. */
export const forQuote = query({
  args: { quoteId: v.id("quotes") },
  returns: v.array(v.object({ negotiationId: v.id("negotiations"), token: v.union(v.string(), v.null()) })),
  handler: async (ctx, { quoteId }) => {
    const quote = await getOwnedQuote(ctx, quoteId);
    if (!quote) return [];
    const negotiations = await negotiationsOfQuote(ctx, quoteId);
    const inPerson = negotiations.filter((n) => n.supplierLink !== undefined);
    return await Promise.all(inPerson.map(async (n) => ({ negotiationId: n._id, token: await currentLinkToken(n) })));
  },
});

/** The link stops opening at once; the supplier can reply again only through a new one. */
export const revoke = mutation({
  args: { negotiationId: v.id("negotiations") },
  returns: v.null(),
  handler: async (ctx, { negotiationId }) => {
    const negotiation = await ownedInPersonNegotiation(ctx, negotiationId);
    const link = negotiation.supplierLink!;
    if (!link.revoked) await ctx.db.patch("negotiations", negotiationId, { supplierLink: { ...link, revoked: true } });
    return null;
  },
});

/** A new link for the supplier; every earlier one stops opening. While the negotiation is open only. */
export const reissue = mutation({
  args: { negotiationId: v.id("negotiations") },
  returns: v.null(),
  handler: async (ctx, { negotiationId }) => {
    const negotiation = await ownedInPersonNegotiation(ctx, negotiationId);
    if (isTerminalNegotiationStatus(negotiation.status)) throw new ConvexError("This negotiation has ended.");
    await ctx.db.patch("negotiations", negotiationId, { supplierLink: nextLink(negotiation) });
    return null;
  },
});

/** The caller's own negotiation with a supplier who answers in person; refused otherwise, one answer for all. */
async function ownedInPersonNegotiation(
  ctx: MutationCtx,
  negotiationId: Id<"negotiations">,
): Promise<Doc<"negotiations">> {
  const negotiation = await ctx.db.get("negotiations", negotiationId);
  const quote = negotiation === null ? null : await getOwnedQuote(ctx, negotiation.quoteId);
  if (negotiation === null || quote === null) throw new ConvexError(`negotiation ${negotiationId} not found`);
  if (negotiation.supplierLink === undefined) {
    throw new ConvexError("This supplier answers by its agent: there is no link to manage.");
  }
  return negotiation;
}
