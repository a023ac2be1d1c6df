// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import {
  countRows,
  createRejection,
  newBackend,
  validQuote,
  type Backend,
  useFakeDeployment,
  buyer,
  userIdOf,
} from "./harness";

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const alice = () => buyer(t, "alice");

const rejectionOf = (args: Record<string, unknown>, owner?: string) => createRejection(t, args, owner);

describe("quotes.create rejects bad input, naming the field, and writes nothing", () => {
  // The messages are the workflow's own (quoteRequestSchema in src/domain/quote.ts), each
  // line led by the field's path, so the form and the workflow say the same thing.
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["no products", { products: [] }, "products: at least one product is required"],
    [
      "an unknown product",
      { products: [{ productId: "silk-scarf", quantity: 10 }] },
      'products[0].productId: unknown product "silk-scarf"; add it to your products first, or choose one of organic-tshirt, recycled-hoodie, canvas-tote, merino-socks',
    ],
    [
      "a zero quantity",
      {
        products: [
          { productId: "organic-tshirt", quantity: 10 },
          { productId: "canvas-tote", quantity: 0 },
        ],
      },
      "products[1].quantity: quantity must be greater than 0",
    ],
    [
      "a negative quantity",
      { products: [{ productId: "canvas-tote", quantity: -5 }] },
      "products[0].quantity: quantity must be greater than 0",
    ],
    [
      "a fractional quantity",
      { products: [{ productId: "canvas-tote", quantity: 2.5 }] },
      "products[0].quantity: quantity must be a whole number",
    ],
    [
      "a quantity that is not a number",
      { products: [{ productId: "canvas-tote", quantity: Number.NaN }] },
      "products[0].quantity: quantity must be a number",
    ],
    [
      "a non-positive price limit",
      { products: [{ productId: "canvas-tote", quantity: 5, maxUnitPrice: 0 }] },
      "products[0].maxUnitPrice: maxUnitPrice must be greater than 0",
    ],
    [
      "an infinite price limit",
      { products: [{ productId: "canvas-tote", quantity: 5, maxUnitPrice: Number.POSITIVE_INFINITY }] },
      "products[0].maxUnitPrice: must be a finite number",
    ],
    [
      "a product listed twice",
      {
        products: [
          { productId: "canvas-tote", quantity: 5 },
          { productId: "canvas-tote", quantity: 9 },
        ],
      },
      'products[1].productId: "canvas-tote" is listed twice',
    ],
    [
      "a weight that is not a number",
      { priorities: { price: 1, quality: 1, speed: Number.NaN, reliability: 1 } },
      "priorities.speed: speed must be a number",
    ],
    [
      "an infinite weight",
      { priorities: { price: Number.POSITIVE_INFINITY, quality: 1, speed: 1, reliability: 1 } },
      "priorities.price: price must be a number",
    ],
    [
      "a negative weight",
      { priorities: { price: 1, quality: -1, speed: 1, reliability: 1 } },
      "priorities.quality: quality must not be negative",
    ],
    [
      "all weights zero",
      { priorities: { price: 0, quality: 0, speed: 0, reliability: 0 } },
      "priorities: at least one priority weight must be above 0",
    ],
    [
      "an unknown supplier",
      { supplierIds: ["apex-textiles", "acme"] },
      'supplierIds[1]: unknown supplier "acme"; known suppliers: apex-textiles, porto-knitworks, anatolia-apparel',
    ],
    [
      "a supplier listed twice",
      { supplierIds: ["porto-knitworks", "porto-knitworks"] },
      'supplierIds[1]: "porto-knitworks" is listed twice',
    ],
    ["an empty supplier list", { supplierIds: [] }, "supplierIds: supplierIds must name at least one supplier"],
    ["zero rounds", { maxRounds: 0 }, "maxRounds: maxRounds must be a whole number from 1 to 12"],
    ["too many rounds", { maxRounds: 13 }, "maxRounds: maxRounds must be a whole number from 1 to 12"],
    ["fractional rounds", { maxRounds: 2.5 }, "maxRounds: maxRounds must be a whole number from 1 to 12"],
    [
      "a fractional lead time",
      { maxLeadTimeDays: 10.5 },
      "maxLeadTimeDays: maxLeadTimeDays must be a whole number of days",
    ],
    ["a zero lead time", { maxLeadTimeDays: 0 }, "maxLeadTimeDays: maxLeadTimeDays must be greater than 0"],
    [
      "a negative value of a day of lead time",
      { buyerValues: { leadTimeDayPercent: -1 } },
      "buyerValues.leadTimeDayPercent: leadTimeDayPercent must not be negative",
    ],
    [
      "a month of credit worth more than 10% of the order",
      { buyerValues: { creditMonthPercent: 12 } },
      "buyerValues.creditMonthPercent: creditMonthPercent must be at most 10 (percent of the order's value)",
    ],
    [
      "an in-person supplier who is not invited",
      { supplierIds: ["apex-textiles"], inPersonSupplierIds: ["porto-knitworks"] },
      'inPersonSupplierIds[0]: "porto-knitworks" is not one of the invited suppliers',
    ],
    [
      "an in-person supplier unknown to the directory",
      { inPersonSupplierIds: ["acme"] },
      'inPersonSupplierIds[0]: "acme" is not one of the invited suppliers',
    ],
    [
      "an in-person supplier listed twice",
      { inPersonSupplierIds: ["porto-knitworks", "porto-knitworks"] },
      'inPersonSupplierIds[1]: "porto-knitworks" is listed twice',
    ],
    ["no time to reply", { replyWithinSeconds: 0 }, "replyWithinSeconds: replyWithinSeconds must be at least 1"],
    [
      "a time to reply over 30 days",
      { replyWithinSeconds: 31 * 86_400 },
      "replyWithinSeconds: replyWithinSeconds must be at most 2592000 (30 days)",
    ],
    [
      "notes that are too long",
      { userNotes: "x".repeat(4001) },
      "userNotes: userNotes must be at most 4000 characters",
    ],
  ];

  test.each(cases)("%s", async (_name, args, expected) => {
    expect(await rejectionOf(args)).toBe(`invalid quote:\n${expected}`);
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("every problem is reported at once, one line each", async () => {
    const message = await rejectionOf({
      products: [{ productId: "foo", quantity: 0 }],
      priorities: { price: 1, quality: 1, speed: -2, reliability: 1 },
      maxRounds: 40,
    });
    expect(message.split("\n")).toEqual([
      "invalid quote:",
      "products[0].quantity: quantity must be greater than 0",
      "priorities.speed: speed must not be negative",
      'products[0].productId: unknown product "foo"; add it to your products first, or choose one of organic-tshirt, recycled-hoodie, canvas-tote, merino-socks',
      "maxRounds: maxRounds must be a whole number from 1 to 12",
    ]);
  });

  test("a bad round count does not hide a product listed twice", async () => {
    const message = await rejectionOf({
      products: [
        { productId: "canvas-tote", quantity: 5 },
        { productId: "canvas-tote", quantity: 9 },
      ],
      maxRounds: 0,
    });
    expect(message.split("\n").slice(1)).toEqual([
      'products[1].productId: "canvas-tote" is listed twice',
      "maxRounds: maxRounds must be a whole number from 1 to 12",
    ]);
  });

  test("a weight sent as a string is stopped by the argument validator before the handler runs", async () => {
    // A deployed backend also prints "Path: .priorities.price"; convex-test's message omits the path.
    const message = await rejectionOf({ priorities: { price: "high", quality: 1, speed: 1, reliability: 1 } });
    expect(message).toMatch(/Expected `number`, got `high`/);
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("a signed-out caller cannot create a quote", async () => {
    await expect(t.mutation(api.quotes.create, validQuote)).rejects.toThrow(/not authenticated/);
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });
});

describe("quotes.create writes the quote and its negotiations together", () => {
  test("defaults: every supplier in the directory (the built-ins on first use), 4 rounds, status starting", async () => {
    const quoteId = await alice().mutation(api.quotes.create, validQuote);
    const quote = await alice().query(api.quotes.get, { quoteId });
    expect(quote).toMatchObject({
      ownerId: await userIdOf(t, "alice"),
      status: "starting",
      maxRounds: 4,
      supplierIds: ["apex-textiles", "porto-knitworks", "anatolia-apparel"],
      products: validQuote.products,
      priorities: validQuote.priorities,
      userNotes: validQuote.userNotes,
    });
    const negotiations = await alice().query(api.negotiations.listByQuote, { quoteId });
    expect(negotiations.map((n) => [n.supplierId, n.supplierName, n.status, n.roundCount])).toEqual([
      ["apex-textiles", "Apex Textiles", "pending", 0],
      ["porto-knitworks", "Porto Knitworks", "pending", 0],
      ["anatolia-apparel", "Anatolia Apparel", "pending", 0],
    ]);
  });

  test("chosen suppliers, in the buyer's order, with the buyer's round limit and lead time", async () => {
    const quoteId = await alice().mutation(api.quotes.create, {
      ...validQuote,
      supplierIds: ["anatolia-apparel", "apex-textiles"],
      maxRounds: 6,
      maxLeadTimeDays: 30,
    });
    const quote = await alice().query(api.quotes.get, { quoteId });
    expect(quote).toMatchObject({
      supplierIds: ["anatolia-apparel", "apex-textiles"],
      maxRounds: 6,
      maxLeadTimeDays: 30,
    });
    const negotiations = await alice().query(api.negotiations.listByQuote, { quoteId });
    expect(negotiations.map((n) => n.supplierName)).toEqual(["Anatolia Apparel", "Apex Textiles"]);
  });

  test("a supplier who answers in person gets a private link; the agents' negotiations none", async () => {
    const quoteId = await alice().mutation(api.quotes.create, {
      ...validQuote,
      inPersonSupplierIds: ["porto-knitworks"],
      replyWithinSeconds: 3_600,
    });
    expect(await alice().query(api.quotes.get, { quoteId })).toMatchObject({
      inPersonSupplierIds: ["porto-knitworks"],
      replyWithinSeconds: 3_600,
    });
    const negotiations = await alice().query(api.negotiations.listByQuote, { quoteId });
    const links = await alice().query(api.supplierLinks.forQuote, { quoteId });
    const porto = negotiations.find((n) => n.supplierId === "porto-knitworks")!;
    expect(links).toEqual([{ negotiationId: porto._id, token: expect.stringMatching(/^[\w]+\.1\.[\w-]{43}$/) }]);
  });

  test("keeps what the buyer says a day of lead time and a month of credit are worth", async () => {
    const buyerValues = { leadTimeDayPercent: 0.25, creditMonthPercent: 0.4 };
    const quoteId = await alice().mutation(api.quotes.create, { ...validQuote, buyerValues });
    expect(await alice().query(api.quotes.get, { quoteId })).toMatchObject({ buyerValues });
  });
});
