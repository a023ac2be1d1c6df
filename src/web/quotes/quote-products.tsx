import { createContext, useContext, type ReactNode } from "react";
import { BUILT_IN_PRODUCTS, type Product } from "../../domain/products";
import { productOfLine, type QuoteLine } from "../../domain/quote";

/**
 * The products of the quote on screen, as the quote keeps them: offers and reasons name products by
 * id, and a buyer's own products are known only to their quote. Outside a quote, the built-ins.
 */
const QuoteProducts = createContext<readonly Product[]>(BUILT_IN_PRODUCTS);

export function QuoteProductsProvider({ lines, children }: { lines: readonly QuoteLine[]; children: ReactNode }) {
  return <QuoteProducts.Provider value={lines.map(productOfLine)}>{children}</QuoteProducts.Provider>;
}

export function useQuoteProducts(): readonly Product[] {
  return useContext(QuoteProducts);
}

/** A product's name by id, the id itself when the quote does not know it. */
export function productName(products: readonly Product[], productId: string): string {
  return products.find((p) => p.id === productId)?.name ?? productId;
}
