import { fork, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port";
import path from "node:path";
import { createServer as createViteServer, type ViteDevServer } from "vite";
import type { Faults } from "../dev-backend/faults";
import { projectRoot } from "../mastra/project-paths";
import type { BackendCommand, ChildReport } from "./child-protocol";
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
  /** Called when the backend or the Mastra server dies while the stack is up. */
  onCrash?: (what: string, code: number | null) => void;
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
  const env = await buildStackEnv(ports, options.env ?? process.env);
  const children: ChildProcess[] = [];
  let vite: ViteDevServer | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await vite?.close();
    await Promise.all(children.map(stopChild));
  };
  try {
    const [backend, mastra] = await Promise.all([
      startChild(
        "backend-process.ts",
        options.suppliersFile
          ? { ...env.backend, LOCAL_SUPPLIERS_FILE: path.resolve(options.suppliersFile) }
          : env.backend,
        options,
        children,
      ),
      startChild("mastra-process.ts", env.mastra, options, children),
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
    for (const [child, what] of [
      [backendProcess, "the local Convex backend"],
      [children[1]!, "the Mastra server"],
    ] as const) {
      child.on("exit", (code) => {
        if (!stopping) options.onCrash?.(what, code);
      });
    }
    return {
      webUrl: `http://127.0.0.1:${ports.web}/`,
      convexUrl: backend.url,
      mastraUrl: mastra.url,
      /** For tests: cut every browser socket and refuse reconnects for a while. */
      dropSockets: (refuseForMs: number) => command(backendProcess, { type: "drop-sockets", refuseForMs }),
      /** For tests and the bench: faults on the backend (e.g. a simulated round trip). */
      setFaults: (faults: Partial<Faults>) => command(backendProcess, { type: "set-faults", faults }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startChild(
  entry: string,
  env: NodeJS.ProcessEnv,
  options: StackOptions,
  children: ChildProcess[],
): Promise<{ url: string }> {
  const child = fork(path.join(projectRoot(), "src", "stack", entry), {
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

function command(child: ChildProcess, message: BackendCommand): Promise<void> {
  return new Promise((resolve, reject) => child.send(message, (error) => (error ? reject(error) : resolve())));
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
