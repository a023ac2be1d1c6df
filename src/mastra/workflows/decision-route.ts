import type { Mastra } from "@mastra/core/mastra";
import type { RequestContext } from "@mastra/core/request-context";
import { registerApiRoute } from "@mastra/core/server";
import type { Decision } from "../../domain/decision";
import { DECISION_ROUTE_PATH, decisionClaimsSchema } from "../../shared/run-credentials";
import { AWAIT_DECISION_STEP_ID } from "./await-decision-step";
import type { ResumeOutcome } from "./resume-interrupted-runs";
import { resumeSuspendedStep } from "./suspended-step";
import type { RunClaims } from "./run-claims";

/**
 * Hands a run waiting for the buyer (suspended at await-decision) the decision, and lets it close
 * every negotiation in the background: "resumed". A run already closing (an earlier delivery whose
 * answer was lost) answers "running", or "resumed" when it was interrupted and is restarted here; a
 * run that already ended answers "ended"; a run the store does not hold, "unknown".
 */
export async function deliverDecision(
  mastra: Mastra,
  claims: RunClaims,
  runId: string,
  decision: Decision,
): Promise<ResumeOutcome> {
  return await resumeSuspendedStep(mastra, claims, runId, AWAIT_DECISION_STEP_ID, decision);
}

/** The route: open only to a Convex token naming that run (route-policy.ts), the decision in its claims. */
export function decisionRoute(claims: RunClaims) {
  return registerApiRoute(DECISION_ROUTE_PATH, {
    method: "POST",
    handler: async (c) => {
      const requestContext = c.get("requestContext") as RequestContext | undefined;
      const signed = decisionClaimsSchema.safeParse(requestContext?.get("mastra__user"));
      if (!signed.success) return c.json({ error: "this token carries no decision" }, 400);
      const decision = decisionOf(signed.data);
      if (decision === null) return c.json({ error: "an award must name its supplier" }, 400);
      const outcome = await deliverDecision(c.get("mastra"), claims, c.req.param("runId"), decision);
      return c.json(outcome, outcome.state === "unknown" ? 404 : 200);
    },
  });
}

function decisionOf(claims: { decision: "award" | "decline"; supplierId?: string | undefined }): Decision | null {
  if (claims.decision === "decline") return { decision: "decline" };
  return claims.supplierId === undefined ? null : { decision: "award", supplierId: claims.supplierId };
}
