import type { Doc } from "../../server/_generated/dataModel";
import { EndReason } from "./EndReason";
import { MessageView } from "./MessageView";
import { useStickToBottom } from "./use-stick-to-bottom";
import { useArrivedLive } from "./use-arrived-live";

/** Why a negotiation with no message at all ended, when it says nothing itself. */
const ENDED_SILENTLY: Record<string, string> = {
  completed: "Agreed without a word.",
  impasse: "Ended before the first message.",
  failed: "Failed before the first message.",
  cancelled: "Cancelled before the first message.",
};

/**
 * The messages, scrollable and reachable by keyboard. A screen reader hears each finished message
 * announced once; while the text streams, nothing is read out.
 */
export function Conversation({
  negotiation,
  messages,
  ended,
}: {
  negotiation: Doc<"negotiations">;
  messages: Doc<"messages">[] | undefined;
  ended: boolean;
}) {
  const conversation = useStickToBottom<HTMLOListElement>();
  const arrivedLive = useArrivedLive(messages?.map((m) => m._id));
  if (messages !== undefined && messages.length === 0 && ended) {
    return (
      <div className="ended-early" data-testid="ended-early">
        <strong>{ENDED_SILENTLY[negotiation.status]}</strong> <EndReason negotiation={negotiation} />
      </div>
    );
  }
  const last = messages?.filter((m) => !m.isPartial).at(-1);
  return (
    <>
      <h3 className="conversation-title">
        Conversation
        {messages && messages.length > 0 ? ` · ${messages.length} message${messages.length === 1 ? "" : "s"}` : ""}
      </h3>
      <ol
        className="conversation"
        data-testid="conversation"
        ref={conversation}
        tabIndex={0}
        aria-label={`Conversation with ${negotiation.supplierName}`}
      >
        {messages === undefined ? (
          <li className="muted">Loading…</li>
        ) : messages.length === 0 ? (
          <li className="muted">Waiting for the first message…</li>
        ) : (
          messages.map((message) => (
            <MessageView key={message._id} message={message} arrivedLive={arrivedLive(message._id)} />
          ))
        )}
      </ol>
      <p className="sr-only" aria-live="polite">
        {last
          ? `${negotiation.supplierName}: new message from ${last.sender === "brand" ? "your negotiator" : "the supplier"}`
          : ""}
      </p>
    </>
  );
}
