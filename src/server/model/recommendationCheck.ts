import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { MAX_NEGOTIATIONS_PER_QUOTE, MAX_REASON_LENGTH } from "./catalog";
import type { Recommendation } from "./validators";

/**
 * A run's recommendation must be about its own quote: every ranked offer names one of the quote's
 * negotiations (once) with that negotiation's supplier, every number is finite and in range
 * (scores and criteria are 0–1, src/mastra/evaluation/evaluate-offers.ts), and the recommended
 * supplier is the one its negotiation belongs to.
 */
export async function checkRecommendation(
  ctx: MutationCtx,
  quote: Doc<"quotes">,
  recommendation: Recommendation,
): Promise<void> {
  const { ranking, explanation, recommendedSupplierId, recommendedNegotiationId } = recommendation;
  if (explanation.length > MAX_REASON_LENGTH) {
    fail(`recommendation.explanation must be at most ${MAX_REASON_LENGTH} characters`);
  }
  if (ranking.length > MAX_NEGOTIATIONS_PER_QUOTE) {
    fail(`recommendation.ranking has ${ranking.length} entries; a quote has at most ${MAX_NEGOTIATIONS_PER_QUOTE}`);
  }
  const seen = new Set<Id<"negotiations">>();
  for (const [index, entry] of ranking.entries()) {
    const field = `recommendation.ranking[${index}]`;
    if (entry.negotiationId === undefined) fail(`${field}.negotiationId is required`);
    if (seen.has(entry.negotiationId)) fail(`${field}.negotiationId ${entry.negotiationId} is ranked twice`);
    seen.add(entry.negotiationId);
    const negotiation = await ownNegotiation(ctx, quote, entry.negotiationId, `${field}.negotiationId`);
    if (negotiation.supplierId !== entry.supplierId) {
      fail(`${field}.supplierId "${entry.supplierId}" is not the supplier of negotiation ${entry.negotiationId}`);
    }
    inRange(`${field}.score`, entry.score, 0, 1);
    inRange(`${field}.totalPrice`, entry.totalPrice, 0, Number.MAX_SAFE_INTEGER);
    inRange(`${field}.leadTimeDays`, entry.leadTimeDays, 0, Number.MAX_SAFE_INTEGER);
    for (const [criterion, value] of Object.entries(entry.criteria ?? {})) {
      inRange(`${field}.criteria.${criterion}`, value, 0, 1);
    }
  }
  if (recommendedNegotiationId !== undefined) {
    const field = "recommendation.recommendedNegotiationId";
    const recommended = await ownNegotiation(ctx, quote, recommendedNegotiationId, field);
    if (recommended.supplierId !== recommendedSupplierId) {
      fail(`recommendation.recommendedSupplierId "${recommendedSupplierId}" is not the supplier of ${field}`);
    }
  }
  if (recommendedSupplierId !== null && !ranking.some((entry) => entry.supplierId === recommendedSupplierId)) {
    fail(`recommendation.recommendedSupplierId "${recommendedSupplierId}" is not in the ranking`);
  }
}

/** Equal in content, whatever order the keys were stored in. */
export function sameRecommendation(a: Recommendation, b: Recommendation): boolean {
  return canonical(a) === canonical(b);
}

async function ownNegotiation(
  ctx: MutationCtx,
  quote: Doc<"quotes">,
  negotiationId: Id<"negotiations">,
  field: string,
): Promise<Doc<"negotiations">> {
  const negotiation = await ctx.db.get("negotiations", negotiationId);
  if (!negotiation || negotiation.quoteId !== quote._id) {
    fail(`${field} ${negotiationId} is not a negotiation of quote ${quote._id}`);
  }
  return negotiation;
}

function inRange(field: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    fail(`${field} must be a finite number from ${min} to ${max} (got ${value})`);
  }
}

function fail(message: string): never {
  throw new ConvexError(message);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
