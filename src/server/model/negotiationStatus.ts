import type { NegotiationStatus, QuoteStatus } from "./validators";

/**
 * Which statuses are final. Writes from the workflow server can be retried or arrive late, so a
 * final status must never be replaced by an earlier one ("active" after "completed", say).
 */

const TERMINAL_NEGOTIATION_STATUSES: ReadonlySet<NegotiationStatus> = new Set([
  "completed",
  "impasse",
  "failed",
  "cancelled",
  "awarded",
  "declined",
]);
const TERMINAL_QUOTE_STATUSES: ReadonlySet<QuoteStatus> = new Set(["completed", "failed", "cancelled"]);

export function isTerminalNegotiationStatus(status: NegotiationStatus): boolean {
  return TERMINAL_NEGOTIATION_STATUSES.has(status);
}

export function isTerminalQuoteStatus(status: QuoteStatus): boolean {
  return TERMINAL_QUOTE_STATUSES.has(status);
}

/**
 * The status a negotiation should have after a write asks for `requested`. Statuses only move
 * forward (pending → active → final), and the first final status wins: a late "active", or a
 * different final status (a "failed" from the run aborted after the buyer cancelled), leaves the
 * negotiation as it is. "waiting" (for a supplier answering in person) and "active" alternate.
 */
export function resolveNegotiationStatus(current: NegotiationStatus, requested: NegotiationStatus): NegotiationStatus {
  if (isTerminalNegotiationStatus(current)) return current;
  if (current !== "pending" && requested === "pending") return current;
  return requested;
}

/** What the buyer's decision makes of a deal; only the decision sets them (quotes.decide). */
export function isDecidedNegotiationStatus(status: NegotiationStatus): status is "awarded" | "declined" {
  return status === "awarded" || status === "declined";
}
