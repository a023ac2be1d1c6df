import { roundCents } from "./money";
import type { ProductId } from "./products";

/** How a supplier behaves at the table. The local negotiation model plays by these numbers; the
 *  OpenAI-backed supplier agent reads them from its prompt, and code enforces the floor either way. */
export interface SupplierProfile {
  id: string;
  name: string;
  country: string;
  /** Opening price per unit. */
  listPrices: Record<ProductId, number>;
  /** Lowest price per unit the supplier will ever agree to, as a fraction of the list price. */
  floorRatio: number;
  /** Shape of the concession curve: < 1 holds firm until late (Boulware), > 1 concedes early. */
  concessionStyle: number;
  /** Quality rating out of 5 from past orders. */
  quality: number;
  /** Share of past orders delivered on time, 0–1. */
  onTimeRate: number;
  /** Usual production + shipping time, and the fastest they can be pushed to. */
  leadTimeDays: number;
  fastestLeadTimeDays: number;
  /** Minimum units per product line. */
  minOrderQuantity: number;
  /** Payment terms they open with and the longest they will grant. */
  openingPaymentTerms: PaymentTerms;
  mostFlexiblePaymentTerms: PaymentTerms;
  /** What each day faster than its usual lead time costs it, as a share of the order's list value. */
  rushCostPerDay: number;
  /** Its yearly cost of capital: what granting a day of credit costs it (see domain/utility.ts). */
  capitalCostPerYear: number;
  /** Its true reservation price varies by seed (the local model's), from the floor up to this share
   *  of the way from floor to list: agreement is not a foregone conclusion. */
  reservationSpread: number;
  /** A line of character for prompts and for the local model's phrasing. */
  voice: "formal" | "warm" | "brisk";
}

export const PAYMENT_TERMS = ["prepaid", "net-15", "net-30", "net-45", "net-60"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

export const SUPPLIERS: readonly SupplierProfile[] = [
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

export function getSupplier(id: string): SupplierProfile {
  const supplier = SUPPLIERS.find((s) => s.id === id);
  if (!supplier) throw new Error(`unknown supplier "${id}"; known suppliers: ${SUPPLIERS.map((s) => s.id).join(", ")}`);
  return supplier;
}

export function floorPrice(supplier: SupplierProfile, productId: ProductId): number {
  return roundCents(supplier.listPrices[productId] * supplier.floorRatio);
}

/** Orders below a supplier's minimum quantity cost this much more per unit. */
export const SMALL_ORDER_SURCHARGE = 1.08;

/** The supplier's opening and lowest unit price for a line of this size. */
export function unitPriceBounds(supplier: SupplierProfile, productId: ProductId, quantity: number) {
  const surcharge = quantity < supplier.minOrderQuantity ? SMALL_ORDER_SURCHARGE : 1;
  return {
    list: roundCents(supplier.listPrices[productId] * surcharge),
    floor: roundCents(floorPrice(supplier, productId) * surcharge),
  };
}
