import { dateAndTime, relativeDate } from "../ui/relative-date";
import { useNow } from "../ui/use-now";
import type { SupplierView } from "./supplier-view";

/**
 * Where the negotiation stands, from the supplier's side, in one line that screen readers hear as
 * it changes: whose turn it is and until when, or how it ended.
 */
export function StageNotice({ view }: { view: SupplierView }) {
  const now = useNow(30_000);
  return (
    <p className={`stage-notice stage-${view.stage}`} role="status" data-testid="stage" data-stage={view.stage}>
      {stageWords(view, now)}
    </p>
  );
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
      return "Deal agreed.";
    case "ended":
      return "This negotiation has ended.";
  }
}
