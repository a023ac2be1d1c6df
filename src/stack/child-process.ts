import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../shared/project-paths";
import type { ChildReport } from "./child-protocol";

/** A child that has not said it is ready by then has failed to start. */
const START_TIMEOUT_MS = 120_000;

/**
 * Forks one of the stack's processes (an entry in src/stack by name, or any other by absolute path)
 * on `env`, and resolves with the URL it reports once it listens. TypeScript runs through tsx; a
 * built module (`.mjs`, bundled-entry.ts) runs as it is. `children` gets the process at once, so a
 * stop during start-up reaches it too. `quiet` hides its output (tests and the bench).
 */
export function startChild(
  entry: string,
  env: NodeJS.ProcessEnv,
  quiet: boolean | undefined,
  children: ChildProcess[],
): Promise<{ url: string }> {
  const child = fork(path.resolve(projectRoot(), "src", "stack", entry), {
    env,
    execArgv: entry.endsWith(".mjs") ? ["--enable-source-maps"] : ["--import", "tsx"],
    stdio: quiet ? ["ignore", "ignore", "pipe", "ipc"] : ["inherit", "inherit", "inherit", "ipc"],
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

/** SIGTERM, then SIGKILL if it has not gone within 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
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
