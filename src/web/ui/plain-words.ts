import { BUILT_IN_PRODUCTS, type Product } from "../../domain/products";

/**
 * Reasons and explanations come from the negotiation service in its own terms ("the brand", "the
 * buyer", product ids). Shown to the person who asked for the quote, they read as "your
 * negotiator", "you" and product names.
 */
const REWRITES: [RegExp, string][] = [
  [/\bthe brand's\b/gi, "your negotiator's"],
  [/\bthe brand\b/gi, "your negotiator"],
  [/\bthe buyer's\b/gi, "your"],
  [/\bthe buyer\b/gi, "you"],
  [/\bbuyer's\b/gi, "your"],
  [/\bConvex\b/g, "the negotiation service"],
  [/\b1 days\b/g, "1 day"],
];

/** The text in the buyer's words, each of `products` by its name rather than its id. */
export function inPlainWords(text: string, products: readonly Product[] = BUILT_IN_PRODUCTS): string {
  const names = products.map((product): [RegExp, string] => [new RegExp(`\\b${product.id}\\b`, "g"), product.name]);
  return [...REWRITES, ...names].reduce((out, [pattern, words]) => out.replace(pattern, words), text);
}

/** "net-30" → "pay within 30 days"; "prepaid" → "paid in advance". */
export function describePaymentTerms(terms: string): string {
  const days = terms.match(/^net-(\d+)$/)?.[1];
  if (days) return `pay within ${days} days`;
  return terms === "prepaid" ? "paid in advance" : terms;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
