import { BUILT_IN_PRODUCTS } from "../src/domain/products";
import { BUILT_IN_SUPPLIERS, listPriceOf, supplierProfileSchema, type SupplierProfile } from "../src/domain/suppliers";
import { seededRandom } from "../src/mastra/models/local/seeded-random";

const PLACES = [
  ["Dhaka", "Bangladesh"],
  ["Tirupur", "India"],
  ["Ho Chi Minh City", "Vietnam"],
  ["Bursa", "Türkiye"],
  ["Guimarães", "Portugal"],
  ["Ningbo", "China"],
  ["Colombo", "Sri Lanka"],
  ["Łódź", "Poland"],
  ["Prato", "Italy"],
  ["Casablanca", "Morocco"],
  ["Timișoara", "Romania"],
  ["Phnom Penh", "Cambodia"],
  ["Leicester", "United Kingdom"],
] as const;
const TRADES = ["Textiles", "Knitworks", "Apparel", "Garments", "Mills"] as const;

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

/**
 * `count` supplier profiles, deterministic, each a variation of a built-in one (prices, floor,
 * speed, quality, terms) under a name of its own: enough suppliers for a 50-supplier quote or a
 * scale run, all valid by `supplierProfileSchema`.
 */
export function syntheticSuppliers(count: number, seed = 1): SupplierProfile[] {
  return Array.from({ length: count }, (_, index) => {
    const base = BUILT_IN_SUPPLIERS[index % BUILT_IN_SUPPLIERS.length]!;
    const random = seededRandom(seed, `supplier|${index}`);
    const [city, country] = PLACES[index % PLACES.length]!;
    // Unique names for the first 65 (13 places × 5 trades); a number tells later ones apart.
    const round = Math.floor(index / PLACES.length);
    const name = `${city} ${TRADES[round % TRADES.length]}${round >= TRADES.length ? ` ${index + 1}` : ""}`;
    const priceFactor = 0.85 + 0.35 * random();
    const fastest = Math.max(5, Math.round(base.fastestLeadTimeDays * (0.7 + 0.6 * random())));
    return supplierProfileSchema.parse({
      ...base,
      id: slug(name),
      name,
      country,
      listPrices: Object.fromEntries(
        BUILT_IN_PRODUCTS.map((product) => [
          product.id,
          Math.round(listPriceOf(base, product) * priceFactor * 100) / 100,
        ]),
      ),
      floorRatio: Math.round((0.78 + 0.12 * random()) * 100) / 100,
      quality: Math.round((3.4 + 1.5 * random()) * 10) / 10,
      onTimeRate: Math.round((0.82 + 0.16 * random()) * 100) / 100,
      fastestLeadTimeDays: fastest,
      leadTimeDays: fastest + Math.round(3 + 8 * random()),
    });
  });
}
