import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Doc, Id } from "../../server/_generated/dataModel";
import { startLocalStack, type LocalStack } from "../../stack/start-stack";
import { until } from "../durability/quote-watch";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

/*
 * Attack: "decide on someone else's quote". A signed-in buyer who learns another buyer's quote id
 * (a shared link, a guessed id) awards or declines its deals, or reads who decided what. Through
 * Convex's own clients, over HTTP and over the sync protocol, against the whole local stack, with a
 * quote whose deals really wait for their buyer.
 */

let stack: LocalStack;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    quiet: true,
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "30", LOCAL_MODEL_TOKEN_DELAY_MS: "4", LOG_LEVEL: "silent" },
  });
}, 180_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await stack?.stop();
});

function httpClient(token: string): ConvexHttpClient {
  const client = new ConvexHttpClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
  client.setAuth(token);
  return client;
}

describe("another buyer's quote, waiting for its buyer's decision", () => {
  it("opens to no other buyer over HTTP or sync; its own buyer decides once", async () => {
    const ada = httpClient(await signUp(stack.convexUrl, "ada@example.com"));
    const quoteId: Id<"quotes"> = await ada.mutation(api.quotes.create, { ...validQuote, maxRounds: 3 });
    const waiting = await until(
      "the deals to wait for their buyer",
      () => ada.query(api.quotes.get, { quoteId }),
      (q) => q?.status === "completed" || q?.status === "failed",
    );
    const recommendedId = waiting?.recommendation?.recommendedNegotiationId;
    expect(recommendedId).toBeDefined();
    const award = { quoteId, decision: { kind: "award" as const, negotiationId: recommendedId! } };
    const decline = { quoteId, decision: { kind: "decline" as const } };

    const malloryToken = await signUp(stack.convexUrl, "mallory@example.com");
    const mallory = httpClient(malloryToken);
    // The same answer as for a quote that does not exist: the id tells nothing.
    await expect(mallory.mutation(api.decisions.decide, award)).rejects.toThrow(`quote ${quoteId} not found`);
    await expect(mallory.mutation(api.decisions.decide, decline)).rejects.toThrow(`quote ${quoteId} not found`);
    expect(await mallory.query(api.decisions.history, { quoteId })).toEqual([]);
    expect(await mallory.query(api.quotes.get, { quoteId })).toBeNull();

    const live = new ConvexClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    clients.push(live);
    live.setAuth(async () => malloryToken);
    const seen: unknown[][] = [];
    live.onUpdate(api.decisions.history, { quoteId }, (events) => seen.push(events));
    await expect(live.mutation(api.decisions.decide, award)).rejects.toThrow(`quote ${quoteId} not found`);
    await expect(live.mutation(api.decisions.decide, decline)).rejects.toThrow(`quote ${quoteId} not found`);

    // Nothing changed: no decision, no order, every deal still agreed and waiting.
    const after = await ada.query(api.quotes.get, { quoteId });
    expect(after?.decision).toBeUndefined();
    expect(after?.purchaseOrder).toBeUndefined();
    const statuses = (n: Doc<"negotiations">[]) => n.map((negotiation) => negotiation.status);
    const negotiations = await ada.query(api.negotiations.listByQuote, { quoteId });
    expect(statuses(negotiations)).not.toContain("awarded");
    expect(statuses(negotiations)).not.toContain("declined");

    // Its own buyer decides, and Mallory's live view of the trail still holds nothing.
    await ada.mutation(api.decisions.decide, award);
    await expect(ada.mutation(api.decisions.decide, award)).rejects.toThrow(/already decided.*A decision is final/);
    expect((await ada.query(api.decisions.history, { quoteId })).map((event) => event.action)).toEqual([
      "requested",
      "awarded",
    ]);
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(seen.every((events) => events.length === 0)).toBe(true);
  }, 240_000);
});
