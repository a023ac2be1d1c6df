import { z } from "zod";

/** A product the buyer can request. `referenceUnitPrice` is the going market price, used as a
 *  default budget when the buyer names no limit of their own. */
export interface Product {
  id: string;
  name: string;
  unit: string;
  referenceUnitPrice: number;
}

export const PRODUCT_CATALOG = [
  { id: "organic-tshirt", name: "organic cotton T-shirt", unit: "piece", referenceUnitPrice: 6.2 },
  { id: "recycled-hoodie", name: "recycled-fleece hoodie", unit: "piece", referenceUnitPrice: 17.5 },
  { id: "canvas-tote", name: "canvas tote bag", unit: "piece", referenceUnitPrice: 3.4 },
  { id: "merino-socks", name: "merino wool socks", unit: "pair", referenceUnitPrice: 4.1 },
] as const satisfies readonly Product[];

export type ProductId = (typeof PRODUCT_CATALOG)[number]["id"];

export const PRODUCT_IDS = PRODUCT_CATALOG.map((p) => p.id) as [ProductId, ...ProductId[]];

export const productIdSchema = z.enum(PRODUCT_IDS, {
  error: (issue) => `unknown product "${String(issue.input)}"; known products: ${PRODUCT_IDS.join(", ")}`,
});

export function getProduct(id: ProductId): Product {
  const product = PRODUCT_CATALOG.find((p) => p.id === id);
  if (!product) throw new Error(`unknown product "${id}"`);
  return product;
}
