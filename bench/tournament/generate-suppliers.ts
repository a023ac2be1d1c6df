import { BUILT_IN_PRODUCTS, type ProductId } from "../../src/domain/products";
import { roundCents } from "../../src/domain/money";
import { PAYMENT_TERMS, supplierProfileSchema, type SupplierProfile } from "../../src/domain/suppliers";
import { pick, seededRandom } from "../../src/mastra/models/local/seeded-random";

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();

/**
 * Seeded suppliers around the built-ins' range (list 80–125 % of market, floors 75–90 % of list,
 * 8–45 days, rush 0.1–0.8 % a day, capital 4–20 % a year), for the tournament's 50-supplier quotes:
 * the strategies must hold up against suppliers no one tuned them on.
 */
export function generateSuppliers(seed: number, count: number): SupplierProfile[] {
  return Array.from({ length: count }, (_, index) => {
    const random = seededRandom(seed, `supplier|${index}`);
    const priceLevel = between(random, 0.8, 1.25);
    const listPrices = Object.fromEntries(
      BUILT_IN_PRODUCTS.map((p) => [p.id, roundCents(p.referenceUnitPrice * priceLevel * between(random, 0.95, 1.05))]),
    ) as Record<ProductId, number>;
    const leadTimeDays = Math.round(between(random, 14, 45));
    const opening = Math.floor(random() * 3);
    const longest = Math.min(PAYMENT_TERMS.length - 1, opening + 1 + Math.floor(random() * 3));
    return supplierProfileSchema.parse({
      id: `generated-${index + 1}`,
      name: `Generated Supplier ${index + 1}`,
      country: pick(random, ["Vietnam", "Bangladesh", "India", "Portugal", "Türkiye", "China", "Mexico"]),
      listPrices,
      floorRatio: between(random, 0.75, 0.9),
      concessionStyle: between(random, 0.5, 1.8),
      quality: Math.round(between(random, 3, 5) * 10) / 10,
      onTimeRate: Math.round(between(random, 0.8, 0.99) * 100) / 100,
      leadTimeDays,
      fastestLeadTimeDays: Math.max(5, leadTimeDays - Math.round(between(random, 2, 10))),
      minOrderQuantity: pick(random, [200, 300, 500, 1000]),
      openingPaymentTerms: PAYMENT_TERMS[opening],
      mostFlexiblePaymentTerms: PAYMENT_TERMS[longest],
      rushCostPerDay: Math.round(between(random, 0.001, 0.008) * 10000) / 10000,
      capitalCostPerYear: Math.round(between(random, 0.04, 0.2) * 100) / 100,
      reservationSpread: between(random, 0.2, 0.4),
      voice: pick(random, ["formal", "warm", "brisk"] as const),
    });
  });
}
