import type { Doc } from "../../server/_generated/dataModel";
import { useSmoothText } from "./use-smooth-text";

const SENDER_LABEL = { brand: "Your negotiator", supplier: "Supplier", user: "You" } as const;
/** What a turn did, in words; anything else is shown with its dashes as spaces. */
const DECISION: Record<string, string> = {
  counter: "counter-offer",
  offer: "offer",
  accept: "accepts",
  reject: "walks away",
  "walk-away": "walks away",
};

/** One message; while it is being written its text grows with a caret, and a cut-off one says so. */
export function MessageView({ message, arrivedLive = false }: { message: Doc<"messages">; arrivedLive?: boolean }) {
  const text = useSmoothText(message.content, message.isPartial, arrivedLive, message._id);
  const interrupted = message.metadata?.interrupted === true;
  const decision = message.metadata?.decision;
  return (
    <li
      className={`message from-${message.sender}${message.isPartial ? " writing" : ""}`}
      data-testid="message"
      data-sequence={message.sequence}
      data-partial={message.isPartial ? "true" : "false"}
    >
      <div className="message-meta">
        <span>{SENDER_LABEL[message.sender]}</span>
        {decision && <span className="decision">· {DECISION[decision] ?? decision.replace(/-/g, " ")}</span>}
        {message.isPartial && <span className="writing-label">writing…</span>}
      </div>
      <p className="message-text">
        <span data-testid="message-text">{text}</span>
        {message.isPartial && <span className="caret" aria-hidden="true" />}
      </p>
      {interrupted && (
        <p className="interrupted" data-testid="interrupted">
          Interrupted — this message was cut off.
        </p>
      )}
    </li>
  );
}
