import { formatMoney } from "../../domain/money";
import type { Doc } from "../../server/_generated/dataModel";

type Recommendation = NonNullable<Doc<"quotes">["recommendation"]>;
export type RankedDeal = Recommendation["ranking"][number];
export type Priorities = Doc<"quotes">["priorities"];
export const CRITERIA = ["price", "quality", "speed", "reliability"] as const;
type Criterion = (typeof CRITERIA)[number];

/** Each criterion's share of the score, 0–1, from your weights. */
export function shares(priorities: Priorities): Record<Criterion, number> {
  const sum = CRITERIA.reduce((total, c) => total + priorities[c], 0) || 1;
  return {
    price: priorities.price / sum,
    quality: priorities.quality / sum,
    speed: priorities.speed / sum,
    reliability: priorities.reliability / sum,
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The one or two things that put the recommended deal ahead of the next best, biggest weighted
 * advantage first, in words; read from the scores the negotiation service gave each deal.
 */
export function reasonsItWon(ranking: readonly RankedDeal[], winnerId: string, priorities: Priorities): string[] {
  const winner = ranking.find((r) => r.supplierId === winnerId);
  const runnerUp = ranking.find((r) => r.supplierId !== winnerId);
  if (!winner) return [];
  if (!runnerUp) return ["It is the only supplier that agreed to a deal within your limits."];
  const weight = shares(priorities);
  const ahead = CRITERIA.map(
    (c) => [c, weight[c] * ((winner.criteria?.[c] ?? 0) - (runnerUp.criteria?.[c] ?? 0))] as const,
  )
    .filter(([, gain]) => gain > 0.0005)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([c]) => `${reason(c, winner, runnerUp)} (${c} is ${percent(weight[c])} of your score)`);
  return ahead.length > 0 ? ahead : ["It matches your priorities best overall."];
}

function reason(criterion: Criterion, winner: RankedDeal, other: RankedDeal): string {
  const mine = winner.criteria?.[criterion] ?? 0;
  const theirs = other.criteria?.[criterion] ?? 0;
  switch (criterion) {
    case "price":
      return winner.totalPrice < other.totalPrice
        ? `${formatMoney(other.totalPrice - winner.totalPrice)} cheaper than ${other.supplierName}`
        : `Better value than ${other.supplierName} once the payment terms are counted`;
    case "quality":
      return `Higher quality: rated ${(mine * 5).toFixed(1)} of 5 against ${(theirs * 5).toFixed(1)} for ${other.supplierName}`;
    case "speed":
      return `Faster delivery: ${winner.leadTimeDays} days against ${other.leadTimeDays} for ${other.supplierName}`;
    case "reliability":
      return `More reliable: on time ${percent(mine)} of the time against ${percent(theirs)} for ${other.supplierName}`;
  }
}

/** What a score means, with your weights. */
export function scoreMeaning(priorities: Priorities): string {
  const weight = shares(priorities);
  const parts = CRITERIA.filter((c) => weight[c] > 0).map((c) => `${c} ${percent(weight[c])}`);
  return (
    `A score out of 100 says how well a deal matches your priorities (${parts.join(", ")}). ` +
    "Price (counting the value of paying later) and delivery time are measured against the best deal on the table, " +
    "which scores 100 on them; quality is the supplier's rating out of 5, and reliability its record of delivering on time."
  );
}
