import { ConvexError } from "convex/values";
import { z } from "zod";
import type { Doc } from "../_generated/dataModel";
import { termsSchema } from "../../domain/offer";
import { describeValidationError } from "../../domain/validation-error";
import type { Terms } from "./validators";

/**
 * Terms written by a run are checked with the workflow's own schema (bounds on quantity, unit
 * price, lead time, validity) and must be about the quote's own products, so a run cannot store a
 * price of 1e300 or an offer for something the buyer never asked for.
 */
export function checkTerms(terms: Terms, field: string, quote: Doc<"quotes">): void {
  const parsed = termsSchema.safeParse(terms);
  if (!parsed.success) {
    const prefixed = new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [field, ...issue.path] })));
    throw new ConvexError(`invalid ${field}:\n${describeValidationError(prefixed)}`);
  }
  const asked = new Set(quote.products.map((line) => line.productId));
  terms.lines.forEach((line, index) => {
    if (!asked.has(line.productId)) {
      throw new ConvexError(`${field}.lines[${index}].productId: "${line.productId}" is not a product of this quote`);
    }
  });
}
