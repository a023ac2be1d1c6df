// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import { buyer, createQuote, newBackend, sampleTerms, type Backend, useFakeDeployment } from "./harness";

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const alice = () => buyer(t, "alice");
/** 1,200 × $6.40 + 800 × $3.30: the supplier's opening. */
const opening = {
  ...sampleTerms,
  lines: [
    { productId: "organic-tshirt", quantity: 1200, unitPrice: 6.4 },
    { productId: "canvas-tote", quantity: 800, unitPrice: 3.3 },
  ],
};

describe("quoteOverview.listMine: My quotes", () => {
  test("a recommended quote carries its supplier, total and that supplier's first offer", async () => {
    const { quoteId, negotiationIds, writeToken } = await createQuote(t, "alice");
    const porto = negotiationIds[1]!;
    for (const [sequence, sender, terms] of [
      [0, "brand", sampleTerms],
      [1, "supplier", opening],
      [2, "brand", sampleTerms],
      [3, "supplier", sampleTerms],
    ] as const) {
      await t.mutation(api.negotiations.addMessage, {
        writeToken,
        negotiationId: porto,
        sequence,
        sender,
        content: `message ${sequence}`,
        createdAt: sequence,
        metadata: { terms },
      });
    }
    await t.run(async (ctx) => {
      await ctx.db.patch(quoteId, {
        status: "completed",
        recommendation: {
          recommendedSupplierId: "porto-knitworks",
          explanation: "We recommend Porto Knitworks.",
          ranking: [
            {
              supplierId: "porto-knitworks",
              supplierName: "Porto Knitworks",
              totalPrice: 9560,
              leadTimeDays: 21,
              paymentTerms: "net-30",
              score: 0.9,
            },
          ],
        },
      });
    });

    expect(await alice().query(api.quoteOverview.listMine, {})).toEqual([
      {
        _id: quoteId,
        createdAt: expect.any(Number),
        status: "completed",
        products: expect.any(Array),
        supplierCount: 3,
        noDeal: false,
        recommended: { supplierName: "Porto Knitworks", totalPrice: 9560, firstOfferTotal: 10320 },
      },
    ]);
  });

  test("a completed quote with nothing to recommend is a no-deal; a running one is neither; others see none", async () => {
    const { quoteId: noDeal } = await createQuote(t, "alice");
    await t.run(async (ctx) => {
      await ctx.db.patch(noDeal, {
        status: "completed",
        recommendation: { recommendedSupplierId: null, explanation: "No supplier agreed.", ranking: [] },
      });
    });
    vi.setSystemTime(Date.now() + 1000);
    const { quoteId: running } = await createQuote(t, "alice", { supplierIds: ["apex-textiles"] });

    const overview = await alice().query(api.quoteOverview.listMine, {});
    expect(overview.map((q) => [q._id, q.status, q.noDeal, q.recommended, q.supplierCount])).toEqual([
      [running, "starting", false, null, 1],
      [noDeal, "completed", true, null, 3],
    ]);
    expect(await buyer(t, "bob").query(api.quoteOverview.listMine, {})).toEqual([]);
    expect(await t.query(api.quoteOverview.listMine, {})).toEqual([]);
  });
});
