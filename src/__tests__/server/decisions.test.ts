// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { Terms } from "../../server/model/validators";
import { fakeMastra } from "./fakeMastra";
import { builtInSupplier, unitPriceBounds } from "../../domain/suppliers";
import {
  buyer,
  createQuote,
  validQuote,
  newBackend,
  runScheduledWithin,
  sampleTerms,
  type Backend,
  useFakeDeployment,
} from "./harness";

useFakeDeployment();

let t: Backend;
let quoteId: Id<"quotes">;
let writeToken: string;
let apex: Id<"negotiations">;
let porto: Id<"negotiations">;
let anatolia: Id<"negotiations">;

/** Porto's deal: dearer than Apex's, and faster. */
const portoTerms: Terms = {
  ...sampleTerms,
  lines: sampleTerms.lines.map((line) => ({ ...line, unitPrice: line.unitPrice + 0.4 })),
  leadTimeDays: 14,
};
/** Apex opened higher than it settled. */
const apexFirstOffer: Terms = {
  ...sampleTerms,
  lines: sampleTerms.lines.map((line) => ({ ...line, unitPrice: line.unitPrice + 1 })),
};

const alice = () => buyer(t, "alice");
const quote = () => alice().query(api.quotes.get, { quoteId });
const negotiations = () => alice().query(api.negotiations.listByQuote, { quoteId });
const award = (negotiationId: Id<"negotiations">, reason?: string, who = "alice") =>
  buyer(t, who).mutation(api.decisions.decide, {
    quoteId,
    decision: { kind: "award", negotiationId, ...(reason === undefined ? {} : { reason }) },
  });

async function message(
  negotiationId: Id<"negotiations">,
  sequence: number,
  sender: "brand" | "supplier",
  decision: string,
  terms: Terms,
) {
  await t.mutation(api.negotiations.addMessage, {
    writeToken,
    negotiationId,
    sequence,
    sender,
    content: `${sender} ${decision}`,
    createdAt: Date.now(),
    metadata: { decision, terms },
  });
}

/** A quote whose run ended: Apex and Porto agreed deals, Anatolia did not; Apex recommended. */
beforeEach(async () => {
  t = newBackend();
  let negotiationIds: Id<"negotiations">[];
  ({ quoteId, negotiationIds, writeToken } = await createQuote(t));
  [apex, porto, anatolia] = negotiationIds as [Id<"negotiations">, Id<"negotiations">, Id<"negotiations">];
  await t.run(async (ctx) => ctx.db.patch(quoteId, { workflowRunId: "run-1", status: "negotiating" }));
  await message(apex, 0, "brand", "counter", sampleTerms);
  await message(apex, 1, "supplier", "offer", apexFirstOffer);
  await message(apex, 2, "brand", "accept", sampleTerms);
  await message(porto, 0, "brand", "counter", sampleTerms);
  await message(porto, 1, "supplier", "accept", portoTerms);
  const status = (negotiationId: Id<"negotiations">, s: "completed" | "impasse", finalOffer?: Terms) =>
    t.mutation(api.negotiations.updateNegotiationStatus, {
      writeToken,
      negotiationId,
      status: s,
      roundCount: 2,
      ...(finalOffer ? { finalOffer } : {}),
    });
  await status(apex, "completed", sampleTerms);
  await status(porto, "completed", portoTerms);
  await status(anatolia, "impasse");
  const ranked = (negotiationId: Id<"negotiations">, supplierId: string, supplierName: string, totalPrice: number) => ({
    negotiationId,
    supplierId,
    supplierName,
    totalPrice,
    leadTimeDays: 21,
    paymentTerms: "net-30",
    score: 0.8,
  });
  await t.mutation(api.quotes.completeQuote, {
    writeToken,
    quoteId,
    recommendation: {
      recommendedSupplierId: "apex-textiles",
      recommendedNegotiationId: apex,
      explanation: "Apex Textiles is cheapest and price matters most.",
      ranking: [
        ranked(apex, "apex-textiles", "Apex Textiles", 9560),
        ranked(porto, "porto-knitworks", "Porto Knitworks", 10360),
      ],
    },
  });
});

describe("the buyer's decision", () => {
  test("an award issues a numbered purchase order, awards the deal, declines the other and reaches the run", async () => {
    const mastra = fakeMastra();
    await award(apex);

    const decided = await quote();
    expect(decided?.decision).toMatchObject({ kind: "award", negotiationId: apex, supplierName: "Apex Textiles" });
    expect(decided?.purchaseOrder).toMatchObject({
      number: `PO-${new Date().getUTCFullYear()}-00001`,
      buyerName: "alice",
      supplierName: "Apex Textiles",
      total: 9560,
      leadTimeDays: 21,
      paymentTerms: "net-30",
      validityDays: 14,
      firstOfferTotal: 11560,
      lines: [
        { productName: expect.any(String), quantity: 1200, unitPrice: 5.9, lineTotal: 7080 },
        { productName: expect.any(String), quantity: 800, unitPrice: 3.1, lineTotal: 2480 },
      ],
    });
    // The tote line has no price limit, so there is no limit for the order as a whole.
    expect(decided?.purchaseOrder?.limitTotal).toBeUndefined();
    // At Apex's published prices for these quantities.
    const apexProfile = builtInSupplier("apex-textiles");
    const listTotal = validQuote.products.reduce(
      (sum, line) => sum + unitPriceBounds(apexProfile, line.productId, line.quantity).list * line.quantity,
      0,
    );
    expect(decided?.purchaseOrder?.listTotal).toBeCloseTo(listTotal, 2);
    expect((await negotiations()).map((n) => n.status)).toEqual(["awarded", "declined", "impasse"]);

    await runScheduledWithin(t, 1_000);
    const sent = mastra.requests.find((r) => r.path === "/negotiation-runs/run-1/decision");
    // The decision travels in the signed claims, never in the body.
    expect(sent?.claims).toMatchObject({ runId: "run-1", decision: "award", supplierId: "apex-textiles" });
    expect((await quote())?.decisionDelivery).toMatchObject({ state: "sent", attempts: 1 });

    const history = await alice().query(api.decisions.history, { quoteId });
    expect(history.map((e) => e.action)).toEqual(["requested", "awarded"]);
    expect(history[1]?.detail).toMatch(/Awarded to Apex Textiles \(PO-\d{4}-00001, \$9,560\.00\)/);
  });

  test("the saving against list prices is measured at the prices of when the quote was made", async () => {
    fakeMastra();
    const apexProfile = builtInSupplier("apex-textiles");
    const listTotal = validQuote.products.reduce(
      (sum, line) => sum + unitPriceBounds(apexProfile, line.productId, line.quantity).list * line.quantity,
      0,
    );
    // The operator doubles Apex's prices while the buyer thinks it over.
    const doubled = Object.fromEntries(Object.entries(apexProfile.listPrices).map(([id, price]) => [id, price * 2]));
    await t.mutation(internal.suppliers.upsert, { ...apexProfile, listPrices: doubled });
    await award(apex);
    expect((await quote())?.purchaseOrder?.listTotal).toBeCloseTo(listTotal, 2);
    // The baseline stays with the order: the buyer's view of each negotiation does not carry it.
    for (const negotiation of await negotiations()) expect(negotiation).not.toHaveProperty("listTotal");
  });

  test("exactly one decision counts: a racing second award and a replayed one are refused", async () => {
    fakeMastra();
    const outcomes = await Promise.allSettled([award(apex), award(apex), award(porto, "faster delivery")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const refused of outcomes.filter((o) => o.status === "rejected")) {
      expect(String(refused.reason)).toMatch(/already decided: you awarded it to .* A decision is final/);
    }
    await expect(award(apex)).rejects.toThrow(/already decided/);
    expect((await negotiations()).filter((n) => n.status === "awarded")).toHaveLength(1);
    const numbers = await t.run(async (ctx) => (await ctx.db.query("counters").collect()).map((c) => c.value));
    expect(numbers).toEqual([1]);
    expect(
      (await alice().query(api.decisions.history, { quoteId })).filter((e) => e.action === "awarded"),
    ).toHaveLength(1);
  });

  test("awarding another deal than the recommended one needs a reason, kept in the audit trail", async () => {
    fakeMastra();
    await expect(award(porto)).rejects.toThrow(/reason: say why/);
    await expect(award(porto, "x".repeat(501))).rejects.toThrow(/at most 500 characters/);
    await award(porto, "We need it a week sooner.");
    expect((await quote())?.decision).toMatchObject({
      supplierName: "Porto Knitworks",
      reason: "We need it a week sooner.",
    });
    expect((await alice().query(api.decisions.history, { quoteId })).at(-1)?.detail).toMatch(
      /Reason: We need it a week sooner\./,
    );
  });

  test("after the offers' validity an award is refused, saying they expired; declining still works", async () => {
    fakeMastra();
    vi.advanceTimersByTime(15 * 24 * 60 * 60 * 1000);
    await expect(award(apex)).rejects.toThrow(/Apex Textiles's offer expired on .*no longer valid/);
    expect((await quote())?.decision).toBeUndefined();
    await alice().mutation(api.decisions.decide, { quoteId, decision: { kind: "decline" } });
    expect((await negotiations()).map((n) => n.status)).toEqual(["declined", "declined", "impasse"]);
    expect((await quote())?.purchaseOrder).toBeUndefined();
  });

  test("another buyer can neither decide nor read the trail, and a quote still negotiating cannot be decided", async () => {
    fakeMastra();
    await expect(award(apex, undefined, "bob")).rejects.toThrow(/not found/);
    expect(await buyer(t, "bob").query(api.decisions.history, { quoteId })).toEqual([]);
    const other = await createQuote(t, "alice");
    await expect(
      alice().mutation(api.decisions.decide, { quoteId: other.quoteId, decision: { kind: "decline" } }),
    ).rejects.toThrow(/still negotiating/);
  });

  test("the run may write each decided deal one closing message, at its place, and nothing else", async () => {
    fakeMastra();
    await award(apex);
    const closing = (negotiationId: Id<"negotiations">, sequence: number, sender: "brand" | "supplier" = "brand") =>
      t.mutation(api.negotiations.addMessage, {
        writeToken,
        negotiationId,
        sequence,
        sender,
        content: "Our buyer has approved your offer.",
        createdAt: Date.now(),
        metadata: { decision: "confirm-order", terms: sampleTerms },
      });
    await closing(apex, 3);
    await closing(porto, 2);
    await expect(closing(apex, 4)).rejects.toThrow(/is awarded; message #4 refused/);
    await expect(closing(porto, 2, "supplier")).rejects.toThrow(/from the brand, not the supplier/);
    await expect(closing(anatolia, 0)).rejects.toThrow(/impasse/);
    // The run echoing the outcome changes nothing; it cannot turn a decline into an award.
    await t.mutation(api.negotiations.updateNegotiationStatus, { writeToken, negotiationId: porto, status: "awarded" });
    expect((await negotiations()).map((n) => n.status)).toEqual(["awarded", "declined", "impasse"]);
  });

  test("a negotiation service that cannot be reached is tried again later, then the quote says so", async () => {
    fakeMastra({ decision: [{ networkError: "connect ECONNREFUSED" }] });
    await award(apex);
    await runScheduledWithin(t, 5_000);
    expect((await quote())?.decisionDelivery).toMatchObject({ state: "sending", attempts: 1 });
    await runScheduledWithin(t, 60 * 60_000);
    const delivery = (await quote())?.decisionDelivery;
    expect(delivery).toMatchObject({ state: "failed", attempts: 6, problem: expect.stringMatching(/ECONNREFUSED/) });
    // The decision stands.
    expect((await negotiations()).map((n) => n.status)).toEqual(["awarded", "declined", "impasse"]);
  });
});
