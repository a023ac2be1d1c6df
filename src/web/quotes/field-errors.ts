import { ConvexError } from "convex/values";
import { quoteRequestSchema, type QuoteRequest } from "../../domain/quote";
import { describeValidationError } from "../../domain/validation-error";
import { inPlainWords } from "../ui/plain-words";

/** Problems keyed by field path (`products[0].quantity`), as the form shows them beside the field. */
export type FieldErrors = Record<string, string>;

/**
 * The form checks with the very schema the server's `quotes.create` checks with, and both phrase a
 * problem as `field: message` lines, so one reader serves a local check and a refusal from the server.
 */
export function checkQuote(request: unknown): { quote: QuoteRequest } | { errors: FieldErrors } {
  const parsed = quoteRequestSchema.safeParse(request);
  if (parsed.success) return { quote: parsed.data };
  return { errors: readFieldErrors(describeValidationError(parsed.error)) };
}

/** The server's answer to a refused `quotes.create` ("invalid quote:\nfield: message…"), by field. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const text = error instanceof ConvexError && typeof error.data === "string" ? error.data : String(error);
  const errors = readFieldErrors(text.replace(/^invalid quote:\n/, ""));
  return Object.keys(errors).length > 0 ? errors : { "(input)": inWords(text) };
}

/**
 * `field: message` lines by field, each message reworded for the person reading (`reword` is given
 * the field too, for forms whose words depend on it); other lines are left out.
 */
export function readFieldErrors(
  text: string,
  reword: (message: string, field: string) => string = inWords,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of text.split("\n")) {
    const match = line.match(/^([\w.[\]()]+): (.+)$/);
    if (match && !(match[1]! in errors)) errors[match[1]!] = reword(match[2]!, match[1]!);
  }
  return errors;
}

/** The schema names fields as the code does; the form says them as the labels do. */
const FIELD_WORDS: [RegExp, string][] = [
  [/^maxLeadTimeDays must be greater than 0$/, "delivery time must be at least 1 day"],
  [/\bmaxLeadTimeDays\b/g, "delivery time"],
  [/\bmaxUnitPrice\b/g, "max unit price"],
  [/\breferenceUnitPrice\b/g, "usual price"],
  [/\buserNotes\b/g, "notes"],
  [/^supplierIds must name at least one supplier$/, "choose at least one supplier"],
  [/\bsupplierIds\b/g, "the supplier list"],
  [/\bmaxRounds\b/g, "number of rounds"],
  // The form asks in hours what the quote keeps in seconds (ReplyTimeField).
  [/^replyWithinSeconds must be at least 1$/, "time to reply must be more than 0 hours"],
  [/^replyWithinSeconds must be at most \d+ \(30 days\)$/, "time to reply must be at most 720 hours (30 days)"],
  [/^replyWithinSeconds must be a (whole )?number of seconds$/, "time to reply must be a number of hours"],
  [/\binPersonSupplierIds\b/g, "the suppliers answering in person"],
];

export function inWords(message: string): string {
  return inPlainWords(FIELD_WORDS.reduce((out, [pattern, words]) => out.replace(pattern, words), message));
}
