import type { Doc } from "../../server/_generated/dataModel";
import { MessageBubble } from "./MessageBubble";

const SENDER_LABEL = { brand: "Your negotiator", supplier: "Supplier", user: "You" } as const;
/** What a turn did, in words; anything else is shown with its dashes as spaces. */
const DECISION: Record<string, string> = {
  counter: "counter-offer",
  offer: "offer",
  accept: "accepts",
  reject: "walks away",
  "walk-away": "walks away",
};

/** One message of a negotiation on your board, in your words. */
export function MessageView({ message, arrivedLive = false }: { message: Doc<"messages">; arrivedLive?: boolean }) {
  const decision = message.metadata?.decision;
  return (
    <MessageBubble
      message={{ ...message, id: message._id, interrupted: message.metadata?.interrupted === true }}
      who={SENDER_LABEL[message.sender]}
      move={decision && (DECISION[decision] ?? decision.replace(/-/g, " "))}
      arrivedLive={arrivedLive}
    />
  );
}
