import type { z } from "zod";

/** How many problems an error message spells out; the rest are counted, so a huge bad input
 *  cannot produce a huge message. */
export const MAX_LISTED_PROBLEMS = 5;

/** Turns a zod error into one line per problem (the first few, then a count), each starting with
 *  the field it is about, e.g. `products[0].quantity: quantity must be greater than 0`. */
export function describeValidationError(error: z.ZodError): string {
  const lines = error.issues
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((issue) => `${formatPath(issue.path)}: ${clip(issue.message)}`);
  const more = error.issues.length - MAX_LISTED_PROBLEMS;
  if (more > 0) lines.push(`…and ${more} more problem${more === 1 ? "" : "s"} (${error.issues.length} in all)`);
  return lines.join("\n");
}

/** A message can quote the input (an unknown id, say); a long input is cut short. */
function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(input)";
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

export class InputValidationError extends Error {
  constructor(readonly details: string) {
    super(`Invalid input:\n${details}`);
    this.name = "InputValidationError";
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputValidationError(describeValidationError(parsed.error));
  return parsed.data;
}
