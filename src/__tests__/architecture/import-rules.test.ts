import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type ICruiseOptions, type IViolation } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

/*
 * The rooms and their arrows are .dependency-cruiser.cjs, which `npm run lint` runs over the real
 * tree. Here the same rules run over the real tree and over a small house that breaks each of them,
 * so a rule that stopped refusing anything would show.
 */

const root = path.resolve(import.meta.dirname, "../../..");
const config = createRequire(import.meta.url)(path.join(root, ".dependency-cruiser.cjs")) as Pick<
  ICruiseOptions,
  "ruleSet"
> & { forbidden: unknown; allowed: unknown; allowedSeverity: unknown };

async function violationsIn(baseDir: string, folders: string[]): Promise<string[]> {
  const result = await cruise(folders, {
    baseDir,
    validate: true,
    ruleSet: {
      forbidden: config.forbidden,
      allowed: config.allowed,
      allowedSeverity: config.allowedSeverity,
    } as ICruiseOptions["ruleSet"],
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^src/server/_generated/.*\\.js$", "^src/server/test\\.modules\\.ts$"] },
  });
  if (typeof result.output === "string") throw new Error("expected a cruise result, not a report");
  return result.output.summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

const fixtures: string[] = [];
afterAll(() => fixtures.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throwaway tree of files (path → source) under a temporary folder. */
function house(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rooms-"));
  fixtures.push(dir);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe("the import rules", () => {
  it("hold for the project as it is", async () => {
    expect(await violationsIn(root, ["src", "bench", "scripts"])).toEqual([]);
  }, 60_000);

  it("refuse an arrow against the rooms, a circle, and Node in what Convex bundles", async () => {
    const dir = house({
      "src/domain/money.ts": 'import { engine } from "../mastra/negotiation/engine";\nexport const money = engine;\n',
      "src/mastra/negotiation/engine.ts":
        'import { prompt } from "../protocol/prompt";\nexport const engine = prompt;\n',
      "src/mastra/protocol/prompt.ts":
        'import { engine } from "../negotiation/engine";\nexport const prompt = () => engine;\n',
      "src/web/Page.tsx": 'import { engine } from "../mastra/negotiation/engine";\nexport const Page = engine;\n',
      "src/server/quotes.ts": 'import { readFileSync } from "node:fs";\nexport const quotes = readFileSync;\n',
      "src/mastra/storage/sink.ts": 'import { quotes } from "../../server/quotes";\nexport const sink = quotes;\n',
    });
    const found = await violationsIn(dir, ["src"]);
    expect(found).toEqual(
      expect.arrayContaining([
        "kernel-uses-only-zod: src/domain/money.ts → src/mastra/negotiation/engine.ts",
        "not-in-allowed: src/domain/money.ts → src/mastra/negotiation/engine.ts",
        "no-circular: src/mastra/negotiation/engine.ts → src/mastra/protocol/prompt.ts",
        "not-in-allowed: src/mastra/protocol/prompt.ts → src/mastra/negotiation/engine.ts",
        "not-in-allowed: src/web/Page.tsx → src/mastra/negotiation/engine.ts",
        "convex-bundle-runs-anywhere: src/server/quotes.ts → fs",
        "not-in-allowed: src/mastra/storage/sink.ts → src/server/quotes.ts",
      ]),
    );
    // Each arrow the rules allow stays quiet: the engine may use the protocol.
    expect(found).not.toContain("not-in-allowed: src/mastra/negotiation/engine.ts → src/mastra/protocol/prompt.ts");
  }, 60_000);
});
