import { z } from "zod";
import { MAX_DAYS, MAX_QUANTITY, MAX_UNIT_PRICE } from "./limits";
import { MAX_LINES_PER_QUOTE, productIdSchema } from "./products";
import { PAYMENT_TERMS } from "./suppliers";

export const offerLineSchema = z.object({
  productId: productIdSchema,
  quantity: z.number().int().positive().max(MAX_QUANTITY),
  unitPrice: z.number().positive().max(MAX_UNIT_PRICE),
});

/** Every issue on the table at once: price per line, lead time, payment terms and how long it holds. */
export const termsSchema = z.object({
  lines: z.array(offerLineSchema).min(1).max(MAX_LINES_PER_QUOTE),
  leadTimeDays: z.number().int().positive().max(MAX_DAYS),
  paymentTerms: z.enum(PAYMENT_TERMS),
  validityDays: z.number().int().positive().max(MAX_DAYS),
});
export type Terms = z.infer<typeof termsSchema>;

/** What a supplier's turn yields besides its message: a priced offer, or a yes/no to the brand's counter. */
export const supplierTurnSchema = z.object({
  decision: z.enum(["offer", "accept", "reject"]),
  terms: termsSchema,
  rationale: z.string(),
});
export type SupplierTurn = z.infer<typeof supplierTurnSchema>;

/** What the brand's turn yields: terms it proposes, or acceptance of the supplier's latest offer. */
export const brandTurnSchema = z.object({
  decision: z.enum(["counter", "accept", "walk-away"]),
  terms: termsSchema,
  rationale: z.string(),
});
export type BrandTurn = z.infer<typeof brandTurnSchema>;

export function totalPrice(terms: Terms): number {
  return terms.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
}
