// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { deriveWriteToken } from "../../shared/run-credentials";
import { constantTimeEqual } from "../../server/model/runWriteAccess";
import { fakeMastra } from "../server/fakeMastra";
import {
  AUTH_SECRET,
  countRows,
  createQuote,
  grantWrites,
  newBackend,
  runScheduledWithin,
  sampleTerms,
  type Backend,
  useFakeDeployment,
  buyer,
} from "../server/harness";

/*
 * Attack: "the write secret is deployment-wide: with it, a run can write to any quote". Writes now
 * take the write token of the quote's current run; nothing deployment-wide opens them.
 */

useFakeDeployment();

let t: Backend;
let alice: { quoteId: Id<"quotes">; negotiationIds: Id<"negotiations">[]; writeToken: string };
let bob: { quoteId: Id<"quotes">; negotiationIds: Id<"negotiations">[]; writeToken: string };

async function aliceAndBob(): Promise<void> {
  t = newBackend();
  alice = await createQuote(t, "alice");
  bob = await createQuote(t, "bob");
}

/** Every write meant only for a quote's run, aimed at Bob's quote, with the given token. */
function writesToBob(writeToken: string) {
  const negotiationId = bob.negotiationIds[0]!;
  const message = { negotiationId, sequence: 0, sender: "brand" as const, content: "Hello", createdAt: 1 };
  return {
    addMessage: () => t.mutation(api.negotiations.addMessage, { writeToken, ...message }),
    streamMessage: () => t.mutation(api.negotiations.streamMessage, { writeToken, ...message, isPartial: true }),
    appendMessageText: () =>
      t.mutation(api.negotiations.appendMessageText, {
        writeToken,
        negotiationId,
        sequence: 0,
        sender: "brand",
        createdAt: 1,
        start: 0,
        text: "Hello",
      }),
    updateNegotiationStatus: () =>
      t.mutation(api.negotiations.updateNegotiationStatus, {
        writeToken,
        negotiationId,
        status: "completed",
        finalOffer: sampleTerms,
      }),
    recordOffer: () =>
      t.mutation(api.negotiations.recordOffer, {
        writeToken,
        negotiationId,
        round: 1,
        sequence: 1,
        terms: sampleTerms,
      }),
    completeQuote: () =>
      t.mutation(api.quotes.completeQuote, {
        writeToken,
        quoteId: bob.quoteId,
        recommendation: { recommendedSupplierId: null, explanation: "no deal", ranking: [] },
      }),
  };
}
type WriteName = keyof ReturnType<typeof writesToBob>;
const names: WriteName[] = [
  "addMessage",
  "streamMessage",
  "appendMessageText",
  "updateNegotiationStatus",
  "recordOffer",
  "completeQuote",
];

async function expectBobUntouched(): Promise<void> {
  expect(await countRows(t)).toMatchObject({ quotes: 2, negotiations: 6, messages: 0 });
  const state = await t.run(async (ctx) => ({
    quote: await ctx.db.get(bob.quoteId),
    negotiation: await ctx.db.get(bob.negotiationIds[0]!),
  }));
  expect(state.quote?.status).toBe("starting");
  expect(state.quote?.recommendation).toBeUndefined();
  expect(state.negotiation).toMatchObject({ status: "pending", roundCount: 0 });
  expect(state.negotiation?.latestOffer).toBeUndefined();
}

const REFUSED = /not authorised: this write token does not belong to the current run of that quote/;

describe("a run's write token opens only its own quote", () => {
  beforeEach(aliceAndBob);

  test.each(names)("%s on another quote with this run's token is refused", async (name) => {
    await expect(writesToBob(alice.writeToken)[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test.each(names)("%s with the deployment's MASTRA_AUTH_SECRET as the token is refused", async (name) => {
    await expect(writesToBob(AUTH_SECRET)[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test.each(names)("%s with no token (a browser, a signed-in buyer) is refused", async (name) => {
    await expect(writesToBob("")[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test.each(names)("%s with a token derived for the right quote but another run's nonce is refused", async (name) => {
    // Knowing the secret and the quote id is not enough: the nonce only Convex and the run know is missing.
    const forged = await deriveWriteToken(AUTH_SECRET, {
      quoteId: bob.quoteId,
      runId: bob.quoteId,
      runNonce: "0".repeat(64),
    });
    await expect(writesToBob(forged)[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test.each(names)("%s with Bob's own run token goes through", async (name) => {
    await expect(writesToBob(bob.writeToken)[name]()).resolves.toBeDefined();
  });

  test("a quote whose run has not started yet takes no writes at all", async () => {
    await t.run(async (ctx) => ctx.db.patch(bob.quoteId, { writeTokenHash: undefined }));
    for (const name of names) await expect(writesToBob(bob.writeToken)[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test("once another run becomes the quote's run, the earlier run's token stops working", async () => {
    const stale = bob.writeToken;
    await grantWrites(t, bob.quoteId, "a-later-run");
    for (const name of names) await expect(writesToBob(stale)[name]()).rejects.toThrow(REFUSED);
    await expectBobUntouched();
  });

  test("an unknown negotiation id gets the same answer as a wrong token (ids cannot be probed)", async () => {
    const gone = bob.negotiationIds[0]!;
    await t.run(async (ctx) => ctx.db.delete(gone));
    await expect(
      t.mutation(api.negotiations.addMessage, {
        writeToken: bob.writeToken,
        negotiationId: gone,
        sequence: 0,
        sender: "brand",
        content: "x",
        createdAt: 1,
      }),
    ).rejects.toThrow(REFUSED);
  });
});

describe("the token a real start hands out", () => {
  // Only one quote is created before the scheduled starts run, so every request the fake server
  // records belongs to it.
  test("Convex stores only its hash; the run derives the token from the signed grant and it opens only that quote", async () => {
    t = newBackend();
    const mastra = fakeMastra();
    const quote = await createQuote(t, "carol");
    await runScheduledWithin(t, 10_000);
    bob = await createQuote(t, "bob");
    const start = mastra.requests.find((r) => r.path.endsWith("/start"))!;
    const grant = decodeJwt(start.authorization!);
    expect(grant).toMatchObject({ sub: "convex", quoteId: quote.quoteId, runId: "run-1" });
    expect(grant.exp - grant.iat).toBeLessThanOrEqual(60);
    // The JWT carries a nonce, never the write token; what the run derives from it is what opens the quote.
    const token = await deriveWriteToken(AUTH_SECRET, {
      quoteId: quote.quoteId,
      runId: "run-1",
      runNonce: grant.runNonce,
    });
    const stored = await t.run(async (ctx) => ctx.db.get(quote.quoteId));
    expect(stored?.writeTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    await expect(
      t.mutation(api.negotiations.updateNegotiationStatus, {
        writeToken: token,
        negotiationId: quote.negotiationIds[0]!,
        status: "active",
      }),
    ).resolves.toBeNull();
    await expect(writesToBob(token).addMessage()).rejects.toThrow(REFUSED);
    // The test's own earlier grant was replaced by the run's.
    await expect(
      t.mutation(api.negotiations.updateNegotiationStatus, {
        writeToken: quote.writeToken,
        negotiationId: quote.negotiationIds[0]!,
        status: "active",
      }),
    ).rejects.toThrow(REFUSED);
  });

  test("every call Convex makes to the Mastra server carries a fresh, short-lived token", async () => {
    t = newBackend();
    const mastra = fakeMastra();
    const { quoteId } = await createQuote(t, "carol");
    await runScheduledWithin(t, 10_000);
    await buyer(t, "carol").mutation(api.quotes.cancel, { quoteId });
    await runScheduledWithin(t, 10_000);
    expect(mastra.calls()).toEqual(["POST create-run", "POST start", "POST cancel"]);
    for (const request of mastra.requests) {
      const claims = decodeJwt(request.authorization!);
      expect(claims.sub).toBe("convex");
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
    }
    // Only the start carries the run's grant.
    expect(mastra.requests.map((r) => "runNonce" in decodeJwt(r.authorization!))).toEqual([false, true, false]);
  });
});

describe("constantTimeEqual", () => {
  test("equal only for identical strings", () => {
    expect(constantTimeEqual("s3cret", "s3cret")).toBe(true);
    expect(constantTimeEqual("s3cret", "s3cres")).toBe(false);
    expect(constantTimeEqual("s3cre", "s3cret")).toBe(false);
    expect(constantTimeEqual("s3cret-and-more", "s3cret")).toBe(false);
    expect(constantTimeEqual("", "s3cret")).toBe(false);
    expect(constantTimeEqual("é", "e")).toBe(false);
  });
});

function decodeJwt(
  authorization: string,
): { sub: string; iat: number; exp: number; runNonce: string } & Record<string, unknown> {
  const token = authorization.replace(/^Bearer /, "");
  const payload = token.split(".")[1]!;
  return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as ReturnType<typeof decodeJwt>;
}
