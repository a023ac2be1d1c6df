import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { ProgressBar } from "../ui/ProgressBar";
import { StatusBadge } from "../ui/StatusBadge";
import { negotiationLook } from "../ui/status";
import { columnAnchor } from "./BoardSummary";
import { Conversation } from "./Conversation";
import { EndReason } from "./EndReason";
import { limitTotal, offerHistory } from "./offer-history";
import { OfferCard } from "./OfferCard";
import { OfferChart } from "./OfferChart";
import { SupplierLinkPanel } from "./SupplierLinkPanel";
import { WaitingNotice } from "./WaitingNotice";

const ENDED = ["completed", "impasse", "failed", "cancelled", "awarded", "declined"];
const AGREED = ["completed", "awarded", "declined"];

/**
 * One supplier's negotiation: status, progress, latest offer, the offers as a chart, the conversation;
 * for a supplier answering in person, also whom your negotiator waits for and their private link.
 */
export function NegotiationColumn({
  negotiation,
  quote,
  recommended,
}: {
  negotiation: Doc<"negotiations">;
  quote: Doc<"quotes">;
  recommended: boolean;
}) {
  const messages = useQuery(api.negotiations.listMessages, { negotiationId: negotiation._id });
  const offer = negotiation.finalOffer ?? negotiation.latestOffer;
  const look = negotiationLook(negotiation.status);
  const ended = ENDED.includes(negotiation.status);
  // A negotiation that ended before anyone spoke never played its first round.
  const round = ended && messages?.length === 0 ? 0 : Math.min(negotiation.roundCount, quote.maxRounds);
  return (
    <article
      id={columnAnchor(negotiation._id)}
      tabIndex={-1}
      className={`column${recommended ? " recommended" : ""}`}
      data-testid="negotiation"
      data-supplier={negotiation.supplierId}
      aria-labelledby={`${columnAnchor(negotiation._id)}-name`}
    >
      <header>
        <h2 id={`${columnAnchor(negotiation._id)}-name`} title={negotiation.supplierName}>
          {negotiation.supplierName}
        </h2>
        <StatusBadge status={negotiation.status} look={look} />
      </header>
      {recommended && <p className="pick">Recommended deal</p>}
      <ProgressBar
        value={round}
        max={quote.maxRounds}
        label={progressLabel(negotiation.status, round, quote.maxRounds)}
      />
      <WaitingNotice negotiation={negotiation} />
      {negotiation.error && messages !== undefined && messages.length > 0 && (
        <div className={negotiation.status === "failed" ? "error-box" : "note-box"}>
          <EndReason negotiation={negotiation} />
        </div>
      )}
      {negotiation.supplierLink && <SupplierLinkPanel negotiation={negotiation} />}
      {offer && <OfferCard terms={offer} final={negotiation.finalOffer !== undefined} />}
      {messages && <OfferChart points={offerHistory(messages)} limit={limitTotal(quote.products)} />}
      <Conversation negotiation={negotiation} messages={messages} ended={ended} />
    </article>
  );
}

function progressLabel(status: Doc<"negotiations">["status"], round: number, max: number): string {
  if (status === "pending") return `Not started (up to ${max} rounds)`;
  if (status === "active" || status === "waiting") return `Round ${Math.max(round, 1)} of ${max}`;
  if (round === 0) return `Ended before the first round (up to ${max})`;
  return `${AGREED.includes(status) ? "Agreed" : "Ended"} in round ${round} of ${max}`;
}
