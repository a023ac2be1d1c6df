import type { Doc } from "../../server/_generated/dataModel";

/** How a status looks: a word the buyer would use and the colour family it is shown in. */
export interface StatusLook {
  label: string;
  tone: "neutral" | "progress" | "success" | "warning" | "danger";
}

const NEGOTIATION: Record<Doc<"negotiations">["status"], StatusLook> = {
  pending: { label: "Waiting to start", tone: "neutral" },
  active: { label: "Negotiating", tone: "progress" },
  // A supplier answering in person has the word: your negotiator waits for their reply.
  waiting: { label: "Waiting for reply", tone: "progress" },
  completed: { label: "Deal agreed", tone: "success" },
  impasse: { label: "No deal", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  awarded: { label: "Awarded", tone: "success" },
  declined: { label: "Declined", tone: "neutral" },
};

export function negotiationLook(status: Doc<"negotiations">["status"]): StatusLook {
  return NEGOTIATION[status];
}

/**
 * A quote's outcome, which its status alone does not tell: "completed" may end with no deal, or with
 * deals waiting for the buyer's decision, awarded, all declined, or left until they expired.
 */
export type QuoteOutcome =
  | "starting"
  | "negotiating"
  | "recommended"
  | "no-deal"
  | "awarded"
  | "declined"
  | "expired"
  | "failed"
  | "cancelled";

export interface OutcomeFacts {
  status: Doc<"quotes">["status"];
  /** Whether the run recommended a deal (there is something to decide). */
  hasDeal: boolean;
  decision?: "award" | "decline" | undefined;
  /** Until when the latest deal holds; past it, an undecided quote has expired. */
  offersValidUntil?: number | undefined;
}

export function outcomeOf(facts: OutcomeFacts, now: number): QuoteOutcome {
  switch (facts.status) {
    case "pending":
    case "starting":
      return "starting";
    case "negotiating":
      return "negotiating";
    case "completed":
      if (facts.decision !== undefined) return facts.decision === "award" ? "awarded" : "declined";
      if (!facts.hasDeal) return "no-deal";
      return facts.offersValidUntil !== undefined && facts.offersValidUntil < now ? "expired" : "recommended";
    default:
      return facts.status;
  }
}

/** The board's quote: its deals' validity read from its negotiations. */
export function quoteOutcome(
  quote: Pick<Doc<"quotes">, "status" | "recommendation" | "decision">,
  offersValidUntil?: number,
  now: number = Date.now(),
): QuoteOutcome {
  return outcomeOf(
    {
      status: quote.status,
      hasDeal: Boolean(quote.recommendation?.recommendedSupplierId),
      decision: quote.decision?.kind,
      offersValidUntil,
    },
    now,
  );
}

const QUOTE: Record<QuoteOutcome, StatusLook> = {
  starting: { label: "Starting", tone: "progress" },
  negotiating: { label: "Negotiating", tone: "progress" },
  recommended: { label: "Waiting for your decision", tone: "success" },
  "no-deal": { label: "No deal", tone: "warning" },
  awarded: { label: "Awarded", tone: "success" },
  declined: { label: "All offers declined", tone: "neutral" },
  expired: { label: "Offers expired", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function quoteLook(outcome: QuoteOutcome): StatusLook {
  return QUOTE[outcome];
}
