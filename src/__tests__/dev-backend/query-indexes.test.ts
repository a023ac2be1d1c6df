import { convexTest } from "convex-test";
import {
  defineSchema,
  defineTable,
  type DataModelFromSchemaDefinition,
  type GenericDatabaseReader,
  type GenericDatabaseWriter,
} from "convex/server";
import { v, type GenericId } from "convex/values";
import { describe, expect, it } from "vitest";
import type { Backend } from "../../dev-backend/function-runner";
import { indexDeployment } from "../../dev-backend/query-indexes";

/*
 * The local backend reads through indexes (src/dev-backend/query-indexes.ts) instead of convex-test's
 * scan of every document. Two deployments take the same random writes, one plain and one indexed,
 * and every kind of read must answer the same on both: after each transaction, and inside one that
 * has written but not committed.
 */

const schema = defineSchema({
  items: defineTable({
    group: v.optional(v.string()),
    n: v.number(),
    tag: v.union(v.string(), v.null(), v.boolean()),
    nested: v.optional(v.object({ k: v.string() })),
    list: v.optional(v.array(v.string())),
  })
    .index("by_group_n", ["group", "n"])
    .index("by_tag", ["tag"])
    .index("by_nested_k", ["nested.k"])
    .index("by_list", ["list"]),
  others: defineTable({ group: v.string() }).index("by_group", ["group"]),
});

type DataModel = DataModelFromSchemaDefinition<typeof schema>;
type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;

interface Item {
  group?: string;
  n: number;
  tag: string | null | boolean;
  nested?: { k: string };
  list?: string[];
}

const GROUPS = ["a", "b", "c", undefined] as const;
const TAGS = ["x", "y", null, true, false] as const;

/** A seeded generator, so a failure comes back the same. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

function randomItem(next: () => number): Item {
  const group = pick(next, GROUPS);
  const nested = next() < 0.5 ? { k: pick(next, ["p", "q"]) } : undefined;
  const list = next() < 0.3 ? [pick(next, ["l", "m"])] : undefined;
  return {
    ...(group === undefined ? {} : { group }),
    n: Math.floor(next() * 6),
    tag: pick(next, TAGS),
    ...(nested ? { nested } : {}),
    ...(list ? { list } : {}),
  };
}

/** Every kind of read the functions make, with the answers stripped of creation times (the two clocks differ). */
async function readEverything(db: Reader): Promise<unknown[]> {
  const answers: unknown[] = [];
  const strip = (docs: Array<{ _creationTime: number }>) => docs.map(({ _creationTime, ...rest }) => rest);
  for (const group of GROUPS) {
    answers.push(
      strip(
        await db
          .query("items")
          .withIndex("by_group_n", (q) => q.eq("group", group))
          .collect(),
      ),
    );
    answers.push(
      strip(
        await db
          .query("items")
          .withIndex("by_group_n", (q) => q.eq("group", group).gte("n", 2).lt("n", 5))
          .order("desc")
          .collect(),
      ),
    );
    const first = await db
      .query("items")
      .withIndex("by_group_n", (q) => q.eq("group", group).eq("n", 3))
      .first();
    answers.push(first?._id ?? null);
    if (group)
      answers.push(
        strip(
          await db
            .query("others")
            .withIndex("by_group", (q) => q.eq("group", group))
            .collect(),
        ),
      );
  }
  for (const tag of TAGS)
    answers.push(
      strip(
        await db
          .query("items")
          .withIndex("by_tag", (q) => q.eq("tag", tag))
          .take(3),
      ),
    );
  for (const k of ["p", "q", undefined]) {
    answers.push(
      strip(
        await db
          .query("items")
          .withIndex("by_nested_k", (q) => q.eq("nested.k", k))
          .collect(),
      ),
    );
  }
  answers.push(
    strip(
      await db
        .query("items")
        .withIndex("by_list", (q) => q.eq("list", ["l"]))
        .collect(),
    ),
  );
  answers.push(
    strip(
      await db
        .query("items")
        .withIndex("by_group_n", (q) => q.gt("group", "a"))
        .collect(),
    ),
  );
  answers.push(strip(await db.query("items").order("desc").collect()));
  answers.push(
    strip(
      await db
        .query("items")
        .filter((q) => q.eq(q.field("n"), 1))
        .collect(),
    ),
  );
  const page = await db
    .query("items")
    .withIndex("by_group_n", (q) => q.eq("group", "a"))
    .paginate({ cursor: null, numItems: 2 });
  answers.push({ page: strip(page.page), isDone: page.isDone });
  return answers;
}

async function deployment(indexed: boolean) {
  const t = convexTest(schema, { "./_generated/api.js": () => Promise.resolve({}) });
  if (indexed) await indexDeployment(t as unknown as Backend);
  return t;
}

describe("the local backend's indexes", () => {
  it("answer every read exactly as a scan of every document does, through inserts, patches and deletes", async () => {
    const plain = await deployment(false);
    const indexed = await deployment(true);
    const next = random(7);
    const ids: Array<GenericId<"items">> = [];
    const others: Array<GenericId<"others">> = [];
    for (let step = 0; step < 60; step++) {
      const choice = next();
      const item = randomItem(next);
      const target = ids.length > 0 ? pick(next, ids) : undefined;
      const group = pick(next, ["a", "b", "c"]);
      const transaction = async (ctx: { db: Writer }) => {
        if (choice < 0.45 || !target) ids.push(await ctx.db.insert("items", item));
        else if (choice < 0.75) await ctx.db.replace(target, item);
        else if (choice < 0.85) await ctx.db.patch(target, { group: undefined, tag: item.tag });
        else {
          await ctx.db.delete(target);
          ids.splice(ids.indexOf(target), 1);
        }
        if (step % 5 === 0) others.push(await ctx.db.insert("others", { group }));
        // Read inside the transaction too: what it wrote is pending, not committed.
        return readEverything(ctx.db);
      };
      const before = [...ids];
      const fromPlain = await plain.run(transaction);
      ids.splice(0, ids.length, ...before);
      const fromIndexed = await indexed.run(transaction);
      expect(fromIndexed).toEqual(fromPlain);
      const committedPlain = await plain.run((ctx) => readEverything(ctx.db));
      const committedIndexed = await indexed.run((ctx) => readEverything(ctx.db));
      expect(committedIndexed).toEqual(committedPlain);
    }
    expect(others.length).toBeGreaterThan(0);
    expect(ids.length).toBeGreaterThan(5);
  });

  it("leave nothing of a transaction that failed", async () => {
    const t = await deployment(true);
    await t.run(async (ctx) => {
      await ctx.db.insert("items", { group: "a", n: 1, tag: "x" });
    });
    await expect(
      t.run(async (ctx) => {
        await ctx.db.insert("items", { group: "a", n: 2, tag: "x" });
        throw new Error("the function failed");
      }),
    ).rejects.toThrow("the function failed");
    const groupA = await t.run((ctx) =>
      ctx.db
        .query("items")
        .withIndex("by_group_n", (q) => q.eq("group", "a"))
        .collect(),
    );
    expect(groupA.map((item) => item.n)).toEqual([1]);
  });
});
