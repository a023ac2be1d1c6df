import { BRAND_AGENT_ID } from "../agents/brand-agent";
import { SUPPLIER_AGENT_ID } from "../agents/supplier-agent";
import {
  DECISION_ROUTE_PATH,
  NEGOTIATION_WORKFLOW_KEY,
  RESUME_ROUTE_PATH,
  SUPPLIER_TURN_ROUTE_PATH,
} from "../../shared/run-credentials";
import type { Caller } from "./callers";

/**
 * Which routes each kind of caller may call on the Mastra server. Closed by default: a route is
 * open to a caller only when a rule below names it for that caller's kind, so a route a later
 * Mastra release adds is refused (403) until someone decides who needs it.
 *
 * - Convex's tokens open exactly the calls Convex makes, each on the one run the token names.
 * - A developer's token opens Studio's agent chat and the workflow's *local* runs: the run ids it
 *   may name are UUIDs (Mastra's own), never a Convex quote id, and Mastra refuses it any run
 *   stamped with Convex's resource (src/mastra/auth/callers.ts). Restarting runs, stepping into
 *   them, time travel, traces and logs are open to no token: restarts are the server's own job.
 */

interface Rule {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** With `:name` for one path segment. */
  path: string;
}

const WORKFLOW_RUN_ROUTES: Rule[] = [
  { method: "GET", path: "/api/workflows/:workflowId/runs" },
  { method: "GET", path: "/api/workflows/:workflowId/runs/:runId" },
  { method: "POST", path: "/api/workflows/:workflowId/create-run" },
  { method: "POST", path: "/api/workflows/:workflowId/start" },
  { method: "POST", path: "/api/workflows/:workflowId/start-async" },
  { method: "POST", path: "/api/workflows/:workflowId/stream" },
  { method: "POST", path: "/api/workflows/:workflowId/observe" },
  { method: "POST", path: "/api/workflows/:workflowId/resume" },
  { method: "POST", path: "/api/workflows/:workflowId/resume-async" },
  { method: "POST", path: "/api/workflows/:workflowId/resume-stream" },
  { method: "POST", path: "/api/workflows/:workflowId/runs/:runId/cancel" },
];

const DEVELOPER_ROUTES: Rule[] = [
  { method: "GET", path: "/api/agents" },
  { method: "GET", path: "/api/agents/providers" },
  { method: "GET", path: "/api/agents/:agentId" },
  { method: "POST", path: "/api/agents/:agentId/generate" },
  { method: "POST", path: "/api/agents/:agentId/stream" },
  { method: "GET", path: "/api/memory/status" },
  { method: "GET", path: "/api/memory/config" },
  { method: "GET", path: "/api/memory/threads" },
  { method: "POST", path: "/api/memory/threads" },
  { method: "GET", path: "/api/memory/threads/:threadId" },
  { method: "PATCH", path: "/api/memory/threads/:threadId" },
  { method: "DELETE", path: "/api/memory/threads/:threadId" },
  { method: "GET", path: "/api/memory/threads/:threadId/messages" },
  { method: "GET", path: "/api/workflows" },
  { method: "GET", path: "/api/workflows/:workflowId" },
  ...WORKFLOW_RUN_ROUTES,
  { method: "GET", path: "/api/tools" },
  { method: "GET", path: "/api/system/packages" },
];

const CONVEX_ROUTES: Rule[] = [
  // The project's own route: Convex asks for a run it has stopped hearing from (resume-interrupted-runs.ts).
  { method: "POST", path: RESUME_ROUTE_PATH },
  // The project's own route: Convex hands a waiting run the buyer's decision (decision-route.ts).
  { method: "POST", path: DECISION_ROUTE_PATH },
  // The project's own route: Convex tells a run waiting for a supplier in person that its turn came (supplier-turn-route.ts).
  { method: "POST", path: SUPPLIER_TURN_ROUTE_PATH },
  { method: "POST", path: `/api/workflows/${NEGOTIATION_WORKFLOW_KEY}/create-run` },
  { method: "GET", path: `/api/workflows/${NEGOTIATION_WORKFLOW_KEY}/runs/:runId` },
  { method: "POST", path: `/api/workflows/${NEGOTIATION_WORKFLOW_KEY}/runs/:runId/cancel` },
];

const CONVEX_START_ROUTES: Rule[] = [{ method: "POST", path: `/api/workflows/${NEGOTIATION_WORKFLOW_KEY}/start` }];

/**
 * What a named segment may be. `:workflowId` and `:agentId` name this server's own (by registry key
 * or id), so a later route such as `GET /workflows/run-counts` never passes for one of them.
 */
const SEGMENTS: Record<string, (value: string) => boolean> = {
  workflowId: (value) => [NEGOTIATION_WORKFLOW_KEY, "negotiation-workflow"].includes(value),
  agentId: (value) => ["brandNegotiator", "supplierNegotiator", BRAND_AGENT_ID, SUPPLIER_AGENT_ID].includes(value),
};

/** Mastra's own run ids (`crypto.randomUUID()`); a Convex run's id is its quote id, never one of these. */
const LOCAL_RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `caller` may make this request. */
export function mayCall(caller: Caller, method: string, url: URL): boolean {
  const runId = runIdNamed(url.pathname, url, rulesFor(caller), method);
  if (runId === undefined) return false;
  switch (caller.kind) {
    case "convex-start":
      return runId === caller.claims.runId;
    case "convex":
      return runId === caller.runId;
    case "developer":
      return runId === null || LOCAL_RUN_ID.test(runId);
  }
}

function rulesFor(caller: Caller): Rule[] {
  if (caller.kind === "convex-start") return CONVEX_START_ROUTES;
  return caller.kind === "convex" ? CONVEX_ROUTES : DEVELOPER_ROUTES;
}

/**
 * The run a request names (its `:runId` segment or its single `runId` query parameter), null when it
 * names none, or undefined when no rule matches it or it names a run twice.
 */
function runIdNamed(route: string, url: URL, rules: Rule[], method: string): string | null | undefined {
  for (const rule of rules) {
    if (rule.method !== method) continue;
    const params = match(rule.path, route);
    if (params === null) continue;
    const inQuery = url.searchParams.getAll("runId");
    if (inQuery.length > 1 || (inQuery.length === 1 && params.runId !== undefined)) return undefined;
    return params.runId ?? inQuery[0] ?? null;
  }
  return undefined;
}

/** The pattern's `:name` segments from `path`, decoded; null when the path does not fit the pattern. */
function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const value = got[i]!;
    if (segment.startsWith(":")) {
      const name = segment.slice(1);
      const decoded = decodeSegment(value);
      if (decoded === null || decoded === "" || !(SEGMENTS[name]?.(decoded) ?? true)) return null;
      params[name] = decoded;
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
