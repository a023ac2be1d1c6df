import type { ConvexHttpClient } from "convex/browser";
import { expect } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";

/** Reads until `done` holds, every 100 ms; a generous limit, since these tests run real processes on a loaded machine. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 150_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every complete message of the quote, as its buyer reads them. */
export async function finalMessagesOf(buyer: ConvexHttpClient, quoteId: Id<"quotes">) {
  const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
  const all = await Promise.all(
    negotiations.map((n) => buyer.query(api.negotiations.listMessages, { negotiationId: n._id })),
  );
  return all.flat().filter((m) => !m.isPartial);
}

/** Every negotiation's messages run #0, #1, … with no gap, and none is left partial. */
export async function expectContiguous(buyer: ConvexHttpClient, quoteId: Id<"quotes">): Promise<void> {
  for (const negotiation of await buyer.query(api.negotiations.listByQuote, { quoteId })) {
    const messages = await buyer.query(api.negotiations.listMessages, { negotiationId: negotiation._id });
    expect(messages.map((m) => m.sequence)).toEqual(messages.map((_, index) => index));
    expect(messages.every((m) => !m.isPartial)).toBe(true);
  }
}

/**
 * The quote completes with a recommendation, every message it had shown (`seen`) unchanged, and every
 * negotiation contiguous with none left partial.
 */
export async function expectCompletedKeeping(
  buyer: ConvexHttpClient,
  quoteId: Id<"quotes">,
  seen: { _id: string; content: string }[],
): Promise<void> {
  const quote = await until(
    "the quote to complete",
    () => buyer.query(api.quotes.get, { quoteId }),
    (q) => q?.status !== "negotiating",
  );
  expect(quote?.status).toBe("completed");
  expect(quote?.recommendation).toBeDefined();
  const after = await finalMessagesOf(buyer, quoteId);
  for (const message of seen) expect(after.find((m) => m._id === message._id)?.content).toBe(message.content);
  await expectContiguous(buyer, quoteId);
}
