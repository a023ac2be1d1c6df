import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { noReplyReason } from "../../web/board/no-reply";
import { inWords } from "../../web/quotes/field-errors";
import { parseRoute } from "../../web/route";
import { checkReply, draftFrom, refusedReply, replyOf } from "../../web/supplier/reply-draft";

/* The words around a supplier answering in person: their form's problems, refusals, the deadline. */

const products = [
  { productId: "organic-tshirt", name: "organic cotton T-shirt", unit: "piece", quantity: 2000 },
  { productId: "canvas-tote", name: "canvas tote bag", unit: "piece", quantity: 800 },
];
const reader = { buyerName: "ada@example.com", products };
const ask = {
  lines: [
    { productId: "organic-tshirt", quantity: 2000, unitPrice: 4.95 },
    { productId: "canvas-tote", quantity: 800, unitPrice: 2.7 },
  ],
  leadTimeDays: 18,
  paymentTerms: "net-60" as const,
  validityDays: 14,
};

describe("the supplier's reply form", () => {
  it("starts from the other side's terms and sends them back as an offer at the quantities asked", () => {
    const draft = draftFrom(ask, products);
    expect(draft.unitPrices).toEqual(["4.95", "2.70"]);
    expect(checkReply(replyOf("offer", draft, products), reader)).toEqual({
      reply: { decision: "offer", terms: ask, message: "" },
    });
    expect(checkReply(replyOf("accept", draft, products), reader)).toEqual({
      reply: { decision: "accept", message: "" },
    });
  });

  it("names each problem next to its field, saying what to type", () => {
    const draft = { ...draftFrom(ask, products), unitPrices: ["", "-1"], leadTimeDays: "2.5", validityDays: "x" };
    expect(checkReply(replyOf("offer", draft, products), reader)).toEqual({
      errors: {
        "terms.lines[0].unitPrice": "enter the price in dollars, e.g. 4.25",
        "terms.lines[1].unitPrice": "the price must be more than $0",
        "terms.leadTimeDays": "enter a whole number of days from 1 to 365",
        "terms.validityDays": "enter a whole number of days from 1 to 365",
      },
    });
  });

  it("says a refusal in the supplier's words: the other side and the products by name", () => {
    const refusal = new ConvexError("It is not your turn: the buyer's negotiator has not finished its message yet.");
    expect(refusedReply(refusal, reader)).toEqual({
      "(input)": "It is not your turn: ada@example.com's negotiator has not finished its message yet.",
    });
    expect(
      refusedReply(new ConvexError("invalid reply:\nterms.leadTimeDays: Too small: expected number to be >0"), reader),
    ).toEqual({ "terms.leadTimeDays": "enter a whole number of days from 1 to 365" });
    expect(refusedReply(new ConvexError('terms.lines: "canvas-tote" needs a price'), reader)).toEqual({
      "(input)": '"canvas tote bag" needs a price',
    });
  });
});

describe("the buyer's words for a supplier in person", () => {
  it("a negotiation that ended with no reply says so in plain words", () => {
    expect(noReplyReason("no reply: Porto Knitworks did not answer by 2026-12-06T10:00:00.000Z")).toMatch(
      /^No reply: Porto Knitworks did not answer by Dec \d, 2026, \d{1,2}:\d\d [AP]M, so your negotiator stopped waiting\.$/,
    );
    expect(noReplyReason("the supplier walked away")).toBeUndefined();
  });

  it("the time to reply is spoken of in hours, as the form asks for it", () => {
    expect(inWords("replyWithinSeconds must be at least 1")).toBe("time to reply must be more than 0 hours");
    expect(inWords("replyWithinSeconds must be at most 2592000 (30 days)")).toBe(
      "time to reply must be at most 720 hours (30 days)",
    );
    expect(inWords("replyWithinSeconds must be a number of seconds")).toBe("time to reply must be a number of hours");
  });

  it("a supplier's link opens their page", () => {
    expect(parseRoute("#/supplier/abc.1.mac-_x")).toEqual({ page: "supplier", token: "abc.1.mac-_x" });
    expect(parseRoute("#/supplier/")).toEqual({ page: "supplier", token: "" });
  });
});
