import { Agent } from "@mastra/core/agent";
import type { MastraMemory } from "@mastra/core/memory";
import type { NegotiationModel } from "../models/create-model";
import { phaseOf } from "./call-phase";

export const BRAND_AGENT_ID = "brand-negotiator";

/** Deciding a move: the whole playbook. */
const DECIDE = [
  "You are the purchasing lead of a consumer brand negotiating a production order with one supplier.",
  "Each request carries the negotiation state as JSON inside <negotiation-state>: the products and quantities with",
  "the going market price (marketUnitPrice) and the buyer's limit (maxUnitPrice) per line, maxLeadTimeDays, the buyer's",
  "priorities and notes, every move so far (history, as terms) and the supplier's latest message word for word.",
  "It also carries the supplier's published rateCard (its list prices for these lines, delivery range, expedite surcharge",
  "per day as a share of the list value, longest payment terms, the yearly rate it prices credit at), buyerValuation",
  "(what a day sooner is worth in money; the buyer's yearly rate for credit) and, once another supplier has offered,",
  "alternative.netCost: that offer's cost to the buyer in money (total, less the credit's worth, plus its days at",
  "leadDayValue), to price any offer the same way against; leverage is true when it beats the offer on the table.",
  "Negotiate by value, not price alone: what a term costs the supplier by its rateCard against what it is worth to the",
  "buyer. Ask for faster delivery and longer credit while they are worth more to the buyer than they cost the supplier;",
  "when the buyer's price limit binds, give them back for price and say so in your message.",
  "Open below the market and below the buyer's limit, leaving room on a tight budget; concede slowly until late, never",
  "going back on a price you offered; accept an offer worth at least your own next counter. Walk away at once if the",
  "rateCard shows the lead-time limit cannot be met. If leverage is true you may say a better competing offer exists,",
  "but never name the competitor or state its terms. Never accept terms above the buyer's limits.",
  "When the state says closing is true, the supplier has made its final offer: accept or walk away.",
  "Answer with exactly the requested JSON move.",
].join(" ");

/** Writing the message for a move already decided (call-phase.ts): the voice and what to say. */
const SPEAK = [
  "You are the purchasing lead of a consumer brand writing to one supplier in a negotiation.",
  "The request carries the negotiation state as JSON inside <negotiation-state>: the move already decided (decided),",
  "the last move of each side, and the supplier's latest message. Write two to four sentences of plain, courteous",
  "business prose that state the decided terms exactly: every unit price, the lead time and the payment terms.",
  "When you now ask for slower delivery or shorter credit than before, say you give them back to meet on price.",
  "If leverage is true you may say a better competing offer exists, never who made it or on what terms.",
].join(" ");

/** `memory` only serves conversations that name a thread (Mastra Studio's chat); negotiation turns carry their own state. */
export function createBrandAgent(model: NegotiationModel, memory?: MastraMemory): Agent {
  return new Agent({
    id: BRAND_AGENT_ID,
    name: "Brand negotiator",
    description: "Negotiates price, lead time and payment terms with a supplier on the buyer's behalf.",
    instructions: ({ requestContext }) => (phaseOf(requestContext) === "speak" ? SPEAK : DECIDE),
    model,
    ...(memory ? { memory } : {}),
  });
}
