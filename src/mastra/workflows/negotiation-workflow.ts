import { createWorkflow } from "@mastra/core/workflows";
import { createAwaitDecisionStep } from "./await-decision-step";
import { createCloseNegotiationsStep } from "./close-negotiations-step";
import { createEvaluateOffersStep } from "./evaluate-offers-step";
import { reportRunEnd } from "./report-run-end";
import { createRunNegotiationsStep, type RunNegotiationsDeps } from "./run-negotiations-step";
import { closedOutputSchema, negotiationWorkflowInputSchema } from "./workflow-schemas";

/** What the workflow is built from: the run-negotiations step needs all of it, the others part. */
export type NegotiationWorkflowDeps = RunNegotiationsDeps;

/**
 * A buyer's quote from input to a closed deal: run-negotiations (every supplier at once,
 * run-negotiations-step.ts), evaluate-offers (evaluate-offers-step.ts), await-decision (the run
 * suspends until the buyer awards a deal or declines them all, await-decision-step.ts), then
 * close-negotiations (the brand's confirmation and declines, close-negotiations-step.ts). Each step
 * opens the run's sink for itself (run-sink.ts); the run's end reports a failure on the quote
 * (report-run-end.ts).
 */
export function createNegotiationWorkflow(deps: NegotiationWorkflowDeps) {
  return createWorkflow({
    id: "negotiation-workflow",
    description: "Negotiates a buyer's quote with every supplier concurrently, recommends the best deal and closes it.",
    inputSchema: negotiationWorkflowInputSchema,
    outputSchema: closedOutputSchema,
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
    .then(createAwaitDecisionStep(deps))
    .then(createCloseNegotiationsStep(deps))
    .commit();
}
