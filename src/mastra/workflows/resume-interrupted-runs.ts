import type { Mastra } from "@mastra/core/mastra";
import { NEGOTIATION_WORKFLOW_KEY } from "../domain/run-credentials";

/**
 * Called by the server itself when it starts (never by a route: see src/mastra/auth/route-policy.ts).
 * Every negotiation run its store still calls running was interrupted, since this process has only
 * just started: each is restarted from its stored snapshot, and its step goes on with every
 * negotiation from what was persisted (Convex or the transcript), not from round one. The runs go
 * on side by side; Mastra's own sweep would wait for each run to finish before the next.
 *
 * One server per store: a store shared by several servers needs each run claimed before it is
 * restarted, or two servers would run it at once.
 */
export async function resumeInterruptedRuns(mastra: Mastra): Promise<string[]> {
  const workflow = mastra.getWorkflow(NEGOTIATION_WORKFLOW_KEY);
  const { runs } = await workflow.listActiveWorkflowRuns();
  const logger = mastra.getLogger();
  for (const snapshot of runs) {
    const run = await workflow.createRun({ runId: snapshot.runId });
    run.restart().catch((error: unknown) => {
      logger.error(`could not resume negotiation run ${snapshot.runId}`, { error });
    });
  }
  return runs.map((run) => run.runId);
}
