// @vitest-environment edge-runtime
import type { FunctionArgs } from "convex/server";
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { Recommendation } from "../../server/model/validators";
import { createQuote, newBackend, sampleTerms, type Backend, useFakeDeployment } from "../server/harness";

/*
 * Attack: "recorded outcomes can be rewritten": a repeated `completed` with another finalOffer,
 * roundCount and error; a second completeQuote; a late error over a completed quote; ranking entries
 * naming another quote's negotiation or scoring Infinity; an interrupted message rewritten after its
 * negotiation ended, any number of times. Each is replayed with the run's own valid write token.
 */

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let negotiationIds: Id<"negotiations">[];
let writeToken: string;

beforeEach(async () => {
  t = newBackend();
  ({ quoteId, negotiationIds, writeToken } = await createQuote(t));
});

const snapshot = () =>
  t.run(async (ctx) => ({
    quote: await ctx.db.get(quoteId),
    negotiations: await Promise.all(negotiationIds.map((id) => ctx.db.get(id))),
    messages: await ctx.db.query("messages").collect(),
  }));

const setStatus = (extra: Partial<FunctionArgs<typeof api.negotiations.updateNegotiationStatus>> = {}) =>
  t.mutation(api.negotiations.updateNegotiationStatus, {
    writeToken,
    negotiationId: negotiationIds[0]!,
    status: "completed",
    ...extra,
  });

const cheaper = { ...sampleTerms, lines: sampleTerms.lines.map((line) => ({ ...line, unitPrice: 0.5 })) };

describe("an ended negotiation's outcome is final", () => {
  beforeEach(async () => {
    await setStatus({ roundCount: 3, finalOffer: sampleTerms });
  });

  test("the same final write retried still succeeds and changes nothing", async () => {
    const before = await snapshot();
    await expect(setStatus({ roundCount: 3, finalOffer: sampleTerms })).resolves.toBeNull();
    await expect(setStatus()).resolves.toBeNull();
    expect((await snapshot()).negotiations).toEqual(before.negotiations);
  });

  test.each([
    ["another finalOffer", { finalOffer: cheaper }],
    ["another roundCount", { roundCount: 1 }],
    ["an error added", { error: "rewritten" }],
    ["all three", { finalOffer: cheaper, roundCount: 2, error: "rewritten" }],
  ])("repeating 'completed' with %s is refused, nothing changed", async (_name, extra) => {
    const before = await snapshot();
    await expect(setStatus(extra)).rejects.toThrow(/is completed; its outcome is final and cannot be changed/);
    expect((await snapshot()).negotiations).toEqual(before.negotiations);
  });

  test("another final status afterwards changes nothing", async () => {
    const before = await snapshot();
    await setStatus({ status: "failed", error: "late failure" });
    await setStatus({ status: "active" });
    expect((await snapshot()).negotiations).toEqual(before.negotiations);
  });

  test("a new offer after the end is refused", async () => {
    await expect(
      t.mutation(api.negotiations.recordOffer, {
        writeToken,
        negotiationId: negotiationIds[0]!,
        round: 3,
        sequence: 5,
        terms: cheaper,
      }),
    ).rejects.toThrow(/is completed; offer #5 refused/);
  });
});

describe("a message cut off when its negotiation ended cannot be rewritten", () => {
  const stream = (content: string, extra: { isPartial?: boolean; interrupted?: boolean } = {}) =>
    t.mutation(api.negotiations.streamMessage, {
      writeToken,
      negotiationId: negotiationIds[0]!,
      sequence: 0,
      sender: "brand",
      content,
      isPartial: extra.isPartial ?? false,
      createdAt: 1,
      ...(extra.interrupted ? { metadata: { interrupted: true } } : {}),
    });

  beforeEach(async () => {
    await stream("We would like", { isPartial: true });
    await setStatus({ status: "cancelled" });
  });

  const content = async () => (await snapshot()).messages[0]!.content;

  test("replacing its text is refused, again and again", async () => {
    for (const text of ["PRIVATE: the buyer can pay $9", "something else", "We would"]) {
      await expect(stream(text)).rejects.toThrow(/is cancelled; message #0 refused/);
      await expect(stream(text, { interrupted: true })).rejects.toThrow(/refused/);
    }
    expect(await content()).toBe("We would like");
  });

  test("its rest may land once; after that it is final", async () => {
    await expect(stream("We would like 1,200 shirts.")).resolves.toBeDefined();
    expect(await content()).toBe("We would like 1,200 shirts.");
    await expect(stream("We would like 1,200 shirts. And a discount.")).rejects.toThrow(/refused/);
    await expect(stream("We would like 1,200 shirts.", { interrupted: true })).rejects.toThrow(/refused/);
    expect(await content()).toBe("We would like 1,200 shirts.");
  });
});

describe("a quote's result is recorded once", () => {
  const ranked = (negotiationId: Id<"negotiations">, supplierId = "apex-textiles", score = 0.8) => ({
    negotiationId,
    supplierId,
    supplierName: "Apex Textiles",
    totalPrice: 9560,
    leadTimeDays: 21,
    paymentTerms: "net-30",
    score,
  });
  const recommendation = (ranking: Recommendation["ranking"] = [ranked(negotiationIds[0]!)]) => ({
    recommendedSupplierId: "apex-textiles",
    recommendedNegotiationId: negotiationIds[0]!,
    explanation: "Apex Textiles is cheapest.",
    ranking,
  });
  const complete = (args: Partial<FunctionArgs<typeof api.quotes.completeQuote>>) =>
    t.mutation(api.quotes.completeQuote, { writeToken, quoteId, ...args });

  test("a second, different recommendation is refused; the same one retried is fine", async () => {
    await complete({ recommendation: recommendation() });
    const before = await snapshot();
    await expect(complete({ recommendation: recommendation() })).resolves.toBeNull();
    await expect(
      complete({
        recommendation: { recommendedSupplierId: null, explanation: "Nothing was agreed.", ranking: [] },
      }),
    ).rejects.toThrow(/is completed; its outcome is recorded and cannot be replaced/);
    expect((await snapshot()).quote).toEqual(before.quote);
  });

  test("a late failure after completion is kept apart; the result and status stand", async () => {
    await complete({ recommendation: recommendation() });
    await complete({ error: "the run failed: flush crashed" });
    const { quote } = await snapshot();
    expect(quote).toMatchObject({
      status: "completed",
      recommendation: recommendation(),
      lateError: "the run failed: flush crashed",
    });
    expect(quote?.error).toBeUndefined();
    // Only once: a second, different late error is refused.
    await expect(complete({ error: "another one" })).rejects.toThrow(/cannot be replaced/);
  });

  test("a failed quote takes no result afterwards", async () => {
    await complete({ error: "evaluate-offers crashed" });
    await expect(complete({ recommendation: recommendation() })).rejects.toThrow(/is failed; its outcome/);
    expect((await snapshot()).quote).toMatchObject({ status: "failed", error: "evaluate-offers crashed" });
  });

  test.each([
    ["another quote's negotiation", async () => [ranked((await createQuote(t, "bob")).negotiationIds[0]!)]],
    ["a score of Infinity", async () => [ranked(negotiationIds[0]!, "apex-textiles", Infinity)]],
    ["a score of NaN", async () => [ranked(negotiationIds[0]!, "apex-textiles", NaN)]],
    ["a score above 1", async () => [ranked(negotiationIds[0]!, "apex-textiles", 7)]],
    ["the wrong supplier for its negotiation", async () => [ranked(negotiationIds[1]!, "apex-textiles")]],
    ["one negotiation twice", async () => [ranked(negotiationIds[0]!), ranked(negotiationIds[0]!)]],
    [
      "no negotiation id",
      async () => {
        const { negotiationId: _left, ...entry } = ranked(negotiationIds[0]!);
        return [entry];
      },
    ],
  ])("a ranking entry with %s is refused, nothing changed", async (_name, ranking) => {
    const entries = await ranking();
    const before = await snapshot();
    await expect(complete({ recommendation: recommendation(entries) })).rejects.toThrow(/recommendation\.ranking/);
    expect((await snapshot()).quote).toEqual(before.quote);
  });
});
