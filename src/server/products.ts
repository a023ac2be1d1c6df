import { v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";
import { callerUserId, requireUserId } from "./model/ownership";
import {
  addOwnProduct,
  retireProduct,
  searchProducts,
  seedProductsIfEmpty,
  writeCatalogProduct,
} from "./model/productCatalog";
import { productDetailsValidator, productValidator } from "./model/validators";

/*
 * Products are data. The operator's catalog: `npx convex run products:upsert '{"id": "…", "name":
 * "…", "unit": "piece", "referenceUnitPrice": 4.2}'` adds or changes one, `products:retire` takes
 * one off the form. A buyer adds their own from the quote form; nobody else sees them. A quote
 * keeps a snapshot of each product it names, so a later change reaches only later quotes. Any
 * supplier quotes any product: one it does not list it prices by its price index over the
 * product's reference price (src/domain/suppliers.ts, `listPriceOf`).
 */

/** The products a signed-in buyer may quote whose name starts with `text`, by name. Signed out: none. */
export const search = query({
  args: { text: v.optional(v.string()) },
  returns: v.array(productValidator),
  handler: async (ctx, { text }) => {
    const ownerId = await callerUserId(ctx);
    if (ownerId === null) return [];
    return await searchProducts(ctx, ownerId, (text ?? "").slice(0, 80));
  },
});

/** A buyer adds a product of their own; answered with it, id included, ready for a quote line. */
export const addMine = mutation({
  args: productDetailsValidator.fields,
  returns: productValidator,
  handler: async (ctx, details) => {
    const ownerId = await requireUserId(ctx);
    return { ...(await addOwnProduct(ctx, ownerId, details)), own: true };
  },
});

/** Adds a product to the operator's catalog, or replaces the one with that id. Internal: operators only. */
export const upsert = internalMutation({
  args: { id: v.string(), ...productDetailsValidator.fields },
  returns: v.union(v.literal("inserted"), v.literal("updated")),
  handler: async (ctx, product) => {
    await seedProductsIfEmpty(ctx);
    return await writeCatalogProduct(ctx, product);
  },
});

/** Takes a product off the form: no new quote may name it. `upsert` of the same id brings it back. */
export const retire = internalMutation({
  args: { id: v.string() },
  returns: v.union(v.literal("retired"), v.literal("already retired")),
  handler: async (ctx, { id }) => await retireProduct(ctx, id),
});
