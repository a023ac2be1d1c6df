import type { z } from "zod";

/** Turns a zod error into one line per problem, each starting with the field it is about,
 *  e.g. `products[0].quantity: quantity must be greater than 0`. */
export function describeValidationError(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("\n");
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
