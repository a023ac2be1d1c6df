// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { constantTimeEqual } from "../../server/workflowSecret";
import { SECRET, countRows, createQuote, newBackend, sampleTerms, type Backend, useFakeDeployment } from "./harness";

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let negotiationId: Id<"negotiations">;

beforeEach(async () => {
  t = newBackend();
  const created = await createQuote(t);
  quoteId = created.quoteId;
  negotiationId = created.negotiationIds[0]!;
});

/** Every write meant only for the workflow server, called with the given secret (by `caller`). */
function workflowWrites(secret: string, caller: Pick<Backend, "mutation"> = t) {
  const message = { negotiationId, sequence: 0, sender: "brand" as const, content: "Hello", createdAt: 1 };
  return {
    addMessage: () => caller.mutation(api.negotiations.addMessage, { secret, ...message }),
    streamMessage: () => caller.mutation(api.negotiations.streamMessage, { secret, ...message, isPartial: true }),
    updateNegotiationStatus: () =>
      caller.mutation(api.negotiations.updateNegotiationStatus, {
        secret,
        negotiationId,
        status: "completed",
        finalOffer: sampleTerms,
      }),
    recordOffer: () =>
      caller.mutation(api.negotiations.recordOffer, {
        secret,
        negotiationId,
        round: 1,
        sequence: 1,
        terms: sampleTerms,
      }),
    completeQuote: () =>
      caller.mutation(api.quotes.completeQuote, {
        secret,
        quoteId,
        recommendation: { recommendedSupplierId: null, explanation: "no deal", ranking: [] },
      }),
  };
}

async function expectNothingChanged(): Promise<void> {
  expect(await countRows(t)).toEqual({ quotes: 1, negotiations: 3, messages: 0 });
  const state = await t.run(async (ctx) => ({
    quote: await ctx.db.get(quoteId),
    negotiation: await ctx.db.get(negotiationId),
  }));
  expect(state.quote?.status).toBe("starting");
  expect(state.negotiation).toMatchObject({ status: "pending", roundCount: 0 });
  expect(state.negotiation?.latestOffer).toBeUndefined();
}

describe("workflow-server writes refuse callers without the secret", () => {
  const names = Object.keys(workflowWrites("")) as Array<keyof ReturnType<typeof workflowWrites>>;

  test.each(names)("%s with a wrong secret", async (name) => {
    await expect(workflowWrites("guess")[name]()).rejects.toThrow(
      /not authorised: workflow secret is missing or wrong/,
    );
    await expectNothingChanged();
  });

  test.each(names)("%s with an empty secret (a browser that has none)", async (name) => {
    await expect(workflowWrites("")[name]()).rejects.toThrow(/not authorised: workflow secret is missing or wrong/);
    await expectNothingChanged();
  });

  test.each(names)("%s from a signed-in buyer without the secret is still refused", async (name) => {
    await expect(workflowWrites("", t.withIdentity({ subject: "alice" }))[name]()).rejects.toThrow(/not authorised/);
    await expectNothingChanged();
  });

  test.each(names)("%s is refused even with the right secret when WORKFLOW_SECRET is unset", async (name) => {
    vi.stubEnv("WORKFLOW_SECRET", undefined);
    await expect(workflowWrites(SECRET)[name]()).rejects.toThrow(/not authorised: workflow secret is not configured/);
    await expectNothingChanged();
  });

  test.each(names)("%s succeeds with the right secret", async (name) => {
    await expect(workflowWrites(SECRET)[name]()).resolves.toBeDefined();
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
