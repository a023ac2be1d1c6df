import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useState } from "react";
import { BUILT_IN_PRODUCTS } from "../../domain/products";
import { api } from "../../server/_generated/api";

/** A product as the form shows it: the catalog's or the buyer's own (`own`). */
export type ProductView = FunctionReturnType<typeof api.products.search>[number];

/**
 * The products the form offers: what matches the buyer's search (the first 50 of the catalog and
 * their own, by name), plus every product already on a line or just added, so a choice never
 * disappears from its select when the search moves on.
 */
export function useProductChoices() {
  const [search, setSearch] = useState("");
  const found = useQuery(api.products.search, { text: search });
  const [remembered, setRemembered] = useState<ProductView[]>(() =>
    BUILT_IN_PRODUCTS.map((p) => ({ ...p, own: false })),
  );
  const byId = new Map<string, ProductView>();
  for (const product of [...remembered, ...(found ?? [])]) byId.set(product.id, product);
  const remember = (product: ProductView) =>
    setRemembered((known) => [...known.filter((p) => p.id !== product.id), product]);
  return {
    search,
    setSearch,
    /** What the search found, in its order; undefined while it loads. */
    found,
    productOf: (id: string) => byId.get(id),
    remember,
  };
}

export type ProductChoices = ReturnType<typeof useProductChoices>;
