import { describe, expect, it } from "vitest";
import { BUILT_IN_PRODUCTS, type Product } from "../../domain/products";
import { productOfLine, quoteRequestSchema } from "../../domain/quote";
import { builtInSupplier, listPriceOf, priceIndexOf, pricedFor, unitPriceBounds } from "../../domain/suppliers";

const apron: Product = { id: "linen-apron", name: "linen apron", unit: "piece", referenceUnitPrice: 9.5 };

describe("any supplier quotes any product", () => {
  const porto = builtInSupplier("porto-knitworks");

  it("prices a product it does not list at its own index over the reference price", () => {
    // Porto lists the four built-ins at 7.40/6.20, 21.50/17.50, 4.20/3.40 and 5.10/4.10 of the market.
    const index = (7.4 / 6.2 + 21.5 / 17.5 + 4.2 / 3.4 + 5.1 / 4.1) / 4;
    expect(priceIndexOf(porto)).toBeCloseTo(index, 10);
    expect(listPriceOf(porto, apron)).toBe(Math.round(9.5 * index * 100) / 100);
    expect(listPriceOf({ ...porto, priceIndex: 0.9 }, apron)).toBe(8.55);
    expect(listPriceOf({ ...porto, listPrices: {} }, apron)).toBe(9.5);
  });

  it("keeps what it lists, and is the very same profile when it lists every product quoted", () => {
    expect(pricedFor(porto, BUILT_IN_PRODUCTS)).toBe(porto);
    const priced = pricedFor(porto, [BUILT_IN_PRODUCTS[0]!, apron]);
    expect(priced.listPrices["organic-tshirt"]).toBe(7.4);
    expect(unitPriceBounds(priced, "linen-apron", 1000)).toEqual({
      list: listPriceOf(porto, apron),
      floor: Math.round(listPriceOf(porto, apron) * porto.floorRatio * 100) / 100,
    });
  });
});

describe("a quote line's product", () => {
  const quote = (products: unknown[]) =>
    quoteRequestSchema.safeParse({ products, priorities: { price: 1, quality: 1, speed: 1, reliability: 1 } });

  it("is its own data when it carries it, else a built-in product", () => {
    const { id: _id, ...details } = apron;
    expect(productOfLine({ productId: "linen-apron", product: details })).toEqual(apron);
    expect(productOfLine({ productId: "canvas-tote" }).name).toBe("canvas tote bag");
    expect(quote([{ productId: "linen-apron", quantity: 10, product: details }]).success).toBe(true);
  });

  it("is refused naming the field when it names no product it can be quoted for", () => {
    const refused = quote([{ productId: "linen-apron", quantity: 10 }]);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "products.0.productId",
        'unknown product "linen-apron"; add it to your products first, or choose one of organic-tshirt, recycled-hoodie, canvas-tote, merino-socks',
      ],
    ]);
    const badProduct = quote([
      { productId: "linen-apron", quantity: 10, product: { ...apron, referenceUnitPrice: 0 } },
    ]);
    expect(badProduct.error?.issues.map((i) => i.path.join("."))).toEqual(["products.0.product.referenceUnitPrice"]);
  });
});
