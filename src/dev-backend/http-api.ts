import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONValue } from "convex/values";
import type { NetworkConditions } from "./network-conditions";
import { readBody, refuseOversizedBody } from "./request-body";
import { canonicalPath, type FunctionKind, type FunctionRunner } from "./function-runner";
import { InvalidTokenError, verifyToken, type VerifiedIdentity } from "./token-verifier";

export interface HttpStats {
  requests: number;
}

/**
 * Convex's HTTP API, as `ConvexHttpClient` speaks it: `POST /api/{query,mutation,action}` with
 * `{ path, format: "convex_encoded_json", args: [value] }`, answered `{ status: "success", value }`
 * or `{ status: "error", errorMessage, errorData? }` with HTTP 560. `Authorization: Bearer <jwt>`
 * must be a token this deployment's Convex Auth signed; anything else is refused with 401.
 * Every other path goes to the project's HTTP actions (`http.ts`), e.g. Convex Auth's JWKS.
 */
export function createHttpApi(runner: FunctionRunner, stats: HttpStats, conditions?: NetworkConditions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    setCors(res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    // Before any caller is checked: an oversized body is refused unread.
    if (refuseOversizedBody(req, res)) return;
    const body = await readBody(req);
    const kind = req.url?.match(/^\/api\/(query|mutation|action)$/)?.[1] as FunctionKind | undefined;
    if (!kind) {
      await serveHttpAction(runner, req, body, res);
      return;
    }
    // The workflow server's writes carry no Authorization header (their write token is an argument).
    const fromWorkflow = !req.headers.authorization;
    const fate = fromWorkflow ? conditions?.beforeWorkflowRequest?.() : undefined;
    if (fate === "drop") {
      req.socket.destroy();
      return;
    }
    if (fate === "unavailable") {
      res.writeHead(503, { "content-type": "text/plain" }).end("Service temporarily unavailable");
      return;
    }
    if (typeof fate === "object") await new Promise((resolve) => setTimeout(resolve, fate.holdMs));
    let identity: VerifiedIdentity | null = null;
    const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (req.headers.authorization && !token) {
      sendJson(res, 401, { code: "Unauthenticated", message: "Authorization must be `Bearer <token>`" });
      return;
    }
    if (token) {
      try {
        identity = await verifyToken(token);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        sendJson(res, 401, { code: "Unauthenticated", message: error.message });
        return;
      }
    }
    await conditions?.delay?.("http-request");
    const request = JSON.parse(body) as { path: string; args: JSONValue[] | JSONValue };
    const args = Array.isArray(request.args) ? (request.args[0] ?? {}) : request.args;
    const outcome = await runner.run(kind, canonicalPath(request.path), args, identity);
    if (fromWorkflow && conditions?.dropsAfterCommit?.()) {
      req.socket.destroy();
      return;
    }
    await conditions?.delay?.("http-answer");
    if (outcome.success) {
      sendJson(res, 200, { status: "success", value: outcome.value, logLines: [] });
    } else {
      const { errorMessage, errorData } = outcome;
      sendJson(res, 560, {
        status: "error",
        errorMessage,
        ...(errorData === undefined ? {} : { errorData }),
        logLines: [],
      });
    }
  };
}

async function serveHttpAction(runner: FunctionRunner, req: IncomingMessage, body: string, res: ServerResponse) {
  const method = req.method ?? "GET";
  const response = await runner.backend.fetch(req.url ?? "/", {
    method,
    headers: Object.entries(req.headers).flatMap(([name, value]): [string, string][] =>
      typeof value === "string" ? [[name, value]] : [],
    ),
    ...(body && method !== "GET" && method !== "HEAD" ? { body } : {}),
  });
  // An HTTP action may have written (a sign-in callback): answered once that is on disk.
  await runner.durable();
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function setCors(res: ServerResponse): void {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-headers", "authorization, content-type, convex-client");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
}

function sendJson(res: ServerResponse, status: number, json: object): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
}
