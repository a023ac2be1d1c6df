import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import type { LocalBackend } from "../../dev-backend/local-backend";
import { useDeploymentsWithoutMastra } from "../helpers/deployment-without-mastra";
import { BUILT_IN_SUPPLIERS, type SupplierProfile } from "../../domain/suppliers";
import { api } from "../../server/_generated/api";
import { retire, seed, upsert } from "../../server/suppliers";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

/*
 * Attacks on the supplier directory: "a buyer rewrites a supplier" (lowers its floor, renames it,
 * adds a supplier of their own) and "a buyer reads a supplier's floor" (the list, or anything a
 * quote returns). Run against the local backend with Convex's own clients, which, like Convex,
 * refuses internal functions to clients.
 */

const { deployment, afterTest } = useDeploymentsWithoutMastra();

async function buyerClient(backend: LocalBackend): Promise<ConvexHttpClient> {
  const http = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
  http.setAuth(await signUp(backend.url, "mallory@example.com"));
  return http;
}

const upsertByName = makeFunctionReference<"mutation", SupplierProfile, "inserted" | "updated">("suppliers:upsert");
const seedByName = makeFunctionReference<"mutation", Record<string, never>, number>("suppliers:seed");
const retireByName = makeFunctionReference<"mutation", { id: string }, string>("suppliers:retire");
const cheapApex: SupplierProfile = { ...BUILT_IN_SUPPLIERS[0]!, floorRatio: 0.3, name: "Apex (floor lowered)" };

const supplierRows = (backend: LocalBackend) =>
  backend.backend.run(async (ctx) => await ctx.db.query("suppliers").collect());

describe("a buyer cannot change the supplier directory", () => {
  it("upsert, seed and retire are internal functions", () => {
    expect(upsert.isInternal).toBe(true);
    expect(seed.isInternal).toBe(true);
    expect(retire.isInternal).toBe(true);
  });

  it("a signed-in buyer calling suppliers:upsert over HTTP or the socket is refused, and nothing is written", async () => {
    const backend = await deployment();
    const http = await buyerClient(backend);
    await expect(http.mutation(upsertByName, cheapApex)).rejects.toThrow(
      /Could not find public function for 'suppliers:upsert'/,
    );
    await expect(http.mutation(seedByName, {})).rejects.toThrow(/Could not find public function for 'suppliers:seed'/);

    const live = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    afterTest(() => live.close());
    live.setAuth(async () => await signUp(backend.url, "mallory2@example.com"));
    await expect(live.mutation(upsertByName, cheapApex)).rejects.toThrow(/Could not find public function/);

    expect(await supplierRows(backend)).toEqual([]);
    // The first quote still negotiates with the built-in Apex, not the buyer's version of it.
    const quoteId = await http.mutation(api.quotes.create, { ...validQuote, supplierIds: ["apex-textiles"] });
    expect((await http.query(api.negotiations.listByQuote, { quoteId })).map((n) => n.supplierName)).toEqual([
      "Apex Textiles",
    ]);
    expect((await supplierRows(backend)).find((r) => r.supplierId === "apex-textiles")?.floorRatio).toBe(0.8);
  });

  it("nor retire the competition of the supplier they favour", async () => {
    const backend = await deployment();
    const http = await buyerClient(backend);
    await http.mutation(api.quotes.create, { ...validQuote, supplierIds: ["porto-knitworks"] });
    await expect(http.mutation(retireByName, { id: "apex-textiles" })).rejects.toThrow(
      /Could not find public function for 'suppliers:retire'/,
    );
    expect((await http.query(api.suppliers.list, {})).map((s) => s.id)).toContain("apex-textiles");
    expect((await supplierRows(backend)).every((r) => r.retiredAt === undefined)).toBe(true);
  });
});

describe("a buyer never sees a supplier's floor", () => {
  it("neither in suppliers:list nor in the quote and negotiations a quote returns", async () => {
    const backend = await deployment();
    const http = await buyerClient(backend);
    const before = await http.query(api.suppliers.list, {});
    const quoteId = await http.mutation(api.quotes.create, validQuote);
    const after = await http.query(api.suppliers.list, {});
    const quote = await http.query(api.quotes.get, { quoteId });
    const negotiations = await http.query(api.negotiations.listByQuote, { quoteId });

    expect(after.map((s) => s.id)).toEqual(BUILT_IN_SUPPLIERS.map((s) => s.id));
    const seen = JSON.stringify([before, after, quote, negotiations]);
    for (const secret of ["floorRatio", "reservationSpread", "concessionStyle", "capitalCostPerYear", "listPrices"]) {
      expect(seen).not.toContain(secret);
    }
  });
});
