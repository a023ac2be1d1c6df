import Table from "cli-table3";
import type { Terms } from "../../src/domain/offer";
import type { Measured } from "./measure";

export interface Row extends Measured {
  quote: number;
  budget: string;
  tightBudget: boolean;
  lead: string;
  products: number;
  suppliers: number;
  belowMinimumOrder: boolean;
  maxRounds: number;
  extremePriorities: boolean;
  values: string;
  status: string;
  reason?: string | undefined;
  rounds: number;
  firstOfferAccepted: boolean;
  modelCalls: number;
  tokens: number;
  finalOffer?: Terms | undefined;
}

/** A walk-out that cost a deal worth having: the zone of agreement was at least this share of list. */
const LARGE_ZONE = 0.05;

const mean = (values: number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
const pct = (value: number) => (Number.isNaN(value) ? "–" : `${(value * 100).toFixed(1)}%`);
const fixed = (digits: number) => (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(digits));

export interface Summary {
  negotiations: number;
  possible: number;
  deals: number;
  agreementWherePossible: number;
  savingVsList: number;
  buyerShare: number;
  paretoDominated: number;
  frontierDistance: number;
  nashRatio: number;
  firstOfferAccepts: number;
  aboveList: number;
  limitViolations: number;
  walkOutsInLargeZones: number;
  callsPerNegotiation: number;
  tokensPerNegotiation: number;
}

export function isSupplierWalkOut(row: Pick<Row, "status" | "reason">): boolean {
  return row.status === "impasse" && (row.reason ?? "").startsWith("the supplier walked away");
}

export function summarise(rows: readonly Row[]): Summary {
  const deals = rows.filter((r) => r.deal);
  const possible = rows.filter((r) => r.possible);
  return {
    negotiations: rows.length,
    possible: possible.length,
    deals: deals.length,
    agreementWherePossible: possible.filter((r) => r.deal).length / possible.length,
    savingVsList: mean(deals.map((r) => r.savingVsList ?? 0)),
    buyerShare: mean(deals.map((r) => r.buyerShare ?? 0)),
    paretoDominated: deals.filter((r) => r.paretoDominated).length / deals.length,
    frontierDistance: mean(deals.map((r) => r.frontierDistance ?? 0)),
    nashRatio: mean(deals.map((r) => r.nashRatio ?? 0)),
    firstOfferAccepts: deals.filter((r) => r.firstOfferAccepted).length / deals.length,
    aboveList: deals.filter((r) => r.aboveList).length,
    limitViolations: deals.filter((r) => r.limitViolation).length,
    walkOutsInLargeZones: rows.filter((r) => isSupplierWalkOut(r) && r.zoneShare >= LARGE_ZONE).length,
    callsPerNegotiation: mean(rows.map((r) => r.modelCalls)),
    tokensPerNegotiation: mean(rows.map((r) => r.tokens)),
  };
}

const MEASURES: [string, string, (s: Summary) => string][] = [
  ["negotiations", "", (s) => String(s.negotiations)],
  ["deal possible", "", (s) => String(s.possible)],
  ["deals", "", (s) => String(s.deals)],
  ["agreement where possible", "≥ 95%", (s) => pct(s.agreementWherePossible)],
  ["saving vs list", "", (s) => pct(s.savingVsList)],
  ["buyer's share of the zone", "≥ 65% (tight ≥ 50%)", (s) => pct(s.buyerShare)],
  ["Pareto-dominated deals", "≤ 5%", (s) => pct(s.paretoDominated)],
  ["mean distance to frontier", "≤ 0.01", (s) => fixed(4)(s.frontierDistance)],
  ["Nash-product ratio", "", (s) => fixed(3)(s.nashRatio)],
  ["first-offer accepts", "≤ 2%", (s) => pct(s.firstOfferAccepts)],
  ["deals above list", "0", (s) => String(s.aboveList)],
  ["limit violations", "0", (s) => String(s.limitViolations)],
  ["walk-outs, zone ≥ 5% of list", "0", (s) => String(s.walkOutsInLargeZones)],
  ["model calls / negotiation", "", (s) => fixed(1)(s.callsPerNegotiation)],
  ["tokens / negotiation", "", (s) => String(Math.round(s.tokensPerNegotiation))],
];

/** One column per band, one row per measure, with the target beside it. */
export function printBands(title: string, groups: readonly [string, readonly Row[]][]): void {
  const shown = groups.filter(([, rows]) => rows.length > 0);
  const summaries = shown.map(([, rows]) => summarise(rows));
  const table = new Table({ head: ["", "target", ...shown.map(([name]) => name)], style: { head: [], border: [] } });
  for (const [name, target, format] of MEASURES) table.push([name, target, ...summaries.map(format)]);
  console.log(`\n${title}`);
  console.log(table.toString());
}

/** Rows split by a key, bands in the order given (any others after, sorted). */
export function bandsBy(rows: readonly Row[], key: (row: Row) => string, order: readonly string[] = []) {
  const keys = [...new Set(rows.map(key))];
  const sorted = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k)).sort()];
  return sorted.map((k): [string, Row[]] => [k, rows.filter((r) => key(r) === k)]);
}

/** Tokens of a negotiation that ran the whole ten rounds: the measure of prompt growth. */
export function tokensAtTenRounds(rows: readonly Row[]): { count: number; mean: number } {
  const full = rows.filter((r) => r.maxRounds === 10 && r.rounds === 10);
  return { count: full.length, mean: mean(full.map((r) => r.tokens)) };
}
