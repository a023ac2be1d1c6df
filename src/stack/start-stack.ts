import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { freePort } from "./free-port";
import path from "node:path";
import { createServer as createViteServer, type ViteDevServer } from "vite";
import { projectRoot } from "../shared/project-paths";
import type { ChildReport } from "./child-protocol";
import { buildStackEnv, type StackPorts } from "./stack-env";

export interface StackOptions {
  /** 0 or unset = any free port. */
  ports?: Partial<StackPorts>;
  /** The user's environment (model settings…); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the children's output goes; default inherited (the terminal). */
  quiet?: boolean;
  /** A JSON array of supplier profiles to write into the local backend's directory (`--suppliers`). */
  suppliersFile?: string;
  /** Called when the backend dies while the stack is up: its data is gone, so the stack is too. */
  onCrash?: (what: string, code: number | null) => void;
  /** Called when the Mastra server dies while the stack is up; it is started again after `delayMs`. */
  onMastraRestart?: (code: number | null, signal: NodeJS.Signals | null, delayMs: number) => void;
  /**
   * The local backend's process entry, src/stack/backend-process.ts unless a test gives its own
   * (src/__tests__/helpers/backend-process-with-faults.ts injects network faults on command).
   */
  backendEntry?: string;
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/** Everything up to here has a ready URL once this resolves; a child that dies later is reported. */
const START_TIMEOUT_MS = 120_000;

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
  // The Mastra server's store lives as long as the stack, like the backend's data.
  const store = mkdtempSync(path.join(tmpdir(), "negotiations-mastra-"));
  const env = await buildStackEnv(ports, options.env ?? process.env, `file:${path.join(store, "mastra.db")}`);
  const children: ChildProcess[] = [];
  let vite: ViteDevServer | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await vite?.close();
    await Promise.all(children.map(stopChild));
    rmSync(store, { recursive: true, force: true });
  };
  const mastraServer = new SupervisedMastra(env.mastra, options, children, () => stopping);
  try {
    const [backend, mastra] = await Promise.all([
      startChild(
        options.backendEntry ?? "backend-process.ts",
        options.suppliersFile
          ? { ...env.backend, LOCAL_SUPPLIERS_FILE: path.resolve(options.suppliersFile) }
          : env.backend,
        options,
        children,
      ),
      mastraServer.start(),
    ]);
    vite = await createViteServer({
      configFile: path.join(projectRoot(), "src", "web", "vite.config.ts"),
      define: { "import.meta.env.VITE_CONVEX_URL": JSON.stringify(env.web.VITE_CONVEX_URL) },
      server: { port: ports.web, strictPort: true, host: "127.0.0.1" },
      logLevel: options.quiet ? "silent" : "warn",
    });
    try {
      await vite.listen();
    } catch (error) {
      throw new Error(`web app (Vite): port ${ports.web} is already in use or unavailable: ${describe(error)}`);
    }
    const backendProcess = children[0]!;
    backendProcess.on("exit", (code) => {
      if (!stopping) options.onCrash?.("the local Convex backend", code);
    });
    return {
      webUrl: `http://127.0.0.1:${ports.web}/`,
      convexUrl: backend.url,
      mastraUrl: mastra.url,
      /** The local backend's process: a test that gave its own `backendEntry` talks to it over IPC. */
      backendProcess,
      /** For tests: the Mastra server's process id right now (it changes when the stack restarts it). */
      mastraPid: () => mastraServer.pid(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One Mastra server process on `env` (its port, store and Convex URL), output hidden: for tests and the bench. */
export async function startMastraProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const children: ChildProcess[] = [];
  const { url } = await startChild("mastra-process.ts", env, { quiet: true }, children);
  return { child: children[0]!, url };
}

function startChild(
  entry: string,
  env: NodeJS.ProcessEnv,
  options: StackOptions,
  children: ChildProcess[],
): Promise<{ url: string }> {
  // An entry of the stack's own by name, or any other by absolute path.
  const child = fork(path.resolve(projectRoot(), "src", "stack", entry), {
    env,
    execArgv: ["--import", "tsx"],
    stdio: options.quiet ? ["ignore", "ignore", "pipe", "ipc"] : ["inherit", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    child.on("message", (message: ChildReport) => {
      clearTimeout(timer);
      if (message.type === "ready") resolve({ url: message.url });
      else reject(new Error(message.message));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code} before it was ready${stderr ? `:\n${stderr}` : ""}`));
    });
  });
}

/**
 * The Mastra server, started again whenever it dies while the stack is up: after 1 s, doubling up to
 * 30 s while it keeps dying, back to 1 s once it has stayed up a minute. It comes back on the same
 * port and store, and resumes the runs it was in the middle of (src/stack/mastra-process.ts).
 */
class SupervisedMastra {
  private current: ChildProcess | undefined;
  private delayMs = 1_000;
  private startedAt = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: StackOptions,
    private readonly children: ChildProcess[],
    private readonly stopping: () => boolean,
  ) {}

  async start(): Promise<{ url: string }> {
    this.startedAt = Date.now();
    const ready = startChild("mastra-process.ts", this.env, this.options, this.children);
    const child = this.children.at(-1)!;
    this.current = child;
    const started = await ready;
    child.on("exit", (code, signal) => this.restartAfterExit(code, signal));
    return started;
  }

  pid(): number | undefined {
    return this.current?.pid;
  }

  private restartAfterExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping()) return;
    if (Date.now() - this.startedAt > 60_000) this.delayMs = 1_000;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, 30_000);
    this.options.onMastraRestart?.(code, signal, delay);
    setTimeout(() => {
      if (this.stopping()) return;
      this.start().catch((error: unknown) => {
        if (!this.stopping()) this.options.onCrash?.(`the Mastra server (restart: ${describe(error)})`, null);
      });
    }, delay);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
