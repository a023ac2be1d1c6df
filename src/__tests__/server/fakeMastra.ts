import { vi } from "vitest";

/**
 * A stand-in for the Mastra server's REST API behind a stubbed global `fetch`. Each route answers
 * from a queue of scripted replies (the last one repeats), and every request is recorded with the
 * fake clock's time so tests can check what was sent, how often, and the pauses between retries.
 */

export type Reply = { status: number; body?: unknown } | { networkError: string };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The body exactly as sent. */
  rawBody: string | undefined;
  /** The Authorization header as sent. */
  authorization: string | undefined;
  /** The claims of the bearer token (read, not verified). */
  claims: Record<string, unknown> | undefined;
  at: number;
}

export type Route = "create-run" | "start" | "get-run" | "cancel" | "resume" | "decision" | "supplier-turn";

export function fakeMastra(
  scripts: Partial<Record<Route, Reply[]>> = {},
  /** Runs while a request is in flight, before it is answered: for racing a buyer's action against it. */
  duringRequest?: (route: Route) => Promise<void>,
) {
  const requests: RecordedRequest[] = [];
  const queues: Record<Route, Reply[]> = {
    "create-run": scripts["create-run"] ?? [{ status: 200, body: { runId: "run-1" } }],
    start: scripts.start ?? [{ status: 200, body: { message: "Workflow run started" } }],
    "get-run": scripts["get-run"] ?? [{ status: 200, body: { runId: "run-1", status: "running" } }],
    cancel: scripts.cancel ?? [{ status: 200, body: { message: "Workflow run cancelled" } }],
    resume: scripts.resume ?? [{ status: 200, body: { state: "running" } }],
    decision: scripts.decision ?? [{ status: 200, body: { state: "resumed" } }],
    "supplier-turn": scripts["supplier-turn"] ?? [{ status: 200, body: { state: "resumed" } }],
  };

  const fetchStub = vi.fn(async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const authorization = new Headers(init?.headers).get("authorization") ?? undefined;
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      rawBody: typeof init?.body === "string" ? init.body : undefined,
      authorization,
      claims: claimsOf(authorization),
      at: Date.now(),
    });
    const route = routeOf(method, url.pathname);
    await duringRequest?.(route);
    const queue = queues[route];
    const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
    if ("networkError" in reply) throw new TypeError(reply.networkError);
    return new Response(JSON.stringify(reply.body ?? {}), {
      status: reply.status,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchStub);

  return {
    requests,
    /** "POST create-run", "POST start", … in the order they were made. */
    calls: () => requests.map((r) => `${r.method} ${routeOf(r.method, r.path)}`),
  };
}

function claimsOf(authorization: string | undefined): Record<string, unknown> | undefined {
  const payload = authorization?.match(/^Bearer [^.]+\.([^.]+)\./)?.[1];
  return payload === undefined
    ? undefined
    : (JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>);
}

function routeOf(method: string, path: string): Route {
  if (/^\/negotiation-runs\/[^/]+\/resume$/.test(path)) return "resume";
  if (/^\/negotiation-runs\/[^/]+\/decision$/.test(path)) return "decision";
  if (/^\/negotiation-runs\/[^/]+\/supplier-turn$/.test(path)) return "supplier-turn";
  if (path === "/api/workflows/negotiationWorkflow/create-run") return "create-run";
  if (path === "/api/workflows/negotiationWorkflow/start") return "start";
  if (/^\/api\/workflows\/negotiationWorkflow\/runs\/[^/]+\/cancel$/.test(path)) return "cancel";
  if (method === "GET" && /^\/api\/workflows\/negotiationWorkflow\/runs\/[^/]+$/.test(path)) return "get-run";
  throw new Error(`the fake Mastra server has no route ${method} ${path}`);
}
