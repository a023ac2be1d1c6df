import { ConvexError, v } from "convex/values";
import { productOfLine } from "../domain/quote";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery, mutation, query } from "./_generated/server";
import { buyerNameOf } from "./model/buyerName";
import {
  invitationAddressSchema,
  invitationEmail,
  invitationSettings,
  sendInvitationEmail,
  type Invitation,
} from "./model/invitationEmail";
import { isTerminalNegotiationStatus } from "./model/negotiationStatus";
import { callerUserId, getOwnedQuote } from "./model/ownership";
import { limitInvitationEmails } from "./model/rateLimit";
import { currentLinkToken } from "./model/supplierLink";

/*
 * Sending a supplier who answers in person their private link by email, from the board, when the
 * deployment has an email service (invitationEmail.ts). Without one the buyer copies the link and
 * sends it themselves; nothing needs email. The send happens in an action, once; the negotiation
 * keeps the latest invitation's address and how it went, for the board to show.
 */

/** Whether this deployment can email links (the board offers it only then). Signed-in buyers only. */
export const available = query({
  args: {},
  returns: v.boolean(),
  handler: async (ctx) => (await callerUserId(ctx)) !== null && invitationSettings() !== null,
});

/** Emails the supplier of one of the caller's open in-person negotiations its current link. */
export const send = mutation({
  args: { negotiationId: v.id("negotiations"), email: v.string() },
  returns: v.null(),
  handler: async (ctx, { negotiationId, email }) => {
    const negotiation = await ctx.db.get("negotiations", negotiationId);
    const quote = negotiation === null ? null : await getOwnedQuote(ctx, negotiation.quoteId);
    if (negotiation === null || quote === null) throw new ConvexError(`negotiation ${negotiationId} not found`);
    if (negotiation.supplierLink === undefined) {
      throw new ConvexError("This supplier answers by its agent: there is no link to send.");
    }
    if (negotiation.supplierLink.revoked) throw new ConvexError("The link is revoked: make a new one first.");
    if (isTerminalNegotiationStatus(negotiation.status)) throw new ConvexError("This negotiation has ended.");
    if (invitationSettings() === null) throw new ConvexError("This deployment sends no email: copy the link instead.");
    const address = invitationAddressSchema.safeParse(email.trim());
    if (!address.success) throw new ConvexError(address.error.issues[0]?.message ?? "email: not an email address");
    await limitInvitationEmails(ctx, quote.ownerId);
    await ctx.db.patch("negotiations", negotiationId, {
      invitation: { email: address.data, state: "sending", at: Date.now() },
    });
    await ctx.scheduler.runAfter(0, internal.supplierInvitations.deliver, { negotiationId });
    return null;
  },
});

/** What the email says, with the link as it stands now; null once there is nothing to send. */
export const loadInvitation = internalQuery({
  args: { negotiationId: v.id("negotiations") },
  returns: v.union(
    v.null(),
    v.object({
      to: v.string(),
      buyerName: v.string(),
      supplierName: v.string(),
      products: v.array(v.object({ name: v.string(), quantity: v.number(), unit: v.string() })),
      token: v.string(),
    }),
  ),
  handler: async (ctx, { negotiationId }) => {
    const negotiation = await ctx.db.get("negotiations", negotiationId);
    const quote = negotiation === null ? null : await ctx.db.get("quotes", negotiation.quoteId);
    if (negotiation === null || quote === null || negotiation.invitation?.state !== "sending") return null;
    const token = await currentLinkToken(negotiation);
    if (token === null) return null;
    return {
      to: negotiation.invitation.email,
      buyerName: await buyerNameOf(ctx, quote.ownerId),
      supplierName: negotiation.supplierName,
      products: quote.products.map((line) => {
        const product = productOfLine(line);
        return { name: product.name, quantity: line.quantity, unit: product.unit };
      }),
      token,
    };
  },
});

export const recordSent = internalMutation({
  args: { negotiationId: v.id("negotiations"), to: v.string(), problem: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { negotiationId, to, problem }) => {
    const negotiation = await ctx.db.get("negotiations", negotiationId);
    // A newer invitation (another address) since this one was sent keeps its own state.
    if (negotiation?.invitation?.email !== to || negotiation.invitation.state !== "sending") return null;
    await ctx.db.patch("negotiations", negotiationId, {
      invitation: {
        email: to,
        state: problem === undefined ? "sent" : "failed",
        ...(problem === undefined ? {} : { problem }),
        at: Date.now(),
      },
    });
    return null;
  },
});

/** One send, never retried by itself: an email sent twice is worse than one the buyer sends again. */
export const deliver = internalAction({
  args: { negotiationId: v.id("negotiations") },
  returns: v.null(),
  handler: async (ctx, { negotiationId }) => {
    const loaded = await ctx.runQuery(internal.supplierInvitations.loadInvitation, { negotiationId });
    const settings = invitationSettings();
    if (loaded === null) return null;
    if (settings === null) {
      await ctx.runMutation(internal.supplierInvitations.recordSent, {
        negotiationId,
        to: loaded.to,
        problem: "this deployment no longer sends email",
      });
      return null;
    }
    const { to, token, ...who } = loaded;
    const invitation: Invitation = { ...who, link: `${settings.siteUrl}/#/supplier/${token}` };
    const outcome = await sendInvitationEmail(settings, to, invitationEmail(invitation));
    await ctx.runMutation(internal.supplierInvitations.recordSent, {
      negotiationId,
      to,
      ...(outcome.sent ? {} : { problem: outcome.problem }),
    });
    return null;
  },
});
