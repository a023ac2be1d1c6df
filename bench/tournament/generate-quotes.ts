import { PRODUCT_CATALOG, type ProductId } from "../../src/mastra/domain/products";
import type { QuoteRequest } from "../../src/mastra/domain/quote";
import { BUILT_IN_SUPPLIERS, unitPriceBounds } from "../../src/mastra/domain/suppliers";
import { roundCents } from "../../src/mastra/domain/money";
import { pick, seededRandom } from "../../src/mastra/models/local/seeded-random";

export type BudgetScenario = "generous" | "market" | "tight" | "below-floors";
export type LeadScenario = "none" | "relaxed" | "tight";

export interface TournamentQuote {
  index: number;
  /** The local model's seed for this quote's run. */
  seed: number;
  budget: BudgetScenario;
  lead: LeadScenario;
  belowMinimumOrder: boolean;
  maxRounds: number;
  quote: QuoteRequest;
}

const QUANTITIES = [200, 400, 800, 1500, 3000];

/** The per-unit budget for a scenario, from what the suppliers list and floor for this line. */
function budgetFor(scenario: BudgetScenario, productId: ProductId, quantity: number, random: () => number): number {
  const bounds = BUILT_IN_SUPPLIERS.map((s) => unitPriceBounds(s, productId, quantity));
  const highestList = Math.max(...bounds.map((b) => b.list));
  const lowestFloor = Math.min(...bounds.map((b) => b.floor));
  const reference = PRODUCT_CATALOG.find((p) => p.id === productId)!.referenceUnitPrice;
  switch (scenario) {
    case "generous":
      return roundCents(highestList * (1.05 + 0.2 * random()));
    case "market":
      return roundCents(reference * (0.95 + 0.1 * random()));
    case "tight":
      return roundCents(lowestFloor + (reference - lowestFloor) * random() * 0.6);
    case "below-floors":
      return roundCents(lowestFloor * (0.8 + 0.15 * random()));
  }
}

/** Seeded quotes across budgets (generous to below every floor), lead-time limits, sizes and rounds. */
export function generateQuotes(seed: number, count: number): TournamentQuote[] {
  return Array.from({ length: count }, (_, index) => {
    const random = seededRandom(seed, `quote|${index}`);
    const budget = pick<BudgetScenario>(random, ["generous", "market", "market", "tight", "below-floors"]);
    const lead = pick<LeadScenario>(random, ["none", "relaxed", "tight"]);
    const productCount = random() < 0.7 ? 1 : 2;
    const products = [...PRODUCT_CATALOG]
      .sort(() => random() - 0.5)
      .slice(0, productCount)
      .map((product) => {
        const quantity = pick(random, QUANTITIES);
        return { productId: product.id, quantity, maxUnitPrice: budgetFor(budget, product.id, quantity, random) };
      });
    const maxLeadTimeDays =
      lead === "none" ? undefined : lead === "relaxed" ? 30 + Math.floor(random() * 15) : 14 + Math.floor(random() * 8);
    const weight = () => Math.round(random() * 10) / 10;
    const priorities = { price: weight() + 0.1, quality: weight(), speed: weight(), reliability: weight() };
    return {
      index,
      seed: Math.floor(random() * 1_000_000),
      budget,
      lead,
      belowMinimumOrder: products.some((p) => BUILT_IN_SUPPLIERS.some((s) => p.quantity < s.minOrderQuantity)),
      maxRounds: 3 + Math.floor(random() * 8),
      quote: {
        products,
        priorities,
        ...(maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays }),
        userNotes: "Tournament quote.",
      },
    };
  });
}
