import { APICallError } from "ai";

/** The model endpoint without its path's last parts: where the buyer or operator should look. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/(chat\/completions|responses|completions)$/, "")}`;
  } catch {
    return url;
  }
}

function findApiCallError(error: unknown): APICallError | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (APICallError.isInstance(current)) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function rootCause(error: Error): string | undefined {
  let cause = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : undefined;
}

/**
 * Why a negotiation failed, in one line a buyer can act on. A model that could not be reached or
 * refused the call is named by its URL; anything else keeps its own first line.
 */
export function describeFailure(error: unknown): string {
  const apiError = findApiCallError(error);
  if (apiError) {
    const where = endpointOf(apiError.url);
    if (apiError.statusCode === undefined) {
      const cause = rootCause(apiError);
      return `the model at ${where} could not be reached${cause ? ` (${cause})` : ""}`;
    }
    const detail = apiError.message.split("\n")[0]?.slice(0, 200);
    return `the model at ${where} answered HTTP ${apiError.statusCode}${detail ? `: ${detail}` : ""}`;
  }
  if (error instanceof Error) return error.message.split("\n")[0] || error.name;
  return error === undefined ? "unknown error" : String(error);
}
