import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../shared/project-paths";

/** The Convex functions folder (`convex.json`). */
export const FUNCTIONS_DIR = path.join(projectRoot(), "src", "server");

/**
 * Every Convex module as convex-test wants them (`{ path: () => import(path) }`), read from disk so
 * the same map works under plain Node (`npm start`) and under vitest. `import.meta.glob`, which the
 * Convex suites use, exists only under Vite. The keys include `_generated/`, from which convex-test
 * derives the functions root.
 */
export function serverModules(dir: string = FUNCTIONS_DIR): Record<string, () => Promise<unknown>> {
  const modules: Record<string, () => Promise<unknown>> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !isModule(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Kept once loaded: convex-test asks for the module on every call, and under tsx each dynamic
    // import, even of a loaded module, is a round trip to the loader's thread.
    let loaded: Promise<unknown> | undefined;
    modules[file] = () => (loaded ??= import(pathToFileURL(file).href));
  }
  return modules;
}

/** Function files and their helpers; not declarations, tests or the test-only module map. */
function isModule(name: string): boolean {
  return /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts") && name.split(".").length === 2;
}

/**
 * Imports every module now. convex-test imports a module the first time one of its functions runs,
 * inside the function's transaction, where it forbids timers as Convex does; a loader that sets or
 * clears one then (Vite's, under vitest) fails that call with "`clearTimeout` is not supported in
 * Convex queries or mutations". The local backend loads everything up front instead.
 */
export async function preloadModules(modules: Record<string, () => Promise<unknown>>): Promise<void> {
  await Promise.all(Object.values(modules).map((load) => load()));
}
