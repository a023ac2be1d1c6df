// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { BUILT_IN_PRODUCTS } from "../../domain/products";
import { api, internal } from "../../server/_generated/api";
import { SEARCH_LIMIT } from "../../server/model/productCatalog";
import { buyer, countRows, createQuote, createRejection, newBackend, type Backend, useFakeDeployment } from "./harness";

/*
 * Products are data: the operator's catalog (seeded with the built-ins, grown and retired by
 * internal functions) and each buyer's own products, private to them. A quote keeps each product it
 * names as it was, and the run is told what it is quoting.
 */

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const apron = {
  name: "Linen apron",
  unit: "piece",
  referenceUnitPrice: 9.5,
  specification: "Stonewashed linen, 70 × 85 cm, cross-back straps.",
};

describe("a buyer's own products", () => {
  test("are added from the form, quoted beside built-in ones, and reach the run with what they are", async () => {
    const added = await buyer(t, "alice").mutation(api.products.addMine, apron);
    expect(added).toEqual({ id: "own-linen-apron", ...apron, own: true });
    const found = await buyer(t, "alice").query(api.products.search, { text: "lin" });
    expect(found.map((p) => [p.id, p.own])).toEqual([["own-linen-apron", true]]);

    const { quoteId } = await createQuote(t, "alice", {
      products: [
        { productId: "organic-tshirt", quantity: 1200 },
        { productId: added.id, quantity: 300, maxUnitPrice: 10 },
        { productId: "canvas-tote", quantity: 800 },
      ],
    });
    const quote = await t.run(async (ctx) => await ctx.db.get(quoteId));
    expect(
      quote?.products.map((line) => [line.productId, line.product?.name, line.product?.referenceUnitPrice]),
    ).toEqual([
      ["organic-tshirt", "organic cotton T-shirt", 6.2],
      ["own-linen-apron", "Linen apron", 9.5],
      ["canvas-tote", "canvas tote bag", 3.4],
    ]);
    expect(quote?.products[1]?.product?.specification).toBe(apron.specification);
  });

  test("are nobody else's: another buyer neither finds nor quotes them", async () => {
    const added = await buyer(t, "alice").mutation(api.products.addMine, apron);
    expect(await buyer(t, "bob").query(api.products.search, { text: "linen" })).toEqual([]);
    expect(await createRejection(t, { products: [{ productId: added.id, quantity: 10 }] }, "bob")).toContain(
      `products[0].productId: unknown product "${added.id}"`,
    );
    expect(await t.query(api.products.search, {})).toEqual([]);
  });

  test("two with the same name get ids of their own", async () => {
    const first = await buyer(t, "alice").mutation(api.products.addMine, apron);
    const second = await buyer(t, "bob").mutation(api.products.addMine, apron);
    expect([first.id, second.id]).toEqual(["own-linen-apron", "own-linen-apron-2"]);
  });

  test("a bad product is refused naming the field, and nothing is written", async () => {
    const before = await t.run(async (ctx) => (await ctx.db.query("products").collect()).length);
    await expect(
      buyer(t, "alice").mutation(api.products.addMine, { ...apron, name: " ", referenceUnitPrice: -1 }),
    ).rejects.toThrow(
      /name: name must not be empty[\s\S]*referenceUnitPrice: referenceUnitPrice must be greater than 0/,
    );
    expect(await t.run(async (ctx) => (await ctx.db.query("products").collect()).length)).toBe(before);
    await expect(t.mutation(api.products.addMine, apron)).rejects.toThrow();
  });
});

describe("the operator's catalog", () => {
  test("answers with the built-ins before its first write, by name prefix in any case", async () => {
    const all = await buyer(t, "alice").query(api.products.search, {});
    expect(all.map((p) => p.id).sort()).toEqual(BUILT_IN_PRODUCTS.map((p) => p.id).sort());
    expect((await buyer(t, "alice").query(api.products.search, { text: "MERINO" })).map((p) => p.id)).toEqual([
      "merino-socks",
    ]);
  });

  test("grows by upsert for every buyer; a retired product is refused by name, and search stays bounded", async () => {
    await t.mutation(internal.products.upsert, {
      id: "bamboo-socks",
      name: "bamboo socks",
      unit: "pair",
      referenceUnitPrice: 3.9,
    });
    expect((await buyer(t, "bob").query(api.products.search, { text: "bamboo" })).map((p) => p.id)).toEqual([
      "bamboo-socks",
    ]);
    expect(await t.mutation(internal.products.retire, { id: "merino-socks" })).toBe("retired");
    expect(await createRejection(t, { products: [{ productId: "merino-socks", quantity: 10 }] })).toContain(
      'products[0].productId: "merino-socks" is no longer offered',
    );
    const { quoteId } = await createQuote(t, "alice", { products: [{ productId: "bamboo-socks", quantity: 500 }] });
    expect((await t.run(async (ctx) => await ctx.db.get(quoteId)))?.products[0]?.product?.name).toBe("bamboo socks");

    for (let i = 0; i < SEARCH_LIMIT + 10; i++) {
      await t.mutation(internal.products.upsert, {
        id: `cap-${i}`,
        name: `cap ${String(i).padStart(3, "0")}`,
        unit: "piece",
        referenceUnitPrice: 2,
      });
    }
    const caps = await buyer(t, "alice").query(api.products.search, { text: "cap" });
    expect(caps).toHaveLength(SEARCH_LIMIT);
    expect(caps[0]?.name).toBe("cap 000");
  });

  test("refuses a bad product naming the field", async () => {
    await expect(
      t.mutation(internal.products.upsert, { id: "Bad Id", name: "x", unit: "piece", referenceUnitPrice: 1 }),
    ).rejects.toThrow("id: a product id may use only lower-case letters, digits and -");
    expect((await countRows(t)).quotes).toBe(0);
  });
});
