import { createStep } from "@mastra/core/workflows";
import { decisionSchema, type Decision } from "../../domain/decision";
import { roundCents } from "../../domain/money";
import { totalPrice, type Terms } from "../../domain/offer";
import type { NegotiationResult } from "../negotiation/negotiation-types";
import type { Recommendation } from "../evaluation/recommendation";
import type { RunClaims } from "./run-claims";
import {
  awaitingDecisionSchema,
  decidedOutputSchema,
  negotiationWorkflowOutputSchema,
  type AwardMode,
  type NegotiationWorkflowInput,
} from "./workflow-schemas";

export const AWAIT_DECISION_STEP_ID = "await-decision";

/**
 * The workflow's third step: the deals wait for the buyer. With a deal to award and the buyer to
 * decide, the run suspends: Mastra stores its snapshot and no process holds anything while the buyer
 * thinks it over (a server restart meanwhile loses nothing). The decision resumes it here, checked
 * against the deals there are. With no deal there is nothing to decide; the terminal demo awards the
 * recommendation itself, and a run told "none" stops at the recommendation.
 */
export function createAwaitDecisionStep(deps: { claims?: RunClaims }) {
  return createStep({
    id: AWAIT_DECISION_STEP_ID,
    description: "Waits for the buyer to award a deal or decline them all (resume with the decision).",
    inputSchema: negotiationWorkflowOutputSchema,
    outputSchema: decidedOutputSchema,
    resumeSchema: decisionSchema,
    suspendSchema: awaitingDecisionSchema,
    execute: async ({ inputData, resumeData, suspend, getInitData, runId }) => {
      const deals = inputData.results.filter(isDeal);
      const problem = resumeData === undefined ? undefined : decisionProblem(resumeData, deals);
      if (resumeData !== undefined && problem === undefined) return { ...inputData, decision: resumeData };
      const mode: AwardMode = getInitData<NegotiationWorkflowInput>().award ?? "buyer";
      if (deals.length === 0 || mode === "none") return inputData;
      if (mode === "recommended") return { ...inputData, decision: recommendedDecision(inputData.recommendation) };
      // Nothing runs while the buyer decides: a later resume (any process) holds the run again.
      deps.claims?.release(runId);
      // A decision that does not fit (an award for a supplier without a deal) is refused, and the run
      // goes on waiting for one that does, saying why.
      return await suspend({
        recommendedSupplierId: inputData.recommendation.recommended?.supplierId ?? null,
        deals: deals.map((deal) => ({
          supplierId: deal.supplierId,
          supplierName: deal.supplierName,
          totalPrice: roundCents(totalPrice(deal.finalOffer)),
        })),
        ...(problem === undefined ? {} : { problem }),
      });
    },
  });
}

/** An award names a supplier this run agreed a deal with; anything else is refused, never guessed at. */
function decisionProblem(decision: Decision, deals: readonly NegotiationResult[]): string | undefined {
  if (decision.decision === "decline" || deals.some((deal) => deal.supplierId === decision.supplierId))
    return undefined;
  const agreed = deals.map((deal) => deal.supplierId).join(", ") || "none";
  return `cannot award "${decision.supplierId}": no deal was agreed with it (deals: ${agreed})`;
}

function recommendedDecision(recommendation: Recommendation): Decision {
  const recommended = recommendation.recommended;
  return recommended ? { decision: "award", supplierId: recommended.supplierId } : { decision: "decline" };
}

/** A negotiation that ended in agreed terms: the deals the buyer may award. */
export function isDeal(result: NegotiationResult): result is NegotiationResult & { finalOffer: Terms } {
  return result.status === "completed" && result.finalOffer !== undefined;
}
