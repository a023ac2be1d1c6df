import { registerApiRoute } from "@mastra/core/server";
import { SUPPLIER_TURN_ROUTE_PATH } from "../../shared/run-credentials";
import { RUN_NEGOTIATIONS_STEP_ID } from "./run-negotiations-step";
import type { RunClaims } from "./run-claims";
import { resumeSuspendedStep } from "./suspended-step";

/**
 * The route Convex calls when a supplier answering in person has replied, or their time to reply
 * ran out (supplierTurns.ts): the run suspended at run-negotiations goes on, and reads which from its
 * quote. Open only to a Convex token naming that run (route-policy.ts); it carries nothing else, so
 * a caller cannot make up a reply: replies exist only in Convex, written from the supplier's page.
 */
export function supplierTurnRoute(claims: RunClaims) {
  return registerApiRoute(SUPPLIER_TURN_ROUTE_PATH, {
    method: "POST",
    handler: async (c) => {
      const runId = c.req.param("runId");
      const outcome = await resumeSuspendedStep(c.get("mastra"), claims, runId, RUN_NEGOTIATIONS_STEP_ID, {});
      return c.json(outcome, outcome.state === "unknown" ? 404 : 200);
    },
  });
}
