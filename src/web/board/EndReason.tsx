import type { Doc } from "../../server/_generated/dataModel";
import { useQuoteProducts } from "../quotes/quote-products";
import { capitalise, inPlainWords } from "../ui/plain-words";
import { noReplyReason } from "./no-reply";

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
