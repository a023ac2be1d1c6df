import { createStep } from "@mastra/core/workflows";
import { evaluateOffers } from "../evaluation/evaluate-offers";
import { mergeReports } from "../storage/negotiation-sink";
import { openRunSink, type RunSinkDeps } from "./run-sink";
import { negotiationsOutputSchema, negotiationWorkflowOutputSchema } from "./workflow-schemas";

/** The workflow's second step: the recommendation, scored and recorded on the quote. */
export function createEvaluateOffersStep(deps: RunSinkDeps) {
  return createStep({
    id: "evaluate-offers",
    description: "Scores each agreed deal by the buyer's weighted priorities and recommends the best.",
    inputSchema: negotiationsOutputSchema,
    outputSchema: negotiationWorkflowOutputSchema,
    execute: async ({ inputData, requestContext, runId }) => {
      const { priorities, buyerValues, userId, products, maxLeadTimeDays, ...rest } = inputData;
      const recommendation = evaluateOffers(inputData.results, priorities, { products, maxLeadTimeDays }, buyerValues);
      const run = await openRunSink(deps, { requestContext, runId, input: { quoteId: inputData.quoteId, userId } });
      run.sink.recordRecommendation(inputData.quoteId, recommendation);
      const report = await run.flush();
      return { ...rest, recommendation, delivery: mergeReports(inputData.delivery, report) };
    },
  });
}
