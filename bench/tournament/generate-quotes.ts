import { BUILT_IN_PRODUCTS, type ProductId } from "../../src/domain/products";
import type { BuyerValues, Priorities, QuoteRequest } from "../../src/domain/quote";
import { BUILT_IN_SUPPLIERS, unitPriceBounds, type SupplierProfile } from "../../src/domain/suppliers";
import { roundCents } from "../../src/domain/money";
import { reservationUnitPrice } from "../../src/mastra/models/local/supplier-reservation";
import { pick, seededRandom, type Random } from "../../src/mastra/models/local/seeded-random";
import { generateSuppliers } from "./generate-suppliers";

/** Budgets from none given (the default limit) and generous to within 1 % of one supplier's
 *  reservation and below every floor. */
export const BUDGET_SCENARIOS = ["default", "generous", "market", "tight", "near-reservation", "below-floors"] as const;
export type BudgetScenario = (typeof BUDGET_SCENARIOS)[number];
export type LeadScenario = "none" | "relaxed" | "tight";

/** The buyer's stated values the tournament sweeps, as yearly credit rate and share of the order a day. */
export const VALUE_SWEEP: readonly { label: string; values?: BuyerValues }[] = [
  { label: "from priorities" },
  { label: "0 %/y, 0 %/d", values: { leadTimeDayPercent: 0, creditMonthPercent: 0 } },
  { label: "5 %/y, 0.25 %/d", values: { leadTimeDayPercent: 0.25, creditMonthPercent: monthly(0.05) } },
  { label: "12 %/y, 1 %/d", values: { leadTimeDayPercent: 1, creditMonthPercent: monthly(0.12) } },
  { label: "30 %/y, 2 %/d", values: { leadTimeDayPercent: 2, creditMonthPercent: monthly(0.3) } },
];

function monthly(yearly: number): number {
  return Math.round(yearly * (30 / 365) * 100 * 10000) / 10000;
}

/** Priorities at the edges: one criterion only, or price against speed a hundred to one. */
const EXTREME_PRIORITIES: readonly Priorities[] = [
  { price: 1, quality: 0, speed: 0, reliability: 0 },
  { price: 0, quality: 0, speed: 1, reliability: 0 },
  { price: 0, quality: 1, speed: 0, reliability: 0 },
  { price: 10, quality: 0, speed: 0.1, reliability: 0 },
  { price: 0.1, quality: 0, speed: 10, reliability: 0 },
];

export interface TournamentQuote {
  index: number;
  /** The local model's seed for this quote's run. */
  seed: number;
  budget: BudgetScenario;
  /** near-reservation: the supplier whose reservation the budget sits just above. */
  nearSupplierId?: string;
  lead: LeadScenario;
  belowMinimumOrder: boolean;
  maxRounds: number;
  extremePriorities: boolean;
  values: string;
  /** The directory this quote negotiates with: the three built-ins, or fifty generated suppliers. */
  suppliers: readonly SupplierProfile[];
  quote: QuoteRequest;
}

const QUANTITIES = [200, 400, 800, 1500, 3000];
/** One quote in this many negotiates with fifty generated suppliers. */
const FIFTY_EVERY = 25;

/** The per-unit budget for a scenario, from what the suppliers list and floor for this line; none for "default". */
function budgetFor(
  scenario: BudgetScenario,
  suppliers: readonly SupplierProfile[],
  near: SupplierProfile,
  seed: number,
  productId: ProductId,
  quantity: number,
  random: Random,
): number | undefined {
  const bounds = suppliers.map((s) => unitPriceBounds(s, productId, quantity));
  const highestList = Math.max(...bounds.map((b) => b.list));
  const lowestFloor = Math.min(...bounds.map((b) => b.floor));
  const reference = BUILT_IN_PRODUCTS.find((p) => p.id === productId)!.referenceUnitPrice;
  switch (scenario) {
    case "default":
      return undefined;
    case "generous":
      return roundCents(highestList * (1.05 + 0.2 * random()));
    case "market":
      return roundCents(reference * (0.95 + 0.1 * random()));
    case "tight":
      // Below 80 % of market, above the lowest floor where the suppliers allow it.
      return roundCents(Math.max(lowestFloor * 1.01, reference * (0.7 + 0.09 * random())));
    case "near-reservation":
      return roundCents(
        Math.ceil(reservationUnitPrice(seed, near, productId, quantity) * (1 + 0.01 * random()) * 100) / 100,
      );
    case "below-floors":
      return roundCents(lowestFloor * (0.8 + 0.15 * random()));
  }
}

function pickProductCount(random: Random): number {
  const draw = random();
  return draw < 0.5 ? 1 : draw < 0.75 ? 2 : draw < 0.9 ? 3 : 4;
}

function pickPriorities(random: Random): { priorities: Priorities; extreme: boolean } {
  if (random() < 0.2) return { priorities: pick(random, EXTREME_PRIORITIES), extreme: true };
  const weight = () => Math.round(random() * 10) / 10;
  return {
    priorities: { price: weight() + 0.1, quality: weight(), speed: weight(), reliability: weight() },
    extreme: false,
  };
}

/** Seeded quotes across budgets, lead-time limits, 1–4 products, 3 or 50 suppliers, 1–12 rounds,
 *  ordinary and extreme priorities, and a sweep of the buyer's stated values. */
export function generateQuotes(seed: number, count: number): TournamentQuote[] {
  const fifty = generateSuppliers(seed, 50);
  return Array.from({ length: count }, (_, index) => {
    const random = seededRandom(seed, `quote|${index}`);
    const suppliers = index % FIFTY_EVERY === FIFTY_EVERY - 1 ? fifty : BUILT_IN_SUPPLIERS;
    const runSeed = Math.floor(random() * 1_000_000);
    const budget = pick(random, BUDGET_SCENARIOS);
    const near = pick(random, suppliers);
    const lead = pick<LeadScenario>(random, ["none", "relaxed", "tight"]);
    const products = [...BUILT_IN_PRODUCTS]
      .sort(() => random() - 0.5)
      .slice(0, pickProductCount(random))
      .map((product) => {
        const quantity = pick(random, QUANTITIES);
        const limit = budgetFor(budget, suppliers, near, runSeed, product.id, quantity, random);
        return { productId: product.id, quantity, ...(limit === undefined ? {} : { maxUnitPrice: limit }) };
      });
    const maxLeadTimeDays =
      lead === "none" ? undefined : lead === "relaxed" ? 30 + Math.floor(random() * 15) : 14 + Math.floor(random() * 8);
    const { priorities, extreme } = pickPriorities(random);
    const sweep = pick(random, VALUE_SWEEP);
    return {
      index,
      seed: runSeed,
      budget,
      ...(budget === "near-reservation" ? { nearSupplierId: near.id } : {}),
      lead,
      belowMinimumOrder: products.some((p) => suppliers.some((s) => p.quantity < s.minOrderQuantity)),
      maxRounds: 1 + Math.floor(random() * 12),
      extremePriorities: extreme,
      values: sweep.label,
      suppliers,
      quote: {
        products,
        priorities,
        ...(sweep.values ? { buyerValues: sweep.values } : {}),
        ...(maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays }),
        userNotes: "Tournament quote.",
      },
    };
  });
}
