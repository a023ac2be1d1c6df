import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/*
 * The Convex functions import the catalog and the quote schema straight from src/mastra/domain
 * (see src/server/catalog.ts). Convex bundles whatever those files import into its own runtime,
 * where Mastra and Node's built-ins are not available, and nothing else would notice before a
 * deploy fails. This walks the imports the bundler will follow from src/server into src/mastra.
 */

const root = path.resolve(import.meta.dirname, "../../..");
const serverDir = path.join(root, "src/server");
const domainDir = path.join(root, "src/mastra/domain");
/** The only package the domain modules may use; Convex bundles it like any other dependency. */
const ALLOWED_PACKAGES = new Set(["zod"]);

/** Specifiers the bundler follows: `import`/`export … from` and bare `import "…"`, not `import type`. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
    if (match[2] === undefined) specifiers.push(match[3]!);
  }
  return specifiers;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  return base.endsWith(".ts") ? base : `${base}.ts`;
}

/** Every src/mastra file reachable from the Convex functions, each with the file that imports it. */
function mastraFilesReachedFromServer(): Map<string, string> {
  const reached = new Map<string, string>();
  const queue: Array<[string, string]> = [];
  const serverFiles = readdirSync(serverDir)
    .filter((name) => name.endsWith(".ts") && !name.includes(".modules.") && !name.endsWith(".d.ts"))
    .map((name) => path.join(serverDir, name));
  for (const file of serverFiles) {
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith("../mastra/")) queue.push([resolveRelative(file, specifier), file]);
    }
  }
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [file, importer] = next;
    if (reached.has(file)) continue;
    reached.set(file, importer);
    // A file outside the domain folder is reported by the test below; what it imports in turn does not matter.
    if (path.dirname(file) !== domainDir) continue;
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith(".")) queue.push([resolveRelative(file, specifier), file]);
    }
  }
  return reached;
}

describe("what Convex bundles from src/mastra", () => {
  const reached = mastraFilesReachedFromServer();
  const relative = (file: string) => path.relative(root, file);

  test("the Convex functions do use the domain modules (so this check is not vacuous)", () => {
    expect([...reached.keys()].map(relative)).toEqual(
      expect.arrayContaining(["src/mastra/domain/quote.ts", "src/mastra/domain/suppliers.ts"]),
    );
  });

  test("is only src/mastra/domain", () => {
    const outside = [...reached].filter(([file]) => path.dirname(file) !== domainDir);
    expect(outside.map(([file, importer]) => `${relative(file)} (imported by ${relative(importer)})`)).toEqual([]);
  });

  test("imports no package but zod, and nothing from Node", () => {
    const domainFiles = [...reached.keys()].filter((file) => path.dirname(file) === domainDir);
    const packages = domainFiles.flatMap((file) =>
      runtimeImports(file)
        .filter((specifier) => !specifier.startsWith(".") && !ALLOWED_PACKAGES.has(specifier))
        .map((specifier) => `${specifier} (imported by ${relative(file)})`),
    );
    expect(packages).toEqual([]);
  });
});
