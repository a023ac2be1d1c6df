import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createServer as createViteServer, type ViteDevServer } from "vite";
import { projectRoot } from "../shared/project-paths";
import { bundleEntry } from "./bundled-entry";
import { startChild, stopChild } from "./child-process";
import { freePort } from "./free-port";
import { buildStackEnv, type StackPorts } from "./stack-env";
import { stackStorage } from "./stack-storage";
import { SupervisedChild, type RestartReport } from "./supervised-child";

export interface StackOptions {
  /** 0 or unset = any free port. */
  ports?: Partial<StackPorts>;
  /** The user's environment (model settings…); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the children's output goes; default inherited (the terminal). */
  quiet?: boolean;
  /**
   * A folder that keeps the stack's data across restarts (`npm start`: data/local): accounts,
   * quotes, negotiations and messages, Mastra's runs, and the secrets they are signed with. Unset:
   * the backend's data is in memory and gone when the stack stops.
   */
  dataDir?: string;
  /** A JSON array of supplier profiles to write into the local backend's directory (`--suppliers`). */
  suppliersFile?: string;
  /** Called when a child dies and cannot be brought back (an in-memory backend's data is gone with it). */
  onCrash?: (what: string, code: number | null) => void;
  /** Called when the Mastra server dies while the stack is up; it is started again after `delayMs`. */
  onMastraRestart?: RestartReport;
  /** Called when the local backend dies while a stack with a data folder is up; it is started again after `delayMs`. */
  onBackendRestart?: RestartReport;
  /**
   * The local backend's process entry, src/stack/backend-process.ts unless a test gives its own
   * (src/__tests__/helpers/backend-process-with-faults.ts injects network faults on command).
   */
  backendEntry?: string;
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * The whole offline stack: the local Convex backend and the Mastra server as child processes,
 * each with the environment `buildStackEnv` made for it, and the web app on Vite's dev server.
 * `stop()` ends all three. Used by `npm start` and by the browser tests alike.
 */
export async function startLocalStack(options: StackOptions = {}) {
  const ports: StackPorts = {
    convex: options.ports?.convex || (await freePort()),
    mastra: options.ports?.mastra || (await freePort()),
    web: options.ports?.web || (await freePort()),
  };
  const [{ storage, discard }, mastraEntry] = await Promise.all([
    stackStorage(options.dataDir),
    bundleEntry("mastra-process.ts"),
  ]);
  const env = await buildStackEnv(ports, options.env ?? process.env, storage);
  const children: ChildProcess[] = [];
  let vite: ViteDevServer | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await vite?.close();
    await Promise.all(children.map(stopChild));
    discard();
    mastraEntry.discard();
  };
  const supervise = (entry: string, childEnv: NodeJS.ProcessEnv, what: string, onRestart?: RestartReport) =>
    new SupervisedChild(
      entry,
      childEnv,
      options.quiet,
      children,
      () => stopping,
      onRestart,
      (reason) => options.onCrash?.(`${what} (restart: ${reason})`, null),
    );
  const backendEnv = options.suppliersFile
    ? { ...env.backend, LOCAL_SUPPLIERS_FILE: path.resolve(options.suppliersFile) }
    : env.backend;
  const backendEntry = options.backendEntry ?? "backend-process.ts";
  // Only a backend that keeps its data is worth starting again; one in memory comes back empty.
  const backendServer = options.dataDir
    ? supervise(backendEntry, backendEnv, "the local Convex backend", options.onBackendRestart)
    : undefined;
  const mastraServer = supervise(mastraEntry.file, env.mastra, "the Mastra server", options.onMastraRestart);
  // All three start at once: the web app needs only the backend's address, which is known already.
  const web = startWebApp(ports.web, env.web.VITE_CONVEX_URL, options.quiet).then((server) => (vite = server));
  try {
    const [backend, mastra] = await Promise.all([
      backendServer?.start() ?? startChild(backendEntry, backendEnv, options.quiet, children),
      mastraServer.start(),
      web,
    ]);
    const backendProcess = children[0]!;
    if (!backendServer) {
      backendProcess.on("exit", (code) => {
        if (!stopping) options.onCrash?.("the local Convex backend", code);
      });
    }
    return {
      webUrl: `http://127.0.0.1:${ports.web}/`,
      convexUrl: backend.url,
      mastraUrl: mastra.url,
      /** The local backend's first process: a test that gave its own `backendEntry` talks to it over IPC. */
      backendProcess,
      /** For tests: the local backend's process id right now (it changes when the stack restarts it). */
      backendPid: () => (backendServer?.process() ?? backendProcess).pid,
      /** For tests: the Mastra server's process id right now (it changes when the stack restarts it). */
      mastraPid: () => mastraServer.process()?.pid,
      stop,
    };
  } catch (error) {
    // A web app still starting when a child failed is waited for, so that stop() closes it too.
    await web.catch(() => undefined);
    await stop();
    throw error;
  }
}

async function startWebApp(port: number, convexUrl: string, quiet: boolean | undefined): Promise<ViteDevServer> {
  const vite = await createViteServer({
    configFile: path.join(projectRoot(), "src", "web", "vite.config.ts"),
    define: { "import.meta.env.VITE_CONVEX_URL": JSON.stringify(convexUrl) },
    server: { port, strictPort: true, host: "127.0.0.1" },
    logLevel: quiet ? "silent" : "warn",
  });
  try {
    await vite.listen();
  } catch (error) {
    await vite.close();
    throw new Error(
      `web app (Vite): port ${port} is already in use or unavailable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return vite;
}

/** One Mastra server process on `env` (its port, store and Convex URL), output hidden: for tests and the bench. */
export async function startMastraProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const children: ChildProcess[] = [];
  const entry = await bundleEntry("mastra-process.ts");
  const started = startChild(entry.file, env, true, children);
  children[0]!.once("exit", entry.discard);
  const { url } = await started;
  return { child: children[0]!, url };
}
