import { z } from "zod";
import { formatMoney } from "../domain/money";
import { totalPrice, type Terms } from "../domain/offer";
import type { Priorities } from "../domain/quote";
import { getSupplier } from "../domain/suppliers";
import type { NegotiationResult } from "../negotiation/negotiation-types";

export const offerScoreSchema = z.object({
  negotiationId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  totalPrice: z.number(),
  leadTimeDays: z.number(),
  paymentTerms: z.string(),
  /** Each criterion scaled to 0–1, 1 being the best on offer. */
  criteria: z.object({ price: z.number(), quality: z.number(), speed: z.number(), reliability: z.number() }),
  score: z.number(),
});
export type OfferScore = z.infer<typeof offerScoreSchema>;

export const recommendationSchema = z.object({
  recommended: offerScoreSchema.nullable(),
  ranking: z.array(offerScoreSchema),
  explanation: z.string(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

type Agreed = NegotiationResult & { finalOffer: Terms };

/**
 * Scores every agreed deal by the buyer's weighted priorities. Price and speed are relative to
 * the best deal on the table (best = 1); quality (rating out of 5) and reliability (on-time rate)
 * are absolute. The weights are normalised, so any scale works.
 */
export function evaluateOffers(results: readonly NegotiationResult[], priorities: Priorities): Recommendation {
  const agreed = results.filter((r): r is Agreed => r.status === "completed" && r.finalOffer !== undefined);
  if (agreed.length === 0) {
    return { recommended: null, ranking: [], explanation: noDealExplanation(results) };
  }
  const weightSum = priorities.price + priorities.quality + priorities.speed + priorities.reliability;
  const w = {
    price: priorities.price / weightSum,
    quality: priorities.quality / weightSum,
    speed: priorities.speed / weightSum,
    reliability: priorities.reliability / weightSum,
  };
  const cheapest = Math.min(...agreed.map((r) => totalPrice(r.finalOffer)));
  const fastest = Math.min(...agreed.map((r) => r.finalOffer.leadTimeDays));
  const ranking = agreed
    .map((r): OfferScore => {
      const supplier = getSupplier(r.supplierId);
      const total = totalPrice(r.finalOffer);
      const criteria = {
        price: cheapest / total,
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
  return { recommended, ranking, explanation: explain(ranking, results, w) };
}

function explain(
  ranking: readonly OfferScore[],
  results: readonly NegotiationResult[],
  w: Record<keyof OfferScore["criteria"], number>,
): string {
  const [best, runnerUp] = ranking;
  if (!best) return "";
  const supplier = getSupplier(best.supplierId);
  const topWeights = (Object.entries(w) as [keyof typeof w, number][])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name, weight]) => `${name} (${Math.round(weight * 100)}%)`);
  const parts = [
    `We recommend ${best.supplierName}: ${formatMoney(best.totalPrice)} in total, delivered in ${best.leadTimeDays} days on ${best.paymentTerms} terms,`,
    `with a ${supplier.quality}/5 quality rating and ${Math.round(supplier.onTimeRate * 100)}% on-time delivery.`,
    `Weighted by your priorities, led by ${topWeights.join(" and ")}, it scores ${best.score.toFixed(3)}`,
  ];
  if (runnerUp) {
    const priceGap = runnerUp.totalPrice - best.totalPrice;
    parts.push(
      `against ${runnerUp.score.toFixed(3)} for ${runnerUp.supplierName}` +
        (priceGap < 0
          ? `, which would be ${formatMoney(-priceGap)} cheaper but falls behind on the criteria you weigh most.`
          : `, which would cost ${formatMoney(priceGap)} more.`),
    );
  } else {
    parts.push("as the only supplier that reached an agreement.");
  }
  const noDeal = results.filter((r) => r.status !== "completed");
  if (noDeal.length > 0) {
    parts.push(
      `No deal with ${noDeal.map((r) => `${r.supplierName} (${r.status}${r.reason ? `: ${r.reason}` : ""})`).join(", ")}.`,
    );
  }
  return parts.join(" ");
}

function noDealExplanation(results: readonly NegotiationResult[]): string {
  if (results.length === 0) return "No supplier was negotiated with.";
  return (
    "No supplier reached an agreement within your limits, so there is nothing to recommend: " +
    results.map((r) => `${r.supplierName} ended ${r.status}${r.reason ? ` (${r.reason})` : ""}`).join("; ") +
    ". Consider raising the price limits or allowing more rounds."
  );
}
