import { describe, expect, it } from "vitest";
import { totalPrice } from "../../domain/offer";
import { builtInSupplier, unitPriceBounds } from "../../domain/suppliers";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import type { MessageDelta } from "../../mastra/negotiation/negotiation-types";
import {
  FAST_LOCAL,
  MoveOverrideModel,
  FailingForSupplierModel,
  GarbledOutputModel,
  SlowForSupplierModel,
} from "../helpers/test-models";
import { contextFor, QUOTE, recordingCallbacks } from "../helpers/negotiation-fixtures";

describe("runSupplierNegotiation", () => {
  it("completes with agreed terms inside the buyer's limits", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("anatolia-apparel"),
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

  it("ends when the supplier walks away from a counter far below what it accepts", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    const stingy = { ...QUOTE, products: QUOTE.products.map((p) => ({ ...p, maxUnitPrice: 1 })) };
    const result = await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
      contextFor("porto-knitworks", model, { quote: stingy, maxRounds: 6 }),
      rec.callbacks,
    );

    expect(result.status).toBe("impasse");
    expect(result.reason).toMatch(/the supplier walked away/);
    expect(result.finalOffer).toBeUndefined();
    expect(result.lastOffer).toBeDefined();
    // The brand's first counter after an offer is held at its $1 limit: an insult, so the supplier
    // leaves at once instead of running all six rounds.
    expect(rec.messages().map((m) => `${m.round}:${m.sender}:${m.decision}`)).toEqual([
      "1:brand:counter",
      "1:supplier:offer",
      "2:brand:counter",
      "2:supplier:reject",
    ]);
  });

  it("spends no model call when the supplier cannot deliver within the lead-time limit", async () => {
    const model = new LocalNegotiationModel(FAST_LOCAL);
    const rec = recordingCallbacks();
    // Apex's fastest delivery is 35 days.
    const urgent = { ...QUOTE, maxLeadTimeDays: 20 };
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model, { quote: urgent, maxRounds: 6 }),
      rec.callbacks,
    );

    expect(result.status).toBe("impasse");
    expect(result.reason).toBe(
      "the supplier's fastest delivery (35 days) is slower than the buyer's lead-time limit (20 days)",
    );
    expect(rec.messages()).toEqual([]);
    expect(result.usage.totalTokens).toBe(0);
  });

  it("fails with the model's error after its retries, without throwing", async () => {
    const model = new FailingForSupplierModel("apex-textiles");
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model, { retries: 2 }),
      rec.callbacks,
    );

    expect(result.status).toBe("failed");
    expect(result.reason).toContain("503 Service Unavailable");
    expect(model.calls).toBe(3);
    expect(rec.statuses()).toEqual(["active", "failed"]);
  });

  it("abandons a model call that never answers, retries it, then fails naming the wait", async () => {
    // Every call for Apex hangs for ten minutes: an endpoint that accepts the connection and goes silent.
    const model = new SlowForSupplierModel("apex-textiles", 600_000);
    const rec = recordingCallbacks();
    const startedAt = Date.now();
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model, { retries: 1, modelCallTimeoutMs: 1_000 }),
      rec.callbacks,
    );

    expect(result.status).toBe("failed");
    expect(result.reason).toBe("Brand negotiator: the model did not answer within 1 s");
    expect(model.calls).toBe(2);
    // Two one-second attempts and a short backoff, not the ten-minute hang.
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(rec.statuses()).toEqual(["active", "failed"]);
  });

  it("fails when structured output stays invalid after retries, naming the problem", async () => {
    const model = new GarbledOutputModel(FAST_LOCAL);
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model, { retries: 1 }),
      recordingCallbacks().callbacks,
    );

    expect(result.status).toBe("failed");
    expect(model.calls).toBe(2);
    expect(result.reason).toMatch(/schema|valid/i);
  });

  it("never accepts above the buyer's limit, even when the model says accept", async () => {
    // A reckless brand model: accepts whatever the supplier offered.
    const model = new MoveOverrideModel("brand", (state) => {
      const offer = state.history.findLast((h) => h.sender === "supplier");
      return offer ? { decision: "accept", terms: offer.terms, rationale: "sounds fine" } : undefined;
    });
    const rec = recordingCallbacks();
    const tight = {
      ...QUOTE,
      products: QUOTE.products.map((p) => ({ ...p, maxUnitPrice: (p.maxUnitPrice ?? 0) * 0.8 })),
    };
    const result = await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
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

  it("clamps a brand counter above the buyer's limits, so no deal can close above them", async () => {
    // A reckless brand model: offers three times the limit and accepts a 200-day delivery.
    const model = new MoveOverrideModel("brand", (state) => ({
      decision: "counter",
      terms: {
        lines: state.request.lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: l.maxUnitPrice! * 3,
        })),
        leadTimeDays: 200,
        paymentTerms: "net-30",
        validityDays: 14,
      },
      rationale: "whatever it takes",
    }));
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("porto-knitworks"),
      contextFor("porto-knitworks", model),
      rec.callbacks,
    );

    const brandMessages = rec.messages().filter((m) => m.sender === "brand");
    expect(brandMessages.every((m) => m.metadata.guardrail === "counter clamped to the buyer's limits")).toBe(true);
    for (const m of brandMessages) {
      expect(m.terms.lines.map((l) => l.unitPrice)).toEqual(QUOTE.products.map((p) => p.maxUnitPrice));
      expect(m.terms.leadTimeDays).toBe(QUOTE.maxLeadTimeDays);
    }
    expect(["completed", "impasse"]).toContain(result.status);
    if (result.finalOffer) {
      for (const line of result.finalOffer.lines) {
        expect(line.unitPrice).toBeLessThanOrEqual(
          QUOTE.products.find((p) => p.productId === line.productId)!.maxUnitPrice!,
        );
      }
    }
  });

  it("clamps a supplier offer below its floor, so no deal closes below it", async () => {
    const model = new MoveOverrideModel("supplier", (state) => ({
      decision: "offer",
      terms: {
        lines: state.request.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: 0.5 })),
        leadTimeDays: 2,
        paymentTerms: "net-60",
        validityDays: 14,
      },
      rationale: "fire sale",
    }));
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model),
      rec.callbacks,
    );
    const apex = builtInSupplier("apex-textiles");

    const offer = rec.messages().find((m) => m.sender === "supplier")!;
    expect(offer.metadata.guardrail).toBe("offer clamped to what this supplier can grant");
    expect(offer.terms.lines.map((l) => l.unitPrice)).toEqual(
      offer.terms.lines.map((l) => unitPriceBounds(apex, l.productId, l.quantity).floor),
    );
    expect(offer.terms.leadTimeDays).toBe(apex.fastestLeadTimeDays);
    expect(offer.terms.paymentTerms).toBe(apex.mostFlexiblePaymentTerms);
    // The brand takes the (clamped) bargain: at the floor, not at $0.50.
    expect(result.status).toBe("completed");
    expect(result.finalOffer!.lines.every((l) => l.unitPrice > 0.5)).toBe(true);
  });

  it("turns an opening 'accept' (nothing on the table yet) into a counter and negotiates on", async () => {
    const model = new MoveOverrideModel("brand", (state) =>
      state.history.length === 0
        ? {
            decision: "accept",
            terms: {
              lines: state.request.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: 1 })),
              leadTimeDays: 30,
              paymentTerms: "net-30",
              validityDays: 14,
            },
            rationale: "eager",
          }
        : undefined,
    );
    const rec = recordingCallbacks();
    const result = await runSupplierNegotiation(
      builtInSupplier("anatolia-apparel"),
      contextFor("anatolia-apparel", model),
      rec.callbacks,
    );

    const opening = rec.messages()[0]!;
    expect(opening.decision).toBe("counter");
    expect(opening.metadata.guardrail).toBe("acceptance blocked: there is no offer on the table yet");
    expect(rec.messages().length).toBeGreaterThan(2);
    expect(result.status).toBe("completed");
  });

  it("is cancelled promptly by its AbortSignal and closes the message it was streaming", async () => {
    // Paced so that running on would take many seconds more than the allowance below.
    const model = new LocalNegotiationModel({ seed: 7, latencyMs: 20, tokenDelayMs: 60 });
    const rec = recordingCallbacks();
    const controller = new AbortController();
    let cancelledAt = 0;
    // Cancel mid-sentence: once the supplier's first reply has streamed a few words.
    const callbacks = {
      ...rec.callbacks,
      onMessageDelta: (delta: MessageDelta) => {
        rec.callbacks.onMessageDelta!(delta);
        if (delta.sender === "supplier" && delta.text.split(" ").length > 5 && !cancelledAt) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
    };
    const result = await runSupplierNegotiation(
      builtInSupplier("apex-textiles"),
      contextFor("apex-textiles", model),
      callbacks,
      controller.signal,
    );

    expect(result.status).toBe("cancelled");
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    expect(rec.statuses()).toEqual(["active", "cancelled"]);
    // Every started message got a final message: nothing is left streaming.
    const started = rec.events.filter((e) => e.kind === "start").length;
    expect(rec.messages()).toHaveLength(started);
    const last = rec.messages().at(-1)!;
    expect(last).toMatchObject({ sender: "supplier", metadata: { interrupted: true } });
    expect(last.content.split(" ").length).toBeGreaterThan(5);
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
      const result = await runSupplierNegotiation(
        builtInSupplier("anatolia-apparel"),
        contextFor("anatolia-apparel", model),
        broken,
      );
      expect(result.status).toBe("completed");
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
  });
});
