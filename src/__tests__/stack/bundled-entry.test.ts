import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../shared/project-paths";
import { bundleEntry } from "../../stack/bundled-entry";

/*
 * The Mastra server's entry, built into one module of our own code so that it starts without tsx:
 * its packages stay imports, it names our sources for stack traces, and no build outlives its stack.
 */
describe("bundleEntry", () => {
  it("builds our code into one module that imports its packages, with a source map naming our files", async () => {
    const bundle = await bundleEntry("mastra-process.ts");
    try {
      const code = readFileSync(bundle.file, "utf8");
      expect(code).toMatch(/from "@mastra\/core\/[a-z-]+"/);
      expect(code).not.toMatch(/from "\.\.?\//);
      const map = JSON.parse(readFileSync(`${bundle.file}.map`, "utf8")) as { sources: string[] };
      const sources = map.sources.map((source) => path.resolve(path.dirname(bundle.file), source));
      expect(sources).toContain(path.join(projectRoot(), "src", "stack", "mastra-process.ts"));
    } finally {
      bundle.discard();
    }
    expect(existsSync(bundle.file)).toBe(false);
  });

  it("removes what a stack that died without stopping left behind", async () => {
    const cache = path.join(projectRoot(), "node_modules", ".cache", "stack");
    // A process id no process has: far above Linux's pid_max.
    const abandoned = path.join(cache, "99999999-1");
    mkdirSync(abandoned, { recursive: true });
    const bundle = await bundleEntry("mastra-process.ts");
    bundle.discard();
    expect(existsSync(abandoned)).toBe(false);
  });
});
