import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { createMastra } from "../src/mastra/create-mastra";
import { BUILT_IN_SUPPLIERS } from "../src/domain/suppliers";
import { productOfLine, unitPriceLimit } from "../src/domain/quote";
import type { Terms } from "../src/domain/offer";
import { LocalNegotiationModel, turnStateOf } from "../src/mastra/models/local/local-negotiation-model";
import type { NegotiationSink } from "../src/mastra/storage/negotiation-sink";
import { BUDGET_SCENARIOS, generateQuotes, VALUE_SWEEP, type TournamentQuote } from "./tournament/generate-quotes";
import { measure, type Observed } from "./tournament/measure";
import { bandsBy, printBands, tokensAtTenRounds, type Row } from "./tournament/report";

/** The local model at zero latency, counting its calls per supplier negotiation. */
class CountingModel extends LocalNegotiationModel {
  readonly calls = new Map<string, number>();
  private count(call: LanguageModelV4CallOptions) {
    const id = turnStateOf(call)?.supplierId ?? "?";
    this.calls.set(id, (this.calls.get(id) ?? 0) + 1);
  }
  override doGenerate(call: LanguageModelV4CallOptions) {
    this.count(call);
    return super.doGenerate(call);
  }
  override doStream(call: LanguageModelV4CallOptions) {
    this.count(call);
    return super.doStream(call);
  }
}

/** Keeps what the tournament needs from the run's events: each supplier's first offer and whether
 *  the brand accepted it outright, with rounds left to negotiate (with one round, the first offer is
 *  the final one and accepting it is no giveaway). Writes nowhere. */
function observingSink(first: Map<string, Terms>, firstAccepted: Set<string>, maxRounds: number): NegotiationSink {
  const offers = new Map<string, number>();
  return {
    onMessage(message) {
      if (message.sender === "brand" && message.decision === "accept" && offers.get(message.supplierId) === 1) {
        if (maxRounds > 1) firstAccepted.add(message.supplierId);
      }
    },
    onStatusChange() {},
    onOfferReceived(offer) {
      offers.set(offer.supplierId, (offers.get(offer.supplierId) ?? 0) + 1);
      if (!first.has(offer.supplierId)) first.set(offer.supplierId, offer.terms);
    },
    recordRecommendation() {},
    recordFailure() {},
    flush: async () => ({ destination: "tournament", delivered: 0, retried: 0, undelivered: [] }),
  };
}

async function play(t: TournamentQuote): Promise<Row[]> {
  const model = new CountingModel({ seed: t.seed, latencyMs: 0, tokenDelayMs: 0 });
  const first = new Map<string, Terms>();
  const firstAccepted = new Set<string>();
  const mastra = createMastra(
    {
      languageModel: model,
      storageUrl: ":memory:",
      createSink: () => observingSink(first, firstAccepted, t.maxRounds),
    },
    {},
  );
  const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
  const builtIn = t.suppliers === BUILT_IN_SUPPLIERS;
  const outcome = await run.start({
    // Ends at the recommendation: the tournament measures the negotiations, not a buyer's decision.
    inputData: {
      ...t.quote,
      maxRounds: t.maxRounds,
      award: "none",
      ...(builtIn ? {} : { suppliers: [...t.suppliers] }),
    },
  });
  if (outcome.status !== "success") throw new Error(`quote ${t.index}: the run ${outcome.status}`);
  const profiles = new Map(t.suppliers.map((s) => [s.id, s]));
  const tight = t.quote.products.every((l) => unitPriceLimit(l) < TIGHT_SHARE * productOfLine(l).referenceUnitPrice);
  return outcome.result.results.map((r) => {
    const observed: Observed = {
      status: r.status,
      reason: r.reason,
      rounds: r.rounds,
      finalOffer: r.finalOffer,
      firstOffer: first.get(r.supplierId),
      firstOfferAccepted: firstAccepted.has(r.supplierId),
      modelCalls: model.calls.get(r.supplierId) ?? 0,
      tokens: r.usage.totalTokens,
    };
    const budget =
      t.budget === "near-reservation" && r.supplierId !== t.nearSupplierId ? "near-res. (others)" : t.budget;
    return {
      quote: t.index,
      budget,
      tightBudget: tight,
      lead: t.lead,
      products: t.quote.products.length,
      suppliers: t.suppliers.length,
      belowMinimumOrder: t.belowMinimumOrder,
      maxRounds: t.maxRounds,
      extremePriorities: t.extremePriorities,
      values: t.values,
      status: r.status,
      reason: r.reason,
      rounds: r.rounds,
      firstOfferAccepted: observed.firstOfferAccepted,
      modelCalls: observed.modelCalls,
      tokens: observed.tokens,
      finalOffer: r.finalOffer,
      ...measure(t.quote, t.seed, profiles.get(r.supplierId)!, observed),
    };
  });
}

/** A "tight" budget, as the issue bands it: every limit below this share of the market price. */
const TIGHT_SHARE = 0.8;

function roundsBand(maxRounds: number): string {
  return maxRounds === 1 ? "1" : maxRounds <= 3 ? "2–3" : maxRounds <= 6 ? "4–6" : maxRounds <= 9 ? "7–9" : "10–12";
}

/** `npm run tournament [-- --seed N --quotes N --out file.jsonl --concurrency N]`. */
async function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "1" },
      quotes: { type: "string", default: "200" },
      out: { type: "string", default: path.join("bench", "results", "tournament.jsonl") },
      concurrency: { type: "string", default: "4" },
    },
  });
  const seed = Number(values.seed);
  const count = Number(values.quotes);
  const concurrency = Math.max(1, Number(values.concurrency));
  if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
  if (!Number.isInteger(count) || count < 1) throw new Error("--quotes must be a whole number above 0");
  const quotes = generateQuotes(seed, count);
  const startedAt = performance.now();
  const rows: Row[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < quotes.length) {
        const quote = quotes[next++]!;
        rows.push(...(await play(quote)));
      }
    }),
  );
  rows.sort((a, b) => a.quote - b.quote || a.supplierId.localeCompare(b.supplierId));
  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  console.log(
    `Tournament: seed ${seed}, ${count} quotes, ${rows.length} negotiations through the workflow on the local model (zero latency), ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  printBands(
    "Overall and by budget (no limit given … within 1 % above one supplier's reservation … below every floor)",
    [["overall", rows], ...bandsBy(rows, (r) => r.budget, [...BUDGET_SCENARIOS, "near-res. (others)"])],
  );
  printBands("By price limit against market (tight: every limit below 80 % of market)", [
    ...bandsBy(rows, (r) => (r.tightBudget ? "tight (< 80% mkt)" : "other")),
  ]);
  printBands("By products, suppliers per quote and lead-time limit", [
    ...bandsBy(rows, (r) => `${r.products} product${r.products > 1 ? "s" : ""}`),
    ...bandsBy(rows, (r) => `${r.suppliers} suppliers`),
    ...bandsBy(rows, (r) => `lead ${r.lead}`, ["lead none", "lead relaxed", "lead tight"]),
  ]);
  printBands("By rounds allowed and priorities", [
    ...bandsBy(rows, (r) => `${roundsBand(r.maxRounds)} rounds`, [
      "1 rounds",
      "2–3 rounds",
      "4–6 rounds",
      "7–9 rounds",
      "10–12 rounds",
    ]),
    ...bandsBy(rows, (r) => (r.extremePriorities ? "extreme priorities" : "ordinary priorities")),
  ]);
  printBands("By the buyer's stated values (yearly credit rate, share of the order a day of lead time)", [
    ...bandsBy(
      rows,
      (r) => r.values,
      VALUE_SWEEP.map((v) => v.label),
    ),
  ]);
  const ten = tokensAtTenRounds(rows);
  console.log(
    `\nTokens per negotiation that ran all 10 rounds (maxRounds 10): ${Math.round(ten.mean).toLocaleString("en-US")} (${ten.count} negotiations)`,
  );
  console.log(`Per-negotiation results: ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
