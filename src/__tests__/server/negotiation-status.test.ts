// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { Terms } from "../../server/model/validators";
import { createQuote, newBackend, sampleTerms, type Backend, useFakeDeployment, buyer } from "./harness";

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let writeToken: string;
let negotiationIds: Id<"negotiations">[];
let negotiationId: Id<"negotiations">;

beforeEach(async () => {
  t = newBackend();
  ({ quoteId, negotiationIds, writeToken } = await createQuote(t));
  negotiationId = negotiationIds[0]!;
});

const negotiation = async (id: Id<"negotiations"> = negotiationId) => await t.run(async (ctx) => await ctx.db.get(id));
const quote = async () => await buyer(t, "alice").query(api.quotes.get, { quoteId });
const setStatus = (
  status: "pending" | "active" | "completed" | "impasse" | "failed" | "cancelled",
  extra: { roundCount?: number; error?: string; finalOffer?: typeof sampleTerms } = {},
  id: Id<"negotiations"> = negotiationId,
) => t.mutation(api.negotiations.updateNegotiationStatus, { writeToken, negotiationId: id, status, ...extra });

const cheaperTerms = {
  ...sampleTerms,
  lines: sampleTerms.lines.map((line) => ({ ...line, unitPrice: line.unitPrice - 0.2 })),
};

describe("updateNegotiationStatus", () => {
  test("moves pending → active → completed with rounds and the final offer", async () => {
    await setStatus("active", { roundCount: 1 });
    expect(await negotiation()).toMatchObject({ status: "active", roundCount: 1 });
    await setStatus("completed", { roundCount: 3, finalOffer: sampleTerms });
    expect(await negotiation()).toMatchObject({ status: "completed", roundCount: 3, finalOffer: sampleTerms });
  });

  test("a late or retried 'active' never reopens a finished negotiation", async () => {
    await setStatus("active", { roundCount: 2 });
    await setStatus("impasse", { roundCount: 4, error: "no agreement within 4 rounds" });
    await setStatus("active", { roundCount: 2 });
    await setStatus("pending");
    expect(await negotiation()).toMatchObject({
      status: "impasse",
      roundCount: 4,
      error: "no agreement within 4 rounds",
    });
  });

  test("the first final status wins over a different one arriving later", async () => {
    await setStatus("completed", { finalOffer: sampleTerms });
    await setStatus("failed", { error: "aborted" });
    const row = await negotiation();
    expect(row).toMatchObject({ status: "completed", finalOffer: sampleTerms });
    expect(row?.error).toBeUndefined();
  });

  test("'pending' after 'active' does not go backwards", async () => {
    await setStatus("active");
    await setStatus("pending");
    expect((await negotiation())?.status).toBe("active");
  });

  test("roundCount never decreases", async () => {
    await setStatus("active", { roundCount: 3 });
    await setStatus("active", { roundCount: 1 });
    expect((await negotiation())?.roundCount).toBe(3);
  });
});

describe("recordOffer", () => {
  test("sets the latest offer and round; the same write twice changes nothing more", async () => {
    await t.mutation(api.negotiations.recordOffer, {
      writeToken,
      negotiationId,
      round: 2,
      sequence: 3,
      terms: sampleTerms,
    });
    const once = await negotiation();
    await t.mutation(api.negotiations.recordOffer, {
      writeToken,
      negotiationId,
      round: 2,
      sequence: 3,
      terms: sampleTerms,
    });
    const twice = await negotiation();
    expect(once).toMatchObject({ latestOffer: sampleTerms, roundCount: 2 });
    expect(twice).toEqual(once);
  });

  test("an older offer retried late does not replace a newer one, nor lower the round", async () => {
    await t.mutation(api.negotiations.recordOffer, {
      writeToken,
      negotiationId,
      round: 3,
      sequence: 5,
      terms: cheaperTerms,
    });
    await t.mutation(api.negotiations.recordOffer, {
      writeToken,
      negotiationId,
      round: 2,
      sequence: 3,
      terms: sampleTerms,
    });
    expect(await negotiation()).toMatchObject({ latestOffer: cheaperTerms, roundCount: 3 });
  });
});

describe("offer terms", () => {
  test("payment terms outside the workflow's list are refused by the argument validator", async () => {
    const terms = { ...sampleTerms, paymentTerms: "net-90" } as unknown as Terms;
    await expect(
      t.mutation(api.negotiations.recordOffer, { writeToken, negotiationId, round: 1, sequence: 1, terms }),
    ).rejects.toThrow(/net-90/);
    expect((await negotiation())?.latestOffer).toBeUndefined();
  });
});

describe("recordOffer on a negotiation that has ended", () => {
  const offer = (sequence: number, round: number, terms = sampleTerms) =>
    t.mutation(api.negotiations.recordOffer, { writeToken, negotiationId, round, sequence, terms });

  test.each(["completed", "impasse", "failed", "cancelled"] as const)(
    "a new offer after '%s' is refused and the last one stays on the table",
    async (status) => {
      await offer(1, 1);
      await setStatus(status);
      await expect(offer(3, 2, cheaperTerms)).rejects.toThrow(
        `negotiation ${negotiationId} is ${status}; offer #3 refused`,
      );
      expect(await negotiation()).toMatchObject({
        status,
        latestOffer: sampleTerms,
        latestOfferSequence: 1,
        roundCount: 1,
      });
    },
  );

  test("a repeat of the offer already recorded is still accepted and changes nothing", async () => {
    await offer(1, 1);
    await setStatus("impasse", { roundCount: 1 });
    const before = await negotiation();
    await expect(offer(1, 1)).resolves.toBeNull();
    expect(await negotiation()).toEqual(before);
  });

  test("the recorded offer's sequence with other terms is refused", async () => {
    await offer(1, 1);
    await setStatus("cancelled");
    await expect(offer(1, 1, cheaperTerms)).rejects.toThrow(/is cancelled; offer #1 refused/);
    expect((await negotiation())?.latestOffer).toEqual(sampleTerms);
  });
});

describe("completeQuote", () => {
  const recommendation = (id: Id<"negotiations">) => ({
    recommendedSupplierId: "apex-textiles",
    recommendedNegotiationId: id,
    explanation: "Apex Textiles is cheapest and price matters most.",
    ranking: [
      {
        negotiationId: id,
        supplierId: "apex-textiles",
        supplierName: "Apex Textiles",
        totalPrice: 9560,
        leadTimeDays: 21,
        paymentTerms: "net-30",
        score: 0.81,
      },
    ],
  });

  test("stores the recommendation and completes the quote; unreported negotiations are closed as failed", async () => {
    await setStatus("completed", { finalOffer: sampleTerms });
    await setStatus("impasse", {}, negotiationIds[1]!);
    await setStatus("active", {}, negotiationIds[2]!);
    await t.mutation(api.quotes.completeQuote, {
      writeToken,
      quoteId,
      recommendation: recommendation(negotiationId),
    });

    expect(await quote()).toMatchObject({ status: "completed", recommendation: recommendation(negotiationId) });
    const statuses = await buyer(t, "alice").query(api.negotiations.listByQuote, { quoteId });
    expect(statuses.map((n) => [n.status, n.error])).toEqual([
      ["completed", undefined],
      ["impasse", undefined],
      ["failed", "the workflow finished without reporting this negotiation's outcome"],
    ]);
  });

  test("retrying the same completion is harmless", async () => {
    await t.mutation(api.quotes.completeQuote, {
      writeToken,
      quoteId,
      recommendation: recommendation(negotiationId),
    });
    await t.mutation(api.quotes.completeQuote, {
      writeToken,
      quoteId,
      recommendation: recommendation(negotiationId),
    });
    expect(await quote()).toMatchObject({ status: "completed", recommendation: recommendation(negotiationId) });
  });

  test("a cancelled quote stays cancelled and takes no recommendation or error from its run", async () => {
    await buyer(t, "alice").mutation(api.quotes.cancel, { quoteId });
    await t.mutation(api.quotes.completeQuote, {
      writeToken,
      quoteId,
      recommendation: recommendation(negotiationId),
    });
    await t.mutation(api.quotes.completeQuote, { writeToken, quoteId, error: "the run was aborted" });
    const cancelled = await quote();
    expect(cancelled?.status).toBe("cancelled");
    expect(cancelled?.recommendation).toBeUndefined();
    expect(cancelled?.error).toBeUndefined();
    const statuses = await buyer(t, "alice").query(api.negotiations.listByQuote, { quoteId });
    expect(statuses.map((n) => n.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  test("an error without a recommendation fails the quote with that error", async () => {
    await t.mutation(api.quotes.completeQuote, { writeToken, quoteId, error: "evaluate-offers crashed" });
    expect(await quote()).toMatchObject({ status: "failed", error: "evaluate-offers crashed" });
  });

  test("a recommended negotiation from another quote is refused", async () => {
    const { negotiationIds: others } = await createQuote(t, "bob");
    await expect(
      t.mutation(api.quotes.completeQuote, { writeToken, quoteId, recommendation: recommendation(others[0]!) }),
    ).rejects.toThrow(/recommendation\.ranking\[0\]\.negotiationId .* is not a negotiation of quote/);
    expect((await quote())?.status).toBe("starting");
  });
});
