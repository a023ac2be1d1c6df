import { offerExpiresAt } from "../../domain/decision";
import type { Doc } from "../../server/_generated/dataModel";

export type Deal = Doc<"negotiations"> & { finalOffer: NonNullable<Doc<"negotiations">["finalOffer"]> };

/** The deals the buyer may decide on: negotiations that ended in agreed terms (or already decided). */
export function dealsOf(negotiations: readonly Doc<"negotiations">[]): Deal[] {
  return negotiations.filter(
    (n): n is Deal => ["completed", "awarded", "declined"].includes(n.status) && n.finalOffer !== undefined,
  );
}

/** Until when a deal holds: its validity from the moment it was agreed. */
export function validUntil(deal: Deal): number {
  return offerExpiresAt(deal.agreedAt ?? deal.updatedAt, deal.finalOffer.validityDays);
}

/** Until when the latest deal holds; undefined without any deal. */
export function latestValidity(negotiations: readonly Doc<"negotiations">[]): number | undefined {
  const until = dealsOf(negotiations).map(validUntil);
  return until.length === 0 ? undefined : Math.max(...until);
}
