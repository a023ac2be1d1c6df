import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { checkAuthSecret, deriveSupplierLinkMac } from "../../shared/run-credentials";
import { isTerminalQuoteStatus } from "./negotiationStatus";

/*
 * A supplier's private link: `#/supplier/<token>`, where the token is the negotiation's id, the
 * link's generation and an HMAC of both under the deployment's MASTRA_AUTH_SECRET. Nothing is stored
 * but the generation, so a link cannot leak from the database; it opens that one negotiation and
 * nothing else, no account needed. It is refused once the buyer revoked it or issued a newer one,
 * once its quote was cancelled, and a week after its quote ended otherwise (the supplier can still
 * read how it ended).
 */

/** How long a link still opens (to read, never to reply) after its quote has ended. */
export const LINK_OPEN_AFTER_END_MS = 7 * 24 * 60 * 60 * 1000;

/** What an open link gives access to. */
export interface OpenedLink {
  negotiation: Doc<"negotiations">;
  quote: Doc<"quotes">;
}

/** The token of a negotiation's current link, or null when it has none (its supplier answers by agent). */
export async function currentLinkToken(negotiation: Doc<"negotiations">): Promise<string | null> {
  const link = negotiation.supplierLink;
  if (link === undefined || link.revoked) return null;
  const secret = linkSecret();
  return `${negotiation._id}.${link.generation}.${await deriveSupplierLinkMac(secret, negotiation._id, link.generation)}`;
}

/**
 * The negotiation and quote a token opens, or null: one answer for every refusal (malformed,
 * altered, revoked, replaced, expired), so a probe learns nothing from which it was.
 */
export async function openLink(ctx: QueryCtx, token: string): Promise<OpenedLink | null> {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 200) return null;
  const [rawId, rawGeneration, mac] = parts as [string, string, string];
  const negotiationId = ctx.db.normalizeId("negotiations", rawId);
  const generation = Number(rawGeneration);
  if (negotiationId === null || !Number.isSafeInteger(generation) || String(generation) !== rawGeneration) return null;
  const negotiation = await ctx.db.get("negotiations", negotiationId);
  const link = negotiation?.supplierLink;
  if (!negotiation || link === undefined || link.revoked || link.generation !== generation) return null;
  if (!sameText(mac, await deriveSupplierLinkMac(linkSecret(), negotiationId, generation))) return null;
  const quote = await ctx.db.get("quotes", negotiation.quoteId);
  if (quote === null || quote.status === "cancelled") return null;
  if (isTerminalQuoteStatus(quote.status) && Date.now() - quote.updatedAt > LINK_OPEN_AFTER_END_MS) return null;
  return { negotiation, quote };
}

/** A new link for `negotiationId`: every earlier one stops opening. */
export function nextLink(negotiation: Doc<"negotiations">): { generation: number; revoked: boolean } {
  return { generation: (negotiation.supplierLink?.generation ?? 0) + 1, revoked: false };
}

/** The first link of a negotiation whose supplier answers in person. */
export const FIRST_LINK = { generation: 1, revoked: false } as const;

function linkSecret(): string {
  const checked = checkAuthSecret(process.env.MASTRA_AUTH_SECRET);
  if ("problem" in checked) throw new Error(`supplier links need the deployment's secret: ${checked.problem}`);
  return checked.secret;
}

/** Compares without stopping at the first difference, so timing does not tell how much of a MAC was right. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}
