import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import type { LanguageModelV4CallOptions } from "@ai-sdk/provider";
import { createMastra } from "../src/mastra/create-mastra";
import { builtInSupplier } from "../src/mastra/domain/suppliers";
import type { Terms } from "../src/mastra/domain/offer";
import { LocalNegotiationModel, turnStateOf } from "../src/mastra/models/local/local-negotiation-model";
import type { NegotiationSink } from "../src/mastra/storage/negotiation-sink";
import { generateQuotes, type TournamentQuote } from "./tournament/generate-quotes";
import { measure, type Measured, type Observed } from "./tournament/measure";

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
 *  the brand accepted it outright. Writes nowhere. */
function observingSink(first: Map<string, Terms>, firstAccepted: Set<string>): NegotiationSink {
  return {
    onMessage(message) {
      // The brand's round-2 move answers the supplier's first offer (round 1's is its opening ask).
      if (message.sender === "brand" && message.decision === "accept" && message.round === 2) {
        firstAccepted.add(message.supplierId);
      }
    },
    onStatusChange() {},
    onOfferReceived(offer) {
      if (!first.has(offer.supplierId)) first.set(offer.supplierId, offer.terms);
    },
    recordRecommendation() {},
    recordFailure() {},
    flush: async () => ({ destination: "tournament", delivered: 0, retried: 0, undelivered: [] }),
  };
}

export interface Row extends Measured {
  quote: number;
  budget: string;
  lead: string;
  belowMinimumOrder: boolean;
  maxRounds: number;
  status: string;
  reason?: string | undefined;
  rounds: number;
  firstOfferAccepted: boolean;
  modelCalls: number;
  tokens: number;
  finalOffer?: Terms | undefined;
}

async function play(t: TournamentQuote): Promise<Row[]> {
  const model = new CountingModel({ seed: t.seed, latencyMs: 0, tokenDelayMs: 0 });
  const first = new Map<string, Terms>();
  const firstAccepted = new Set<string>();
  const mastra = createMastra(
    { languageModel: model, storageUrl: ":memory:", createSink: () => observingSink(first, firstAccepted) },
    {},
  );
  const run = await mastra.getWorkflow("negotiationWorkflow").createRun();
  const outcome = await run.start({ inputData: { ...t.quote, maxRounds: t.maxRounds } });
  if (outcome.status !== "success") throw new Error(`quote ${t.index}: the run ${outcome.status}`);
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
    return {
      quote: t.index,
      budget: t.budget,
      lead: t.lead,
      belowMinimumOrder: t.belowMinimumOrder,
      maxRounds: t.maxRounds,
      status: r.status,
      reason: r.reason,
      rounds: r.rounds,
      firstOfferAccepted: observed.firstOfferAccepted,
      modelCalls: observed.modelCalls,
      tokens: observed.tokens,
      finalOffer: r.finalOffer,
      ...measure(t.quote, t.seed, builtInSupplier(r.supplierId), observed),
    };
  });
}

const mean = (values: number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
const pct = (value: number) => (Number.isNaN(value) ? "–" : `${(value * 100).toFixed(1)}%`);

export interface Summary {
  negotiations: number;
  deals: number;
  agreement: number;
  agreementWherePossible: number;
  savingVsList: number;
  savingVsOpening: number;
  buyerShare: number;
  paretoDominated: number;
  frontierDistance: number;
  nashRatio: number;
  firstOfferAccepts: number;
  aboveList: number;
  limitViolations: number;
  callsPerDeal: number;
  tokensPerDeal: number;
  callsOnImpossible: number;
}

export function summarise(rows: Row[]): Summary {
  const deals = rows.filter((r) => r.deal);
  const possible = rows.filter((r) => r.possible);
  const calls = rows.reduce((s, r) => s + r.modelCalls, 0);
  const tokens = rows.reduce((s, r) => s + r.tokens, 0);
  return {
    negotiations: rows.length,
    deals: deals.length,
    agreement: deals.length / rows.length,
    agreementWherePossible: possible.filter((r) => r.deal).length / possible.length,
    savingVsList: mean(deals.map((r) => r.savingVsList ?? 0)),
    savingVsOpening: mean(deals.flatMap((r) => (r.savingVsOpening === undefined ? [] : [r.savingVsOpening]))),
    buyerShare: mean(deals.map((r) => r.buyerShare ?? 0)),
    paretoDominated: deals.filter((r) => r.paretoDominated).length / deals.length,
    frontierDistance: mean(deals.map((r) => r.frontierDistance ?? 0)),
    nashRatio: mean(deals.map((r) => r.nashRatio ?? 0)),
    firstOfferAccepts: deals.filter((r) => r.firstOfferAccepted).length / deals.length,
    aboveList: deals.filter((r) => r.aboveList).length,
    limitViolations: deals.filter((r) => r.limitViolation).length,
    callsPerDeal: calls / Math.max(1, deals.length),
    tokensPerDeal: tokens / Math.max(1, deals.length),
    callsOnImpossible: rows.filter((r) => !r.possible).reduce((s, r) => s + r.modelCalls, 0),
  };
}

/** One column per scenario, one row per measure, with the target beside it. */
function printTable(groups: [string, Row[]][]) {
  const summaries = groups.map(([, rows]) => summarise(rows));
  const measures: [string, string, (s: Summary) => string][] = [
    ["negotiations", "", (s) => String(s.negotiations)],
    ["deals", "", (s) => String(s.deals)],
    ["agreement", "", (s) => pct(s.agreement)],
    ["agreement where possible", "≥ 95%", (s) => pct(s.agreementWherePossible)],
    ["saving vs list", "", (s) => pct(s.savingVsList)],
    ["saving vs opening offer", "", (s) => pct(s.savingVsOpening)],
    ["buyer's share of the zone", "≥ 60%", (s) => pct(s.buyerShare)],
    ["Pareto-dominated deals", "≤ 5%", (s) => pct(s.paretoDominated)],
    [
      "mean distance to frontier",
      "≤ 0.01",
      (s) => (Number.isNaN(s.frontierDistance) ? "–" : s.frontierDistance.toFixed(4)),
    ],
    ["Nash-product ratio", "", (s) => (Number.isNaN(s.nashRatio) ? "–" : s.nashRatio.toFixed(3))],
    ["first-offer accepts", "≤ 2%", (s) => pct(s.firstOfferAccepts)],
    ["deals above list", "0", (s) => String(s.aboveList)],
    ["limit violations", "0", (s) => String(s.limitViolations)],
    ["model calls per deal", "", (s) => s.callsPerDeal.toFixed(1)],
    ["tokens per deal", "", (s) => String(Math.round(s.tokensPerDeal))],
    ["model calls, impossible deals", "−80%", (s) => String(s.callsOnImpossible)],
  ];
  const table = new Table({
    head: ["", "target", ...groups.map(([name]) => name)],
    style: { head: [], border: [] },
  });
  for (const [name, target, format] of measures) table.push([name, target, ...summaries.map(format)]);
  console.log(table.toString());
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
  const by = (key: "budget" | "lead") =>
    [...new Set(rows.map((r) => r[key]))].sort().map((v): [string, Row[]] => [v, rows.filter((r) => r[key] === v)]);
  console.log(
    "Columns: all, by budget (generous … below every floor), by lead-time limit (none, relaxed, tight), orders below a minimum.",
  );
  printTable([
    ["overall", rows],
    ...by("budget"),
    ...by("lead"),
    ["< min. order", rows.filter((r) => r.belowMinimumOrder)],
  ]);
  console.log(`Per-negotiation results: ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
