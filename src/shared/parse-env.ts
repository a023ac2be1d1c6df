import type { z } from "zod";
import { ConfigurationError } from "./configuration-error";
import { describeValidationError } from "../domain/validation-error";

/**
 * Reads settings from the environment with a zod schema. An empty variable counts as unset, as
 * `.env.example` copied verbatim leaves many of them empty; a bad value throws naming the variable.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (!parsed.success) throw new ConfigurationError(`Invalid ${what}:\n${describeValidationError(parsed.error)}`);
  return parsed.data;
}
