import { formatMoney } from "../../domain/money";
import { totalPrice, type Terms } from "../../domain/offer";
import { productOfLine, unitPriceLimit, type QuoteLine } from "../../domain/quote";
import type { NegotiationResult } from "../negotiation/negotiation-types";
import type { OfferScore } from "./recommendation";

type Criterion = keyof OfferScore["criteria"];
export type Weights = Record<Criterion, number>;

/** What the buyer asked for, so a failed search can be set against what suppliers offered. */
export interface BuyerLimits {
  products: readonly QuoteLine[];
  maxLeadTimeDays?: number | undefined;
}

const OUTCOME: Record<NegotiationResult["status"], string> = {
  completed: "agreed",
  impasse: "reached no agreement",
  failed: "failed",
  cancelled: "was cancelled",
};

function percent(weight: number): string {
  return `${Math.round(weight * 100)}%`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** "weighing price, quality, speed and reliability equally", "led by price (40%), then quality (30%)". */
export function describeWeights(w: Weights): string {
  const entries = (Object.entries(w) as [Criterion, number][]).filter(([, weight]) => weight > 0);
  const groups = new Map<number, Criterion[]>();
  for (const [name, weight] of entries) {
    const key = Math.round(weight * 1000);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  const ordered = [...groups].sort((a, b) => b[0] - a[0]);
  if (ordered.length === 1) {
    const names = ordered[0]![1];
    return names.length === 1 ? `on ${names[0]} alone` : `weighing ${joinWords(names)} equally`;
  }
  const phrase = ([key, names]: [number, Criterion[]]) =>
    names.length === 1 ? `${names[0]} (${percent(key / 1000)})` : `${joinWords(names)} (${percent(key / 1000)} each)`;
  return `led by ${phrase(ordered[0]!)}, then ${phrase(ordered[1]!)}`;
}

/** The criteria on which `best` gains the most weighted score over `other`, biggest first. */
function advantages(best: OfferScore, other: OfferScore, w: Weights): Criterion[] {
  return (Object.keys(w) as Criterion[])
    .map((name) => [name, w[name] * (best.criteria[name] - other.criteria[name])] as const)
    .filter(([, gain]) => gain > 0.0005)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name]) => name);
}

export function explainRecommendation(
  ranking: readonly OfferScore[],
  results: readonly NegotiationResult[],
  w: Weights,
): string {
  const [best, runnerUp] = ranking;
  if (!best) return "";
  const supplier = results.find((r) => r.negotiationId === best.negotiationId)?.supplierRecord;
  if (!supplier) throw new Error(`no result for the recommended negotiation ${best.negotiationId}`);
  const parts = [
    `We recommend ${best.supplierName}: ${formatMoney(best.totalPrice)} in total, delivered in ${best.leadTimeDays} days on ${best.paymentTerms} terms,`,
    `with a ${supplier.quality}/5 quality rating and ${Math.round(supplier.onTimeRate * 100)}% on-time delivery.`,
    `Weighted by your priorities, ${describeWeights(w)}, it scores ${best.score.toFixed(3)}`,
  ];
  if (runnerUp) {
    const priceGap = runnerUp.totalPrice - best.totalPrice;
    const ahead = advantages(best, runnerUp, w);
    parts.push(
      `against ${runnerUp.score.toFixed(3)} for ${runnerUp.supplierName}` +
        (priceGap < 0
          ? `, which would be ${formatMoney(-priceGap)} cheaper, but ${best.supplierName} is ahead on ${joinWords(ahead)}.`
          : `, which would cost ${formatMoney(priceGap)} more.`),
    );
  } else {
    parts.push("as the only supplier that reached an agreement.");
  }
  const noDeal = results.filter((r) => r.status !== "completed");
  if (noDeal.length > 0) {
    parts.push(
      `No deal with ${noDeal.map((r) => `${r.supplierName} (${OUTCOME[r.status]}${r.reason ? `: ${r.reason}` : ""})`).join(", ")}.`,
    );
  }
  return parts.join(" ");
}

/** Where the supplier's last offer stood against the buyer's limits, e.g. "$5.90/unit for organic-tshirt against your $5.00". */
function gapToLimits(offer: Terms, limits: BuyerLimits): string[] {
  const gaps: string[] = [];
  for (const line of offer.lines) {
    const wanted = limits.products.find((p) => p.productId === line.productId);
    if (!wanted) continue;
    const limit = unitPriceLimit(wanted);
    if (line.unitPrice > limit) {
      gaps.push(
        `${formatMoney(line.unitPrice)}/${productOfLine(wanted).unit} for ${line.productId} against your limit of ${formatMoney(limit)}`,
      );
    }
  }
  if (limits.maxLeadTimeDays !== undefined && offer.leadTimeDays > limits.maxLeadTimeDays) {
    gaps.push(`${offer.leadTimeDays} days' lead time against your ${limits.maxLeadTimeDays}`);
  }
  return gaps;
}

/** "Apex Textiles'", "Porto Knitworks'", "Acme's". */
function possessive(name: string): string {
  return name.endsWith("s") ? `${name}'` : `${name}'s`;
}

/**
 * The numbers the buyer would have to change to take this supplier's last offer (or, when the
 * brand walked away before any offer, to meet its fastest delivery), with the extra money it costs.
 */
function changeToReach(result: NegotiationResult, limits: BuyerLimits): { text: string; cost: number }[] {
  const supplier = result.supplierRecord;
  const offer = result.lastOffer;
  if (!offer) {
    if (limits.maxLeadTimeDays === undefined || supplier.fastestLeadTimeDays <= limits.maxLeadTimeDays) return [];
    return [
      {
        text: `allow at least ${supplier.fastestLeadTimeDays} days' lead time (${possessive(result.supplierName)} fastest delivery)`,
        cost: 0,
      },
    ];
  }
  const parts: string[] = [];
  let cost = 0;
  for (const line of offer.lines) {
    const wanted = limits.products.find((p) => p.productId === line.productId);
    if (!wanted) continue;
    const limit = unitPriceLimit(wanted);
    if (line.unitPrice > limit) {
      parts.push(`raise your ${line.productId} limit to ${formatMoney(line.unitPrice)}`);
      cost += (line.unitPrice - limit) * line.quantity;
    }
  }
  if (limits.maxLeadTimeDays !== undefined && offer.leadTimeDays > limits.maxLeadTimeDays) {
    parts.push(`allow ${offer.leadTimeDays} days' lead time`);
  }
  if (parts.length === 0) return [];
  return [{ text: `${joinWords(parts)} (${possessive(result.supplierName)} last offer)`, cost }];
}

/**
 * Why nothing can be recommended, supplier by supplier, and what the buyer would have to change:
 * the limit a supplier's last offer did not meet, or the failure that stopped it.
 */
export function explainNoDeal(results: readonly NegotiationResult[], limits?: BuyerLimits): string {
  if (results.length === 0) return "No supplier was negotiated with.";
  const lines = results.map((r) => {
    const offered = r.lastOffer;
    const gaps = offered && limits ? gapToLimits(offered, limits) : [];
    const closest = offered
      ? gaps.length > 0
        ? `; its last offer was ${gaps.join(" and ")}`
        : `; its last offer totalled ${formatMoney(totalPrice(offered))}`
      : "";
    return `${r.supplierName} ${OUTCOME[r.status]}${r.reason ? ` (${r.reason})` : ""}${closest}`;
  });
  const changes = results.flatMap((r) => (limits ? changeToReach(r, limits) : []));
  const everyFailure = results.every((r) => r.status === "failed" || r.status === "cancelled");
  const advice = everyFailure
    ? "Nothing was agreed because the negotiations did not run to an end; fix the cause above and try again."
    : changes.length > 0
      ? `To reach a deal, ${changes
          .sort((a, b) => a.cost - b.cost)
          .map((c) => c.text)
          .join(", or ")}.`
      : "Allowing more rounds may reach a deal.";
  return `No supplier reached an agreement within your limits, so there is nothing to recommend: ${lines.join("; ")}. ${advice}`;
}
