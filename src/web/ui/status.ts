import type { Doc } from "../../server/_generated/dataModel";

/** How a status looks: a word the buyer would use and the colour family it is shown in. */
export interface StatusLook {
  label: string;
  tone: "neutral" | "progress" | "success" | "warning" | "danger";
}

const NEGOTIATION: Record<Doc<"negotiations">["status"], StatusLook> = {
  pending: { label: "Waiting to start", tone: "neutral" },
  active: { label: "Negotiating", tone: "progress" },
  completed: { label: "Deal agreed", tone: "success" },
  impasse: { label: "No deal", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function negotiationLook(status: Doc<"negotiations">["status"]): StatusLook {
  return NEGOTIATION[status];
}

/** A quote's outcome, which its status alone does not tell: "completed" may end with no deal. */
export type QuoteOutcome = "starting" | "negotiating" | "recommended" | "no-deal" | "failed" | "cancelled";

export function quoteOutcome(quote: Pick<Doc<"quotes">, "status" | "recommendation">): QuoteOutcome {
  switch (quote.status) {
    case "pending":
    case "starting":
      return "starting";
    case "negotiating":
      return "negotiating";
    case "completed":
      return quote.recommendation?.recommendedSupplierId ? "recommended" : "no-deal";
    default:
      return quote.status;
  }
}

const QUOTE: Record<QuoteOutcome, StatusLook> = {
  starting: { label: "Starting", tone: "progress" },
  negotiating: { label: "Negotiating", tone: "progress" },
  recommended: { label: "Recommendation ready", tone: "success" },
  "no-deal": { label: "No deal", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export function quoteLook(outcome: QuoteOutcome): StatusLook {
  return QUOTE[outcome];
}
