import { describe, expect, it } from "vitest";
import { BUDGET_SCENARIOS, generateQuotes, VALUE_SWEEP } from "../../../bench/tournament/generate-quotes";
import { reservationUnitPrice } from "../../mastra/models/local/supplier-reservation";
import { measure, type Observed } from "../../../bench/tournament/measure";
import type { Terms } from "../../domain/offer";
import type { QuoteRequest } from "../../domain/quote";
import { builtInSupplier } from "../../domain/suppliers";

// Porto, 600 hoodies: list $21.50, floor $18.92; rushing costs it 0.2% of list a day, credit 6% a year.
const QUOTE: QuoteRequest = {
  products: [{ productId: "recycled-hoodie", quantity: 600, maxUnitPrice: 21 }],
  priorities: { price: 1, quality: 0, speed: 1, reliability: 0 },
  maxLeadTimeDays: 30,
  userNotes: "",
};
const porto = builtInSupplier("porto-knitworks");

function dealAt(unitPrice: number, leadTimeDays: number, paymentTerms: Terms["paymentTerms"]): Observed {
  const terms: Terms = {
    lines: [{ productId: "recycled-hoodie", quantity: 600, unitPrice }],
    leadTimeDays,
    paymentTerms,
    validityDays: 14,
  };
  return { status: "completed", rounds: 3, finalOffer: terms, firstOfferAccepted: false, modelCalls: 12, tokens: 1 };
}

describe("the tournament's measures", () => {
  it("finds a deal at the efficient lead time and terms on the frontier, and one without them dominated", () => {
    // For this buyer a day is worth 0.5% of the order, more than Porto's 0.2%; credit 12% against 6%.
    const efficient = measure(QUOTE, 1, porto, dealAt(20, 18, "net-60"));
    expect(efficient.possible).toBe(true);
    expect(efficient.paretoDominated).toBe(false);
    expect(efficient.frontierDistance).toBeCloseTo(0, 3);
    const slowPrepaid = measure(QUOTE, 1, porto, dealAt(20, 24, "prepaid"));
    expect(slowPrepaid.paretoDominated).toBe(true);
    expect(slowPrepaid.frontierDistance!).toBeGreaterThan(0.01);
    // The cheaper the price, the more of the zone the buyer keeps.
    expect(measure(QUOTE, 1, porto, dealAt(19.5, 18, "net-60")).buyerShare!).toBeGreaterThan(efficient.buyerShare!);
  });

  it("flags a deal above list or outside the buyer's limits", () => {
    expect(measure(QUOTE, 1, porto, dealAt(21.6, 18, "net-60"))).toMatchObject({
      aboveList: true,
      limitViolation: true,
    });
    expect(measure(QUOTE, 1, porto, dealAt(20, 35, "net-60")).limitViolation).toBe(true);
  });

  it("knows when no deal is possible: the supplier's fastest delivery or its floor is out of reach", () => {
    expect(
      measure({ ...QUOTE, maxLeadTimeDays: 14 }, 1, porto, { ...dealAt(20, 18, "net-60"), status: "impasse" }).possible,
    ).toBe(false);
    const belowFloor = {
      ...QUOTE,
      products: [{ productId: "recycled-hoodie" as const, quantity: 600, maxUnitPrice: 18 }],
    };
    expect(measure(belowFloor, 1, porto, { ...dealAt(18, 18, "net-60"), status: "impasse" }).possible).toBe(false);
  });

  it("generates the same quotes for the same seed, across every budget scenario", () => {
    const quotes = generateQuotes(1, 60);
    expect(generateQuotes(1, 60)).toEqual(quotes);
    expect(new Set(quotes.map((q) => q.budget))).toEqual(new Set(BUDGET_SCENARIOS));
    for (const q of quotes) {
      expect(q.maxRounds).toBeGreaterThanOrEqual(1);
      expect(q.maxRounds).toBeLessThanOrEqual(12);
      expect(q.quote.products.length).toBeLessThanOrEqual(4);
    }
    // One quote in 25 negotiates with fifty generated suppliers; the rest with the three built-ins.
    expect(quotes.filter((q) => q.suppliers.length === 50)).toHaveLength(2);
    expect(new Set(quotes.map((q) => q.values))).toEqual(new Set(VALUE_SWEEP.map((v) => v.label)));
  });

  it("puts a near-reservation budget within 1% above that supplier's reservation", () => {
    for (const q of generateQuotes(3, 200).filter((t) => t.budget === "near-reservation")) {
      const supplier = q.suppliers.find((s) => s.id === q.nearSupplierId)!;
      for (const line of q.quote.products) {
        const reservation = reservationUnitPrice(q.seed, supplier, line.productId, line.quantity);
        expect(line.maxUnitPrice!).toBeGreaterThanOrEqual(reservation);
        expect(line.maxUnitPrice!).toBeLessThanOrEqual(reservation * 1.01 + 0.01);
      }
    }
  });
});
