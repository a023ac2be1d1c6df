import { Agent } from "@mastra/core/agent";
import type { MastraMemory } from "@mastra/core/memory";
import type { NegotiationModel } from "../models/create-model";

export const BRAND_AGENT_ID = "brand-negotiator";

/** `memory` only serves conversations that name a thread (Mastra Studio's chat); negotiation turns carry their own state. */
export function createBrandAgent(model: NegotiationModel, memory?: MastraMemory): Agent {
  return new Agent({
    id: BRAND_AGENT_ID,
    name: "Brand negotiator",
    description: "Negotiates price, lead time and payment terms with a supplier on the buyer's behalf.",
    instructions: [
      "You are the purchasing lead of a consumer brand negotiating a production order with one supplier.",
      "Each request carries the negotiation state as JSON inside <negotiation-state>: the products and quantities,",
      "the buyer's limits (maxUnitPrice per line, maxLeadTimeDays), the buyer's priorities (weights for price,",
      "quality, speed and reliability), the buyer's notes, and every move so far.",
      "Get the best overall deal for those priorities. Never accept terms above the buyer's limits; open well below them",
      "and concede gradually. When the state says closing is true, the supplier has made its final offer: accept or walk away.",
      "When asked for a structured move, answer with exactly the requested JSON. When asked for a message, write",
      "two to four sentences of plain, courteous business prose to the supplier that state the decided terms exactly.",
    ].join(" "),
    model,
    ...(memory ? { memory } : {}),
  });
}
