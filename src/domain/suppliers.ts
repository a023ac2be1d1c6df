import { z } from "zod";
import { roundCents } from "./money";
import { MAX_DAYS, MAX_ID_LENGTH, MAX_UNIT_PRICE } from "./limits";
import { BUILT_IN_PRODUCTS, builtInProduct, productIdSchema, type Product, type ProductId } from "./products";

export const PAYMENT_TERMS = ["prepaid", "net-15", "net-30", "net-45", "net-60"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

/** How many suppliers one quote may invite: one negotiation (and one column on the board) each. */
export const MAX_SUPPLIERS_PER_QUOTE = 50;
/** A supplier's display name, and its country. */
const MAX_NAME_LENGTH = 80;

/** A supplier's id: what quotes invite it by and what its negotiations record. */
export const supplierIdSchema = z
  .string({ error: "a supplier id must be text" })
  .min(1, "a supplier id must not be empty")
  .max(MAX_ID_LENGTH, `a supplier id must be at most ${MAX_ID_LENGTH} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a supplier id may use only lower-case letters, digits and -");

const unitPrice = z
  .number({ error: "a list price must be a number" })
  .positive("a list price must be greater than 0")
  .max(MAX_UNIT_PRICE, `a list price must be at most ${MAX_UNIT_PRICE.toLocaleString("en-US")}`);
const days = (field: string) =>
  z
    .number({ error: `${field} must be a number of days` })
    .int(`${field} must be a whole number of days`)
    .positive(`${field} must be greater than 0`)
    .max(MAX_DAYS, `${field} must be at most ${MAX_DAYS}`);
const share = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .min(min, `${field} must be from ${min} to ${max}`)
    .max(max, `${field} must be from ${min} to ${max}`);
const paymentTerms = (field: string) =>
  z.enum(PAYMENT_TERMS, { error: `${field} must be one of ${PAYMENT_TERMS.join(", ")}` });

/**
 * How a supplier behaves at the table: the data a supplier is, wherever it is kept (Convex's
 * `suppliers` table, a CLI supplier file, the built-ins below). The local negotiation model plays by
 * these numbers; the OpenAI-backed supplier agent reads them from its instructions, and code
 * enforces the floor either way.
 */
export const supplierProfileSchema = z
  .object({
    id: supplierIdSchema,
    name: z
      .string()
      .trim()
      .min(1, "name must not be empty")
      .max(MAX_NAME_LENGTH, `name must be at most ${MAX_NAME_LENGTH} characters`),
    country: z
      .string()
      .trim()
      .min(1, "country must not be empty")
      .max(MAX_NAME_LENGTH, `country must be at most ${MAX_NAME_LENGTH} characters`),
    /**
     * Opening price per unit of the products it lists. Any other product it quotes at its price
     * index over the product's reference price (`listPriceOf`).
     */
    listPrices: z.record(productIdSchema, unitPrice, { error: "listPrices must map product ids to prices" }),
    /**
     * Its prices over the market's: a product it does not list costs this times the product's
     * reference price. When absent, the mean of its list prices over the reference prices of the
     * built-in products it lists, else 1 (`priceIndexOf`).
     */
    priceIndex: share("priceIndex", 0.2, 5).optional(),
    /** Lowest price per unit the supplier will ever agree to, as a fraction of the list price. */
    floorRatio: share("floorRatio", 0.3, 1),
    /** Shape of the concession curve: < 1 holds firm until late (Boulware), > 1 concedes early. */
    concessionStyle: share("concessionStyle", 0.1, 10),
    /** Quality rating out of 5 from past orders. */
    quality: share("quality", 0, 5),
    /** Share of past orders delivered on time, 0–1. */
    onTimeRate: share("onTimeRate", 0, 1),
    /** Usual production + shipping time, and the fastest they can be pushed to. */
    leadTimeDays: days("leadTimeDays"),
    fastestLeadTimeDays: days("fastestLeadTimeDays"),
    /** Minimum units per product line; smaller lines cost SMALL_ORDER_SURCHARGE more. */
    minOrderQuantity: z
      .number({ error: "minOrderQuantity must be a number" })
      .int("minOrderQuantity must be a whole number")
      .min(1, "minOrderQuantity must be at least 1")
      .max(1_000_000, "minOrderQuantity must be at most 1,000,000"),
    /** Payment terms they open with and the longest they will grant. */
    openingPaymentTerms: paymentTerms("openingPaymentTerms"),
    mostFlexiblePaymentTerms: paymentTerms("mostFlexiblePaymentTerms"),
    /** What each day faster than its usual lead time costs it, as a share of the order's list value. */
    rushCostPerDay: share("rushCostPerDay", 0, 0.1),
    /** Its yearly cost of capital: what granting a day of credit costs it (see domain/utility.ts). */
    capitalCostPerYear: share("capitalCostPerYear", 0, 1),
    /** Its true reservation price varies by seed (the local model's), from the floor up to this share
     *  of the way from floor to list: agreement is not a foregone conclusion. */
    reservationSpread: share("reservationSpread", 0, 1),
    /** A line of character for prompts and for the local model's phrasing. */
    voice: z.enum(["formal", "warm", "brisk"], { error: "voice must be one of formal, warm, brisk" }),
  })
  .superRefine((profile, ctx) => {
    if (profile.fastestLeadTimeDays > profile.leadTimeDays) {
      ctx.addIssue({
        code: "custom",
        path: ["fastestLeadTimeDays"],
        message: `fastestLeadTimeDays (${profile.fastestLeadTimeDays}) must not exceed leadTimeDays (${profile.leadTimeDays})`,
      });
    }
    if (PAYMENT_TERMS.indexOf(profile.mostFlexiblePaymentTerms) < PAYMENT_TERMS.indexOf(profile.openingPaymentTerms)) {
      ctx.addIssue({
        code: "custom",
        path: ["mostFlexiblePaymentTerms"],
        message: `mostFlexiblePaymentTerms (${profile.mostFlexiblePaymentTerms}) must be at least as long as openingPaymentTerms (${profile.openingPaymentTerms})`,
      });
    }
  });
export type SupplierProfile = z.infer<typeof supplierProfileSchema>;

/**
 * The suppliers every fresh deployment starts with (Convex seeds its `suppliers` table with them on
 * first use) and the terminal demo's default directory. Adding a supplier is data, not code.
 */
export const BUILT_IN_SUPPLIERS: readonly SupplierProfile[] = [
  {
    id: "apex-textiles",
    name: "Apex Textiles",
    country: "China (Shenzhen)",
    listPrices: { "organic-tshirt": 5.2, "recycled-hoodie": 14.8, "canvas-tote": 2.6, "merino-socks": 3.3 },
    floorRatio: 0.8,
    concessionStyle: 0.6,
    quality: 3.6,
    onTimeRate: 0.86,
    leadTimeDays: 42,
    fastestLeadTimeDays: 35,
    minOrderQuantity: 1000,
    openingPaymentTerms: "prepaid",
    mostFlexiblePaymentTerms: "net-30",
    rushCostPerDay: 0.006,
    capitalCostPerYear: 0.16,
    reservationSpread: 0.35,
    voice: "brisk",
  },
  {
    id: "porto-knitworks",
    name: "Porto Knitworks",
    country: "Portugal",
    listPrices: { "organic-tshirt": 7.4, "recycled-hoodie": 21.5, "canvas-tote": 4.2, "merino-socks": 5.1 },
    floorRatio: 0.88,
    concessionStyle: 0.8,
    quality: 4.8,
    onTimeRate: 0.97,
    leadTimeDays: 24,
    fastestLeadTimeDays: 18,
    minOrderQuantity: 300,
    openingPaymentTerms: "net-30",
    mostFlexiblePaymentTerms: "net-60",
    rushCostPerDay: 0.002,
    capitalCostPerYear: 0.06,
    reservationSpread: 0.25,
    voice: "formal",
  },
  {
    id: "anatolia-apparel",
    name: "Anatolia Apparel",
    country: "Türkiye (Izmir)",
    listPrices: { "organic-tshirt": 6.5, "recycled-hoodie": 18.2, "canvas-tote": 3.5, "merino-socks": 4.4 },
    floorRatio: 0.82,
    concessionStyle: 1.6,
    quality: 4.2,
    onTimeRate: 0.92,
    leadTimeDays: 16,
    fastestLeadTimeDays: 12,
    minOrderQuantity: 500,
    openingPaymentTerms: "net-15",
    mostFlexiblePaymentTerms: "net-45",
    rushCostPerDay: 0.004,
    capitalCostPerYear: 0.1,
    reservationSpread: 0.3,
    voice: "warm",
  },
];

/** A built-in profile by id (tests, benches, Studio's default supplier). */
export function builtInSupplier(id: string): SupplierProfile {
  const supplier = BUILT_IN_SUPPLIERS.find((s) => s.id === id);
  if (!supplier) {
    throw new Error(`unknown supplier "${id}"; built-in suppliers: ${BUILT_IN_SUPPLIERS.map((s) => s.id).join(", ")}`);
  }
  return supplier;
}

/** A supplier's prices over the market's: its own, else read from the built-in products it lists, else 1. */
export function priceIndexOf(supplier: SupplierProfile): number {
  if (supplier.priceIndex !== undefined) return supplier.priceIndex;
  const ratios = BUILT_IN_PRODUCTS.flatMap((p) => {
    const listed = supplier.listPrices[p.id];
    return listed === undefined ? [] : [listed / p.referenceUnitPrice];
  });
  return ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : 1;
}

/** What a supplier opens at for a product: its listed price, else its price index over the reference price. */
export function listPriceOf(supplier: SupplierProfile, product: Product): number {
  return supplier.listPrices[product.id] ?? roundCents(product.referenceUnitPrice * priceIndexOf(supplier));
}

/**
 * The supplier as it negotiates one quote: a list price for every product quoted, listed or not,
 * so adding a product changes no supplier. The engine only ever sees profiles priced this way.
 */
export function pricedFor(supplier: SupplierProfile, products: readonly Product[]): SupplierProfile {
  if (products.every((p) => supplier.listPrices[p.id] !== undefined)) return supplier;
  const listPrices = { ...supplier.listPrices };
  for (const product of products) listPrices[product.id] = listPriceOf(supplier, product);
  return { ...supplier, listPrices };
}

/** The list price a priced profile (`pricedFor`) has for a product; a built-in product's by the rule otherwise. */
function listedPrice(supplier: SupplierProfile, productId: ProductId): number {
  const listed = supplier.listPrices[productId];
  if (listed !== undefined) return listed;
  const builtIn = builtInProduct(productId);
  if (!builtIn)
    throw new Error(`${supplier.id} has no price for "${productId}": price the profile for the quote (pricedFor)`);
  return listPriceOf(supplier, builtIn);
}

export function floorPrice(supplier: SupplierProfile, productId: ProductId): number {
  return roundCents(listedPrice(supplier, productId) * supplier.floorRatio);
}

/**
 * The walk-away price a supplier agent is told for a line: halfway through the range its true
 * reservation may lie in (the floor up to `reservationSpread` of the way to list), so a model
 * playing the supplier holds out about as long as the local model does on average.
 */
export function walkAwayUnitPrice(supplier: SupplierProfile, productId: ProductId, quantity: number): number {
  const { list, floor } = unitPriceBounds(supplier, productId, quantity);
  return roundCents(floor + ((list - floor) * supplier.reservationSpread) / 2);
}

/** Orders below a supplier's minimum quantity cost this much more per unit. */
export const SMALL_ORDER_SURCHARGE = 1.08;

/** The supplier's opening and lowest unit price for a line of this size. */
export function unitPriceBounds(supplier: SupplierProfile, productId: ProductId, quantity: number) {
  const surcharge = quantity < supplier.minOrderQuantity ? SMALL_ORDER_SURCHARGE : 1;
  return {
    list: roundCents(listedPrice(supplier, productId) * surcharge),
    floor: roundCents(floorPrice(supplier, productId) * surcharge),
  };
}
