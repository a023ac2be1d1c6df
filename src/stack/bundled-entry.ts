import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { projectRoot } from "../shared/project-paths";

/**
 * A stack process's entry built into one ES module of our own code, its packages left to load
 * natively. Why: under tsx every module the Mastra server loads (thousands of @mastra/core files)
 * goes through tsx's loader hooks; the server was ready 6.4–7.0 s after its fork, 3.9–4.4 s when
 * bundled (esbuild takes ~0.2 s). The local backend stays on tsx: it imports the Convex functions'
 * TypeScript at run time.
 */
export interface BundledEntry {
  /** The built module, with its source map beside it (stack traces name our .ts files). */
  file: string;
  /** Deletes the build: call once its process has stopped (a supervisor restarts from it till then). */
  discard(): void;
}

let builds = 0;

/** Builds `entry` (a file in src/stack) into a folder of its own, removing what dead stacks left. */
export async function bundleEntry(entry: string): Promise<BundledEntry> {
  const cache = path.join(projectRoot(), "node_modules", ".cache", "stack");
  removeAbandoned(cache);
  // Inside the project, so that the bundle's package imports resolve to its node_modules.
  const dir = path.join(cache, `${process.pid}-${++builds}`);
  const file = path.join(dir, `${path.basename(entry, ".ts")}.mjs`);
  const result = await build({
    entryPoints: [path.join(projectRoot(), "src", "stack", entry)],
    outfile: file,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    write: false,
    logLevel: "silent",
  });
  mkdirSync(dir, { recursive: true });
  for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
  return { file, discard: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds whose stack is gone (killed before it could discard them). */
function removeAbandoned(cache: string): void {
  let names: string[];
  try {
    names = readdirSync(cache);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid))
      rmSync(path.join(cache, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
