/**
 * What the local model says outside a negotiation turn: a person chatting with an agent in Mastra
 * Studio. It plays negotiation turns by strategy, not language, so it answers in character with
 * what the agent is, what it negotiates and how a negotiation starts, rather than failing the call.
 */

interface Persona {
  /** "the sales lead of Porto Knitworks in Portugal", or "the brand's purchasing lead". */
  who: string;
  side: "brand" | "supplier";
}

function personaOf(system: string): Persona {
  const supplier = /sales lead of (.+?), a manufacturer in (.+?),/.exec(system);
  if (supplier) return { who: `the sales lead of ${supplier[1]} in ${supplier[2]}`, side: "supplier" };
  return { who: "the brand's purchasing lead", side: "brand" };
}

const HOW_TO_START =
  "A negotiation starts from a quote: in Studio open Workflows → negotiation-workflow and run it with a quote such as " +
  '{"products":[{"productId":"organic-tshirt","quantity":2000,"maxUnitPrice":6}],' +
  '"priorities":{"price":0.4,"quality":0.3,"speed":0.2,"reliability":0.1},"maxLeadTimeDays":45}; ' +
  "the brand then negotiates with every supplier at once, and the run ends with a recommendation.";

const LOCAL_NOTE =
  "I am running on the built-in local negotiation model, which decides moves by a concession strategy " +
  "rather than by reading free text; set OPENAI_API_KEY to chat with a language model.";

export function chatReply(system: string, message: string): string {
  const persona = personaOf(system);
  const asked = message.toLowerCase();
  const role =
    persona.side === "brand"
      ? "I negotiate unit price, lead time and payment terms with each supplier on the buyer's behalf, " +
        "never above the buyer's limits, and weigh the offers by the buyer's priorities."
      : "I negotiate unit price, lead time and payment terms for production orders with the brand, " +
        "conceding step by step but never below my floor.";
  if (/\b(how|start|run|begin|workflow|quote)\b/.test(asked)) return `${HOW_TO_START} ${LOCAL_NOTE}`;
  if (/\b(price|cost|discount|offer|terms|lead time)\b/.test(asked)) {
    return `I am ${persona.who}. ${role} Terms are settled inside a negotiation, not in chat. ${HOW_TO_START}`;
  }
  return `Hello, I am ${persona.who}. ${role} ${HOW_TO_START} ${LOCAL_NOTE}`;
}
