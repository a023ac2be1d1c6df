import { describe, expect, it } from "vitest";
import type { Terms } from "../../domain/offer";
import { builtInSupplier } from "../../domain/suppliers";
import { evaluateOffers } from "../../mastra/evaluation/evaluate-offers";
import { supplierRecordOf, type NegotiationResult } from "../../mastra/negotiation/negotiation-types";

function deal(
  supplierId: string,
  unitPrice: number,
  leadTimeDays: number,
  status: NegotiationResult["status"] = "completed",
): NegotiationResult {
  const terms: Terms = {
    lines: [{ productId: "organic-tshirt", quantity: 1000, unitPrice }],
    leadTimeDays,
    paymentTerms: "net-30",
    validityDays: 14,
  };
  return {
    negotiationId: `n-${supplierId}`,
    supplierId,
    supplierName: builtInSupplier(supplierId).name,
    supplierRecord: supplierRecordOf(builtInSupplier(supplierId)),
    status,
    rounds: 3,
    ...(status === "completed" ? { finalOffer: terms } : { reason: "no agreement within the round limit" }),
    lastOffer: terms,
    messageCount: 6,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    durationMs: 1,
  };
}

// Apex: cheapest, slowest, lowest quality. Porto: dearest, best quality and reliability. Anatolia: fastest.
const DEALS = [deal("apex-textiles", 4.4, 40), deal("porto-knitworks", 6.6, 22), deal("anatolia-apparel", 5.5, 14)];

describe("evaluateOffers", () => {
  it.each([
    [{ price: 1, quality: 0, speed: 0, reliability: 0 }, "apex-textiles"],
    [{ price: 0, quality: 1, speed: 0, reliability: 1 }, "porto-knitworks"],
    [{ price: 0, quality: 0, speed: 1, reliability: 0 }, "anatolia-apparel"],
    [{ price: 5, quality: 3, speed: 2, reliability: 1 }, "anatolia-apparel"],
  ])("recommends the utility optimum for priorities %o", (priorities, expected) => {
    const { recommended, ranking } = evaluateOffers(DEALS, priorities);
    expect(recommended?.supplierId).toBe(expected);
    expect(ranking.map((r) => r.score)).toEqual([...ranking.map((r) => r.score)].sort((a, b) => b - a));
  });

  it("counts credit at the buyer's stated value of a month: $6,000 prepaid against $6,050 on net-60", () => {
    const prepaid = deal("apex-textiles", 6, 20);
    const net60 = deal("porto-knitworks", 6.05, 20);
    prepaid.finalOffer = { ...prepaid.finalOffer!, paymentTerms: "prepaid" };
    net60.finalOffer = { ...net60.finalOffer!, paymentTerms: "net-60" };
    const priceOnly = { price: 1, quality: 0, speed: 0, reliability: 0 };
    // At the default 1% a month, two months of credit on $6,050 (~$119) beat the $50 difference.
    expect(evaluateOffers([prepaid, net60], priceOnly).recommended?.supplierId).toBe("porto-knitworks");
    // A buyer whose month of credit is worth 0.25% (~$30 for two) pays the $50 only if it must.
    const cheapCredit = evaluateOffers([prepaid, net60], priceOnly, undefined, { creditMonthPercent: 0.25 });
    expect(cheapCredit.recommended?.supplierId).toBe("apex-textiles");
  });

  it("scores by the normalised weighted sum of the criteria", () => {
    const { ranking } = evaluateOffers(DEALS, { price: 2, quality: 1, speed: 1, reliability: 0 });
    const anatolia = ranking.find((r) => r.supplierId === "anatolia-apparel")!;
    // price 4.4/5.5 = 0.8, quality 4.2/5 = 0.84, speed 14/14 = 1 → (2·0.8 + 0.84 + 1) / 4 = 0.86
    expect(anatolia.score).toBeCloseTo(0.86, 3);
    expect(anatolia.totalPrice).toBe(5500);
  });

  it("only recommends agreed deals and explains the others", () => {
    const results = [deal("apex-textiles", 4.4, 40, "impasse"), deal("porto-knitworks", 6.6, 22)];
    const { recommended, ranking, explanation } = evaluateOffers(results, {
      price: 1,
      quality: 0,
      speed: 0,
      reliability: 0,
    });
    expect(recommended?.supplierId).toBe("porto-knitworks");
    expect(ranking).toHaveLength(1);
    expect(explanation).toContain("only supplier that reached an agreement");
    expect(explanation).toContain(
      "No deal with Apex Textiles (reached no agreement: no agreement within the round limit)",
    );
  });

  it("recommends nothing, and says why, when no negotiation reached a deal", () => {
    const { recommended, explanation } = evaluateOffers([deal("apex-textiles", 4.4, 40, "impasse")], {
      price: 1,
      quality: 1,
      speed: 1,
      reliability: 1,
    });
    expect(recommended).toBeNull();
    expect(explanation).toMatch(/No supplier reached an agreement/);
  });

  it("names the weights as they are: equal weights are equal, ties are shared", () => {
    const equal = evaluateOffers(DEALS, { price: 1, quality: 1, speed: 1, reliability: 1 });
    expect(equal.explanation).toContain("weighing price, quality, speed and reliability equally");
    const tied = evaluateOffers(DEALS, { price: 3, quality: 3, speed: 2, reliability: 0 });
    expect(tied.explanation).toContain("led by price and quality (38% each), then speed (25%)");
    const alone = evaluateOffers(DEALS, { price: 0, quality: 0, speed: 1, reliability: 0 });
    expect(alone.explanation).toContain("on speed alone");
  });

  it("says on what the winner beats a cheaper runner-up", () => {
    // Price leads the weights, yet Anatolia's speed and quality outweigh Apex's lower price.
    const { recommended, explanation } = evaluateOffers([DEALS[0]!, DEALS[2]!], {
      price: 5,
      quality: 3,
      speed: 2,
      reliability: 1,
    });
    expect(recommended?.supplierId).toBe("anatolia-apparel");
    expect(explanation).toContain(
      "against 0.793 for Apex Textiles, which would be $1,100.00 cheaper, but Anatolia Apparel is ahead on speed and quality.",
    );
  });

  it("sets the buyer's limits against the suppliers' last offers when no deal was reached", () => {
    const { explanation } = evaluateOffers(
      [deal("apex-textiles", 5.4, 40, "impasse"), deal("porto-knitworks", 6.6, 22, "impasse")],
      { price: 1, quality: 1, speed: 1, reliability: 1 },
      { products: [{ productId: "organic-tshirt", quantity: 1000, maxUnitPrice: 5 }], maxLeadTimeDays: 30 },
    );
    expect(explanation).toContain(
      "Apex Textiles reached no agreement (no agreement within the round limit); its last offer was $5.40/piece for organic-tshirt against your limit of $5.00 and 40 days' lead time against your 30",
    );
    expect(explanation).toContain("$6.60/piece for organic-tshirt against your limit of $5.00");
    // The numbers to change, the cheaper change first: Porto needs only a higher price limit.
    expect(explanation).toContain(
      "To reach a deal, raise your organic-tshirt limit to $5.40 and allow 40 days' lead time (Apex Textiles' last offer), or raise your organic-tshirt limit to $6.60 (Porto Knitworks' last offer).",
    );
  });

  it("names the lead time to allow when the brand walked away before any offer", () => {
    const walked: NegotiationResult = {
      ...deal("apex-textiles", 4.4, 40, "impasse"),
      reason: "the supplier's fastest delivery (35 days) is slower than the buyer's lead-time limit (20 days)",
    };
    delete walked.lastOffer;
    const { explanation } = evaluateOffers(
      [walked],
      { price: 1, quality: 1, speed: 1, reliability: 1 },
      {
        products: [{ productId: "organic-tshirt", quantity: 1000, maxUnitPrice: 6 }],
        maxLeadTimeDays: 20,
      },
    );
    expect(explanation).toContain(
      "To reach a deal, allow at least 35 days' lead time (Apex Textiles' fastest delivery).",
    );
    expect(explanation).not.toMatch(/raise/);
  });

  it("counts payment terms as money: the same total on longer terms scores higher on price", () => {
    const prepaid = deal("apex-textiles", 5, 30);
    const net60 = deal("anatolia-apparel", 5, 30);
    prepaid.finalOffer = { ...prepaid.finalOffer!, paymentTerms: "prepaid" };
    net60.finalOffer = { ...net60.finalOffer!, paymentTerms: "net-60" };
    const { ranking } = evaluateOffers([prepaid, net60], { price: 1, quality: 0, speed: 0, reliability: 0 });
    expect(ranking.map((r) => r.supplierId)).toEqual(["anatolia-apparel", "apex-textiles"]);
    // 60 days of credit at 12% a year: about 2% of the total.
    expect(ranking[1]!.criteria.price).toBeCloseTo(1 - (0.12 * 60) / 365, 3);
  });

  it("does not advise a higher budget when every negotiation failed", () => {
    const failed = {
      ...deal("apex-textiles", 4.4, 40, "failed"),
      reason: "the model at http://x/v1 could not be reached",
    };
    const { explanation } = evaluateOffers([failed], { price: 1, quality: 1, speed: 1, reliability: 1 });
    expect(explanation).toContain("Apex Textiles failed (the model at http://x/v1 could not be reached)");
    expect(explanation).not.toMatch(/raise|more rounds/);
  });
});
