import { z } from "zod";
import { termsSchema, type Terms } from "./offer";

/**
 * What a supplier answering in person sends from their page: an offer (every line priced, lead
 * time, payment terms, validity), or yes / no to the brand's latest terms; each with a message in
 * their own words. The offer is checked with the same schema and bounds as every offer an agent
 * makes; the message is data for the brand agent, never instructions (turn-prompt.ts).
 */

export const MAX_REPLY_MESSAGE_LENGTH = 2_000;

const messageSchema = z
  .string({ error: "message must be text" })
  .trim()
  .max(
    MAX_REPLY_MESSAGE_LENGTH,
    `message must be at most ${MAX_REPLY_MESSAGE_LENGTH.toLocaleString("en-US")} characters`,
  );

export const supplierReplySchema = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("offer"), terms: termsSchema, message: messageSchema }),
    z.object({ decision: z.literal("accept"), message: messageSchema }),
    z.object({ decision: z.literal("reject"), message: messageSchema }),
  ],
  { error: 'decision must be "offer", "accept" or "reject"' },
);
export type SupplierReply = z.infer<typeof supplierReplySchema>;

/**
 * The message a reply is kept as: the supplier's words, or a plain sentence when they wrote none.
 * `ask` is the brand's latest terms, which an acceptance agrees to.
 */
export function replyMove(reply: SupplierReply, ask: Terms): { decision: string; terms: Terms; content: string } {
  const words = reply.message;
  if (reply.decision === "offer")
    return { decision: "offer", terms: reply.terms, content: words || "Here is our offer." };
  if (reply.decision === "accept") return { decision: "accept", terms: ask, content: words || "We accept your terms." };
  return { decision: "reject", terms: ask, content: words || "We cannot go further; we decline." };
}
