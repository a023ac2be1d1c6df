import type { Mastra } from "@mastra/core/mastra";
import { registerApiRoute } from "@mastra/core/server";
import { NEGOTIATION_WORKFLOW_KEY, RESUME_ROUTE_PATH } from "../../shared/run-credentials";
import type { RunClaims } from "./run-claims";

/**
 * What came of asking for a run: it is executing here already, it was resumed from its snapshot, or
 * the store holds it in another state ("success", "failed", …) or not at all ("unknown").
 */
export type ResumeOutcome = { state: "running" | "resumed" | "unknown" } | { state: "ended"; status: string };

/**
 * Resumes one run the store calls running that this process is not executing: Mastra restarts its
 * step from the stored snapshot (with the stored request context, grant included), and the step goes
 * on with every negotiation from what was persisted. Never twice at once in this process, nor by
 * two servers sharing a Postgres store: the claim is the run's lease there, and while a live server
 * holds it this one answers "running" (the run is executing, elsewhere).
 */
export async function resumeRun(mastra: Mastra, claims: RunClaims, runId: string): Promise<ResumeOutcome> {
  if (claims.has(runId)) return { state: "running" };
  const workflow = mastra.getWorkflow(NEGOTIATION_WORKFLOW_KEY);
  const stored = await workflow.getWorkflowRunById(runId);
  if (stored === null) return { state: "unknown" };
  if (stored.status !== "running" && stored.status !== "waiting") return { state: "ended", status: stored.status };
  if (!(await claims.claim(runId))) return { state: "running" };
  const run = await workflow.createRun({ runId });
  run
    .restart()
    .catch((error: unknown) => mastra.getLogger().error(`could not resume negotiation run ${runId}`, { error }))
    .finally(() => claims.release(runId));
  return { state: "resumed" };
}

/**
 * Called by the server itself when it starts (never by a route any token opens): every run its
 * store still calls running was interrupted, since this process has only just started, unless
 * another server of its fleet holds the run's lease. They go on side by side; Mastra's own sweep
 * would wait for each run to finish before the next, and knows nothing of leases.
 */
export async function resumeInterruptedRuns(
  mastra: Mastra,
  claims: RunClaims,
  /** Told of the runs resumed, now and (see below) once more after one lease time. */
  onResumed: (runIds: string[]) => void = sayResumed,
): Promise<string[]> {
  const { runs } = await mastra.getWorkflow(NEGOTIATION_WORKFLOW_KEY).listActiveWorkflowRuns();
  const { resumed, leasedElsewhere } = await resumeEach(
    mastra,
    claims,
    runs.map((run) => run.runId),
  );
  if (resumed.length > 0) onResumed(resumed);
  // A run leased to another server may be this server's own from before it restarted: that lease
  // names the dead process and runs out within one lease time. Asked once more after it, a run a
  // live server holds stays with it.
  if (claims.leaseMs !== undefined && leasedElsewhere.length > 0) {
    setTimeout(() => {
      resumeEach(mastra, claims, leasedElsewhere)
        .then((later) => later.resumed.length > 0 && onResumed(later.resumed))
        .catch((error: unknown) => mastra.getLogger().error("could not resume interrupted runs", { error }));
    }, claims.leaseMs + 1_000).unref();
  }
  return resumed;
}

/** Asks for each run side by side: which were resumed here, and which another server holds. */
async function resumeEach(mastra: Mastra, claims: RunClaims, runIds: string[]) {
  const outcomes = await Promise.all(runIds.map((runId) => resumeRun(mastra, claims, runId)));
  return {
    resumed: runIds.filter((_, index) => outcomes[index]?.state === "resumed"),
    leasedElsewhere: runIds.filter((runId, index) => outcomes[index]?.state === "running" && !claims.has(runId)),
  };
}

function sayResumed(runIds: string[]): void {
  console.warn(`Resuming ${runIds.length} interrupted negotiation run(s): ${runIds.join(", ")}`);
}

/** The route: open only to a Convex token naming that run (src/mastra/auth/route-policy.ts). */
export function resumeRunRoute(claims: RunClaims) {
  return registerApiRoute(RESUME_ROUTE_PATH, {
    method: "POST",
    handler: async (c) => {
      const outcome = await resumeRun(c.get("mastra"), claims, c.req.param("runId"));
      return c.json(outcome, outcome.state === "unknown" ? 404 : 200);
    },
  });
}
