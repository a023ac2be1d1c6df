// @vitest-environment edge-runtime
import { MAX_LINES_PER_QUOTE } from "../../domain/products";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import { quoteRequestSchema } from "../../domain/quote";
import { negotiationWorkflowInputSchema } from "../../mastra/workflows/workflow-schemas";
import { fakeMastra } from "../server/fakeMastra";
import {
  countRows,
  createRejection,
  createQuote,
  newBackend,
  runScheduledWithin,
  sampleTerms,
  type Backend,
  useFakeDeployment,
  validQuote,
  buyer,
} from "../server/harness";

/*
 * Attacks: "no upper bounds" (quantity 1e12, unit price 1e300, lead time 1e15 days, priorities of
 * 1e308, a 10,000-line quote refused with a megabyte of error) and "no rate limit" (50 creates in a
 * burst started 50 runs).
 */

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const rejectionOf = (args: Record<string, unknown>, owner?: string) => createRejection(t, args, owner);

describe("every quote field has an upper bound, the same in Convex, the workflow and the CLI", () => {
  test.each([
    [
      "quantity 1e12",
      { products: [{ productId: "organic-tshirt", quantity: 1e12 }] },
      "products[0].quantity: quantity must be at most 1,000,000",
    ],
    [
      "unit price 1e300",
      { products: [{ productId: "organic-tshirt", quantity: 10, maxUnitPrice: 1e300 }] },
      "products[0].maxUnitPrice: maxUnitPrice must be at most 100,000",
    ],
    ["lead time 1e15 days", { maxLeadTimeDays: 1e15 }, "maxLeadTimeDays: maxLeadTimeDays must be at most 365"],
    [
      "priority 1e308",
      { priorities: { price: 1e308, quality: 1, speed: 1, reliability: 1 } },
      "priorities.price: price must be at most 1000",
    ],
    [
      "notes of 4,001 characters",
      { userNotes: "x".repeat(4001) },
      "userNotes: userNotes must be at most 4000 characters",
    ],
    [
      "21 products",
      {
        products: Array.from({ length: MAX_LINES_PER_QUOTE + 1 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 })),
      },
      `products: at most ${MAX_LINES_PER_QUOTE} products (one line per product)`,
    ],
  ])("%s is refused, naming the field; nothing is written", async (_name, args, line) => {
    const message = await rejectionOf(args);
    expect(message.split("\n")).toContain(line);
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
    // The CLI and the workflow parse with the same schema and refuse the same input.
    expect(quoteRequestSchema.safeParse({ ...validQuote, ...args }).success).toBe(false);
    expect(negotiationWorkflowInputSchema.safeParse({ ...validQuote, ...args, maxRounds: 4 }).success).toBe(false);
  });

  test("a 10,000-line quote is refused with a short message", async () => {
    const products = Array.from({ length: 10_000 }, (_, i) => ({
      productId: `product-${"x".repeat(50)}-${i}`,
      quantity: -1,
    }));
    const message = await rejectionOf({ products });
    expect(message.length).toBeLessThan(2_000);
    expect(message.split("\n")).toContain(`products: at most ${MAX_LINES_PER_QUOTE} products (one line per product)`);
    expect(await countRows(t)).toEqual({ quotes: 0, negotiations: 0, messages: 0 });
  });

  test("many problems at once: the first five are spelled out, then a count", async () => {
    const message = await rejectionOf({
      products: ["a", "b", "c", "d"].map((productId) => ({ productId: productId.repeat(10_000), quantity: 0 })),
      priorities: { price: -1, quality: -1, speed: -1, reliability: -1 },
      maxLeadTimeDays: -3,
    });
    const lines = message.split("\n");
    expect(lines[0]).toBe("invalid quote:");
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toMatch(/^…and \d+ more problems \(\d+ in all\)$/);
    // A message quoting the input (an unknown product id of 10,000 characters) is cut short.
    expect(message.length).toBeLessThan(2_000);
  });

  test("a run's offers are bounded too: a unit price of 1e300 is refused, nothing stored", async () => {
    const { negotiationIds, writeToken } = await createQuote(t);
    const huge = { ...sampleTerms, lines: [{ productId: "organic-tshirt", quantity: 1200, unitPrice: 1e300 }] };
    await expect(
      t.mutation(api.negotiations.recordOffer, {
        writeToken,
        negotiationId: negotiationIds[0]!,
        round: 1,
        sequence: 1,
        terms: huge,
      }),
    ).rejects.toThrow(/terms\.lines\[0\]\.unitPrice/);
    await expect(
      t.mutation(api.negotiations.updateNegotiationStatus, {
        writeToken,
        negotiationId: negotiationIds[0]!,
        status: "completed",
        finalOffer: { ...sampleTerms, leadTimeDays: 1e15 },
      }),
    ).rejects.toThrow(/finalOffer\.leadTimeDays/);
    const negotiation = await t.run(async (ctx) => ctx.db.get(negotiationIds[0]!));
    expect(negotiation).toMatchObject({ status: "pending" });
    expect(negotiation?.latestOffer).toBeUndefined();
  });

  test("an offer for a product the buyer never asked for is refused", async () => {
    const { negotiationIds, writeToken } = await createQuote(t);
    const socks = { ...sampleTerms, lines: [{ productId: "merino-socks", quantity: 10, unitPrice: 1 }] };
    await expect(
      t.mutation(api.negotiations.recordOffer, {
        writeToken,
        negotiationId: negotiationIds[0]!,
        round: 1,
        sequence: 1,
        terms: socks,
      }),
    ).rejects.toThrow(/"merino-socks" is not a product of this quote/);
  });

  test("a message beyond the last a negotiation can have is refused, so the reads always show all of them", async () => {
    const { negotiationIds, writeToken } = await createQuote(t, "alice", { maxRounds: 2 });
    const add = (sequence: number) =>
      t.mutation(api.negotiations.addMessage, {
        writeToken,
        negotiationId: negotiationIds[0]!,
        sequence,
        sender: "brand",
        content: `#${sequence}`,
        createdAt: sequence,
      });
    // Two rounds: four messages, the brand's last word, and its closing message after the decision.
    for (let sequence = 0; sequence < 6; sequence++) await add(sequence);
    await expect(add(6)).rejects.toThrow(/sequence must be a whole number from 0 to 5 \(got 6\)/);
    await expect(add(1_000_000)).rejects.toThrow(/sequence must be a whole number from 0 to 5/);
    const shown = await buyer(t, "alice").query(api.negotiations.listMessages, { negotiationId: negotiationIds[0]! });
    expect(shown.map((m) => m.content)).toEqual(["#0", "#1", "#2", "#3", "#4", "#5"]);
  });
});

describe("quote creation is rate limited per buyer", () => {
  test("a burst of 50 from one buyer: 5 quotes and 5 runs, the rest refused with when to retry", async () => {
    const mastra = fakeMastra();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => buyer(t, "alice").mutation(api.quotes.create, validQuote)),
    );
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(45);
    for (const outcome of refused) {
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(
        /too many quote requests: at most 5 in a row, then one a minute; try again in 60 s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)/,
      );
    }
    await runScheduledWithin(t, 10_000);
    expect(mastra.calls().filter((c) => c === "POST start")).toHaveLength(5);
    expect((await countRows(t)).quotes).toBe(5);
  });

  test("another buyer is not held back, and the buyer may go on once a token is back", async () => {
    for (let i = 0; i < 5; i++) await buyer(t, "alice").mutation(api.quotes.create, validQuote);
    expect(await rejectionOf({})).toMatch(/try again in 60 s/);
    await expect(buyer(t, "bob").mutation(api.quotes.create, validQuote)).resolves.toBeDefined();

    vi.advanceTimersByTime(30_000);
    expect(await rejectionOf({})).toMatch(/try again in 30 s/);
    vi.advanceTimersByTime(30_000);
    await expect(buyer(t, "alice").mutation(api.quotes.create, validQuote)).resolves.toBeDefined();
    expect(await rejectionOf({})).toMatch(/try again in 60 s/);
  });

  test("a quote refused for bad input does not use up a request", async () => {
    for (let i = 0; i < 10; i++) await rejectionOf({ maxRounds: 99 });
    for (let i = 0; i < 5; i++) await buyer(t, "alice").mutation(api.quotes.create, validQuote);
    expect((await countRows(t)).quotes).toBe(5);
  });
});
