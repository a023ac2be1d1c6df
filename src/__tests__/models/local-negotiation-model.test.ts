import { describe, expect, it } from "vitest";
import { brandTurnSchema, supplierTurnSchema } from "../../domain/offer";
import { floorPrice, builtInSupplier } from "../../domain/suppliers";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import { renderTurnState, type TurnState } from "../../mastra/protocol/turn-state";
import { createSupplierAgent, supplierRequestContext } from "../../mastra/agents/supplier-agent";
import { contextFor, recordingCallbacks } from "../helpers/negotiation-fixtures";

async function transcript(seed: number, supplierId = "apex-textiles") {
  const model = new LocalNegotiationModel({ seed, latencyMs: 0, tokenDelayMs: 0 });
  const rec = recordingCallbacks();
  const result = await runSupplierNegotiation(
    builtInSupplier(supplierId),
    contextFor(supplierId, model),
    rec.callbacks,
  );
  return {
    result,
    lines: rec.messages().map((m) => `${m.sender}|${m.decision}|${JSON.stringify(m.terms)}|${m.content}`),
  };
}

const SUPPLIER_STATE: TurnState = {
  role: "supplier",
  phase: "decide",
  supplierId: "porto-knitworks",
  supplierName: "Porto Knitworks",
  round: 1,
  maxRounds: 4,
  closing: false,
  request: {
    lines: [{ productId: "recycled-hoodie", productName: "recycled-fleece hoodie", unit: "piece", quantity: 500 }],
    notes: "",
  },
  history: [
    {
      round: 1,
      sender: "brand",
      decision: "counter",
      terms: {
        lines: [{ productId: "recycled-hoodie", quantity: 500, unitPrice: 12 }],
        leadTimeDays: 20,
        paymentTerms: "net-60",
        validityDays: 14,
      },
    },
  ],
};

describe("local negotiation model", () => {
  it("is deterministic for a seed: the same seed replays every price and word", async () => {
    const first = await transcript(11);
    const second = await transcript(11);
    expect(second.lines).toEqual(first.lines);
    expect(first.lines.length).toBeGreaterThan(3);
  });

  it("plays differently with another seed", async () => {
    const a = await transcript(11);
    const b = await transcript(12);
    expect(b.lines).not.toEqual(a.lines);
  });

  it("answers structured-output calls with a move that validates, through the Agent", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 }));
    const result = await agent.generate(renderTurnState(SUPPLIER_STATE), {
      requestContext: supplierRequestContext(builtInSupplier("porto-knitworks")),
      structuredOutput: { schema: supplierTurnSchema },
    });
    const move = supplierTurnSchema.parse(result.object);

    // The brand asked far below the floor, so Porto opens with a priced offer at or above its floor.
    expect(move.decision).toBe("offer");
    expect(move.terms.lines[0]!.unitPrice).toBeGreaterThanOrEqual(
      floorPrice(builtInSupplier("porto-knitworks"), "recycled-hoodie"),
    );
    expect(move.terms.leadTimeDays).toBeGreaterThanOrEqual(builtInSupplier("porto-knitworks").fastestLeadTimeDays);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it("streams a message word by word that states the decided terms", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 5, tokenDelayMs: 5 }));
    const decided = {
      decision: "offer",
      terms: {
        lines: [{ productId: "recycled-hoodie" as const, quantity: 500, unitPrice: 20.15 }],
        leadTimeDays: 22,
        paymentTerms: "net-30" as const,
        validityDays: 14,
      },
    };
    const stream = await agent.stream(renderTurnState({ ...SUPPLIER_STATE, phase: "speak", decided }), {
      requestContext: supplierRequestContext(builtInSupplier("porto-knitworks")),
    });
    const chunks: string[] = [];
    for await (const chunk of stream.textStream) chunks.push(chunk);
    const text = chunks.join("");

    expect(chunks.length).toBeGreaterThan(10);
    expect(text).toContain("500 recycled-fleece hoodies at $20.15/piece");
    expect(text).toContain("delivery in 22 days, net-30 payment");
  });

  it("answers a free-form chat in character instead of failing (Mastra Studio's agent chat)", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 }));
    const reply = await agent.generate("Hello there", {
      requestContext: supplierRequestContext(builtInSupplier("porto-knitworks")),
    });
    expect(reply.text).toMatch(/^Hello, I am the sales lead of Porto Knitworks in Portugal\./);
    expect(reply.text).toContain("never below my floor");
    expect(reply.text).toContain("negotiation-workflow");
  });

  it("refuses to decide a move outside a negotiation turn, with a clear error", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 }));
    await expect(
      agent.generate("What's the weather like?", { structuredOutput: { schema: brandTurnSchema } }),
    ).rejects.toThrow(/negotiation-state/);
  });
});
