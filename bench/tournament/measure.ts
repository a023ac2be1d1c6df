import { totalPrice, type Terms } from "../../src/domain/offer";
import { unitPriceLimit, type QuoteRequest } from "../../src/domain/quote";
import { builtInSupplier, PAYMENT_TERMS, unitPriceBounds, type SupplierProfile } from "../../src/domain/suppliers";
import {
  buyerContextOf,
  buyerUtility,
  feasibleNonPriceTerms,
  supplierMinimumTotal,
  supplierReservation,
  supplierUtility,
  type BuyerUtilityContext,
} from "../../src/domain/utility";
import { reservationUnitPrice } from "../../src/mastra/models/local/supplier-reservation";

/** What the tournament saw of one negotiation, beyond the engine's own result. */
export interface Observed {
  status: string;
  reason?: string | undefined;
  rounds: number;
  finalOffer?: Terms | undefined;
  firstOffer?: Terms | undefined;
  /** The brand accepted the supplier's very first offer. */
  firstOfferAccepted: boolean;
  modelCalls: number;
  tokens: number;
}

export interface Measured {
  supplierId: string;
  possible: boolean;
  /** The zone of agreement (the best joint surplus possible) as a share of the supplier's list value. */
  zoneShare: number;
  deal: boolean;
  savingVsList?: number;
  savingVsOpening?: number;
  /** Buyer's share of the joint surplus the deal created (0–1). */
  buyerShare?: number;
  paretoDominated?: boolean;
  /** Distance to the Pareto frontier in both sides' utilities, each normalised by the zone of agreement. */
  frontierDistance?: number;
  /** The product of both sides' surpluses against the best product possible. */
  nashRatio?: number;
  aboveList: boolean;
  limitViolation: boolean;
}

/** A deal is Pareto-dominated when another lead time / payment term would add over 1% of the zone to
 *  the joint surplus: a price shift could then leave both sides better off. */
const DOMINATED_GAP = 0.01;

function linePrices(
  quote: QuoteRequest,
  unitPrice: (productId: Terms["lines"][number]["productId"], quantity: number) => number,
) {
  return quote.products.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: unitPrice(line.productId, line.quantity),
  }));
}

export function measure(quote: QuoteRequest, seed: number, supplier: SupplierProfile, observed: Observed): Measured {
  const listLines = linePrices(quote, (p, q) => unitPriceBounds(supplier, p, q).list);
  const listValue = listLines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const upperLines = linePrices(quote, (p, q) => {
    const line = quote.products.find((l) => l.productId === p)!;
    return Math.min(unitPriceLimit(line), unitPriceBounds(supplier, p, q).list);
  });
  const reservationLines = linePrices(quote, (p, q) => reservationUnitPrice(seed, supplier, p, q));
  const reservationValue = reservationLines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  const context: BuyerUtilityContext = buyerContextOf(quote);
  const reservationS = supplierReservation(supplier, reservationValue);
  const upperValue = upperLines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const floorsFit = quote.products.every(
    (line, i) => unitPriceBounds(supplier, line.productId, line.quantity).floor <= upperLines[i]!.unitPrice,
  );
  const slowest = Math.min(supplier.leadTimeDays, quote.maxLeadTimeDays ?? supplier.leadTimeDays);
  const asTerms = (lines: Terms["lines"], leadTimeDays: number, paymentTerms: Terms["paymentTerms"]): Terms => ({
    lines,
    leadTimeDays,
    paymentTerms,
    validityDays: 14,
  });
  const reservationB = buyerUtility(
    asTerms(upperLines, Math.max(slowest, supplier.fastestLeadTimeDays), "prepaid"),
    context,
  );

  // The best joint surplus over every feasible lead time and payment term, prices inside both limits.
  let bestJoint = Number.NEGATIVE_INFINITY;
  let possible = false;
  for (const pair of feasibleNonPriceTerms(supplier, quote.maxLeadTimeDays)) {
    const minimum = supplierMinimumTotal(supplier, reservationS, pair.leadTimeDays, pair.paymentTerms, listValue);
    const scale = minimum / reservationValue;
    // The supplier's utility depends on the total only, so it may spread the price over the lines,
    // each between its floor and the buyer's limit.
    const fits = minimum <= upperValue + 0.005 && floorsFit;
    if (!fits) continue;
    possible = true;
    const at = (lines: Terms["lines"]) => asTerms(lines, pair.leadTimeDays, pair.paymentTerms);
    const lines = reservationLines.map((l) => ({ ...l, unitPrice: l.unitPrice * scale }));
    const joint =
      buyerUtility(at(lines), context) - reservationB + supplierUtility(supplier, at(lines), listValue) - reservationS;
    bestJoint = Math.max(bestJoint, joint);
  }

  const deal = observed.status === "completed" && observed.finalOffer !== undefined;
  const base = {
    supplierId: supplier.id,
    possible,
    zoneShare: possible ? Math.max(0, bestJoint) / listValue : 0,
    deal,
    aboveList: false,
    limitViolation: false,
  };
  if (!deal || !observed.finalOffer) return base;
  const offer = observed.finalOffer;
  const total = totalPrice(offer);
  const buyerSurplus = buyerUtility(offer, context) - reservationB;
  const supplierSurplus = supplierUtility(supplier, offer, listValue) - reservationS;
  const joint = buyerSurplus + supplierSurplus;
  const zone = Math.max(bestJoint, joint, 1e-9);
  const gap = Math.max(0, zone - joint) / zone;
  const aboveList = offer.lines.some(
    (l) => l.unitPrice > listLines.find((x) => x.productId === l.productId)!.unitPrice + 1e-9,
  );
  const limitViolation =
    offer.lines.some(
      (l) => l.unitPrice > unitPriceLimit(quote.products.find((p) => p.productId === l.productId)!) + 1e-9,
    ) ||
    (quote.maxLeadTimeDays !== undefined && offer.leadTimeDays > quote.maxLeadTimeDays) ||
    offer.lines.some((l) => l.unitPrice < unitPriceBounds(supplier, l.productId, l.quantity).floor - 1e-9) ||
    offer.leadTimeDays < supplier.fastestLeadTimeDays ||
    PAYMENT_TERMS.indexOf(offer.paymentTerms) > PAYMENT_TERMS.indexOf(supplier.mostFlexiblePaymentTerms);
  return {
    ...base,
    savingVsList: 1 - total / listValue,
    ...(observed.firstOffer ? { savingVsOpening: 1 - total / totalPrice(observed.firstOffer) } : {}),
    buyerShare: joint > 0 ? Math.min(1, Math.max(0, buyerSurplus / joint)) : 0,
    paretoDominated: gap > DOMINATED_GAP,
    frontierDistance: gap / Math.SQRT2,
    nashRatio: buyerSurplus > 0 && supplierSurplus > 0 ? (buyerSurplus * supplierSurplus) / (zone / 2) ** 2 : 0,
    aboveList,
    limitViolation,
  };
}

export { builtInSupplier };
