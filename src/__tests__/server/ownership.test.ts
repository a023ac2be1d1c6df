// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { createQuote, newBackend, type Backend, useFakeDeployment, buyer, userIdOf } from "./harness";

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let negotiationId: Id<"negotiations">;

beforeEach(async () => {
  t = newBackend();
  const created = await createQuote(t, "alice");
  quoteId = created.quoteId;
  negotiationId = created.negotiationIds[0]!;
  await t.mutation(api.negotiations.addMessage, {
    writeToken: created.writeToken,
    negotiationId,
    sequence: 0,
    sender: "brand",
    content: "We need 1200 organic T-shirts.",
    createdAt: 1,
  });
});

const alice = () => buyer(t, "alice");
const bob = () => buyer(t, "bob");

describe("reads are scoped to the quote's owner", () => {
  test("get: the owner sees the quote; another buyer and a signed-out caller get null", async () => {
    expect(await alice().query(api.quotes.get, { quoteId })).toMatchObject({
      _id: quoteId,
      ownerId: await userIdOf(t, "alice"),
    });
    expect(await bob().query(api.quotes.get, { quoteId })).toBeNull();
    expect(await t.query(api.quotes.get, { quoteId })).toBeNull();
  });

  test("listMine: each buyer sees only their own quotes, newest first", async () => {
    vi.setSystemTime(Date.now() + 1000);
    const { quoteId: second } = await createQuote(t, "alice");
    vi.setSystemTime(Date.now() + 1000);
    const { quoteId: bobs } = await createQuote(t, "bob");

    expect((await alice().query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([second, quoteId]);
    expect((await bob().query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([bobs]);
    expect(await t.query(api.quotes.listMine, {})).toEqual([]);
  });

  test("listByQuote: only the owner sees the negotiations", async () => {
    expect(await alice().query(api.negotiations.listByQuote, { quoteId })).toHaveLength(3);
    expect(await bob().query(api.negotiations.listByQuote, { quoteId })).toEqual([]);
    expect(await t.query(api.negotiations.listByQuote, { quoteId })).toEqual([]);
  });

  test("listMessages: only the owner reads the transcript", async () => {
    const mine = await alice().query(api.negotiations.listMessages, { negotiationId });
    expect(mine.map((m) => m.content)).toEqual(["We need 1200 organic T-shirts."]);
    expect(await bob().query(api.negotiations.listMessages, { negotiationId })).toEqual([]);
    expect(await t.query(api.negotiations.listMessages, { negotiationId })).toEqual([]);
  });

  test("cancel: another buyer cannot cancel, and learns nothing about the quote", async () => {
    await expect(bob().mutation(api.quotes.cancel, { quoteId })).rejects.toThrow(`quote ${quoteId} not found`);
    await expect(t.mutation(api.quotes.cancel, { quoteId })).rejects.toThrow(/not authenticated/);
    expect((await alice().query(api.quotes.get, { quoteId }))?.status).toBe("starting");
  });
});
