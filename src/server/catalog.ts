/**
 * The products and suppliers the Convex functions accept.
 *
 * The source of truth is the Mastra side: `src/mastra/domain/products.ts` (PRODUCT_CATALOG) and
 * `src/mastra/domain/suppliers.ts` (SUPPLIERS). Convex bundles only `src/server`, so the ids are
 * duplicated here; keep both lists in step when a product or supplier is added or removed, or the
 * workflow will reject quotes this file lets through (and vice versa).
 */

export const PRODUCT_IDS: readonly string[] = ["organic-tshirt", "recycled-hoodie", "canvas-tote", "merino-socks"];

export interface CatalogSupplier {
  id: string;
  name: string;
}

/** In the order the workflow uses when a quote names no suppliers. */
export const SUPPLIERS: readonly CatalogSupplier[] = [
  { id: "apex-textiles", name: "Apex Textiles" },
  { id: "porto-knitworks", name: "Porto Knitworks" },
  { id: "anatolia-apparel", name: "Anatolia Apparel" },
];

export function isKnownProduct(productId: string): boolean {
  return PRODUCT_IDS.includes(productId);
}

export function findSupplier(supplierId: string): CatalogSupplier | undefined {
  return SUPPLIERS.find((supplier) => supplier.id === supplierId);
}
