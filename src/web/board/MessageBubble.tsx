import type { ReactNode } from "react";
import { useSmoothText } from "./use-smooth-text";

/** A message as any page shows it: the board reads it from the quote, the supplier's page from their link. */
export interface ShownMessage {
  /** Stable across renders and reloads: how far its text was typed out is remembered by it. */
  id: string;
  sequence: number;
  sender: "brand" | "supplier" | "user";
  content: string;
  isPartial: boolean;
  interrupted?: boolean;
}

/**
 * One message bubble; while it is being written its text grows with a caret, and a cut-off one says
 * so. Who is speaking and what their move was are in the words of the person reading (`who`,
 * `move`): the buyer's board and the supplier's page name the same message differently.
 */
export function MessageBubble({
  message,
  who,
  move,
  arrivedLive = false,
  children,
}: {
  message: ShownMessage;
  who: string;
  move?: string | undefined;
  arrivedLive?: boolean;
  /** Shown under the text, e.g. the terms the message put on the table. */
  children?: ReactNode;
}) {
  const text = useSmoothText(message.content, message.isPartial, arrivedLive, message.id);
  return (
    <li
      className={`message from-${message.sender}${message.isPartial ? " writing" : ""}`}
      data-testid="message"
      data-sequence={message.sequence}
      data-partial={message.isPartial ? "true" : "false"}
    >
      <div className="message-meta">
        <span>{who}</span>
        {move && <span className="decision">· {move}</span>}
        {message.isPartial && <span className="writing-label">writing…</span>}
      </div>
      <p className="message-text">
        <span data-testid="message-text">{text}</span>
        {message.isPartial && <span className="caret" aria-hidden="true" />}
      </p>
      {message.interrupted && (
        <p className="interrupted" data-testid="interrupted">
          Interrupted — this message was cut off.
        </p>
      )}
      {!message.isPartial && children}
    </li>
  );
}
