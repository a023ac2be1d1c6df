import type { Mastra } from "@mastra/core/mastra";
import type { Middleware } from "@mastra/core/server";
import { callerOf, type Caller } from "../auth/callers";
import { mayCall } from "../auth/route-policy";
import type { RunCredentialAuth } from "../auth/server-auth";
import { NEGOTIATION_WORKFLOW_KEY, sha256Hex } from "../../shared/run-credentials";
import { describeValidationError } from "../../domain/validation-error";
import type { RunClaims } from "./run-claims";
import { negotiationWorkflowInputSchema } from "./workflow-schemas";

/** The workflow as the REST API names it: by its registry key or by its id. */
const WORKFLOW_NAMES = new Set([NEGOTIATION_WORKFLOW_KEY, "negotiation-workflow"]);

/**
 * The gate in front of Mastra's fire-and-forget `start` route, which on its own starts a run in the
 * background and answers "Workflow run started" before looking at anything else:
 *
 * - a start token from Convex starts its run only with the input it was signed for: the SHA-256
 *   of the body must be the token's `inputDigest` (403 otherwise), so a replayed token cannot
 *   carry swapped suppliers or priorities;
 * - a run starts once: a run that is no longer "pending", that this process has started already,
 *   or whose lease another server holds (servers sharing a store), is refused with 409 (Mastra
 *   would run a second copy beside the first);
 * - a bad input is answered 400 naming each bad field, as `start-async` and `stream` do.
 *
 * Server middleware runs before a route's own auth, so a caller the server's auth would refuse
 * (no token, a forged one, a route its kind may not call) is passed on untouched, to be refused by
 * the route with 401 or 403: the gate tells nothing to a caller who may not start this run.
 */
export function startGate(auth: RunCredentialAuth | undefined, claims: RunClaims): Middleware {
  const startedHere = new StartedRuns();
  return {
    path: "/api/workflows/:workflowId/start",
    handler: async (c, next) => {
      if (c.req.method !== "POST" || !WORKFLOW_NAMES.has(c.req.param("workflowId") ?? "")) return next();
      const caller = auth ? await verifiedCaller(auth, c.req.raw) : null;
      if (auth && (caller === null || !mayCall(caller, "POST", new URL(c.req.url)))) return next();
      // A clone: the route reads the request's own body after this. Bodies are capped before here.
      const text = await c.req.raw.clone().text();
      if (caller?.kind === "convex-start" && (await sha256Hex(text)) !== caller.claims.inputDigest) {
        return c.json({ error: "this start token was signed for another input" }, 403);
      }
      const problem = inputProblem(text);
      if (problem !== null) return c.json({ error: problem }, 400);
      const runId = c.req.query("runId");
      const mastra = c.get("mastra") as Mastra;
      if (runId === undefined) return next();
      if (!(await startedHere.claim(mastra, runId))) {
        return c.json({ error: `run ${runId} has already been started; a run starts once` }, 409);
      }
      // The run's claim (with servers sharing a store, its lease) is taken before it starts.
      if (!(await claims.claim(runId))) {
        return c.json({ error: `run ${runId} is executing on another server; a run starts once` }, 409);
      }
      await next();
      if (c.res.status >= 300) claims.release(runId);
    },
  };
}

/** Why the body is not a valid start, or null. A body that is not JSON is left to the route. */
function inputProblem(text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const inputData = typeof body === "object" && body !== null ? (body as { inputData?: unknown }).inputData : undefined;
  const parsed = negotiationWorkflowInputSchema.safeParse(inputData);
  return parsed.success ? null : `invalid workflow input:\n${describeValidationError(parsed.error)}`;
}

async function verifiedCaller(auth: RunCredentialAuth, request: Request): Promise<Caller | null> {
  const token = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
  if (!token) return null;
  try {
    return callerOf(await auth.authenticateToken(token, request));
  } catch {
    return null;
  }
}

/**
 * The runs this process has let through the gate. The store says whether a run has left "pending"
 * (which covers other processes and restarts); this covers the moments before it does, when two
 * starts of one run arrive together. Kept bounded: a run old enough to fall out has long left
 * "pending" in the store.
 */
class StartedRuns {
  private readonly ids = new Set<string>();
  private static readonly MAX = 100_000;

  async claim(mastra: Mastra, runId: string): Promise<boolean> {
    if (this.ids.has(runId)) return false;
    // Claimed before the first await, so a twin arriving meanwhile is refused.
    this.ids.add(runId);
    if (this.ids.size > StartedRuns.MAX) this.ids.delete(this.ids.values().next().value!);
    const stored = await mastra.getWorkflow(NEGOTIATION_WORKFLOW_KEY).getWorkflowRunById(runId);
    if (stored === null) {
      // No such run: the route answers 404, and a start after its create-run is still the first.
      this.ids.delete(runId);
      return true;
    }
    return stored.status === "pending";
  }
}
