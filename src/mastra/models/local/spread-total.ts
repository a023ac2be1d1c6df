import type { Terms } from "../../../domain/offer";

type Line = Terms["lines"][number];

/**
 * Unit prices for a total spread over the lines in proportion to `shape`'s prices, none above its
 * cap: lines that reach their cap keep it and the rest share what is left (water-filling). Both
 * sides value a deal by its total, so how it is spread only matters to the limits per line: the
 * brand spreads in proportion to its own limits, and the supplier follows the brand's last counter,
 * so a total within the buyer's limits is within them line by line too. Rounded to the cent, down
 * for the brand's asks and up for the supplier's.
 */
export function spreadTotal(
  total: number,
  shape: readonly Line[],
  caps: ReadonlyMap<string, number>,
  rounding: "down" | "up",
): Line[] {
  const prices = new Map<string, number>(shape.map((l) => [l.productId, 0]));
  let open = shape.filter((l) => l.unitPrice > 0);
  let left = total;
  while (open.length > 0 && left > 1e-9) {
    const weight = open.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const capped = open.filter((l) => (left * l.unitPrice) / weight >= (caps.get(l.productId) ?? Infinity));
    if (capped.length === 0) {
      for (const l of open) prices.set(l.productId, (left * l.unitPrice) / weight);
      break;
    }
    for (const l of capped) {
      const cap = caps.get(l.productId)!;
      prices.set(l.productId, cap);
      left -= cap * l.quantity;
    }
    open = open.filter((l) => !capped.includes(l));
  }
  const toCents = rounding === "down" ? Math.floor : Math.ceil;
  return shape.map((l) => {
    const price = prices.get(l.productId) ?? 0;
    const cap = caps.get(l.productId) ?? Infinity;
    return {
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: Math.min(cap, toCents(price * 100 + (rounding === "down" ? 1e-6 : -1e-6)) / 100),
    };
  });
}
