import { describe, expect, it } from "vitest";
import { buildTurnPrompt, type TranscriptLine } from "../../mastra/protocol/turn-prompt";
import type { Terms } from "../../domain/offer";
import { builtInSupplier } from "../../domain/suppliers";
import {
  extractTurnState,
  rateCardOf,
  stateForSpeaking,
  type HistoryEntry,
  type TurnState,
} from "../../mastra/protocol/turn-state";

const porto = builtInSupplier("porto-knitworks");
const LINE = { productId: "merino-socks" as const, productName: "merino wool socks", unit: "pair", quantity: 1000 };
const terms = (unitPrice: number): Terms => ({
  lines: [{ productId: "merino-socks", quantity: 1000, unitPrice }],
  leadTimeDays: 18,
  paymentTerms: "net-60",
  validityDays: 14,
});

/** A brand deciding in round `rounds + 1` after `rounds` full exchanges, as the engine would prompt it. */
function brandPromptAfter(rounds: number, phase: "decide" | "speak") {
  const history: HistoryEntry[] = [];
  const transcript: TranscriptLine[] = [];
  for (let round = 1; round <= rounds; round++) {
    history.push({ round, sender: "brand", decision: "counter", terms: terms(4 + round * 0.02) });
    history.push({ round, sender: "supplier", decision: "offer", terms: terms(5.1 - round * 0.03) });
    transcript.push({ sender: "brand", content: `Round ${round}: we can commit to $${4 + round * 0.02} a pair.` });
    transcript.push({ sender: "supplier", content: `Round ${round}: our best is $${5.1 - round * 0.03} a pair.` });
  }
  const state: TurnState = {
    role: "brand",
    phase: "decide",
    supplierId: porto.id,
    supplierName: porto.name,
    round: rounds + 1,
    maxRounds: 12,
    closing: false,
    request: { lines: [{ ...LINE, maxUnitPrice: 4.8, marketUnitPrice: 4.1 }], notes: "" },
    rateCard: rateCardOf(porto, [LINE]),
    buyerValuation: { leadDayValue: 24, capitalRatePerYear: 0.12 },
    alternative: { netCost: 4650 },
    history,
  };
  const asked = phase === "decide" ? state : stateForSpeaking(state, { decision: "counter", terms: terms(4.4) });
  return { prompt: buildTurnPrompt(asked, transcript), transcript };
}

describe("the prompts a real model gets", () => {
  it("quote the message being answered once; every earlier move is in the history as terms", () => {
    const { prompt, transcript } = brandPromptAfter(6, "decide");
    expect(prompt).toContain(transcript.at(-1)!.content);
    expect(prompt).not.toContain(transcript.at(-2)!.content);
    expect(extractTurnState(prompt)!.history).toHaveLength(12);
  });

  it("grow by one small history entry a message: at most linearly, a few hundred characters a round", () => {
    const sizes = [2, 4, 8, 12].map((rounds) => brandPromptAfter(rounds, "decide").prompt.length);
    const perRound = sizes.slice(1).map((size, i) => (size - sizes[i]!) / ([4, 8, 12][i]! - [2, 4, 8][i]!));
    for (const growth of perRound) expect(growth).toBeLessThan(500);
    // Writing a message needs neither the rate card nor the whole history: its size stays flat.
    const speak = [2, 12].map((rounds) => brandPromptAfter(rounds, "speak").prompt.length);
    expect(Math.abs(speak[1]! - speak[0]!)).toBeLessThan(60);
  });

  it("give the brand the market price, the supplier's published list, and the alternative as money", () => {
    const state = extractTurnState(brandPromptAfter(1, "decide").prompt)!;
    expect(state.request.lines[0]!.marketUnitPrice).toBe(4.1);
    expect(state.rateCard!.listPrices).toEqual([{ productId: "merino-socks", unitPrice: 5.1 }]);
    expect(state.alternative).toEqual({ netCost: 4650 });
    // Phrasing a message to the supplier shows none of the buyer's private numbers.
    const spoken = extractTurnState(brandPromptAfter(1, "speak").prompt)!;
    expect(spoken.alternative).toBeUndefined();
    expect(spoken.buyerValuation).toBeUndefined();
    expect(spoken.request.lines[0]!.maxUnitPrice).toBeUndefined();
  });
});
