// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { BUILT_IN_SUPPLIERS, MAX_SUPPLIERS_PER_QUOTE, type SupplierProfile } from "../../domain/suppliers";
import { api, internal } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { fakeMastra } from "./fakeMastra";
import {
  countRows,
  createRejection,
  newBackend,
  runScheduledWithin,
  validQuote,
  type Backend,
  useFakeDeployment,
  buyer,
} from "./harness";

/*
 * Suppliers are data: the `suppliers` table, seeded with the built-ins on first use, grown by an
 * operator's `suppliers:upsert`, read by buyers through `suppliers:list` (public fields only), and
 * snapshotted into the workflow's input when a quote's run starts.
 */

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const alice = () => buyer(t, "alice");
const BUILT_IN_IDS = BUILT_IN_SUPPLIERS.map((s) => s.id);
const PRIVATE_FIELDS = [
  "floorRatio",
  "reservationSpread",
  "concessionStyle",
  "listPrices",
  "fastestLeadTimeDays",
  "minOrderQuantity",
  "openingPaymentTerms",
  "mostFlexiblePaymentTerms",
  "rushCostPerDay",
  "capitalCostPerYear",
  "voice",
];

/** A valid profile unlike the built-ins: `lisbon-loom-7` and so on. */
function newSupplier(n: number, changes: Partial<SupplierProfile> = {}): SupplierProfile {
  return {
    ...BUILT_IN_SUPPLIERS[1]!,
    id: `lisbon-loom-${n}`,
    name: `Lisbon Loom ${n}`,
    country: "Portugal",
    floorRatio: 0.9,
    ...changes,
  };
}

async function supplierRows(backend: Backend = t) {
  return await backend.run(async (ctx) => await ctx.db.query("suppliers").collect());
}

/** Lets the scheduled start run against a fake Mastra server; answers the input it was sent. */
/** The input the run of `quoteId` (or of the only quote) was started with. */
async function startedRunInput(quoteId?: Id<"quotes">): Promise<Record<string, unknown>> {
  const mastra = fakeMastra();
  await runScheduledWithin(t, 10_000);
  const inputs = mastra.requests
    .filter((r) => r.path.endsWith("/start"))
    .map((r) => (r.body as { inputData: Record<string, unknown> }).inputData);
  const input = quoteId === undefined ? inputs[0] : inputs.find((i) => i.quoteId === quoteId);
  expect(input, "the run was never started").toBeDefined();
  return input!;
}

async function negotiationsOf(quoteId: Id<"quotes">) {
  return await alice().query(api.negotiations.listByQuote, { quoteId });
}

describe("seeding the built-in suppliers", () => {
  test("the table starts empty and the first quote writes the three built-ins", async () => {
    expect(await supplierRows()).toEqual([]);
    await alice().mutation(api.quotes.create, validQuote);
    const rows = await supplierRows();
    expect(rows.map((r) => r.supplierId)).toEqual(BUILT_IN_IDS);
    expect(
      rows.map(({ _id, _creationTime, updatedAt, supplierId, ...profile }) => ({ id: supplierId, ...profile })),
    ).toEqual(BUILT_IN_SUPPLIERS);
  });

  test("later quotes do not seed again", async () => {
    await alice().mutation(api.quotes.create, validQuote);
    await alice().mutation(api.quotes.create, validQuote);
    expect((await supplierRows()).map((r) => r.supplierId)).toEqual(BUILT_IN_IDS);
  });

  test("suppliers:seed writes the built-ins once and is idempotent", async () => {
    expect(await t.mutation(internal.suppliers.seed, {})).toBe(3);
    expect(await t.mutation(internal.suppliers.seed, {})).toBe(0);
    await alice().mutation(api.quotes.create, validQuote);
    expect((await supplierRows()).map((r) => r.supplierId)).toEqual(BUILT_IN_IDS);
  });

  test("seeding leaves an operator's edit of a built-in alone", async () => {
    await t.mutation(internal.suppliers.upsert, { ...BUILT_IN_SUPPLIERS[0]!, name: "Apex Textiles Ltd" });
    expect(await t.mutation(internal.suppliers.seed, {})).toBe(0);
    const rows = await supplierRows();
    expect(rows.map((r) => [r.supplierId, r.name])).toEqual([
      ["apex-textiles", "Apex Textiles Ltd"],
      ["porto-knitworks", "Porto Knitworks"],
      ["anatolia-apparel", "Anatolia Apparel"],
    ]);
  });
});

describe("suppliers:list shows a buyer whom they can invite, and nothing a supplier keeps private", () => {
  const PUBLIC_BUILT_INS = BUILT_IN_SUPPLIERS.map(({ id, name, country, quality, onTimeRate, leadTimeDays }) => ({
    id,
    name,
    country,
    quality,
    onTimeRate,
    leadTimeDays,
  }));

  test("before the table is written it answers with the built-ins' public fields", async () => {
    expect(await alice().query(api.suppliers.list, {})).toEqual(PUBLIC_BUILT_INS);
    expect(await supplierRows()).toEqual([]);
  });

  test("after seeding, the same, followed by the operator's suppliers in the order they were added", async () => {
    await t.mutation(internal.suppliers.upsert, newSupplier(1));
    const listed = await alice().query(api.suppliers.list, {});
    expect(listed.map((s) => s.id)).toEqual([...BUILT_IN_IDS, "lisbon-loom-1"]);
    expect(listed.slice(0, 3)).toEqual(PUBLIC_BUILT_INS);
  });

  test("no floorRatio, reservationSpread or any other private term, seeded or not", async () => {
    const before = await alice().query(api.suppliers.list, {});
    await t.mutation(internal.suppliers.upsert, newSupplier(1));
    const after = await alice().query(api.suppliers.list, {});
    for (const supplier of [...before, ...after]) {
      expect(Object.keys(supplier).sort()).toEqual(["country", "id", "leadTimeDays", "name", "onTimeRate", "quality"]);
      for (const field of PRIVATE_FIELDS) expect(supplier).not.toHaveProperty(field);
    }
  });

  test("a signed-out caller gets an empty list", async () => {
    expect(await t.query(api.suppliers.list, {})).toEqual([]);
  });
});

describe("an operator adds a supplier and a buyer invites it", () => {
  test("upsert, invite, a negotiation named from the table, and the run input carries its profile", async () => {
    const lisbon = newSupplier(4, { name: "Lisbon Loom & Co." });
    expect(await t.mutation(internal.suppliers.upsert, lisbon)).toBe("inserted");
    // The table was empty: the built-ins were written first, so adding a fourth keeps the three.
    expect((await supplierRows()).map((r) => r.supplierId)).toEqual([...BUILT_IN_IDS, "lisbon-loom-4"]);

    const quoteId = await alice().mutation(api.quotes.create, {
      ...validQuote,
      supplierIds: ["lisbon-loom-4", "porto-knitworks"],
    });
    expect((await negotiationsOf(quoteId)).map((n) => [n.supplierId, n.supplierName, n.status])).toEqual([
      ["lisbon-loom-4", "Lisbon Loom & Co.", "pending"],
      ["porto-knitworks", "Porto Knitworks", "pending"],
    ]);

    const input = await startedRunInput();
    expect(input.supplierIds).toEqual(["lisbon-loom-4", "porto-knitworks"]);
    expect(input.suppliers).toEqual([lisbon, BUILT_IN_SUPPLIERS[1]]);
    expect(input.negotiationIds).toEqual((await negotiationsOf(quoteId)).map((n) => n._id));
  });

  test("a quote naming no supplier invites every one in the table", async () => {
    await t.mutation(internal.suppliers.upsert, newSupplier(1));
    const quoteId = await alice().mutation(api.quotes.create, validQuote);
    const quote = await alice().query(api.quotes.get, { quoteId });
    expect(quote?.supplierIds).toEqual([...BUILT_IN_IDS, "lisbon-loom-1"]);
    expect((await negotiationsOf(quoteId)).map((n) => n.supplierName)).toEqual([
      "Apex Textiles",
      "Porto Knitworks",
      "Anatolia Apparel",
      "Lisbon Loom 1",
    ]);
  });

  test("upsert replaces a profile; a run already started keeps the snapshot it started with", async () => {
    const quoteId = await alice().mutation(api.quotes.create, { ...validQuote, supplierIds: ["porto-knitworks"] });
    const input = await startedRunInput();
    expect(
      await t.mutation(internal.suppliers.upsert, { ...BUILT_IN_SUPPLIERS[1]!, name: "Porto Knit", floorRatio: 0.95 }),
    ).toBe("updated");

    expect(input.suppliers).toEqual([BUILT_IN_SUPPLIERS[1]]);
    expect((await negotiationsOf(quoteId)).map((n) => n.supplierName)).toEqual(["Porto Knitworks"]);
    const rows = await supplierRows();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.supplierId === "porto-knitworks")).toMatchObject({
      name: "Porto Knit",
      floorRatio: 0.95,
    });
  });

  const badProfiles: Array<[string, Partial<SupplierProfile>, string]> = [
    ["a floor above the list price", { floorRatio: 1.5 }, "floorRatio: floorRatio must be from 0.3 to 1"],
    [
      "a negative list price",
      { listPrices: { ...BUILT_IN_SUPPLIERS[0]!.listPrices, "canvas-tote": -1 } },
      "listPrices.canvas-tote: a list price must be greater than 0",
    ],
    [
      "a fastest lead time slower than the usual one",
      { leadTimeDays: 10, fastestLeadTimeDays: 20 },
      "fastestLeadTimeDays: fastestLeadTimeDays (20) must not exceed leadTimeDays (10)",
    ],
    ["an id with capitals", { id: "Lisbon" }, "id: a supplier id may use only lower-case letters, digits and -"],
    ["an empty name", { name: "  " }, "name: name must not be empty"],
  ];
  test.each(badProfiles)(
    "a bad profile is refused naming the field, and nothing is written: %s",
    async (_name, change, expected) => {
      await expect(t.mutation(internal.suppliers.upsert, newSupplier(1, change))).rejects.toThrow(
        `invalid supplier:\n${expected}`,
      );
      // Not even the built-ins the upsert would have written first.
      expect(await supplierRows()).toEqual([]);
    },
  );

  test("a profile missing a field is refused by the argument validator, naming it", async () => {
    const { floorRatio: _floor, ...withoutFloor } = newSupplier(1);
    await expect(t.mutation(internal.suppliers.upsert, withoutFloor as SupplierProfile)).rejects.toThrow(/floorRatio/);
    expect(await supplierRows()).toEqual([]);
  });
});

describe("an operator retires a supplier", () => {
  test("buyers no longer see it and a new quote cannot invite it; a quote already started keeps it", async () => {
    await t.mutation(internal.suppliers.upsert, newSupplier(1));
    const started = await alice().mutation(api.quotes.create, { ...validQuote, supplierIds: ["lisbon-loom-1"] });

    expect(await t.mutation(internal.suppliers.retire, { id: "lisbon-loom-1" })).toBe("retired");
    expect(await t.mutation(internal.suppliers.retire, { id: "lisbon-loom-1" })).toBe("already retired");

    expect((await alice().query(api.suppliers.list, {})).map((s) => s.id)).toEqual(BUILT_IN_IDS);
    expect(await createRejection(t, { supplierIds: ["lisbon-loom-1"] })).toMatch(
      /^invalid quote:\nsupplierIds\[0\]: unknown supplier "lisbon-loom-1"; known suppliers: apex-textiles, porto-knitworks, anatolia-apparel$/,
    );
    // A quote naming none invites the active ones only.
    const quoteId = await alice().mutation(api.quotes.create, validQuote);
    expect((await alice().query(api.quotes.get, { quoteId }))?.supplierIds).toEqual(BUILT_IN_IDS);

    // The quote created before the retirement still starts with the supplier's profile.
    const input = await startedRunInput(started);
    expect(input.supplierIds).toEqual(["lisbon-loom-1"]);
    expect(input.suppliers).toEqual([newSupplier(1)]);
    expect((await negotiationsOf(started)).map((n) => n.supplierName)).toEqual(["Lisbon Loom 1"]);
  });

  test("upsert brings a retired supplier back; retiring every supplier does not bring the built-ins back", async () => {
    await t.mutation(internal.suppliers.seed, {});
    for (const id of BUILT_IN_IDS) await t.mutation(internal.suppliers.retire, { id });
    expect(await alice().query(api.suppliers.list, {})).toEqual([]);
    expect(await t.mutation(internal.suppliers.seed, {})).toBe(0);

    await t.mutation(internal.suppliers.upsert, BUILT_IN_SUPPLIERS[1]!);
    expect((await alice().query(api.suppliers.list, {})).map((s) => s.id)).toEqual(["porto-knitworks"]);
  });

  test("retiring an id the directory does not hold is refused, naming it", async () => {
    await expect(t.mutation(internal.suppliers.retire, { id: "acme-mills" })).rejects.toThrow(
      'unknown supplier "acme-mills"',
    );
  });
});

describe("a quote with up to 50 suppliers", () => {
  /** The built-ins and `extra` more, in the table in that order. */
  async function directoryOf(extra: number): Promise<string[]> {
    const added = Array.from({ length: extra }, (_, i) => newSupplier(i + 1));
    for (const supplier of added) await t.mutation(internal.suppliers.upsert, supplier);
    return [...BUILT_IN_IDS, ...added.map((s) => s.id)];
  }

  test("50 invited: 50 pending negotiations, and a run input with 50 profiles in the quote's order", async () => {
    const ids = (await directoryOf(MAX_SUPPLIERS_PER_QUOTE - 3)).reverse();
    expect(ids).toHaveLength(50);
    const quoteId = await alice().mutation(api.quotes.create, { ...validQuote, supplierIds: ids });

    const negotiations = await negotiationsOf(quoteId);
    expect(negotiations.map((n) => n.supplierId)).toEqual(ids);
    expect(new Set(negotiations.map((n) => n.status))).toEqual(new Set(["pending"]));
    expect(negotiations.at(0)?.supplierName).toBe("Lisbon Loom 47");

    const input = await startedRunInput();
    const suppliers = input.suppliers as SupplierProfile[];
    expect(suppliers).toHaveLength(50);
    expect(suppliers.map((s) => s.id)).toEqual(ids);
    expect(input.supplierIds).toEqual(ids);
    expect(input.negotiationIds).toEqual(negotiations.map((n) => n._id));
    expect(suppliers[0]).toEqual(newSupplier(47));
  });

  test("50 in the table and none named: all 50 invited", async () => {
    const ids = await directoryOf(MAX_SUPPLIERS_PER_QUOTE - 3);
    const quoteId = await alice().mutation(api.quotes.create, validQuote);
    expect((await negotiationsOf(quoteId)).map((n) => n.supplierId)).toEqual(ids);
  });

  test("51 named: refused naming supplierIds, nothing written", async () => {
    const ids = await directoryOf(MAX_SUPPLIERS_PER_QUOTE - 2);
    expect(await createRejection(t, { supplierIds: ids })).toBe(
      "invalid quote:\nsupplierIds: supplierIds may name at most 50 suppliers",
    );
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("51 in the table and none named: refused naming supplierIds", async () => {
    await directoryOf(MAX_SUPPLIERS_PER_QUOTE - 2);
    expect(await createRejection(t, {})).toBe(
      "invalid quote:\nsupplierIds: there are 51 suppliers: name at most 50 to invite",
    );
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("an unknown id is refused naming supplierIds[i], listing a few who exist", async () => {
    await directoryOf(12);
    const message = await createRejection(t, {
      supplierIds: ["lisbon-loom-3", "porto-knitworks", "acme", "lisbon-loom-99"],
    });
    const known =
      "known suppliers: apex-textiles, porto-knitworks, anatolia-apparel, lisbon-loom-1, lisbon-loom-2, lisbon-loom-3";
    const [head, acme, loom99, ...rest] = message.split("\n");
    expect([head, rest]).toEqual(["invalid quote:", []]);
    expect(acme).toMatch(new RegExp(`^supplierIds\\[2\\]: unknown supplier "acme"; ${known}`));
    expect(loom99).toMatch(new RegExp(`^supplierIds\\[3\\]: unknown supplier "lisbon-loom-99"; ${known}`));
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("a malformed id is refused by the quote schema alone, once", async () => {
    expect(await createRejection(t, { supplierIds: ["Not An Id"] })).toBe(
      "invalid quote:\nsupplierIds[0]: a supplier id may use only lower-case letters, digits and -",
    );
  });
});
