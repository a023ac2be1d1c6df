import { z } from "zod";
import { supplierIdSchema } from "./suppliers";

/**
 * The buyer's decision on a quote's deals, as the run is told it (Convex, Studio or the terminal demo
 * resume the waiting run with it): award one supplier's agreed deal, or decline them all. Who decided,
 * when and why stays with the quote (Convex keeps the audit trail); the run needs only what it says
 * to each supplier.
 */
export const decisionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("award"), supplierId: supplierIdSchema }),
  z.object({ decision: z.literal("decline") }),
]);
export type Decision = z.infer<typeof decisionSchema>;

/**
 * The brand's closing words after the buyer's decision, phrased like any decided move and kept as
 * the message's decision: the winner's order confirmation, and the decline every other supplier
 * with a deal gets.
 */
export const CONFIRM_ORDER = "confirm-order";
export const DECLINE_ORDER = "decline-order";

/** A closing message: it carries the agreed terms again, but is no new offer or round. */
export function isClosingMove(decision: string | undefined): boolean {
  return decision === CONFIRM_ORDER || decision === DECLINE_ORDER;
}

/** How the buyer's reason for not taking the recommended deal is bounded. */
export const MAX_DECISION_REASON_LENGTH = 500;

export const decisionReasonSchema = z
  .string({ error: "reason must be text" })
  .trim()
  .max(MAX_DECISION_REASON_LENGTH, `reason must be at most ${MAX_DECISION_REASON_LENGTH} characters`);

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an agreed deal stops holding: its validity counted from the moment it was agreed. */
export function offerExpiresAt(agreedAt: number, validityDays: number): number {
  return agreedAt + validityDays * DAY_MS;
}

/** The delivery date an award implies: the lead time counted from the day of the order. */
export function deliveryDate(orderedAt: number, leadTimeDays: number): number {
  return orderedAt + leadTimeDays * DAY_MS;
}
