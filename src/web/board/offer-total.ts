import type { Doc } from "../../server/_generated/dataModel";

export type OfferTerms = NonNullable<Doc<"negotiations">["latestOffer"]>;

/** What an offer's lines cost in all: quantity × unit price, summed. */
export function offerTotal(terms: OfferTerms): number {
  return terms.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}
