import { existsSync } from "node:fs";
import path from "node:path";

/** The folder holding package.json. `mastra dev` runs the server from src/mastra/public and
 *  bundles code elsewhere, so paths are resolved from the nearest package.json up from cwd. */
export function projectRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
  return dir;
}

/** A libsql URL with any relative `file:` path made absolute against the project root. */
export function absoluteDatabaseUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return path.isAbsolute(file) ? url : `file:${path.join(projectRoot(), file)}`;
}
