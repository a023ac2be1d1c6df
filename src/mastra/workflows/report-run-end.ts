import type { WorkflowFinishCallbackResult } from "@mastra/core/workflows";
import type { RunClaims } from "./run-claims";
import { openRunSink, type RunSink, type RunSinkDeps } from "./run-sink";

type RunEnd = Pick<WorkflowFinishCallbackResult, "status" | "error" | "getInitData" | "requestContext" | "runId">;

/**
 * The workflow's end, whatever it was: the run's claim is released, and a run that failed says so
 * on its quote. A step that throws is a bug, not a negotiation outcome; still, the quote must not
 * stay "negotiating" forever.
 */
export function reportRunEnd(deps: RunSinkDeps & { claims?: RunClaims }) {
  return async ({ status, error, getInitData, requestContext, runId }: RunEnd): Promise<void> => {
    deps.claims?.release(runId);
    if (status !== "failed") return;
    const reason = `the negotiation run failed: ${error?.message ?? "unknown error"}`;
    let run: RunSink;
    try {
      run = await openRunSink(deps, { requestContext, runId, input: idsGiven(getInitData()) });
    } catch (refusal) {
      // A run whose grant does not match (or whose sink cannot be made) writes nowhere; the reason
      // stays in the server log.
      console.error(`${reason} (not reported: ${refusal instanceof Error ? refusal.message : String(refusal)})`);
      return;
    }
    run.sink.recordFailure(run.identity.quoteId, reason);
    await run.flush();
  };
}

/** The input may be the very thing that failed: only string ids are taken from it. */
function idsGiven(init: unknown): { quoteId: string | undefined; userId: string | undefined } {
  const given = (key: "quoteId" | "userId") => {
    const value = typeof init === "object" && init !== null ? (init as Record<string, unknown>)[key] : undefined;
    return typeof value === "string" && value.length > 0 ? value : undefined;
  };
  return { quoteId: given("quoteId"), userId: given("userId") };
}
