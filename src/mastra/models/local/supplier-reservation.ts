import { unitPriceBounds, type SupplierProfile } from "../../domain/suppliers";
import type { ProductId } from "../../domain/products";

/**
 * The lowest unit price the simulated supplier will truly agree to for a line. Never below the
 * profile's floor (the guardrails hold it there), so any seed plays inside the profile.
 */
export function reservationUnitPrice(
  _seed: number,
  supplier: SupplierProfile,
  productId: ProductId,
  quantity: number,
): number {
  return unitPriceBounds(supplier, productId, quantity).floor;
}
