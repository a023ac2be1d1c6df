import { builtInSupplier } from "../../domain/suppliers";
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { LocalNegotiationModel, turnStateOf } from "../../mastra/models/local/local-negotiation-model";
import { MarketBoard } from "../../mastra/negotiation/market-board";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import type { TurnState } from "../../mastra/protocol/turn-state";
import { contextFor, QUOTE, recordingCallbacks } from "../helpers/negotiation-fixtures";
import { FAST_LOCAL } from "../helpers/test-models";

/** The local model, keeping the state of every call the supplier side or a speaking brand receives. */
class ObservedModel extends LocalNegotiationModel {
  readonly seenBySupplier: TurnState[] = [];
  readonly spokenByBrand: TurnState[] = [];
  private observe(call: LanguageModelV4CallOptions) {
    const state = turnStateOf(call);
    if (state?.role === "supplier") this.seenBySupplier.push(state);
    if (state?.role === "brand" && state.phase === "speak") this.spokenByBrand.push(state);
  }
  override doGenerate(call: LanguageModelV4CallOptions) {
    this.observe(call);
    return super.doGenerate(call);
  }
  override doStream(call: LanguageModelV4CallOptions) {
    this.observe(call);
    return super.doStream(call);
  }
}

/** Keeps the state of each brand decision. */
class BrandStateModel extends LocalNegotiationModel {
  readonly brandDecides: TurnState[] = [];
  override doGenerate(call: LanguageModelV4CallOptions) {
    const state = turnStateOf(call);
    if (state?.role === "brand" && state.phase === "decide") this.brandDecides.push(state);
    return super.doGenerate(call);
  }
}

describe("leverage from the other suppliers", () => {
  it("tells the supplier a better competing offer exists, never who made it or on what terms", async () => {
    const market = new MarketBoard();
    // A competitor's offer worth far more to the buyer than anything Porto will open with: $9,000.
    market.report("anatolia-apparel", -9_000);
    const model = new ObservedModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
      contextFor("porto-knitworks", model, { quote: { ...QUOTE, maxLeadTimeDays: 30 }, market, maxRounds: 5 }),
      rec.callbacks,
    );

    const brandMessages = rec.messages().filter((m) => m.sender === "brand");
    expect(brandMessages.some((m) => m.content.includes("better competing offer"))).toBe(true);
    const everythingSaid = rec
      .messages()
      .map((m) => m.content)
      .join("\n");
    for (const secret of ["Anatolia", "anatolia", "Apex", "9,000", "9000"])
      expect(everythingSaid).not.toContain(secret);
    // The supplier's side is told only that a better offer exists: no value, no name.
    expect(model.seenBySupplier.some((s) => s.leverage === true)).toBe(true);
    for (const state of [...model.seenBySupplier, ...model.spokenByBrand]) {
      expect(state.alternative).toBeUndefined();
      expect(state.buyerValuation).toBeUndefined();
      expect(JSON.stringify(state)).not.toMatch(/anatolia|9000/i);
    }
    expect(["completed", "impasse"]).toContain(result.status);
  });

  it("gives a real model's brand turn the same facts the local strategy uses", async () => {
    const market = new MarketBoard();
    market.report("anatolia-apparel", -9_000);
    const model = new BrandStateModel(FAST_LOCAL);
    await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
      contextFor("porto-knitworks", model, { market, maxRounds: 3 }),
      recordingCallbacks().callbacks,
    );
    const decide = model.brandDecides.at(-1)!;
    expect(decide.rateCard).toEqual({
      listPrices: [
        { productId: "organic-tshirt", unitPrice: 7.4 },
        { productId: "canvas-tote", unitPrice: 4.2 },
      ],
      usualLeadTimeDays: 24,
      fastestLeadTimeDays: 18,
      rushCostPerDay: 0.002,
      longestPaymentTerms: "net-60",
      capitalCostPerYear: 0.06,
    });
    expect(decide.alternative).toEqual({ netCost: 9_000 });
    expect(decide.buyerValuation?.capitalRatePerYear).toBe(0.12);
    expect(decide.buyerValuation?.leadDayValue).toBeGreaterThan(0);
  });
});
