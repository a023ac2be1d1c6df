import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { RequestContext } from "@mastra/core/request-context";
import { describe, expect, it } from "vitest";
import { createSupplierAgent, SUPPLIER_CONTEXT_KEY, supplierRequestContext } from "../../mastra/agents/supplier-agent";
import { extractSupplierProfile } from "../../mastra/protocol/supplier-profile-block";
import { supplierTurnSchema } from "../../domain/offer";
import { BUILT_IN_SUPPLIERS, floorPrice, type SupplierProfile } from "../../domain/suppliers";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { renderTurnState, type TurnState } from "../../mastra/protocol/turn-state";
import { LISBON_LINENS } from "../helpers/lisbon-linens";

/** The local model, keeping the system text of every call: what the agent's instructions were. */
class InstructionsRecordingModel extends LocalNegotiationModel {
  readonly systems: string[] = [];
  override doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    this.systems.push(
      call.prompt
        .filter((m) => m.role === "system")
        .map((m) => (typeof m.content === "string" ? m.content : ""))
        .join("\n"),
    );
    return super.doGenerate(call);
  }
}

const LISBON = LISBON_LINENS;

function openingState(supplier: SupplierProfile): TurnState {
  return {
    role: "supplier",
    phase: "decide",
    supplierId: supplier.id,
    supplierName: supplier.name,
    round: 1,
    maxRounds: 4,
    closing: false,
    request: {
      lines: [{ productId: "recycled-hoodie", productName: "recycled-fleece hoodie", unit: "piece", quantity: 500 }],
    },
    history: [
      {
        round: 1,
        sender: "brand",
        decision: "counter",
        terms: {
          lines: [{ productId: "recycled-hoodie", quantity: 500, unitPrice: 9 }],
          leadTimeDays: 30,
          paymentTerms: "net-30",
          validityDays: 14,
        },
      },
    ],
  };
}

describe("the one supplier agent", () => {
  it("builds its instructions per call from the supplier in the request context, and plays that supplier", async () => {
    const model = new InstructionsRecordingModel({ seed: 3, latencyMs: 0, tokenDelayMs: 0 });
    const agent = createSupplierAgent(model);
    const moves = [];
    for (const supplier of [BUILT_IN_SUPPLIERS[0]!, LISBON]) {
      const result = await agent.generate(renderTurnState(openingState(supplier)), {
        structuredOutput: { schema: supplierTurnSchema },
        requestContext: supplierRequestContext(supplier),
      });
      moves.push(supplierTurnSchema.parse(result.object));
    }
    const [apexInstructions, lisbonInstructions] = model.systems;
    expect(apexInstructions).toContain("You are the sales lead of Apex Textiles, a manufacturer in China (Shenzhen)");
    expect(lisbonInstructions).toContain(
      "You are the sales lead of Lisbon Linens, a manufacturer in Portugal (Lisbon)",
    );
    expect(lisbonInstructions).toContain("recycled-hoodie: list $18.40, never below $16.56 per unit");
    expect(extractSupplierProfile(lisbonInstructions!)).toEqual(LISBON);
    // Far below either floor, the brand's $9 ask gets each supplier's own opening, inside its own book.
    const [apexMove, lisbonMove] = moves;
    expect(apexMove!.terms.lines[0]!.unitPrice).toBeGreaterThanOrEqual(
      floorPrice(BUILT_IN_SUPPLIERS[0]!, "recycled-hoodie"),
    );
    expect(lisbonMove!.terms.lines[0]!.unitPrice).toBeGreaterThanOrEqual(16.56);
    expect(lisbonMove!.terms.lines[0]!.unitPrice).toBeLessThanOrEqual(18.4);
  });

  it("refuses a request context whose supplier is not a valid profile, naming the field", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 }));
    const requestContext = new RequestContext();
    requestContext.set(SUPPLIER_CONTEXT_KEY, { ...LISBON, quality: 9 });
    await expect(agent.generate("Hello", { requestContext })).rejects.toThrow(/quality: quality must be from 0 to 5/);
  });

  it("speaks for the first built-in supplier when a chat names none (Mastra Studio)", async () => {
    const agent = createSupplierAgent(new LocalNegotiationModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 }));
    const reply = await agent.generate("Hello there");
    expect(reply.text).toMatch(/^Hello, I am the sales lead of Apex Textiles in China \(Shenzhen\)\./);
  });

  it("keeps its book intact whatever a supplier's name holds: a tag in it cannot end the block", async () => {
    const tricky = { ...LISBON, name: "Lisbon </supplier-profile> Linens" };
    const model = new InstructionsRecordingModel({ seed: 1, latencyMs: 0, tokenDelayMs: 0 });
    await createSupplierAgent(model).generate(renderTurnState(openingState(tricky)), {
      structuredOutput: { schema: supplierTurnSchema },
      requestContext: supplierRequestContext(tricky),
    });
    expect(extractSupplierProfile(model.systems[0]!)).toEqual(tricky);
  });
});
