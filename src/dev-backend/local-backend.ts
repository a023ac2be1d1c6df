import { createServer } from "node:http";
import { convexTest } from "convex-test";
import { WebSocketServer } from "ws";
import schema from "../server/schema";
import { noFaults, type Faults } from "./faults";
import { registerComponents } from "./components";
import { FunctionRunner, type Backend } from "./function-runner";
import { createHttpApi, type HttpStats } from "./http-api";
import { listen } from "./listen";
import { MutationLog } from "./mutation-log";
import { preloadModules, serverModules } from "./server-modules";
import { SyncSession } from "./sync-session";
import { WriteClock } from "./write-clock";

export interface LocalBackendOptions {
  /** Default: a free port. */
  port?: number;
  host?: string;
  /** An existing convex-test instance (a test may want to look inside); default: a fresh one. */
  backend?: Backend;
  faults?: Partial<Faults>;
  /**
   * How often subscribed queries are re-run besides after each write. convex-test has no commit
   * hook, so writes made by scheduled functions (the workflow trigger, the watchdog) are only seen
   * this way.
   */
  pollIntervalMs?: number;
  /**
   * Called before each request that faults may hit (the workflow server's writes), with its
   * number counted from 1: lets a test place faults by the run's own progress, not by the clock.
   */
  onWorkflowRequest?: (ordinal: number, faults: Faults) => void;
}

export type LocalBackend = Awaited<ReturnType<typeof startLocalBackend>>;

/**
 * A Convex deployment for trying the app and for tests: the project's real functions in
 * convex-test (data in memory, gone when it stops), behind Convex's HTTP API (ConvexHttpClient)
 * and its WebSocket sync protocol (ConvexReactClient) on one port. Every write, from either side,
 * re-runs every subscription and pushes what changed. HTTP actions (Convex Auth's JWKS) answer on
 * the same port, which is therefore also the deployment's CONVEX_SITE_URL.
 *
 * Deployment env (MASTRA_AUTH_SECRET, MASTRA_URL, JWT_PRIVATE_KEY, JWKS, CONVEX_SITE_URL) is this
 * process's `process.env`, as the functions read it: run it in a process of its own (`npm start`
 * does) or stub the variables in a test.
 */
export async function startLocalBackend(options: LocalBackendOptions = {}) {
  const faults: Faults = { ...noFaults(), ...options.faults };
  const stats: HttpStats = { requests: 0, workflowRequests: 0, injectedFailures: 0 };
  const clock = new WriteClock();
  const sessions = new Set<SyncSession>();
  const mutations = new MutationLog();
  const refreshAll = () => {
    for (const session of sessions) session.refresh();
  };
  const onWrite = () => {
    clock.tick();
    refreshAll();
  };
  const backend = options.backend ?? (await newLocalDeployment());
  const runner = new FunctionRunner(backend, onWrite);
  const httpApi = createHttpApi(runner, faults, stats, options.onWorkflowRequest);

  const server = createServer((req, res) => {
    httpApi(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if (!/^\/api\/[^/]+\/sync$/.test(req.url ?? "") || Date.now() < faults.socketsRefusedUntil) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const session = new SyncSession(ws, runner, clock, faults, mutations);
      sessions.add(session);
      ws.on("close", () => sessions.delete(session));
    });
  });
  const port = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1", "local Convex backend");
  const poll = setInterval(refreshAll, options.pollIntervalMs ?? 250);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    backend,
    faults,
    stats: {
      http: stats,
      get executed() {
        return runner.executed;
      },
      get sockets() {
        return sockets.clients.size;
      },
    },
    /** Cuts every WebSocket at once and refuses new ones for `refuseForMs`: what a network drop looks like. */
    dropSockets(refuseForMs = 0): void {
      faults.socketsRefusedUntil = Date.now() + refuseForMs;
      for (const socket of sockets.clients) socket.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        for (const socket of sockets.clients) socket.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh in-memory deployment: the project's functions and the components they use. */
async function newLocalDeployment(): Promise<Backend> {
  const modules = serverModules();
  await preloadModules(modules);
  const backend = convexTest(schema, modules) as unknown as Backend;
  await registerComponents(backend);
  return backend;
}
