import { totalPrice, type Terms } from "../../domain/offer";
import type { BuyerValues, Priorities } from "../../domain/quote";
import { buyerCreditValue, buyerRatesOf } from "../../domain/utility";
import type { NegotiationResult } from "../negotiation/negotiation-types";
import { explainNoDeal, explainRecommendation, type BuyerLimits } from "./explanation";
import type { OfferScore, Recommendation } from "./recommendation";

type Agreed = NegotiationResult & { finalOffer: Terms };

/**
 * Scores every agreed deal by the buyer's weighted priorities. Price (net of the credit its payment
 * terms give, at the buyer's stated value of a month of credit, else 12 % a year) and speed are relative to the best deal on the table (best = 1); quality (rating out of 5) and reliability (on-time rate)
 * are absolute. The weights are normalised, so any scale works.
 */
export function evaluateOffers(
  results: readonly NegotiationResult[],
  priorities: Priorities,
  limits?: BuyerLimits,
  values?: BuyerValues,
): Recommendation {
  const agreed = results.filter((r): r is Agreed => r.status === "completed" && r.finalOffer !== undefined);
  if (agreed.length === 0) {
    return { recommended: null, ranking: [], explanation: explainNoDeal(results, limits) };
  }
  const weightSum = priorities.price + priorities.quality + priorities.speed + priorities.reliability;
  const w = {
    price: priorities.price / weightSum,
    quality: priorities.quality / weightSum,
    speed: priorities.speed / weightSum,
    reliability: priorities.reliability / weightSum,
  };
  // Payment terms count as money: a total paid later costs the buyer less (domain/utility.ts).
  const { capitalRatePerYear } = buyerRatesOf(priorities, values);
  const netCost = (terms: Terms) =>
    totalPrice(terms) - buyerCreditValue(terms.paymentTerms, totalPrice(terms), capitalRatePerYear);
  const cheapest = Math.min(...agreed.map((r) => netCost(r.finalOffer)));
  const fastest = Math.min(...agreed.map((r) => r.finalOffer.leadTimeDays));
  const ranking = agreed
    .map((r): OfferScore => {
      const supplier = r.supplierRecord;
      const total = totalPrice(r.finalOffer);
      const criteria = {
        price: cheapest / netCost(r.finalOffer),
        quality: supplier.quality / 5,
        speed: fastest / r.finalOffer.leadTimeDays,
        reliability: supplier.onTimeRate,
      };
      const score =
        w.price * criteria.price +
        w.quality * criteria.quality +
        w.speed * criteria.speed +
        w.reliability * criteria.reliability;
      return {
        negotiationId: r.negotiationId,
        supplierId: r.supplierId,
        supplierName: r.supplierName,
        totalPrice: Math.round(total * 100) / 100,
        leadTimeDays: r.finalOffer.leadTimeDays,
        paymentTerms: r.finalOffer.paymentTerms,
        criteria,
        score: Math.round(score * 1000) / 1000,
      };
    })
    .sort((a, b) => b.score - a.score || a.totalPrice - b.totalPrice);
  const recommended = ranking[0] ?? null;
  return { recommended, ranking, explanation: explainRecommendation(ranking, results, w) };
}
