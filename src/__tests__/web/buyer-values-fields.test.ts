import { describe, expect, it } from "vitest";
import { buyerValuesOf, EMPTY_BUYER_VALUES } from "../../web/quotes/buyer-values";
import { checkQuote } from "../../web/quotes/field-errors";

const quote = {
  products: [{ productId: "organic-tshirt", quantity: 500 }],
  priorities: { price: 1, quality: 0, speed: 1, reliability: 0 },
};

describe("the quote form's advanced fields for the buyer's values", () => {
  it("send nothing when left empty, so the priorities' defaults apply", () => {
    expect(buyerValuesOf(EMPTY_BUYER_VALUES)).toEqual({});
  });

  it("send what the buyer typed, and the schema names a value that is not a number", () => {
    expect(buyerValuesOf({ leadTimeDayPercent: "0.25", creditMonthPercent: "" })).toEqual({
      buyerValues: { leadTimeDayPercent: 0.25 },
    });
    const typo = checkQuote({ ...quote, ...buyerValuesOf({ leadTimeDayPercent: "", creditMonthPercent: "1,5" }) });
    expect(typo).toEqual({ errors: { "buyerValues.creditMonthPercent": "creditMonthPercent must be a number" } });
  });
});
