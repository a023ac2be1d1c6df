import { totalPrice, type Terms } from "./offer";
import { unitPriceLimit, type BuyerValues, type Priorities, type QuoteLine } from "./quote";
import { PAYMENT_TERMS, type PaymentTerms, type SupplierProfile } from "./suppliers";

/**
 * Both sides' value of a set of terms, in money (the quote's currency), over the three issues on
 * the table: unit prices, lead time and payment terms. One exchange rate, used by the strategy,
 * the guardrails, the evaluation and the tournament:
 *
 * - **Payment terms are credit.** `net-N` lets the buyer keep the money N days longer. The buyer
 *   values that at the month's worth it states on the quote (`buyerValues.creditMonthPercent`), else
 *   at `BUYER_CAPITAL_RATE` a year (12 %: net-30 is worth ~1 % of the order); it costs
 *   the supplier its own `capitalCostPerYear`. Terms are efficient to grant when the buyer's rate
 *   is above the supplier's.
 * - **A day of lead time** is worth what the buyer states (`buyerValues.leadTimeDayPercent`), else
 *   `LEAD_DAY_RATE × s / (p + s)` of the order's value to the buyer (p, s = price and speed priority weights; 1 % a day when only speed matters, 0.5 % when price and
 *   speed weigh the same, nothing when speed has no weight). Each day faster than its usual lead time
 *   costs the supplier `rushCostPerDay` of the order's list value (overtime, air freight).
 * - **Money is money.** A dollar of price is a dollar to both sides.
 *
 * Quality and reliability are fixed by who the supplier is, so they do not enter a negotiation's
 * utility; the evaluation weighs them when comparing suppliers.
 */

/** The buyer's yearly cost of capital when it states none: what a day of credit is worth to it. */
export const BUYER_CAPITAL_RATE = 0.12;
/** A day of lead time, as a share of the order's value, when only speed matters and the buyer states none. */
export const LEAD_DAY_RATE = 0.01;
/** The month of the buyer's stated credit value: net-30. */
const DAYS_A_MONTH = 30;

/** Days of credit each payment term grants. */
export function creditDays(terms: PaymentTerms): number {
  return terms === "prepaid" ? 0 : Number(terms.slice("net-".length));
}

export function paymentTermsIndex(terms: PaymentTerms): number {
  return PAYMENT_TERMS.indexOf(terms);
}

/** The buyer's exchange rate: a day of lead time as a share of the order, credit as a yearly rate. */
export interface BuyerRates {
  leadDayShare: number;
  capitalRatePerYear: number;
}

/**
 * The buyer's stated values, else the defaults from its priorities: a day of lead time is worth
 * `LEAD_DAY_RATE × speed / (price + speed)` of the order (0.5 % when both weigh the same, nothing
 * when speed has no weight), a month of credit 1 % (`BUYER_CAPITAL_RATE`, 12 % a year).
 */
export function buyerRatesOf(priorities: Priorities | undefined, values: BuyerValues | undefined): BuyerRates {
  const price = priorities?.price ?? 1;
  const speed = priorities?.speed ?? 1;
  const derivedShare = price + speed > 0 ? (LEAD_DAY_RATE * speed) / (price + speed) : 0;
  return {
    leadDayShare: values?.leadTimeDayPercent === undefined ? derivedShare : values.leadTimeDayPercent / 100,
    capitalRatePerYear:
      values?.creditMonthPercent === undefined
        ? BUYER_CAPITAL_RATE
        : (values.creditMonthPercent / 100) * (365 / DAYS_A_MONTH),
  };
}

/** What the buyer gains from the credit the terms grant, for an order of this total, at its yearly rate. */
export function buyerCreditValue(terms: PaymentTerms, total: number, ratePerYear = BUYER_CAPITAL_RATE): number {
  return (total * ratePerYear * creditDays(terms)) / 365;
}

/** What granting these payment terms costs the supplier, for an order of this total. */
export function supplierCreditCost(supplier: SupplierProfile, terms: PaymentTerms, total: number): number {
  return (total * supplier.capitalCostPerYear * creditDays(terms)) / 365;
}

/** What delivering this fast costs the supplier beyond its usual lead time. */
export function supplierRushCost(supplier: SupplierProfile, leadTimeDays: number, listValue: number): number {
  const daysFaster = Math.max(0, supplier.leadTimeDays - leadTimeDays);
  return daysFaster * supplier.rushCostPerDay * listValue;
}

export interface BuyerUtilityContext {
  /** The value of the order at the buyer's limits: the scale of "a day is worth x % of the order". */
  orderValue: number;
  /** Money a day sooner is worth to the buyer on this order. */
  leadDayValue: number;
  /** The buyer's yearly rate for credit: net-30 is worth 30/365 of it on the total. */
  capitalRatePerYear: number;
}

/** The buyer's utility context for a quote: its values (stated or derived), and the order's value at its limits. */
export function buyerContextOf(quote: {
  priorities?: Priorities | undefined;
  buyerValues?: BuyerValues | undefined;
  products: readonly QuoteLine[];
}): BuyerUtilityContext {
  const orderValue = quote.products.reduce((sum, line) => sum + unitPriceLimit(line) * line.quantity, 0);
  const rates = buyerRatesOf(quote.priorities, quote.buyerValues);
  return { orderValue, leadDayValue: rates.leadDayShare * orderValue, capitalRatePerYear: rates.capitalRatePerYear };
}

/**
 * The buyer's utility in money: minus what the deal costs it, net of the credit it gets, minus the
 * value of the days it waits. Higher is better; only differences between terms mean anything.
 */
export function buyerUtility(terms: Terms, context: BuyerUtilityContext): number {
  return buyerUtilityAt(totalPrice(terms), terms, context);
}

/** The buyer's utility of a total on these lead time and payment terms, however it is spread over the lines. */
export function buyerUtilityAt(
  total: number,
  pair: { leadTimeDays: number; paymentTerms: PaymentTerms },
  context: BuyerUtilityContext,
): number {
  return (
    -total +
    buyerCreditValue(pair.paymentTerms, total, context.capitalRatePerYear) -
    context.leadDayValue * pair.leadTimeDays
  );
}

/**
 * The supplier's utility in money: the revenue, minus the cost of rushing and of the credit it
 * grants. The deal is worth making when this is at or above its reservation value.
 */
export function supplierUtility(supplier: SupplierProfile, terms: Terms, listValue: number): number {
  const total = totalPrice(terms);
  return (
    total -
    supplierRushCost(supplier, terms.leadTimeDays, listValue) -
    supplierCreditCost(supplier, terms.paymentTerms, total)
  );
}

/** The supplier's reservation value: its floor prices, at its usual lead time and opening terms. */
export function supplierReservation(supplier: SupplierProfile, floorValue: number): number {
  return floorValue - supplierCreditCost(supplier, supplier.openingPaymentTerms, floorValue);
}

/**
 * The lowest total a supplier with this reservation accepts for a given lead time and payment terms:
 * its reservation plus what rushing and the credit cost it.
 */
export function supplierMinimumTotal(
  supplier: SupplierProfile,
  reservation: number,
  leadTimeDays: number,
  paymentTerms: PaymentTerms,
  listValue: number,
): number {
  const creditShare = (supplier.capitalCostPerYear * creditDays(paymentTerms)) / 365;
  return (reservation + supplierRushCost(supplier, leadTimeDays, listValue)) / (1 - creditShare);
}

/** Every (lead time, payment terms) pair a supplier can grant, within a buyer's lead-time limit. */
export function feasibleNonPriceTerms(
  supplier: SupplierProfile,
  maxLeadTimeDays: number | undefined,
): { leadTimeDays: number; paymentTerms: PaymentTerms }[] {
  const longest = paymentTermsIndex(supplier.mostFlexiblePaymentTerms);
  const slowest = Math.min(supplier.leadTimeDays, maxLeadTimeDays ?? supplier.leadTimeDays);
  const pairs: { leadTimeDays: number; paymentTerms: PaymentTerms }[] = [];
  for (let lead = supplier.fastestLeadTimeDays; lead <= slowest; lead++) {
    PAYMENT_TERMS.slice(0, longest + 1).forEach((paymentTerms) => pairs.push({ leadTimeDays: lead, paymentTerms }));
  }
  return pairs;
}

/**
 * The joint surplus of a (lead time, payment terms) pair at a given total: the buyer's money value
 * plus the supplier's, price cancelling out but for the credit, which scales with it. The pair that
 * maximises it is where a deal is Pareto-efficient; price then only splits the surplus.
 */
export function jointValue(
  supplier: SupplierProfile,
  context: BuyerUtilityContext,
  leadTimeDays: number,
  paymentTerms: PaymentTerms,
  total: number,
  listValue: number,
): number {
  return (
    buyerCreditValue(paymentTerms, total, context.capitalRatePerYear) -
    context.leadDayValue * leadTimeDays -
    supplierRushCost(supplier, leadTimeDays, listValue) -
    supplierCreditCost(supplier, paymentTerms, total)
  );
}

/** The (lead time, payment terms) pair that maximises the joint surplus, of those feasible. */
export function efficientNonPriceTerms(
  supplier: SupplierProfile,
  context: BuyerUtilityContext,
  maxLeadTimeDays: number | undefined,
  total: number,
  listValue: number,
): { leadTimeDays: number; paymentTerms: PaymentTerms; value: number } | null {
  let best: { leadTimeDays: number; paymentTerms: PaymentTerms; value: number } | null = null;
  for (const pair of feasibleNonPriceTerms(supplier, maxLeadTimeDays)) {
    const value = jointValue(supplier, context, pair.leadTimeDays, pair.paymentTerms, total, listValue);
    if (!best || value > best.value + 1e-9) best = { ...pair, value };
  }
  return best;
}
