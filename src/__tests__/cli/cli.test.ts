import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "cli-"));

/** Runs `npm run demo -- …` the way a user would, minus npm: the same Node, tsx and entry file. */
async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      env: { ...process.env, OPENAI_API_KEY: "", CONVEX_URL: "", TRANSCRIPT_DIR: dir, NO_COLOR: "1" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function quoteFile(name: string, quote: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof quote === "string" ? quote : JSON.stringify(quote));
  return file;
}

describe.concurrent("npm run demo", () => {
  it("negotiates a quote file live and ends with a table and a recommendation", async () => {
    const file = quoteFile("hoodies.json", {
      products: [{ productId: "recycled-hoodie", quantity: 600, maxUnitPrice: 19 }],
      priorities: { price: 1, quality: 1, speed: 0, reliability: 1 },
      supplierIds: ["porto-knitworks", "anatolia-apparel"],
    });
    const { code, stdout } = await cli([file, "--latency", "0", "--token-delay", "0", "--rounds", "3", "--seed", "5"]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/\[Porto Knitworks · round 1\] Brand → counter: recycled-hoodie 600 × \$/);
    expect(stdout).toMatch(/\[Anatolia Apparel · round 1\] Anatolia Apparel → offer/);
    expect(stdout).not.toContain("Apex Textiles");
    // Seed 5 replays the same negotiation every time: Porto's quality outweighs Anatolia's price.
    expect(stdout).toContain("Recommendation: Porto Knitworks");
    expect(stdout).toMatch(/Anatolia Apparel +│ completed/);
    expect(stdout).toContain("0 undelivered");
  });

  it("prints usage for --help", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: npm run demo -- [quote.json] [options]");
    expect(stdout).toContain("--seed <n>");
  });

  it.each([
    [
      "a zero quantity",
      {
        products: [{ productId: "canvas-tote", quantity: 0 }],
        priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
      },
      "products[0].quantity: quantity must be greater than 0",
    ],
    [
      "an unknown product",
      {
        products: [{ productId: "silk-scarf", quantity: 5 }],
        priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
      },
      'products[0].productId: unknown product "silk-scarf"',
    ],
    [
      "weights that are not numbers",
      {
        products: [{ productId: "canvas-tote", quantity: 5 }],
        priorities: { price: "high", quality: 1, speed: 1, reliability: 1 },
      },
      "priorities.price: price must be a number",
    ],
    [
      "all-zero weights",
      {
        products: [{ productId: "canvas-tote", quantity: 5 }],
        priorities: { price: 0, quality: 0, speed: 0, reliability: 0 },
      },
      "priorities: at least one priority weight must be above 0",
    ],
    ["broken JSON", "{ products: ", "is not valid JSON"],
  ])("exits non-zero naming the field for %s", async (_label, quote, message) => {
    const { code, stderr, stdout } = await cli([quoteFile(`bad-${_label.replace(/\W/g, "-")}.json`, quote)]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).not.toContain("Negotiating");
  });

  it("rejects a bad option value, naming the option", async () => {
    const { code, stderr } = await cli(["--rounds", "0"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--rounds must be a whole number from 1 to 12, got "0"');
  });
});
