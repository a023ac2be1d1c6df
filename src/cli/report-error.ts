import { styleText } from "node:util";
import { ConfigurationError } from "../shared/configuration-error";
import { InputValidationError } from "../domain/validation-error";
import { CliUsageError } from "./cli-args";

/** Exit code for a command that could not start: bad arguments, input or settings. */
export const USAGE_EXIT_CODE = 2;

/**
 * What the person at the terminal sees when the demo cannot start. Mistakes they can fix (an
 * option, the quote file, an environment variable) get their message alone; only a bug gets a stack.
 */
export function describeStartError(error: unknown): string {
  if (error instanceof InputValidationError) {
    return [styleText("red", "Invalid quote:"), ...error.details.split("\n").map((line) => `  ${line}`)].join("\n");
  }
  if (error instanceof CliUsageError) {
    return `${styleText("red", `Error: ${error.message}`)}\nRun \`npm run demo -- --help\` for usage.`;
  }
  if (error instanceof ConfigurationError) return styleText("red", error.message);
  return styleText("red", error instanceof Error ? (error.stack ?? error.message) : `Error: ${String(error)}`);
}
