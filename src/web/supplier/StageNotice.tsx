import { dateAndTime, relativeDate } from "../ui/relative-date";
import type { SupplierView } from "./supplier-view";

/**
 * Where the negotiation stands, from the supplier's side, in one line that screen readers hear as
 * it changes: whose turn it is and until when, or how it ended.
 */
export function StageNotice({ view, now }: { view: SupplierView; now: number }) {
  return (
    <p className={`stage-notice stage-${view.stage}`} role="status" data-testid="stage" data-stage={view.stage}>
      {stageWords(view, now)}
    </p>
  );
}

function endedWords(view: SupplierView): string {
  switch (view.endedBecause) {
    case "no-reply":
      return "This negotiation has ended: the time to reply ran out.";
    case "you-declined":
      return "This negotiation has ended: you declined.";
    case "no-agreement":
      return `This negotiation has ended: you and ${view.buyerName} did not agree on terms.`;
    default:
      return `This negotiation has ended without a deal: ${view.buyerName} closed it.`;
  }
}

function stageWords(view: SupplierView, now: number): string {
  switch (view.stage) {
    case "not-started":
      return `${view.buyerName} writes first. Their message appears here as it is written; this page updates by itself.`;
    case "your-turn":
      if (view.replyBy === undefined) return "Your turn: reply below.";
      if (view.replyBy <= now) return "The time to reply has run out.";
      return `Your turn: reply by ${dateAndTime(view.replyBy)} (${relativeDate(view.replyBy, now)}).`;
    case "their-turn":
      return `${view.buyerName} is replying…`;
    case "agreed":
      return `Deal agreed with ${view.buyerName}.`;
    case "ended":
      return endedWords(view);
  }
}
