import { unitPriceBounds, type SupplierProfile } from "../../../domain/suppliers";
import type { ProductId } from "../../../domain/products";
import { seededRandom } from "./seeded-random";

/**
 * The simulated supplier's private character for one run, drawn from the local model's seed within
 * its profile: its true reservation price (from the profile's floor up to `reservationSpread` of the
 * way to list) and its patience (how hard it holds its price until the deadline).
 */
export function supplierCharacter(seed: number, supplier: SupplierProfile) {
  const random = seededRandom(seed, `character|${supplier.id}`);
  return {
    /** 0–1: where between floor and floor + spread its reservation lies. */
    reservationDraw: random(),
    /** Multiplies the profile's concession style: below 1 holds firmer. */
    styleFactor: 0.7 + 0.6 * random(),
    /**
     * Counters below its reservation that do not move it bears before walking away. Two: one
     * unmoved counter may be a brand trading terms for price, two in a row say it is at its limit.
     */
    patience: 2,
  };
}

/**
 * The lowest unit price the simulated supplier will truly agree to for a line, at its usual lead
 * time and opening terms. Never below the profile's floor (the guardrails hold it there).
 */
export function reservationUnitPrice(
  seed: number,
  supplier: SupplierProfile,
  productId: ProductId,
  quantity: number,
): number {
  const { list, floor } = unitPriceBounds(supplier, productId, quantity);
  const { reservationDraw } = supplierCharacter(seed, supplier);
  return Math.round((floor + (list - floor) * supplier.reservationSpread * reservationDraw) * 100) / 100;
}
