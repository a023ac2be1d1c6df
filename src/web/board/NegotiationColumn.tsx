import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { columnAnchor } from "./BoardSummary";
import { MessageView } from "./MessageView";
import { OfferCard } from "./OfferCard";
import { StatusBadge } from "./StatusBadge";
import { useStickToBottom } from "./use-stick-to-bottom";

/** One supplier's negotiation: status, round, latest offer, and the conversation as it happens. */
export function NegotiationColumn({
  negotiation,
  maxRounds,
  recommended,
}: {
  negotiation: Doc<"negotiations">;
  maxRounds: number;
  recommended: boolean;
}) {
  const messages = useQuery(api.negotiations.listMessages, { negotiationId: negotiation._id });
  const offer = negotiation.finalOffer ?? negotiation.latestOffer;
  const conversation = useStickToBottom<HTMLOListElement>();
  return (
    <article
      id={columnAnchor(negotiation._id)}
      className={`column${recommended ? " recommended" : ""}`}
      data-testid="negotiation"
      data-supplier={negotiation.supplierId}
    >
      <header>
        <h2 title={negotiation.supplierName}>{negotiation.supplierName}</h2>
        <StatusBadge status={negotiation.status} />
      </header>
      <p className="muted round" data-testid="round">
        round {Math.min(negotiation.roundCount, maxRounds)} / {maxRounds}
        {recommended && <strong className="pick"> · recommended</strong>}
      </p>
      {negotiation.error && <p className="error-box">{negotiation.error}</p>}
      {offer && <OfferCard terms={offer} final={negotiation.finalOffer !== undefined} />}
      <ol className="conversation" data-testid="conversation" ref={conversation}>
        {messages === undefined ? (
          <li className="muted">Loading…</li>
        ) : messages.length === 0 ? (
          <li className="muted">Waiting for the first message…</li>
        ) : (
          messages.map((message) => <MessageView key={message._id} message={message} />)
        )}
      </ol>
    </article>
  );
}
