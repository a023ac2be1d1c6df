import { getProduct, type ProductId } from "../../domain/products";

/** "2,000 × organic cotton T-shirt + 800 × canvas tote bag". */
export function productsTitle(lines: readonly { productId: string; quantity: number }[]): string {
  return lines
    .map((line) => `${line.quantity.toLocaleString("en-US")} × ${getProduct(line.productId as ProductId).name}`)
    .join(" + ");
}

/** What the lines would cost at the going market price (the catalog's reference price). */
export function marketTotal(lines: readonly { productId: string; quantity: number }[]): number {
  return lines.reduce(
    (sum, line) => sum + line.quantity * getProduct(line.productId as ProductId).referenceUnitPrice,
    0,
  );
}
