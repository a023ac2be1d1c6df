import { createServer } from "node:http";
import { convexTest } from "convex-test";
import { WebSocketServer } from "ws";
import schema from "../server/schema";
import { registerComponents } from "./components";
import { FunctionRunner, type Backend } from "./function-runner";
import { keepDeploymentIn } from "./durable-deployment";
import { createHttpApi, type HttpStats } from "./http-api";
import { listen } from "./listen";
import type { NetworkConditions } from "./network-conditions";
import { MutationLog } from "./mutation-log";
import { indexDeployment } from "./query-indexes";
import { ReadSets } from "./read-sets";
import { preloadModules, serverModules } from "./server-modules";
import { SyncSession } from "./sync-session";
import { WriteClock } from "./write-clock";

export interface LocalBackendOptions {
  /** Default: a free port. */
  port?: number;
  host?: string;
  /** An existing convex-test instance (a test may want to look inside); default: a fresh one. */
  backend?: Backend;
  /** What the network does to the traffic (latency, failures): nothing when unset, as under `npm start`. */
  conditions?: NetworkConditions;
  /**
   * How often every subscribed query is re-run besides after each write. Writes made by scheduled
   * functions (the workflow trigger, the watchdog) reach subscribers this way: they do not pass
   * through a client's call, which is what pushes the other writes at once.
   */
  pollIntervalMs?: number;
  /**
   * A folder to keep the deployment in across restarts (`npm start` uses data/local/convex): loaded
   * at start, every committed transaction journaled and synced before it is answered. In memory
   * only when unset, as in the tests.
   */
  dataDir?: string;
}

export type LocalBackend = Awaited<ReturnType<typeof startLocalBackend>>;

/**
 * A Convex deployment for trying the app and for tests: the project's real functions in
 * convex-test (in memory, or kept in `dataDir`), behind Convex's HTTP API (ConvexHttpClient)
 * and its WebSocket sync protocol (ConvexReactClient) on one port. Every write, from either side,
 * re-runs the subscriptions that read a table it wrote (and a poll, all of them) and pushes what
 * changed. HTTP actions (Convex Auth's JWKS) answer on
 * the same port, which is therefore also the deployment's CONVEX_SITE_URL.
 *
 * Deployment env (MASTRA_AUTH_SECRET, MASTRA_URL, JWT_PRIVATE_KEY, JWKS, CONVEX_SITE_URL) is this
 * process's `process.env`, as the functions read it: run it in a process of its own (`npm start`
 * does) or stub the variables in a test.
 */
export async function startLocalBackend(options: LocalBackendOptions = {}) {
  const { conditions } = options;
  const stats: HttpStats = { requests: 0 };
  const clock = new WriteClock();
  const sessions = new Set<SyncSession>();
  const mutations = new MutationLog();
  const onWrite = () => {
    clock.tick();
    for (const session of sessions) session.refresh();
  };
  const backend = options.backend ?? (await newLocalDeployment());
  const kept = options.dataDir ? await keepDeploymentIn(options.dataDir, backend) : undefined;
  // After the data folder is restored: the indexes are built from what the deployment holds then.
  await indexDeployment(backend);
  // Each commit tells every session which tables it wrote; a session then re-runs only the
  // subscriptions that read one of them.
  const readSets = new ReadSets();
  await readSets.install(backend);
  readSets.onCommit((tables) => {
    for (const session of sessions) session.noteWritten(tables);
  });
  const runner = new FunctionRunner(backend, onWrite, undefined, kept?.durable, readSets);
  const httpApi = createHttpApi(runner, stats, conditions);

  const server = createServer((req, res) => {
    httpApi(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if (!/^\/api\/[^/]+\/sync$/.test(req.url ?? "") || conditions?.refusesSockets?.()) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const session = new SyncSession(ws, runner, clock, mutations, conditions);
      sessions.add(session);
      ws.on("close", () => sessions.delete(session));
    });
  });
  const port = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1", "local Convex backend");
  // Writes that do not pass through the runner (scheduled functions, an action's own calls) are
  // caught here: every subscription re-runs on each poll, whatever it read.
  const poll = setInterval(() => {
    for (const session of sessions) session.refresh(true);
  }, options.pollIntervalMs ?? 250);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    backend,
    /** What the data folder gave back at start; undefined in memory. */
    restored: kept?.restored,
    stats: {
      http: stats,
      get executed() {
        return runner.executed;
      },
      /** How many times each function ran (`"quotes:listMine"` → count), subscriptions' re-runs included. */
      runsOf(udfPath: string): number {
        return runner.runs.get(udfPath) ?? 0;
      },
      get sockets() {
        return sockets.clients.size;
      },
    },
    /** Cuts every WebSocket at once; clients reconnect (unless the conditions refuse them). */
    disconnectSockets(): void {
      for (const socket of sockets.clients) socket.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        for (const socket of sockets.clients) socket.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => kept?.close()),
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
