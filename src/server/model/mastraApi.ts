/**
 * The few calls Convex makes to the Mastra server's REST API (routes from @mastra/server,
 * `src/server/handlers/workflows`), over plain fetch so it runs in Convex's default runtime.
 *
 * Starting a run takes two calls:
 * - `POST /api/workflows/:key/create-run?runId=` registers the run and answers `{ runId }`.
 * - `POST /api/workflows/:key/start?runId=` starts it and answers at once ("Workflow run
 *   started") while the run goes on in the background. `start-async`, despite its name, awaits
 *   `run.start()` and answers only when every negotiation is over (minutes), which would hold a
 *   Convex action open for the whole negotiation and hit its time limit. The price of
 *   fire-and-forget: an input the workflow rejects is reported only in the Mastra server's log, so
 *   Convex checks the input with the same rules before it gets here (quoteInput.ts).
 * - `GET /api/workflows/:key/runs/:runId` tells whether a start whose answer was lost went through,
 *   and lets the crash watchdog (workflowWatchdog.ts) see whether a run is still alive.
 * - `POST /api/workflows/:key/runs/:runId/cancel` aborts a running run.
 *
 * Every request carries a JWT Convex signs for that one call (run-credentials.ts), naming the run the
 * call is about: the Mastra server refuses anything else, and opens to it only that run's routes.
 * The start request's token also carries the run's write grant and the SHA-256 of the exact body
 * sent with it, so it starts that run with that input and nothing else.
 */
import {
  CONVEX_SUBJECT,
  CONVEX_TOKEN_TTL_SECONDS,
  DECISION_ROUTE_PATH,
  NEGOTIATION_WORKFLOW_KEY,
  RESUME_ROUTE_PATH,
  SUPPLIER_TURN_ROUTE_PATH,
  sha256Hex,
  signJwt,
  type RunGrantClaims,
} from "../../shared/run-credentials";
import type { NegotiationRunInput } from "./validators";

/** Each request gets this long; a hung server must not hold the action until Convex kills it. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The request never got an answer: connection refused, DNS, reset, timeout. */
export class MastraUnreachableError extends Error {
  override name = "MastraUnreachableError";
}

/** The server answered with an error status. */
export class MastraHttpError extends Error {
  override name = "MastraHttpError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Worth another try: no answer at all, a server error, or "too many requests". */
export function isTransientMastraError(error: unknown): boolean {
  if (error instanceof MastraUnreachableError) return true;
  return error instanceof MastraHttpError && (error.status >= 500 || error.status === 429);
}

/** A server that did not answer, or answered that it cannot serve now: the next one in the list may. */
function isServerDown(error: unknown): boolean {
  return (
    error instanceof MastraUnreachableError ||
    (error instanceof MastraHttpError && (error.status === 502 || error.status === 503 || error.status === 504))
  );
}

export class MastraWorkflowApi {
  private readonly baseUrls: string[];

  constructor(
    /**
     * One Mastra server, or several sharing one Postgres store: a call goes to the first that
     * answers, starting from a place that depends on the run, so runs spread over the servers and
     * every call about one run asks the same server first (create-run and start land together).
     */
    baseUrls: string | readonly string[],
    /** MASTRA_AUTH_SECRET: the Mastra server accepts only tokens signed with it. */
    private readonly secret: string,
  ) {
    this.baseUrls = (typeof baseUrls === "string" ? [baseUrls] : [...baseUrls]).map((url) => url.replace(/\/+$/, ""));
    if (this.baseUrls.length === 0) throw new Error("MastraWorkflowApi needs at least one server URL");
  }

  /** Idempotent when given a run id: asking again for the same id returns the same run. */
  async createRun(runId: string): Promise<string> {
    const body = await this.request("POST", `${this.workflowPath()}/create-run?runId=${encodeURIComponent(runId)}`, {
      runId,
    });
    const created = isRecord(body) ? body.runId : undefined;
    if (typeof created !== "string" || created.length === 0) {
      throw new MastraHttpError(502, `create-run answered without a runId: ${snippet(JSON.stringify(body))}`);
    }
    return created;
  }

  /** The grant is the run's identity: the workflow takes its quote and write token from it, not from the body. */
  async startRun(runId: string, inputData: NegotiationRunInput, grant: Omit<RunGrantClaims, "sub">): Promise<void> {
    const body = JSON.stringify({ inputData });
    const claims = { ...grant, inputDigest: await sha256Hex(body) };
    await this.request("POST", `${this.workflowPath()}/start?runId=${encodeURIComponent(runId)}`, claims, body);
  }

  /** The run's status ("pending" until started), or null when the server has no such run. */
  async getRunStatus(runId: string): Promise<string | null> {
    try {
      const body = await this.request("GET", `${this.workflowPath()}/runs/${encodeURIComponent(runId)}`, { runId });
      return isRecord(body) && typeof body.status === "string" ? body.status : null;
    } catch (error) {
      if (error instanceof MastraHttpError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Asks the server for a run Convex has stopped hearing from (the project's own route, open only to a
   * token naming that run): "running" when it is executing there, "resumed" when it was restarted
   * from its snapshot, "unknown" when the server's store has no such run, "ended" otherwise.
   */
  async resumeRun(runId: string): Promise<string> {
    return await this.postRunRoute(RESUME_ROUTE_PATH, runId, {});
  }

  /**
   * Tells a run waiting for a supplier who answers in person that their turn has come (a reply, or
   * the time to reply ran out): "resumed" when it goes on, "running" when it is executing anyway
   * (it reads the reply itself, or is about to suspend: ask again), "ended" or "unknown" as for `resumeRun`.
   */
  async deliverSupplierTurn(runId: string): Promise<string> {
    return await this.postRunRoute(SUPPLIER_TURN_ROUTE_PATH, runId, {});
  }

  /**
   * Hands a run waiting for the buyer the decision (the project's own route; the decision travels in
   * the signed claims): "resumed" or "running" when the run is closing the negotiations, "ended"
   * when it already finished, "unknown" when the server's store has no such run.
   */
  async deliverDecision(
    runId: string,
    decision: { decision: "award" | "decline"; supplierId?: string },
  ): Promise<string> {
    return await this.postRunRoute(DECISION_ROUTE_PATH, runId, decision);
  }

  /** One of the project's own run routes: the state it answers, "unknown" for a run the server lacks. */
  private async postRunRoute(path: string, runId: string, claims: Record<string, string>): Promise<string> {
    try {
      const body = await this.request("POST", path.replace(":runId", encodeURIComponent(runId)), { runId, ...claims });
      return isRecord(body) && typeof body.state === "string" ? body.state : "unknown";
    } catch (error) {
      if (error instanceof MastraHttpError && error.status === 404) return "unknown";
      throw error;
    }
  }

  /**
   * Asks every server: only the one executing the run can abort it, and any of them may be it. Fails
   * only when none could be asked.
   */
  async cancelRun(runId: string): Promise<void> {
    const path = `${this.workflowPath()}/runs/${encodeURIComponent(runId)}/cancel`;
    const outcomes = await Promise.allSettled(
      this.baseUrls.map((baseUrl) => this.requestOne(baseUrl, "POST", path, { runId }, "{}")),
    );
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure && outcomes.every((outcome) => outcome.status === "rejected")) throw failure.reason;
  }

  private workflowPath(): string {
    return `/api/workflows/${NEGOTIATION_WORKFLOW_KEY}`;
  }

  /**
   * `claims` name the run the call is about (and, to start it, its grant); `body` is sent as is. Goes
   * to the servers in the run's order until one answers; the last failure when none does.
   */
  private async request(
    method: "GET" | "POST",
    path: string,
    claims: { runId: string } & Record<string, string>,
    body: string | undefined = method === "POST" ? "{}" : undefined,
  ): Promise<unknown> {
    let lastFailure: unknown;
    for (const baseUrl of this.serversFor(claims.runId)) {
      try {
        return await this.requestOne(baseUrl, method, path, claims, body);
      } catch (error) {
        if (!isServerDown(error)) throw error;
        lastFailure = error;
      }
    }
    throw lastFailure;
  }

  /** Every server, starting at one picked by the run id. */
  private serversFor(runId: string): string[] {
    let hash = 0;
    for (const char of runId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    const first = hash % this.baseUrls.length;
    return [...this.baseUrls.slice(first), ...this.baseUrls.slice(0, first)];
  }

  private async requestOne(
    baseUrl: string,
    method: "GET" | "POST",
    path: string,
    claims: { runId: string } & Record<string, string>,
    body: string | undefined,
  ): Promise<unknown> {
    const token = await signJwt({ ...claims, sub: CONVEX_SUBJECT }, this.secret, CONVEX_TOKEN_TTL_SECONDS);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
      });
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : describeFetchError(error);
      // With several servers the message says which one; with one, the caller's message names it already.
      const where = this.baseUrls.length > 1 ? `${baseUrl}${path}` : path;
      throw new MastraUnreachableError(`${method} ${where}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new MastraHttpError(
        response.status,
        `${method} ${path}: HTTP ${response.status} ${response.statusText} ${snippet(text)}`.trim(),
      );
    }
    if (text.length === 0) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new MastraHttpError(502, `${method} ${path}: answer is not JSON: ${snippet(text)}`);
    }
  }
}

/** Node's fetch says only "fetch failed" and keeps the useful part (ECONNREFUSED …) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}

function snippet(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
