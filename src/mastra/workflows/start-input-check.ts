import type { Middleware } from "@mastra/core/server";
import type { RunCredentialAuth } from "../auth/server-auth";
import { describeValidationError } from "../domain/validation-error";
import { negotiationWorkflowInputSchema } from "./negotiation-workflow";

/** The workflow as the REST API names it: by its registry key or by its id. */
const WORKFLOW_NAMES = new Set(["negotiationWorkflow", "negotiation-workflow"]);

/**
 * Mastra's `start` route starts a run in the background and answers "Workflow run started" before
 * the input is looked at; a bad input then fails the run (with the fields named) where the caller
 * no longer sees it. This checks the input on that route first, with the workflow's own schema, and
 * answers 400 naming each bad field, as `start-async` and `stream` do.
 *
 * Server middleware runs before the route's own auth check, so with `auth` set a caller whose token
 * the server's provider does not accept is passed on untouched, to be refused 401 by the route: the
 * check tells nothing to a caller who may not start runs.
 */
export function startInputCheck(auth: RunCredentialAuth | undefined): Middleware {
  return {
    path: "/api/workflows/:workflowId/start",
    handler: async (c, next) => {
      if (c.req.method !== "POST" || !WORKFLOW_NAMES.has(c.req.param("workflowId") ?? "")) return next();
      if (auth && !(await accepted(auth, c.req.header("authorization")))) return next();
      let body: unknown;
      try {
        // A clone: the route reads the request's own body after this.
        body = await c.req.raw.clone().json();
      } catch {
        return next(); // not JSON: the route answers that as it always has
      }
      const inputData =
        typeof body === "object" && body !== null ? (body as { inputData?: unknown }).inputData : undefined;
      const parsed = negotiationWorkflowInputSchema.safeParse(inputData);
      if (parsed.success) return next();
      return c.json({ error: `invalid workflow input:\n${describeValidationError(parsed.error)}` }, 400);
    },
  };
}

async function accepted(auth: RunCredentialAuth, header: string | undefined): Promise<boolean> {
  const token = header?.match(/^Bearer (.+)$/)?.[1];
  if (!token) return false;
  try {
    await auth.authenticateToken(token);
    return true;
  } catch {
    return false;
  }
}
