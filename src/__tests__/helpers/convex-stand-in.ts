import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Backend } from "../server/harness";

/** Faults the stand-in injects, adjustable while a run is going on. They hit only calls without
 *  an Authorization header, i.e. the workflow server's writes, not the buyer's reads. */
export interface Faults {
  /** Added to every request, before the function runs (half) and before the answer (half). */
  roundTripMs: number;
  /** The next N requests are answered 503 without running anything. */
  serverErrors: number;
  /** The next N requests lose their connection before the function runs. */
  dropsBeforeCommit: number;
  /** The next N requests run the function, then lose the connection: the client never hears back. */
  dropsAfterCommit: number;
  /** Until this time (epoch ms) every connection is dropped on arrival. */
  outageUntil: number;
}

export interface StandInStats {
  requests: number;
  executed: number;
  injectedFailures: number;
}

type Kind = "query" | "mutation" | "action";

/**
 * A local stand-in for a Convex deployment's HTTP API, good enough for the real
 * ConvexHttpClient: `POST /api/{query,mutation,action}` with convex_encoded_json arguments run
 * the project's real functions through convex-test, one at a time (Convex's serializable
 * transactions), answering as Convex does (`status` success/error, HTTP 560 for a function error).
 * `Authorization: Bearer <subject>` becomes the caller's identity.
 */
export async function startConvexStandIn(t: Backend, initial: Partial<Faults> = {}) {
  const faults: Faults = {
    roundTripMs: 0,
    serverErrors: 0,
    dropsBeforeCommit: 0,
    dropsAfterCommit: 0,
    outageUntil: 0,
    ...initial,
  };
  const stats: StandInStats = { requests: 0, executed: 0, injectedFailures: 0 };
  let serial = Promise.resolve();

  const execute = (
    kind: Kind,
    path: string,
    args: Record<string, Value>,
    subject: string | undefined,
  ): Promise<unknown> => {
    const caller = subject ? t.withIdentity({ subject }) : t;
    const run = () => {
      stats.executed++;
      if (kind === "query") return caller.query(makeFunctionReference<"query">(path), args);
      if (kind === "mutation") return caller.mutation(makeFunctionReference<"mutation">(path), args);
      return caller.action(makeFunctionReference<"action">(path), args);
    };
    const result = serial.then(run);
    serial = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const kind = req.url?.match(/^\/api\/(query|mutation|action)$/)?.[1] as Kind | undefined;
    const body = await readBody(req);
    const injectable = !req.headers.authorization;
    if (injectable && (Date.now() < faults.outageUntil || take(faults, "dropsBeforeCommit"))) {
      stats.injectedFailures++;
      req.socket.destroy();
      return;
    }
    if (injectable && take(faults, "serverErrors")) {
      stats.injectedFailures++;
      res.writeHead(503, { "content-type": "text/plain" }).end("Service temporarily unavailable");
      return;
    }
    if (!kind) {
      res.writeHead(404).end();
      return;
    }
    await sleep(faults.roundTripMs / 2);
    const request = JSON.parse(body) as { path: string; args: JSONValue[] | JSONValue };
    const rawArgs = Array.isArray(request.args) ? request.args[0] : request.args;
    const subject = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    let answer: { status: number; json: object };
    try {
      const value = await execute(kind, request.path, jsonToConvex(rawArgs ?? {}) as Record<string, Value>, subject);
      answer = {
        status: 200,
        json: { status: "success", value: convexToJson((value ?? null) as Value), logLines: [] },
      };
    } catch (error) {
      answer = {
        status: 560,
        json: { status: "error", errorMessage: error instanceof Error ? error.message : String(error), logLines: [] },
      };
    }
    if (injectable && take(faults, "dropsAfterCommit")) {
      stats.injectedFailures++;
      req.socket.destroy();
      return;
    }
    await sleep(faults.roundTripMs / 2);
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.json));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function take(faults: Faults, key: "serverErrors" | "dropsBeforeCommit" | "dropsAfterCommit"): boolean {
  if (faults[key] <= 0) return false;
  faults[key]--;
  return true;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
