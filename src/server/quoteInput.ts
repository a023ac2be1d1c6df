import { ConvexError } from "convex/values";
import { z } from "zod";
import { maxRoundsSchema, quoteRequestSchema, selectedSupplierIds } from "../mastra/domain/quote";
import { describeValidationError } from "../mastra/domain/validation-error";
import type { Priorities, ProductLine } from "./validators";

/**
 * Checks a buyer's quote request before anything is written, with the workflow's own schema
 * (`quoteRequestSchema`, src/mastra/domain/quote.ts; see catalog.ts for why Convex may import it).
 * The start request to Mastra is fire-and-forget (mastraApi.ts), so an input the workflow would
 * reject must be stopped here, where the buyer sees why. Every problem is listed at once, one per
 * line, each starting with its field: `products[0].quantity: quantity must be greater than 0`.
 */

const roundsSchema = z.object({ maxRounds: maxRoundsSchema });

export interface QuoteInput {
  products: ProductLine[];
  priorities: Priorities;
  userNotes: string;
  maxLeadTimeDays?: number;
  supplierIds?: string[];
  maxRounds?: number;
}

export interface ValidQuote {
  products: ProductLine[];
  priorities: Priorities;
  userNotes: string;
  maxLeadTimeDays?: number;
  /** Always filled in: all catalog suppliers when the buyer named none. */
  supplierIds: string[];
  maxRounds: number;
}

/** Returns the quote with defaults applied, or throws a ConvexError listing every problem found. */
export function validateQuoteInput(input: QuoteInput): ValidQuote {
  const { maxRounds, ...request } = input;
  // Parsed apart, so the request's cross-field checks (a product listed twice, say), which zod runs
  // only on an object with no other problem, are not held back by a bad round count.
  const quote = quoteRequestSchema.safeParse(request, { error: phraseUnworded });
  const rounds = roundsSchema.safeParse({ maxRounds }, { error: phraseUnworded });
  if (!quote.success || !rounds.success) {
    const issues = [...(quote.error?.issues ?? []), ...(rounds.error?.issues ?? [])];
    throw new ConvexError(`invalid quote:\n${describeValidationError(new z.ZodError(issues))}`);
  }
  return {
    products: quote.data.products,
    priorities: quote.data.priorities,
    userNotes: quote.data.userNotes,
    ...(quote.data.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: quote.data.maxLeadTimeDays }),
    supplierIds: selectedSupplierIds(quote.data),
    maxRounds: rounds.data.maxRounds,
  };
}

/**
 * Words for the few checks quote.ts leaves without a message, in place of zod's defaults ("Invalid
 * input: expected int, received number"). Messages the schema gives itself take precedence.
 */
function phraseUnworded(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type" && issue.expected === "int") return "must be a whole number";
  if (issue.code === "invalid_type" && issue.expected === "number" && typeof issue.input === "number") {
    return "must be a finite number";
  }
  if (issue.code === "too_small" && issue.origin === "array") {
    return issue.minimum === 1 ? "must not be empty" : `must list at least ${issue.minimum} items`;
  }
  return undefined;
}
