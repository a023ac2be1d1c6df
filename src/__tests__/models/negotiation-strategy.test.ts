import { describe, expect, it } from "vitest";
import { totalPrice, type Terms } from "../../domain/offer";
import { builtInSupplier, unitPriceBounds } from "../../domain/suppliers";
import { supplierReservation, supplierUtility } from "../../domain/utility";
import { brandMove } from "../../mastra/models/local/brand-strategy";
import { supplierMove } from "../../mastra/models/local/supplier-strategy";
import type { Random } from "../../mastra/models/local/seeded-random";
import { seededRandom } from "../../mastra/models/local/seeded-random";
import { reservationUnitPrice, supplierCharacter } from "../../mastra/models/local/supplier-reservation";
import { MarketBoard } from "../../mastra/negotiation/market-board";
import { rateCardOf, type HistoryEntry, type TurnState } from "../../mastra/protocol/turn-state";

const random = seededRandom(1, "test");

/** The move of the built-in supplier the state names. */
function builtInSupplierMove(state: TurnState, rand: Random, seed: number) {
  return supplierMove(state, builtInSupplier(state.supplierId), rand, seed);
}
const LINE = {
  productId: "recycled-hoodie" as const,
  productName: "recycled-fleece hoodie",
  unit: "piece",
  quantity: 600,
};

function terms(unitPrice: number, leadTimeDays: number, paymentTerms: Terms["paymentTerms"]): Terms {
  return {
    lines: [{ productId: "recycled-hoodie", quantity: 600, unitPrice }],
    leadTimeDays,
    paymentTerms,
    validityDays: 14,
  };
}

function supplierState(supplierId: string, round: number, maxRounds: number, history: HistoryEntry[]): TurnState {
  const supplier = builtInSupplier(supplierId);
  return {
    role: "supplier",
    phase: "decide",
    supplierId,
    supplierName: supplier.name,
    round,
    maxRounds,
    closing: false,
    request: { lines: [LINE] },
    rateCard: rateCardOf(supplier, [LINE]),
    history,
  };
}

function brandState(
  supplierId: string,
  round: number,
  maxRounds: number,
  history: HistoryEntry[],
  extra: Partial<TurnState> = {},
): TurnState {
  const supplier = builtInSupplier(supplierId);
  return {
    role: "brand",
    phase: "decide",
    supplierId,
    supplierName: supplier.name,
    round,
    maxRounds,
    closing: false,
    request: {
      lines: [{ ...LINE, maxUnitPrice: 20 }],
      maxLeadTimeDays: 30,
      priorities: { price: 0.4, quality: 0.2, speed: 0.4, reliability: 0 },
      notes: "",
    },
    rateCard: rateCardOf(supplier, [LINE]),
    history,
    ...extra,
  };
}

const ask = (round: number, t: Terms): HistoryEntry => ({ round, sender: "brand", decision: "counter", terms: t });
const offer = (round: number, t: Terms): HistoryEntry => ({ round, sender: "supplier", decision: "offer", terms: t });

describe("the simulated supplier", () => {
  it("draws a reservation between its floor and list, and a patience, that vary by seed", () => {
    const porto = builtInSupplier("porto-knitworks");
    const { list, floor } = unitPriceBounds(porto, "recycled-hoodie", 600);
    const prices = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => reservationUnitPrice(seed, porto, "recycled-hoodie", 600));
    for (const price of prices) {
      expect(price).toBeGreaterThanOrEqual(floor);
      expect(price).toBeLessThanOrEqual(floor + (list - floor) * porto.reservationSpread + 0.01);
    }
    expect(new Set(prices).size).toBeGreaterThan(4);
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => supplierCharacter(seed, porto).styleFactor)).size).toBe(8);
  });

  it("never opens above list and makes its true best offer at the deadline", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const porto = builtInSupplier("porto-knitworks");
      const opening = builtInSupplierMove(
        supplierState("porto-knitworks", 1, 5, [ask(1, terms(12, 24, "net-30"))]),
        random,
        seed,
      );
      expect(opening.decision).toBe("offer");
      expect(opening.terms.lines[0]!.unitPrice).toBeLessThanOrEqual(porto.listPrices["recycled-hoodie"]!);
      // At the deadline it offers exactly its reservation (to the cent) for the terms asked.
      const history = [ask(1, terms(12, 24, "net-30")), offer(1, opening.terms), ask(5, terms(12, 24, "net-30"))];
      const final = builtInSupplierMove(supplierState("porto-knitworks", 5, 5, history), random, seed);
      const listValue = porto.listPrices["recycled-hoodie"]! * 600;
      const reservation = supplierReservation(porto, reservationUnitPrice(seed, porto, "recycled-hoodie", 600) * 600);
      const value = supplierUtility(porto, final.terms, listValue);
      expect(value).toBeGreaterThanOrEqual(reservation - 0.01);
      expect(value - reservation).toBeLessThan(600 * 0.011);
    }
  });

  it("meets a faster lead time and longer terms and prices in what they cost it", () => {
    const anatolia = builtInSupplier("anatolia-apparel");
    const usual = builtInSupplierMove(
      supplierState("anatolia-apparel", 4, 5, [ask(1, terms(14, 16, "net-15"))]),
      random,
      3,
    );
    const rushed = builtInSupplierMove(
      supplierState("anatolia-apparel", 4, 5, [ask(1, terms(14, 12, "net-45"))]),
      random,
      3,
    );
    expect(rushed.terms.leadTimeDays).toBe(anatolia.fastestLeadTimeDays);
    expect(rushed.terms.paymentTerms).toBe("net-45");
    expect(totalPrice(rushed.terms)).toBeGreaterThan(totalPrice(usual.terms));
    // Both offers are worth the same to the supplier: the rush and credit are in the price.
    const listValue = anatolia.listPrices["recycled-hoodie"]! * 600;
    expect(supplierUtility(anatolia, rushed.terms, listValue)).toBeCloseTo(
      supplierUtility(anatolia, usual.terms, listValue),
      -1,
    );
  });

  it("accepts a counter worth at least its next offer, and walks away from an insulting one", () => {
    const porto = builtInSupplier("porto-knitworks");
    const first = builtInSupplierMove(
      supplierState("porto-knitworks", 1, 4, [ask(1, terms(15, 24, "net-30"))]),
      random,
      2,
    );
    const good = builtInSupplierMove(
      supplierState("porto-knitworks", 2, 4, [
        ask(1, terms(15, 24, "net-30")),
        offer(1, first.terms),
        ask(2, terms(21.4, 24, "net-30")),
      ]),
      random,
      2,
    );
    expect(good.decision).toBe("accept");
    const insult = builtInSupplierMove(
      supplierState("porto-knitworks", 2, 4, [
        ask(1, terms(15, 24, "net-30")),
        offer(1, first.terms),
        ask(2, terms(10, 24, "net-30")),
      ]),
      random,
      2,
    );
    expect(insult.decision).toBe("reject");
    expect(porto.floorRatio * porto.listPrices["recycled-hoodie"]!).toBeGreaterThan(10 / 0.85);
  });
});

describe("the brand", () => {
  it("asks for the lead time and terms worth most to both sides by the rate card", () => {
    // Anatolia rushes at 0.4% of list a day, below this buyer's 0.5% (speed and price weigh the same):
    // ask its fastest delivery. Its credit costs 10% a year, the buyer's 12%: ask its longest terms.
    const opening = brandMove(brandState("anatolia-apparel", 1, 5, []), random);
    expect(opening.decision).toBe("counter");
    expect(opening.terms.leadTimeDays).toBe(12);
    expect(opening.terms.paymentTerms).toBe("net-45");
    // Apex's credit costs 16% a year: asking it for terms would cost more than it is worth.
    const apex = brandMove(
      brandState("apex-textiles", 1, 5, [], {
        request: { ...brandState("apex-textiles", 1, 5, []).request, maxLeadTimeDays: 60 },
      }),
      random,
    );
    expect(apex.terms.paymentTerms).toBe("prepaid");
  });

  it("anchors on the market, not its budget, and does not accept the first offer", () => {
    const opening = brandMove(brandState("porto-knitworks", 1, 5, []), random);
    // 80% of the going market price ($17.50) rather than a share of its $20 limit.
    expect(opening.terms.lines[0]!.unitPrice).toBe(14);
    const history = [ask(1, opening.terms), offer(1, terms(19.5, 24, "net-60"))];
    const reply = brandMove(brandState("porto-knitworks", 2, 5, history), random);
    expect(reply.decision).toBe("counter");
    expect(reply.terms.lines[0]!.unitPrice).toBeLessThan(19.5);
    expect(reply.terms.lines[0]!.unitPrice).toBeGreaterThanOrEqual(Math.floor(19.5 * 0.86 * 100) / 100);
  });

  it("never retracts: its price only rises, and it never asks again for faster delivery than before", () => {
    const history: HistoryEntry[] = [ask(1, terms(14, 18, "net-60")), offer(1, terms(21.5, 24, "net-60"))];
    const prices: number[] = [];
    for (let round = 2; round <= 5; round++) {
      const move = brandMove(brandState("porto-knitworks", round, 6, history), random);
      expect(move.decision).toBe("counter");
      expect(move.terms.leadTimeDays).toBeGreaterThanOrEqual(18);
      prices.push(move.terms.lines[0]!.unitPrice);
      history.push(ask(round, move.terms), offer(round, terms(21.5 - round * 0.3, 24, "net-60")));
    }
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(new Set(prices).size).toBe(prices.length);
  });

  it("accepts an offer worth at least its own next counter", () => {
    // Porto meets the brand's own last ask: fastest delivery, longest credit, $18.50.
    const history = [
      ask(1, terms(14, 18, "net-60")),
      offer(1, terms(21.5, 18, "net-60")),
      ask(2, terms(18.5, 18, "net-60")),
      offer(2, terms(18.5, 18, "net-60")),
    ];
    expect(brandMove(brandState("porto-knitworks", 3, 5, history), random).decision).toBe("accept");
  });

  it("walks away at once when the supplier's fastest delivery cannot meet the limit", () => {
    const state = brandState("apex-textiles", 1, 6, []);
    expect(brandMove(state, random).decision).toBe("walk-away");
  });
});

describe("the shared best-offer view", () => {
  it("gives each negotiation the best of the others' offers, never its own", () => {
    const board = new MarketBoard();
    expect(board.bestExcept("apex-textiles")).toBeUndefined();
    board.report("porto-knitworks", -12_000);
    board.report("anatolia-apparel", -11_000);
    board.report("anatolia-apparel", -11_500);
    expect(board.bestExcept("apex-textiles")).toBe(-11_000);
    expect(board.bestExcept("anatolia-apparel")).toBe(-12_000);
  });

  it("makes a supplier told of a better competing offer concede faster", () => {
    const history = [ask(1, terms(15, 24, "net-30"))];
    const plain = builtInSupplierMove(supplierState("porto-knitworks", 2, 6, history), random, 4);
    const pressed = builtInSupplierMove(
      { ...supplierState("porto-knitworks", 2, 6, history), leverage: true },
      random,
      4,
    );
    expect(totalPrice(pressed.terms)).toBeLessThan(totalPrice(plain.terms));
  });
});
