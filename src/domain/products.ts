import { z } from "zod";
import { MAX_ID_LENGTH, MAX_UNIT_PRICE } from "./limits";

/** A product's name, and the unit it is counted in. */
const MAX_PRODUCT_NAME_LENGTH = 80;
const MAX_UNIT_LENGTH = 20;
/** What the buyer writes about the product for the suppliers (material, size, finish). */
export const MAX_SPECIFICATION_LENGTH = 1_000;
/** Lines one quote may hold: one per product. */
export const MAX_LINES_PER_QUOTE = 20;

/** A product's id: what quote lines, offers and price lists name it by. */
export const productIdSchema = z
  .string({ error: "a product id must be text" })
  .min(1, "a product id must not be empty")
  .max(MAX_ID_LENGTH, `a product id must be at most ${MAX_ID_LENGTH} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a product id may use only lower-case letters, digits and -");
export type ProductId = z.infer<typeof productIdSchema>;

/** What a product is, apart from its id: what suppliers are asked to make and the going price. */
export const productDetailsSchema = z.object({
  name: z
    .string({ error: "name must be text" })
    .trim()
    .min(1, "name must not be empty")
    .max(MAX_PRODUCT_NAME_LENGTH, `name must be at most ${MAX_PRODUCT_NAME_LENGTH} characters`),
  unit: z
    .string({ error: "unit must be text" })
    .trim()
    .min(1, "unit must not be empty (piece, pair, metre…)")
    .max(MAX_UNIT_LENGTH, `unit must be at most ${MAX_UNIT_LENGTH} characters`),
  /** The going market price per unit: the default budget when the buyer names no limit of their own. */
  referenceUnitPrice: z
    .number({ error: "referenceUnitPrice must be a number" })
    .positive("referenceUnitPrice must be greater than 0")
    .max(MAX_UNIT_PRICE, `referenceUnitPrice must be at most ${MAX_UNIT_PRICE.toLocaleString("en-US")}`),
  specification: z
    .string({ error: "specification must be text" })
    .trim()
    .max(MAX_SPECIFICATION_LENGTH, `specification must be at most ${MAX_SPECIFICATION_LENGTH} characters`)
    .optional(),
});
export type ProductDetails = z.infer<typeof productDetailsSchema>;

/** A product a buyer can request: the operator's catalog (Convex's `products` table) or a buyer's own. */
export const productSchema = productDetailsSchema.extend({ id: productIdSchema });
export type Product = z.infer<typeof productSchema>;

/**
 * The catalog every fresh deployment starts with (Convex seeds its `products` table with them on
 * first use), and what a quote line without product data names (the CLI, Studio, the benches).
 * Adding a product is data, not code.
 */
export const BUILT_IN_PRODUCTS: readonly Product[] = [
  { id: "organic-tshirt", name: "organic cotton T-shirt", unit: "piece", referenceUnitPrice: 6.2 },
  { id: "recycled-hoodie", name: "recycled-fleece hoodie", unit: "piece", referenceUnitPrice: 17.5 },
  { id: "canvas-tote", name: "canvas tote bag", unit: "piece", referenceUnitPrice: 3.4 },
  { id: "merino-socks", name: "merino wool socks", unit: "pair", referenceUnitPrice: 4.1 },
];

/** A built-in product by id, or undefined. */
export function builtInProduct(id: ProductId): Product | undefined {
  return BUILT_IN_PRODUCTS.find((p) => p.id === id);
}

/** Why a line names no product it can be quoted for, in the buyer's words. */
export function unknownProductMessage(id: ProductId): string {
  return `unknown product "${id}"; add it to your products first, or choose one of ${BUILT_IN_PRODUCTS.map((p) => p.id).join(", ")}`;
}
