import { ConvexError } from "convex/values";
import { z } from "zod";
import { maxRoundsSchema, quoteRequestSchema } from "../../domain/quote";
import { checkInvitedSuppliers, invitedSuppliers } from "../../domain/supplier-directory";
import type { SupplierProfile } from "../../domain/suppliers";
import { describeValidationError } from "../../domain/validation-error";
import { builtInProduct, type Product } from "../../domain/products";
import type { QuoteRequestArgs, RequestedLine, ProductLine, ValidQuote } from "./validators";

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
export function validateQuoteInput(
  input: QuoteRequestArgs,
  directory: readonly SupplierProfile[],
  catalog: ReadonlyMap<string, Product>,
): ValidInvitation {
  const { maxRounds, ...fields } = input;
  // Each line carries its product as the buyer's catalog has it now: the run is told what it is.
  const request = { ...fields, products: fields.products.map((line) => withProduct(line, catalog)) };
  // Parsed apart, so the request's cross-field checks (a product listed twice, say), which zod runs
  // only on an object with no other problem, are not held back by a bad round count or an unknown
  // supplier.
  const quote = quoteRequestSchema.safeParse(request, { error: phraseUnworded });
  const rounds = roundsSchema.safeParse({ maxRounds }, { error: phraseUnworded });
  // Ids the schema already refused (malformed, too many) are not looked up again.
  const productsOffered = withdrawnProducts(input.products, catalog);
  const supplierIdsRefused = quote.error?.issues.some((issue) => issue.path[0] === "supplierIds") ?? false;
  const invitation = supplierIdsRefused
    ? undefined
    : invitationSchema(directory).safeParse({ supplierIds: request.supplierIds });
  if (!quote.success || !rounds.success || invitation?.success === false || productsOffered.length) {
    const issues = [
      ...(quote.error?.issues ?? []),
      ...productsOffered,
      ...(invitation?.error?.issues ?? []),
      ...(rounds.error?.issues ?? []),
    ];
    throw new ConvexError(`invalid quote:\n${describeValidationError(new z.ZodError(issues))}`);
  }
  const suppliers = invitedSuppliers(directory, quote.data.supplierIds);
  const notInvited = notInvitedInPerson(quote.data.inPersonSupplierIds, suppliers);
  if (notInvited.length > 0) {
    throw new ConvexError(`invalid quote:\n${describeValidationError(new z.ZodError(notInvited))}`);
  }
  return {
    quote: {
      products: quote.data.products,
      priorities: quote.data.priorities,
      ...(quote.data.buyerValues === undefined ? {} : { buyerValues: quote.data.buyerValues }),
      userNotes: quote.data.userNotes,
      ...(quote.data.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: quote.data.maxLeadTimeDays }),
      supplierIds: suppliers.map((s) => s.id),
      ...(quote.data.inPersonSupplierIds?.length ? { inPersonSupplierIds: quote.data.inPersonSupplierIds } : {}),
      ...(quote.data.replyWithinSeconds === undefined ? {} : { replyWithinSeconds: quote.data.replyWithinSeconds }),
      maxRounds: rounds.data.maxRounds,
    },
    suppliers,
  };
}

/** In-person ids of a quote that invited the whole directory: each must be one of those invited. */
function notInvitedInPerson(
  ids: readonly string[] | undefined,
  invited: readonly SupplierProfile[],
): z.core.$ZodIssue[] {
  const known = new Set(invited.map((supplier) => supplier.id));
  return (ids ?? []).flatMap((id, index) =>
    known.has(id)
      ? []
      : [
          {
            code: "custom" as const,
            path: ["inPersonSupplierIds", index],
            message: `"${id}" is not one of the invited suppliers`,
            input: id,
          },
        ],
  );
}

function withProduct(line: RequestedLine, catalog: ReadonlyMap<string, Product>): ProductLine {
  const product = catalog.get(line.productId);
  if (!product) return line;
  const { id: _id, ...details } = product;
  return { ...line, product: details };
}

/**
 * A built-in product this buyer may no longer quote (an operator retired it). Any other id their
 * catalog lacks is the quote schema's to refuse: a line without product data must name a built-in.
 */
function withdrawnProducts(lines: readonly RequestedLine[], catalog: ReadonlyMap<string, Product>): z.core.$ZodIssue[] {
  return lines.flatMap((line, index) =>
    !catalog.has(line.productId) && builtInProduct(line.productId)
      ? [
          {
            code: "custom" as const,
            path: ["products", index, "productId"],
            message: `"${line.productId}" is no longer offered`,
            input: line.productId,
          },
        ]
      : [],
  );
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
