import type { Doc } from "../../server/_generated/dataModel";
import { dateAndTime } from "../ui/relative-date";

/** While your negotiator waits for a supplier answering in person: who it waits for, and until when. */
export function WaitingNotice({ negotiation }: { negotiation: Doc<"negotiations"> }) {
  if (negotiation.status !== "waiting") return null;
  return (
    <p className="waiting-box" role="status" data-testid="waiting">
      Waiting for {negotiation.supplierName}
      {negotiation.replyBy === undefined ? "" : ` (replies by ${dateAndTime(negotiation.replyBy)})`}
    </p>
  );
}
