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
