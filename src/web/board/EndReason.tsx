import type { Doc } from "../../server/_generated/dataModel";
import { useQuoteProducts } from "../quotes/quote-products";
import { capitalise, inPlainWords } from "../ui/plain-words";
import { dateAndTime } from "../ui/relative-date";

/**
 * Why a negotiation ended, in words. A negotiation's own reason ("the supplier walked away") is
 * shown as it is; a failure's technical message is kept behind "Details for support".
 */
export function EndReason({ negotiation }: { negotiation: Doc<"negotiations"> }) {
  const products = useQuoteProducts();
  if (!negotiation.error) return null;
  const noReply = noReplyReason(negotiation.error);
  if (noReply) return <span data-testid="reason">{noReply}</span>;
  if (negotiation.status !== "failed") {
    return <span data-testid="reason">{capitalise(inPlainWords(negotiation.error, products))}.</span>;
  }
  return (
    <span data-testid="reason">
      The negotiation service could not finish this negotiation.{" "}
      <details>
        <summary>Details for support</summary>
        <code className="small">{negotiation.error}</code>
      </details>
    </span>
  );
}

/**
 * A supplier answering in person who let their time to reply run out. The service writes the
 * deadline as an ISO timestamp ("no reply: Porto Knitworks did not answer by 2026-12-06T10:00:00.000Z");
 * you read it in your own time zone.
 */
export function noReplyReason(error: string): string | undefined {
  const match = error.match(/^no reply: (.+) did not answer by (\S+)$/);
  if (!match) return undefined;
  const deadline = Date.parse(match[2]!);
  const by = Number.isNaN(deadline) ? match[2]! : dateAndTime(deadline);
  return `No reply: ${match[1]!} did not answer by ${by}, so your negotiator stopped waiting.`;
}
