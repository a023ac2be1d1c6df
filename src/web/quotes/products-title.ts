import { productOfLine, type QuoteLine } from "../../domain/quote";

/** "2,000 × organic cotton T-shirt + 800 × canvas tote bag". */
export function productsTitle(lines: readonly QuoteLine[]): string {
  return lines.map((line) => `${line.quantity.toLocaleString("en-US")} × ${productOfLine(line).name}`).join(" + ");
}

/** What the lines would cost at the going market price (each product's reference price). */
export function marketTotal(lines: readonly QuoteLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * productOfLine(line).referenceUnitPrice, 0);
}
