import type { Mastra } from "@mastra/core/mastra";
import { NEGOTIATION_WORKFLOW_KEY } from "../../shared/run-credentials";
import { resumeRun, type ResumeOutcome } from "./resume-interrupted-runs";
import type { RunClaims } from "./run-claims";

/**
 * Hands a run suspended at `stepId` what it waits for, and lets it go on in the background:
 * "resumed". A run executing here or on another server of the fleet answers "running"; one the
 * store calls running that nobody executes (interrupted) is restarted here ("resumed"); one
 * suspended elsewhere in the workflow, or ended, answers "ended"; one the store lacks, "unknown".
 * The claim (the run's lease on a shared store) makes sure two deliveries racing on two servers
 * resume it once.
 */
export async function resumeSuspendedStep(
  mastra: Mastra,
  claims: RunClaims,
  runId: string,
  stepId: string,
  resumeData: unknown,
): Promise<ResumeOutcome> {
  if (claims.has(runId)) return { state: "running" };
  const workflow = mastra.getWorkflow(NEGOTIATION_WORKFLOW_KEY);
  const stored = await workflow.getWorkflowRunById(runId, { fields: ["suspendedPaths"] });
  if (stored === null) return { state: "unknown" };
  if (stored.status === "running" || stored.status === "waiting") return await resumeRun(mastra, claims, runId);
  if (stored.status !== "suspended" || stored.suspendedPaths?.[stepId] === undefined) {
    return { state: "ended", status: stored.status };
  }
  if (!(await claims.claim(runId))) return { state: "running" };
  const run = await workflow.createRun({ runId });
  // No request context of its own: the run goes on with the one it was started with (its grant).
  run
    .resume({ step: stepId, resumeData })
    .catch((error: unknown) => mastra.getLogger().error(`could not resume run ${runId} at ${stepId}`, { error }))
    .finally(() => claims.release(runId));
  return { state: "resumed" };
}
