import { describe, expect, it } from "vitest";
import { totalPrice } from "../../mastra/domain/offer";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import { FAST_LOCAL, BrandOverrideModel, FailingForSupplierModel, GarbledOutputModel } from "../helpers/test-models";
import { contextFor, QUOTE, recordingCallbacks } from "../helpers/negotiation-fixtures";

describe("runSupplierNegotiation", () => {
  it("completes with agreed terms inside the buyer's limits", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      "anatolia-apparel",
      contextFor("anatolia-apparel", model),
      rec.callbacks,
    );

    expect(result.status).toBe("completed");
    expect(rec.statuses()).toEqual(["active", "completed"]);
    const agreed = result.finalOffer!;
    for (const line of agreed.lines) {
      const limit = QUOTE.products.find((p) => p.productId === line.productId)!.maxUnitPrice!;
      expect(line.unitPrice).toBeLessThanOrEqual(limit);
    }
    expect(agreed.leadTimeDays).toBeLessThanOrEqual(QUOTE.maxLeadTimeDays!);
    // The last message is the acceptance and it states the agreed total.
    const last = rec.messages().at(-1)!;
    expect(last.decision).toBe("accept");
    expect(last.content).toContain(totalPrice(agreed).toLocaleString("en-US", { minimumFractionDigits: 2 }));
    expect(result.messageCount).toBe(rec.messages().length);
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(last.metadata.model).toBe("local-negotiator-v1");
  });

  it("ends in impasse when the supplier's floor stays above the buyer's limits", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const stingy = { ...QUOTE, products: QUOTE.products.map((p) => ({ ...p, maxUnitPrice: 1 })) };
    const result = await runSupplierNegotiation(
      "porto-knitworks",
      contextFor("porto-knitworks", model, { quote: stingy, maxRounds: 3 }),
      rec.callbacks,
    );

    expect(result.status).toBe("impasse");
    expect(result.reason).toMatch(/outside the buyer's limits/);
    expect(result.finalOffer).toBeUndefined();
    expect(result.lastOffer).toBeDefined();
    // 3 rounds of brand + supplier, then the brand's closing walk-away.
    expect(rec.messages().map((m) => `${m.round}:${m.sender}:${m.decision}`)).toEqual([
      "1:brand:counter",
      "1:supplier:offer",
      "2:brand:counter",
      "2:supplier:offer",
      "3:brand:counter",
      "3:supplier:offer",
      "3:brand:walk-away",
    ]);
  });

  it("fails with the model's error after its retries, without throwing", async () => {
    const model = new FailingForSupplierModel("apex-textiles");
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      "apex-textiles",
      contextFor("apex-textiles", model, { retries: 2 }),
      rec.callbacks,
    );

    expect(result.status).toBe("failed");
    expect(result.reason).toContain("503 Service Unavailable");
    expect(model.calls).toBe(3);
    expect(rec.statuses()).toEqual(["active", "failed"]);
  });

  it("fails when structured output stays invalid after retries, naming the problem", async () => {
    const model = new GarbledOutputModel(FAST_LOCAL);
    const result = await runSupplierNegotiation(
      "apex-textiles",
      contextFor("apex-textiles", model, { retries: 1 }),
      recordingCallbacks().callbacks,
    );

    expect(result.status).toBe("failed");
    expect(model.calls).toBe(2);
    expect(result.reason).toMatch(/schema|valid/i);
  });

  it("never accepts above the buyer's limit, even when the model says accept", async () => {
    // A reckless brand model: accepts whatever the supplier offered.
    const model = new BrandOverrideModel((state) => {
      const offer = state.history.findLast((h) => h.sender === "supplier");
      return offer ? { decision: "accept", terms: offer.terms, rationale: "sounds fine" } : undefined;
    });
    const rec = recordingCallbacks();
    const tight = {
      ...QUOTE,
      products: QUOTE.products.map((p) => ({ ...p, maxUnitPrice: (p.maxUnitPrice ?? 0) * 0.8 })),
    };
    const result = await runSupplierNegotiation(
      "porto-knitworks",
      contextFor("porto-knitworks", model, { quote: tight, maxRounds: 2 }),
      rec.callbacks,
    );

    expect(result.status).toBe("impasse");
    const guarded = rec.messages().filter((m) => m.metadata.guardrail);
    expect(guarded.length).toBeGreaterThan(0);
    expect(guarded.every((m) => m.decision !== "accept")).toBe(true);
    // Every counter the brand sent after an override is clamped to the limits.
    for (const m of guarded.filter((g) => g.decision === "counter")) {
      for (const line of m.terms.lines) {
        expect(line.unitPrice).toBeLessThanOrEqual(
          tight.products.find((p) => p.productId === line.productId)!.maxUnitPrice!,
        );
      }
    }
  });

  it("is cancelled promptly by its AbortSignal and closes the message it was streaming", async () => {
    const model = new LocalNegotiationModel({ seed: 7, latencyMs: 20, tokenDelayMs: 20 });
    const rec = recordingCallbacks();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const startedAt = Date.now();
    const result = await runSupplierNegotiation(
      "apex-textiles",
      contextFor("apex-textiles", model),
      rec.callbacks,
      controller.signal,
    );

    expect(result.status).toBe("cancelled");
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(rec.statuses()).toEqual(["active", "cancelled"]);
    // Every started message got a final message: nothing is left streaming.
    const started = rec.events.filter((e) => e.kind === "start").length;
    expect(rec.messages()).toHaveLength(started);
    expect(rec.messages().at(-1)!.metadata.interrupted).toBe(true);
  });

  it("keeps negotiating when a callback throws", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const broken = {
      ...rec.callbacks,
      onMessageDelta: () => {
        throw new Error("display crashed");
      },
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const result = await runSupplierNegotiation("anatolia-apparel", contextFor("anatolia-apparel", model), broken);
      expect(result.status).toBe("completed");
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
  });
});
