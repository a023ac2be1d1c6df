import { ConvexError } from "convex/values";
import { quoteRequestSchema, type QuoteRequest } from "../../mastra/domain/quote";
import { describeValidationError } from "../../mastra/domain/validation-error";

/** Problems keyed by field path (`products[0].quantity`), as the form shows them beside the field. */
export type FieldErrors = Record<string, string>;

/**
 * The form checks with the very schema Convex's `quotes.create` checks with, and both phrase a
 * problem as `field: message` lines, so one reader serves a local check and a refusal from Convex.
 */
export function checkQuote(request: unknown): { quote: QuoteRequest } | { errors: FieldErrors } {
  const parsed = quoteRequestSchema.safeParse(request);
  if (parsed.success) return { quote: parsed.data };
  return { errors: readFieldErrors(describeValidationError(parsed.error)) };
}

/** Convex's answer to a refused `quotes.create` ("invalid quote:\nfield: message…"), by field. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const text = error instanceof ConvexError && typeof error.data === "string" ? error.data : String(error);
  const errors = readFieldErrors(text.replace(/^invalid quote:\n/, ""));
  return Object.keys(errors).length > 0 ? errors : { "(input)": text };
}

function readFieldErrors(text: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of text.split("\n")) {
    const match = line.match(/^([\w.[\]()]+): (.+)$/);
    if (match && !(match[1]! in errors)) errors[match[1]!] = match[2]!;
  }
  return errors;
}
