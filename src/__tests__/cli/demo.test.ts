import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadQuote } from "../../cli/load-quote";
import { describeStartError } from "../../cli/report-error";
import { runDemo, type DemoRequest } from "../../cli/run-demo";
import type { QuoteRequest } from "../../mastra/domain/quote";
import { capturedOutput } from "../helpers/captured-output";

/*
 * The terminal demo in-process: what `npm run demo` prints, minus the process around it
 * (cli-process.test.ts starts the real thing once).
 */

const dir = mkdtempSync(path.join(tmpdir(), "demo-"));
const INSTANT = { kind: "local", seed: 5, latencyMs: 0, tokenDelayMs: 0 } as const;

const HOODIES: QuoteRequest = {
  products: [{ productId: "recycled-hoodie", quantity: 600, maxUnitPrice: 19 }],
  priorities: { price: 1, quality: 1, speed: 0, reliability: 1 },
  userNotes: "",
  supplierIds: ["porto-knitworks", "anatolia-apparel"],
};

async function demo(overrides: Partial<DemoRequest> = {}) {
  const stdout = capturedOutput(100);
  const stderr = capturedOutput(240);
  const code = await runDemo(
    { quote: HOODIES, model: INSTANT, rounds: 3, json: false, transcriptDir: dir, ...overrides },
    { stdout, stderr, cancel: new AbortController().signal },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function quoteFile(name: string, quote: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof quote === "string" ? quote : JSON.stringify(quote));
  return file;
}

async function startError(file: string): Promise<string> {
  try {
    await loadQuote(file);
  } catch (error) {
    return describeStartError(error);
  }
  throw new Error(`expected ${file} to be refused`);
}

describe("the terminal demo", () => {
  it("negotiates live, message by message, and ends with a table and a recommendation", async () => {
    const { code, stdout } = await demo();

    expect(code).toBe(0);
    expect(stdout).toMatch(/\[Porto Knitworks · round 1\] Brand → counter: recycled-hoodie 600 × \$/);
    expect(stdout).toMatch(/\[Anatolia Apparel · round 1\] Anatolia Apparel → offer/);
    expect(stdout).not.toContain("Apex Textiles");
    // Seed 5 replays the same negotiation every time: Anatolia's faster delivery and price outweigh
    // Porto's quality for this quote.
    expect(stdout).toContain("Recommendation: Anatolia Apparel");
    expect(stdout).toMatch(/Anatolia Apparel +│ completed/);
    // Porto's final offer ($19.10 a hoodie) stays above the buyer's $19.00 limit.
    expect(stdout).toMatch(/Porto Knitworks +│ impasse/);
    expect(stdout).toContain("0 undelivered");
    // Messages are separated by a blank line, so each reads on its own.
    expect(stdout).toMatch(/\n\n\[Porto Knitworks · round \d\]/);
  });

  it("prints the result as JSON alone with --json, and keeps the transcript", async () => {
    const { code, stdout } = await demo({ json: true });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { quoteId: string; recommendation: { recommended: { supplierId: string } } };
    expect(result.recommendation.recommended.supplierId).toBe("anatolia-apparel");
    const transcript = readFileSync(path.join(dir, `${result.quoteId}.jsonl`), "utf8")
      .trim()
      .split("\n");
    expect(transcript.length).toBeGreaterThan(6);
  });

  it("exits 1 and says once that the model could not be reached when every negotiation failed", async () => {
    const { code, stderr } = await demo({
      // Nothing listens on that loopback port: the connection is refused at once.
      model: { kind: "openai", apiKey: "sk-test", modelName: "gpt-4o-mini", baseURL: "http://127.0.0.1:59999/v1" },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("Every negotiation failed, so there is nothing to recommend:");
    expect(stderr).toContain(
      "the model at http://127.0.0.1:59999/v1 could not be reached (connect ECONNREFUSED 127.0.0.1:59999) (Porto Knitworks, Anatolia Apparel)",
    );
    expect(stderr.split("could not be reached")).toHaveLength(2);
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
    [
      "a supplier listed twice",
      {
        products: [{ productId: "canvas-tote", quantity: 5 }],
        priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
        supplierIds: ["apex-textiles", "apex-textiles"],
      },
      'supplierIds[1]: "apex-textiles" is listed twice',
    ],
    ["broken JSON", "{ products: ", "is not valid JSON"],
  ])("refuses a quote file with %s, naming the field", async (label, quote, message) => {
    expect(await startError(quoteFile(`bad-${label.replace(/\W/g, "-")}.json`, quote))).toContain(message);
  });

  it("names a missing quote file", async () => {
    expect(await startError(path.join(dir, "nope.json"))).toContain(
      `cannot read quote file ${path.join(dir, "nope.json")}`,
    );
  });
});
