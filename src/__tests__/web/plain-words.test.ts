import { describe, expect, it } from "vitest";
import { inWords } from "../../web/quotes/field-errors";
import { describePaymentTerms, inPlainWords } from "../../web/ui/plain-words";
import { relativeDate } from "../../web/ui/relative-date";

describe("the app's words", () => {
  it("reasons from the negotiation service speak of 'your negotiator' and 'you', and name products", () => {
    expect(inPlainWords("the supplier walked away: the brand's price stayed below what it accepts")).toBe(
      "the supplier walked away: your negotiator's price stayed below what it accepts",
    );
    expect(
      inPlainWords("the supplier's fastest delivery (31 days) is slower than the buyer's lead-time limit (1 days)"),
    ).toBe("the supplier's fastest delivery (31 days) is slower than your lead-time limit (1 day)");
    expect(inPlainWords("raise your organic-tshirt limit to $5.90")).toBe(
      "raise your organic cotton T-shirt limit to $5.90",
    );
    expect(inPlainWords("Connection to Convex lost")).toBe("Connection to the negotiation service lost");
  });

  it("form errors name the field as its label does", () => {
    expect(inWords("maxLeadTimeDays must be greater than 0")).toBe("delivery time must be at least 1 day");
    expect(inWords("maxLeadTimeDays must be a number of days")).toBe("delivery time must be a number of days");
    expect(inWords("maxUnitPrice must be greater than 0")).toBe("max unit price must be greater than 0");
    expect(inWords("supplierIds must name at least one supplier")).toBe("choose at least one supplier");
  });

  it("payment terms and dates read as a person says them", () => {
    expect(describePaymentTerms("net-45")).toBe("pay within 45 days");
    expect(describePaymentTerms("prepaid")).toBe("paid in advance");
    const now = Date.UTC(2026, 11, 5, 12);
    expect(relativeDate(now - 5_000, now)).toBe("just now");
    expect(relativeDate(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(relativeDate(now - 26 * 3_600_000, now)).toBe("yesterday");
    expect(relativeDate(now - 30 * 86_400_000, now)).toBe("Nov 5, 2026");
  });
});
