import { createWorkflow } from "@mastra/core/workflows";
import { createEvaluateOffersStep } from "./evaluate-offers-step";
import { reportRunEnd } from "./report-run-end";
import { createRunNegotiationsStep, type RunNegotiationsDeps } from "./run-negotiations-step";
import { negotiationWorkflowInputSchema, negotiationWorkflowOutputSchema } from "./workflow-schemas";

/** What the workflow is built from: the run-negotiations step needs all of it, the others part. */
export type NegotiationWorkflowDeps = RunNegotiationsDeps;

/**
 * A buyer's quote from input to recommendation: run-negotiations (every supplier at once,
 * run-negotiations-step.ts), then evaluate-offers (evaluate-offers-step.ts). Each step opens the
 * run's sink for itself (run-sink.ts); the run's end reports a failure on the quote (report-run-end.ts).
 */
export function createNegotiationWorkflow(deps: NegotiationWorkflowDeps) {
  return createWorkflow({
    id: "negotiation-workflow",
    description: "Negotiates a buyer's quote with every supplier concurrently and recommends the best deal.",
    inputSchema: negotiationWorkflowInputSchema,
    outputSchema: negotiationWorkflowOutputSchema,
    options: {
      // Mastra's own sweep restarts interrupted runs one after another, each awaited to its end; the
      // server resumes them side by side instead (resume-interrupted-runs.ts).
      autoRestartActiveRuns: false,
      // The first step checks the input itself and fails the run with the reason (see there).
      validateInputs: false,
      onFinish: reportRunEnd(deps),
    },
  })
    .then(createRunNegotiationsStep(deps))
    .then(createEvaluateOffersStep(deps))
    .commit();
}
