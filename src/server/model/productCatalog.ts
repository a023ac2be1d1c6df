import { ConvexError } from "convex/values";
import {
  BUILT_IN_PRODUCTS,
  MAX_LINES_PER_QUOTE,
  productDetailsSchema,
  productSchema,
  unknownProductMessage,
  type Product,
  type ProductDetails,
} from "../../domain/products";
import { describeValidationError } from "../../domain/validation-error";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { ProductView } from "./validators";

/**
 * The `products` table as the functions see it: the operator's catalog (rows without an owner,
 * seeded with the built-in products on first use) and each buyer's own products (private to that
 * buyer). Every row is checked by the domain's schemas before it is written.
 */

/** How many products one search answers with: the form shows the first ones and the buyer types more. */
export const SEARCH_LIMIT = 50;
/** How many products a buyer may add of their own. */
export const MAX_OWN_PRODUCTS = 500;

export function toProduct(row: Doc<"products">): Product {
  const { productId, name, unit, referenceUnitPrice, specification } = row;
  return { id: productId, name, unit, referenceUnitPrice, ...(specification === undefined ? {} : { specification }) };
}

function toView(row: Doc<"products">): ProductView {
  return { ...toProduct(row), own: row.ownerId !== undefined };
}

async function findProduct(ctx: QueryCtx, productId: string): Promise<Doc<"products"> | null> {
  return await ctx.db
    .query("products")
    .withIndex("by_productId", (q) => q.eq("productId", productId))
    .unique();
}

/** Whether the catalog has never been written (not even seeded). */
async function catalogIsUnwritten(ctx: QueryCtx): Promise<boolean> {
  return (await ctx.db.query("products").first()) === null;
}

/**
 * A product a buyer may quote: in the operator's catalog or their own, and not retired. Before the
 * first write the built-ins are the catalog. Null for anything else: another buyer's product is as
 * unknown as one that does not exist.
 */
export async function productForBuyer(ctx: QueryCtx, ownerId: string, productId: string): Promise<Product | null> {
  const row = await findProduct(ctx, productId);
  if (row === null) {
    if (!(await catalogIsUnwritten(ctx))) return null;
    return BUILT_IN_PRODUCTS.find((p) => p.id === productId) ?? null;
  }
  const visible = row.ownerId === undefined || row.ownerId === ownerId;
  return visible && !row.retired ? toProduct(row) : null;
}

/**
 * The products a quote's lines name that this buyer may quote, by id. At most one lookup per line
 * the quote may hold: a longer quote is refused by the schema anyway.
 */
export async function productsForQuote(
  ctx: QueryCtx,
  ownerId: string,
  lines: readonly { productId: string }[],
): Promise<Map<string, Product>> {
  const found = new Map<string, Product>();
  for (const productId of new Set(lines.slice(0, MAX_LINES_PER_QUOTE).map((l) => l.productId))) {
    const product = await productForBuyer(ctx, ownerId, productId);
    if (product) found.set(productId, product);
  }
  return found;
}

/** The catalog's and the buyer's own products whose name starts with `text` (any case), by name. */
export async function searchProducts(ctx: QueryCtx, ownerId: string, text: string): Promise<ProductView[]> {
  const prefix = text.trim().toLowerCase();
  if (await catalogIsUnwritten(ctx)) {
    return BUILT_IN_PRODUCTS.filter((p) => p.name.toLowerCase().startsWith(prefix)).map((p) => ({ ...p, own: false }));
  }
  const byName = (owner: string | undefined) =>
    ctx.db
      .query("products")
      .withIndex("by_ownerId_and_retired_and_nameKey", (q) =>
        q.eq("ownerId", owner).eq("retired", false).gte("nameKey", prefix).lt("nameKey", `${prefix}\uffff`),
      )
      .take(SEARCH_LIMIT);
  const [own, catalog] = await Promise.all([byName(ownerId), byName(undefined)]);
  return [...own, ...catalog]
    .map(toView)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, SEARCH_LIMIT);
}

function parsed<T>(
  result: { success: true; data: T } | { success: false; error: Parameters<typeof describeValidationError>[0] },
  what: string,
): T {
  if (!result.success) throw new ConvexError(`invalid ${what}:\n${describeValidationError(result.error)}`);
  return result.data;
}

function rowOf(product: Product, ownerId: string | undefined) {
  const { id: productId, ...details } = product;
  return {
    ...details,
    productId,
    ...(ownerId === undefined ? {} : { ownerId }),
    nameKey: details.name.toLowerCase(),
    retired: false,
    updatedAt: Date.now(),
  };
}

/** Writes a product of the operator's catalog: a new row, or the row of its id replaced (and so un-retired). */
export async function writeCatalogProduct(ctx: MutationCtx, input: unknown): Promise<"inserted" | "updated"> {
  const product = parsed(productSchema.safeParse(input), "product");
  const existing = await findProduct(ctx, product.id);
  if (existing?.ownerId !== undefined) throw new ConvexError(`"${product.id}" is a buyer's own product`);
  if (existing) {
    await ctx.db.replace("products", existing._id, rowOf(product, undefined));
    return "updated";
  }
  await ctx.db.insert("products", rowOf(product, undefined));
  return "inserted";
}

/** Writes the built-in products when the table is empty; answers how many it wrote. */
export async function seedProductsIfEmpty(ctx: MutationCtx): Promise<number> {
  if (!(await catalogIsUnwritten(ctx))) return 0;
  for (const product of BUILT_IN_PRODUCTS) await writeCatalogProduct(ctx, product);
  return BUILT_IN_PRODUCTS.length;
}

/** Retires a product of the catalog: no new quote may name it; quotes that did keep their snapshot. */
export async function retireProduct(ctx: MutationCtx, productId: string): Promise<"retired" | "already retired"> {
  await seedProductsIfEmpty(ctx);
  const row = await findProduct(ctx, productId);
  if (!row || row.ownerId !== undefined) throw new ConvexError(unknownProductMessage(productId));
  if (row.retired) return "already retired";
  await ctx.db.patch("products", row._id, { retired: true, updatedAt: Date.now() });
  return "retired";
}

/** A readable id from a product's name: "Linen apron, natural" → "linen-apron-natural". */
function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "product";
}

/**
 * A buyer's own product: checked by the domain's schema, given an id of its own (its name's slug
 * and a number, never another product's id), and seen by no other buyer.
 */
export async function addOwnProduct(ctx: MutationCtx, ownerId: string, input: ProductDetails): Promise<Product> {
  const details = parsed(productDetailsSchema.safeParse(input), "product");
  await seedProductsIfEmpty(ctx);
  const mine = await ctx.db
    .query("products")
    .withIndex("by_ownerId_and_retired_and_nameKey", (q) => q.eq("ownerId", ownerId))
    .take(MAX_OWN_PRODUCTS);
  if (mine.length >= MAX_OWN_PRODUCTS) {
    throw new ConvexError(`you already have ${MAX_OWN_PRODUCTS} products of your own, the most you may`);
  }
  const base = `own-${slugOf(details.name)}`;
  let id = base;
  for (let n = 2; (await findProduct(ctx, id)) !== null; n++) id = `${base}-${n}`;
  const product = { id, ...details };
  await ctx.db.insert("products", rowOf(product, ownerId));
  return product;
}
