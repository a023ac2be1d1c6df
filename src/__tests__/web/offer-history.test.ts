import { describe, expect, it } from "vitest";
import type { Terms } from "../../domain/offer";
import type { Doc, Id } from "../../server/_generated/dataModel";
import { offerHistory } from "../../web/board/offer-history";

/* The chart's points: the closing message after the buyer's decision repeats the deal, no new round. */

const termsAt = (unitPrice: number): Terms => ({
  lines: [{ productId: "organic-tshirt", quantity: 1000, unitPrice }],
  leadTimeDays: 20,
  paymentTerms: "net-30",
  validityDays: 14,
});

function message(sequence: number, sender: "brand" | "supplier", unitPrice: number, decision: string): Doc<"messages"> {
  return {
    _id: `m${sequence}` as Id<"messages">,
    _creationTime: sequence,
    negotiationId: "n1" as Id<"negotiations">,
    quoteId: "q1" as Id<"quotes">,
    sequence,
    sender,
    content: `${decision} at ${unitPrice}`,
    isPartial: false,
    createdAt: sequence,
    updatedAt: sequence,
    metadata: { decision, terms: termsAt(unitPrice) },
  };
}

describe("offerHistory", () => {
  it("counts a round per message of your negotiator, and none for its closing message", () => {
    const messages = [
      message(0, "brand", 4, "offer"),
      message(1, "supplier", 6, "counter"),
      message(2, "brand", 4.5, "counter"),
      message(3, "supplier", 5, "accept"),
      message(4, "brand", 5, "confirm-order"),
    ];
    expect(offerHistory(messages)).toEqual([
      { round: 1, negotiator: 4000, supplier: 6000 },
      { round: 2, negotiator: 4500, supplier: 5000 },
    ]);
  });
});
