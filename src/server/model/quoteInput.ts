import { ConvexError } from "convex/values";
import { z } from "zod";
import { maxRoundsSchema, quoteRequestSchema } from "../../domain/quote";
import { checkInvitedSuppliers, invitedSuppliers } from "../../domain/supplier-directory";
import type { SupplierProfile } from "../../domain/suppliers";
import { describeValidationError } from "../../domain/validation-error";
import type { BuyerValues, Priorities, ProductLine } from "./validators";

/**
 * Checks a buyer's quote request before anything is written, with the workflow's own schema
 * (`quoteRequestSchema`, src/domain/quote.ts; see catalog.ts for why Convex may import it).
 * The start request to Mastra is fire-and-forget (mastraApi.ts), so an input the workflow would
 * reject must be stopped here, where the buyer sees why. Every problem is listed at once, one per
 * line, each starting with its field: `products[0].quantity: quantity must be greater than 0`.
 *
 * Which suppliers exist is the `suppliers` table's to say (supplierDirectory.ts): the caller reads
 * the part of it the quote needs and passes it in, and the domain's `checkInvitedSuppliers` names
 * each unknown id (`supplierIds[3]: unknown supplier "x"; known suppliers: …`).
 */

const roundsSchema = z.object({ maxRounds: maxRoundsSchema });

export interface QuoteInput {
  products: ProductLine[];
  priorities: Priorities;
  buyerValues?: BuyerValues;
  userNotes: string;
  maxLeadTimeDays?: number;
  supplierIds?: string[];
  maxRounds?: number;
}

export interface ValidQuote {
  products: ProductLine[];
  priorities: Priorities;
  buyerValues?: BuyerValues;
  userNotes: string;
  maxLeadTimeDays?: number;
  /** Always filled in: every supplier in the directory when the buyer named none. */
  supplierIds: string[];
  maxRounds: number;
}

export interface ValidInvitation {
  quote: ValidQuote;
  /** The invited suppliers' profiles, in `quote.supplierIds` order. */
  suppliers: SupplierProfile[];
}

/**
 * Returns the quote with defaults applied and the invited suppliers' profiles, or throws a
 * ConvexError listing every problem found. `directory` must hold every supplier the quote names
 * that exists, and the whole table when it names none.
 */
export function validateQuoteInput(input: QuoteInput, directory: readonly SupplierProfile[]): ValidInvitation {
  const { maxRounds, ...request } = input;
  // Parsed apart, so the request's cross-field checks (a product listed twice, say), which zod runs
  // only on an object with no other problem, are not held back by a bad round count or an unknown
  // supplier.
  const quote = quoteRequestSchema.safeParse(request, { error: phraseUnworded });
  const rounds = roundsSchema.safeParse({ maxRounds }, { error: phraseUnworded });
  // Ids the schema already refused (malformed, too many) are not looked up again.
  const supplierIdsRefused = quote.error?.issues.some((issue) => issue.path[0] === "supplierIds") ?? false;
  const invitation = supplierIdsRefused
    ? undefined
    : invitationSchema(directory).safeParse({ supplierIds: request.supplierIds });
  if (!quote.success || !rounds.success || invitation?.success === false) {
    const issues = [
      ...(quote.error?.issues ?? []),
      ...(invitation?.error?.issues ?? []),
      ...(rounds.error?.issues ?? []),
    ];
    throw new ConvexError(`invalid quote:\n${describeValidationError(new z.ZodError(issues))}`);
  }
  const suppliers = invitedSuppliers(directory, quote.data.supplierIds);
  return {
    quote: {
      products: quote.data.products,
      priorities: quote.data.priorities,
      ...(quote.data.buyerValues === undefined ? {} : { buyerValues: quote.data.buyerValues }),
      userNotes: quote.data.userNotes,
      ...(quote.data.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: quote.data.maxLeadTimeDays }),
      supplierIds: suppliers.map((s) => s.id),
      maxRounds: rounds.data.maxRounds,
    },
    suppliers,
  };
}

/** The invited ids against the directory; the ids' own format and count are the quote schema's. */
function invitationSchema(directory: readonly SupplierProfile[]) {
  return z
    .object({ supplierIds: z.array(z.string()).optional() })
    .superRefine(({ supplierIds }, ctx) => checkInvitedSuppliers(supplierIds, directory, ctx));
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
