import { isClosingMove } from "../../domain/decision";
import { unitPriceLimit, type QuoteLine } from "../../domain/quote";
import type { Doc } from "../../server/_generated/dataModel";
import { offerTotal } from "./offer-total";

/** One round of a negotiation: what each side put on the table, in total. */
export interface RoundPoint {
  round: number;
  supplier?: number;
  negotiator?: number;
}

/**
 * The offers round by round, from the terms each message carried. Your negotiator opens each
 * round and the supplier answers, so a round is counted at each of your negotiator's messages. The
 * closing message after your decision repeats the agreed terms: it is no new round.
 */
export function offerHistory(messages: readonly Doc<"messages">[]): RoundPoint[] {
  const points: RoundPoint[] = [];
  let round = 0;
  for (const message of messages) {
    if (isClosingMove(message.metadata?.decision)) continue;
    if (message.sender === "brand") round++;
    const terms = message.metadata?.terms;
    if (!terms || message.isPartial) continue;
    const at = Math.max(round, 1);
    let point = points.find((p) => p.round === at);
    if (!point) points.push((point = { round: at }));
    const total = Math.round(offerTotal(terms));
    if (message.sender === "brand") point.negotiator = total;
    else point.supplier = total;
  }
  return points;
}

/** The most the quote lets your negotiator agree to, in total: each line's unit limit × quantity. */
export function limitTotal(products: readonly { productId: string; quantity: number; maxUnitPrice?: number }[]) {
  return Math.round(products.reduce((sum, line) => sum + unitPriceLimit(line as QuoteLine) * line.quantity, 0));
}

/** The first offer the supplier made, if any. */
export function firstSupplierOffer(messages: readonly Doc<"messages">[]) {
  return messages.find((m) => m.sender === "supplier" && !m.isPartial && m.metadata?.terms)?.metadata?.terms;
}
