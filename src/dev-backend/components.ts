import path from "node:path";
import { pathToFileURL } from "node:url";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { projectRoot } from "../shared/project-paths";
import type { Backend } from "./function-runner";
import { preloadModules, serverModules } from "./server-modules";

/**
 * The Convex components the app uses (`src/server/convex.config.ts`), mounted as a deployment
 * mounts them. The components' own test helpers find their modules with `import.meta.glob`, which
 * exists only under Vite; the local backend also runs under plain Node (`npm start`), so the
 * modules are read from each package's built `dist/component` folder instead.
 */
const COMPONENTS = [
  { name: "rateLimiter", packageName: "@convex-dev/rate-limiter" },
  // The rate limiter's own component, mounted under it (its convex.config uses it).
  { name: "rateLimiter/batchWorker", packageName: "@convex-dev/batch-worker" },
] as const;

export async function registerComponents(backend: Backend): Promise<void> {
  for (const { name, packageName } of COMPONENTS) {
    const dir = path.join(projectRoot(), "node_modules", packageName, "dist", "component");
    const schemaModule = (await import(pathToFileURL(path.join(dir, "schema.js")).href)) as {
      default: SchemaDefinition<GenericSchema, boolean>;
    };
    const modules = serverModules(dir);
    await preloadModules(modules);
    backend.registerComponent(name, schemaModule.default, modules);
  }
}
