import { PAYMENT_TERMS, type PaymentTerms } from "../../domain/suppliers";

/*
 * The supplier's page speaks to the supplier: "you" are the supplier, and the other side is the
 * person who asked for the quote, by their name. Nothing here says "your negotiator".
 */

/** Payment terms as a supplier says them (the buyer's board says "pay within 30 days"). */
const PAYMENT_WORDS: Record<PaymentTerms, string> = {
  prepaid: "Paid in advance",
  "net-15": "Payment within 15 days",
  "net-30": "Payment within 30 days",
  "net-45": "Payment within 45 days",
  "net-60": "Payment within 60 days",
};

export const PAYMENT_CHOICES = PAYMENT_TERMS.map((terms) => ({ value: terms, label: PAYMENT_WORDS[terms] }));

export function paymentWords(terms: string): string {
  return PAYMENT_WORDS[terms as PaymentTerms] ?? terms;
}

/** What a message's move was, from the supplier's side: the other side's ("<name> · accepts your offer") or yours. */
const THEIR_MOVE: Record<string, string> = {
  counter: "counter-offer",
  offer: "offer",
  accept: "accepts your offer",
  "walk-away": "walks away",
  "confirm-order": "confirms the order",
  "decline-order": "declines the order",
};
const YOUR_MOVE: Record<string, string> = { offer: "offer", accept: "accept their terms", reject: "decline" };

export function moveWords(sender: string, decision: string | undefined): string | undefined {
  if (decision === undefined) return undefined;
  const words = sender === "brand" ? THEIR_MOVE : YOUR_MOVE;
  return words[decision] ?? decision.replace(/-/g, " ");
}

/** Whether a move puts terms on the table (a decline repeats the terms it declines: not worth showing). */
export function movePutsTerms(decision: string | undefined): boolean {
  return decision === "offer" || decision === "counter" || decision === "accept" || decision === "confirm-order";
}

/** Who reads the supplier's page: the other side's name, and the products asked for (named, never by id). */
export interface SupplierReader {
  buyerName: string;
  products: readonly { productId: string; name: string }[];
}

/** The service's refusals name "the buyer" and products by id; the supplier knows them by name. */
export function inSupplierWords(text: string, { buyerName, products }: SupplierReader): string {
  const named = products.reduce(
    (out, product) => out.replace(new RegExp(`\\b${product.productId}\\b`, "g"), product.name),
    text,
  );
  return named.replace(/\bthe buyer's\b/gi, `${buyerName}'s`).replace(/\bthe buyer\b/gi, buyerName);
}
