import { describe, expect, it } from "vitest";
import type { Terms } from "../../domain/offer";
import { builtInSupplier } from "../../domain/suppliers";
import {
  buyerContextOf,
  buyerRatesOf,
  buyerUtility,
  creditDays,
  efficientNonPriceTerms,
  supplierMinimumTotal,
  supplierReservation,
  supplierUtility,
} from "../../domain/utility";

const terms = (unitPrice: number, leadTimeDays: number, paymentTerms: Terms["paymentTerms"]): Terms => ({
  lines: [{ productId: "organic-tshirt", quantity: 1000, unitPrice }],
  leadTimeDays,
  paymentTerms,
  validityDays: 14,
});

const balanced = { price: 1, quality: 0, speed: 1, reliability: 0 };
// $6,000 of T-shirts at the buyer's limit, price and speed weighing the same: a day is worth $30.
const context = { orderValue: 6000, leadDayValue: 30, capitalRatePerYear: 0.12 };

describe("utility: the exchange rate between days, payment terms and money", () => {
  it("counts the days of credit each payment term grants", () => {
    expect(
      ["prepaid", "net-15", "net-30", "net-45", "net-60"].map((t) => creditDays(t as Terms["paymentTerms"])),
    ).toEqual([0, 15, 30, 45, 60]);
  });

  it("values net-30 at about 1% of the order for the buyer (12% a year)", () => {
    const prepaid = buyerUtility(terms(6, 20, "prepaid"), context);
    const net30 = buyerUtility(terms(6, 20, "net-30"), context);
    expect(net30 - prepaid).toBeCloseTo((6000 * 0.12 * 30) / 365, 6);
    expect((net30 - prepaid) / 6000).toBeCloseTo(0.00986, 4);
  });

  it("values a day of lead time by the weight of speed against price", () => {
    expect(buyerRatesOf(balanced, undefined).leadDayShare).toBeCloseTo(0.005, 9); // 0.5% of the order a day
    expect(buyerRatesOf({ price: 1, quality: 1, speed: 0, reliability: 1 }, undefined).leadDayShare).toBe(0);
    expect(buyerRatesOf({ price: 0, quality: 0, speed: 1, reliability: 0 }, undefined).leadDayShare).toBeCloseTo(
      0.01,
      9,
    );
    // Ten days faster is worth $300 to this buyer: it would pay up to $0.30 a unit more for them.
    expect(buyerUtility(terms(6.3, 20, "prepaid"), context)).toBeCloseTo(
      buyerUtility(terms(6, 30, "prepaid"), context),
      6,
    );
  });

  it("uses the values the buyer states over those its priorities imply", () => {
    // 0.25% of the order a day and 5% a year (0.41% a month), as a buyer with cheap capital might say.
    const stated = buyerRatesOf(balanced, { leadTimeDayPercent: 0.25, creditMonthPercent: (5 / 365) * 30 });
    expect(stated.leadDayShare).toBeCloseTo(0.0025, 9);
    expect(stated.capitalRatePerYear).toBeCloseTo(0.05, 9);
    const quote = {
      priorities: balanced,
      buyerValues: { leadTimeDayPercent: 0.25, creditMonthPercent: 1 },
      products: [{ productId: "organic-tshirt" as const, quantity: 1000, maxUnitPrice: 6 }],
    };
    const values = buyerContextOf(quote);
    expect(values.leadDayValue).toBeCloseTo(15, 6); // $15 a day on a $6,000 order
    // A month of credit at 1% is worth $60 on $6,000: net-30 against prepaid.
    expect(buyerUtility(terms(6, 20, "net-30"), values) - buyerUtility(terms(6, 20, "prepaid"), values)).toBeCloseTo(
      60,
      6,
    );
  });

  it("costs the supplier its rush rate per day faster and its own capital rate for credit", () => {
    const porto = builtInSupplier("porto-knitworks");
    const listValue = 7400;
    const usual = supplierUtility(porto, terms(7, porto.leadTimeDays, "prepaid"), listValue);
    const faster = supplierUtility(porto, terms(7, porto.leadTimeDays - 4, "prepaid"), listValue);
    expect(usual - faster).toBeCloseTo(4 * porto.rushCostPerDay * listValue, 6);
    const net60 = supplierUtility(porto, terms(7, porto.leadTimeDays, "net-60"), listValue);
    expect(usual - net60).toBeCloseTo((7000 * porto.capitalCostPerYear * 60) / 365, 6);
  });

  it("prices the supplier's minimum so that it is exactly at its reservation", () => {
    const apex = builtInSupplier("apex-textiles");
    const reservation = supplierReservation(apex, 4160);
    const minimum = supplierMinimumTotal(apex, reservation, 38, "net-30", 5200);
    const perUnit = minimum / 1000;
    expect(supplierUtility(apex, terms(perUnit, 38, "net-30"), 5200)).toBeCloseTo(reservation, 6);
    // Rushing and credit both cost Apex: the minimum is above its floor.
    expect(minimum).toBeGreaterThan(4160);
  });

  it("finds the efficient lead time and terms: grant credit when it is cheap for the supplier", () => {
    // Porto's capital costs 6% a year, the buyer's 12%: the longest terms are efficient.
    const porto = builtInSupplier("porto-knitworks");
    const atPorto = efficientNonPriceTerms(porto, context, undefined, 7000, 7400)!;
    expect(atPorto.paymentTerms).toBe(porto.mostFlexiblePaymentTerms);
    // Rushing costs Porto 0.2% of list a day, below the buyer's 0.5%: its fastest lead time is efficient.
    expect(atPorto.leadTimeDays).toBe(porto.fastestLeadTimeDays);
    // Apex's capital costs 16%: credit is worth less to the buyer than it costs Apex.
    const apex = builtInSupplier("apex-textiles");
    expect(efficientNonPriceTerms(apex, context, undefined, 5000, 5200)!.paymentTerms).toBe("prepaid");
    // A buyer indifferent to speed gains nothing from a rush that costs the supplier.
    const slowOk = { ...context, leadDayValue: 0 };
    expect(efficientNonPriceTerms(porto, slowOk, undefined, 7000, 7400)!.leadTimeDays).toBe(porto.leadTimeDays);
  });

  it("has no feasible terms when the supplier cannot meet the lead-time limit", () => {
    const apex = builtInSupplier("apex-textiles");
    expect(efficientNonPriceTerms(apex, context, apex.fastestLeadTimeDays - 1, 5000, 5200)).toBeNull();
  });
});
