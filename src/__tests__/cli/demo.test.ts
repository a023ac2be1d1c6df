import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadQuote, loadSupplierDirectory } from "../../cli/load-quote";
import { describeStartError } from "../../cli/report-error";
import { runDemo, type DemoRequest } from "../../cli/run-demo";
import type { QuoteRequest } from "../../domain/quote";
import { invitedSuppliers } from "../../domain/supplier-directory";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { LISBON_LINENS } from "../helpers/lisbon-linens";
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
  const quote = overrides.quote ?? HOODIES;
  const suppliers = overrides.suppliers ?? invitedSuppliers(BUILT_IN_SUPPLIERS, quote.supplierIds);
  const code = await runDemo(
    { quote, suppliers, model: INSTANT, rounds: 3, json: false, transcriptDir: dir, ...overrides },
    { stdout, stderr, cancel: new AbortController().signal },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function quoteFile(name: string, quote: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof quote === "string" ? quote : JSON.stringify(quote));
  return file;
}

async function startError(file: string, suppliersFile?: string): Promise<string> {
  try {
    await loadQuote(file, await loadSupplierDirectory(suppliersFile));
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
    // Porto's final offer comes under the buyer's $19.00 limit once your negotiator trades its
    // credit for price ($18.92 a hoodie, prepaid): a deal, but dearer than Anatolia's.
    expect(stdout).toMatch(/Porto Knitworks +│ completed/);
    expect(stdout).toContain("Porto Knitworks → offer: recycled-hoodie 600 × $18.92");
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

  it("quotes a product given inline in the quote file beside two built-in ones, with every supplier", async () => {
    const file = quoteFile("apron.json", {
      products: [
        { productId: "organic-tshirt", quantity: 1200 },
        {
          productId: "linen-apron",
          quantity: 300,
          product: { name: "linen apron", unit: "piece", referenceUnitPrice: 9.5, specification: "Stonewashed linen." },
        },
        { productId: "canvas-tote", quantity: 800 },
      ],
      priorities: { price: 2, quality: 1, speed: 1, reliability: 1 },
    });
    const { quote, suppliers } = await loadQuote(file, BUILT_IN_SUPPLIERS);
    const { code, stdout } = await demo({ quote, suppliers, json: true });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      results: { supplierId: string; lastOffer?: { lines: { productId: string; unitPrice: number }[] } }[];
    };
    expect(result.results.map((r) => r.supplierId)).toEqual(BUILT_IN_SUPPLIERS.map((s) => s.id));
    for (const negotiation of result.results) {
      const apron = negotiation.lastOffer?.lines.find((line) => line.productId === "linen-apron");
      // None of them lists aprons: each prices it by its own index over the reference price.
      expect(apron?.unitPrice).toBeGreaterThan(0);
      expect(apron!.unitPrice).toBeLessThan(9.5 * 1.5);
    }
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
    [
      "a supplier that does not exist",
      {
        products: [{ productId: "canvas-tote", quantity: 5 }],
        priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
        supplierIds: ["porto-knitworks", "acme-mills"],
      },
      'supplierIds[1]: unknown supplier "acme-mills"; known suppliers: apex-textiles, porto-knitworks, anatolia-apparel',
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

  describe("suppliers from a file (--suppliers)", () => {
    const hoodies = (supplierIds?: string[]): QuoteRequest => ({
      products: [{ productId: "recycled-hoodie", quantity: 600, maxUnitPrice: 19 }],
      priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
      userNotes: "",
      ...(supplierIds ? { supplierIds } : {}),
    });

    it("negotiates with a supplier that exists only in the file: no code names it", async () => {
      const lisbon = LISBON_LINENS;
      const file = quoteFile("suppliers-lisbon.json", [lisbon, BUILT_IN_SUPPLIERS[2]]);
      const { quote, suppliers } = await loadQuote(
        quoteFile("quote-lisbon.json", hoodies(["lisbon-linens"])),
        await loadSupplierDirectory(file),
      );
      expect(suppliers.map((s) => s.name)).toEqual(["Lisbon Linens"]);

      const { code, stdout } = await demo({ quote, suppliers, json: true });
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as {
        results: { supplierName: string; lastOffer?: { lines: { unitPrice: number }[] } }[];
      };
      expect(result.results.map((r) => r.supplierName)).toEqual(["Lisbon Linens"]);
      // It played its own book: never above its own list price, never below its own floor.
      const price = result.results[0]!.lastOffer!.lines[0]!.unitPrice;
      expect(price).toBeLessThanOrEqual(18.4);
      expect(price).toBeGreaterThanOrEqual(Math.round(18.4 * lisbon.floorRatio * 100) / 100);
    });

    it("runs a quote with 50 suppliers to a recommendation, each negotiation in its own lane", async () => {
      const file = path.join(process.cwd(), "examples", "suppliers.json");
      const { quote, suppliers } = await loadQuote(
        quoteFile("quote-fifty.json", hoodies()),
        await loadSupplierDirectory(file),
      );
      expect(suppliers).toHaveLength(50);

      const { code, stdout } = await demo({ quote, suppliers, rounds: 1 });
      expect(code).toBe(0);
      expect(stdout.replace(/\s+/g, " ")).toContain(
        "with 50 suppliers (Dhaka Textiles, Tirupur Textiles, Ho Chi Minh City Textiles and 47 more)",
      );
      expect(stdout).toMatch(/Recommendation: /);
      // Every supplier had its negotiation: each one's name opens at least one message.
      for (const supplier of suppliers) expect(stdout).toContain(`[${supplier.name} · round 1]`);
    });

    it("refuses a supplier file with a bad profile, naming the supplier's index and field", async () => {
      const bad = [BUILT_IN_SUPPLIERS[0], { ...BUILT_IN_SUPPLIERS[1]!, id: "cheap-co", floorRatio: 0.05 }];
      const error = await startError(quoteFile("quote-ok.json", hoodies()), quoteFile("suppliers-bad.json", bad));
      expect(error).toContain("[1].floorRatio: floorRatio must be from 0.3 to 1");
    });

    it("refuses a supplier file that lists an id twice", async () => {
      const twice = [BUILT_IN_SUPPLIERS[0], BUILT_IN_SUPPLIERS[0]];
      const error = await startError(quoteFile("quote-ok2.json", hoodies()), quoteFile("suppliers-twice.json", twice));
      expect(error).toContain('[1].id: "apex-textiles" is listed twice');
    });
  });
});
