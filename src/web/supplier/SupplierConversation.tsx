import { MessageBubble } from "../board/MessageBubble";
import { useArrivedLive } from "../board/use-arrived-live";
import { formatMoney } from "../../domain/money";
import { totalPrice } from "../../domain/offer";
import { TermsLine } from "./TermsSummary";
import { movePutsTerms, moveWords } from "./supplier-words";
import type { RequestedProduct, SupplierView, Terms } from "./supplier-view";

/**
 * The conversation so far, as the board shows it (the other side's latest message types itself out
 * as it streams), in the supplier's words: the other side by name, the supplier as "You". Each move
 * with terms says them under its text, so nobody has to read the numbers out of the prose.
 */
export function SupplierConversation({ view, linkKey }: { view: SupplierView; linkKey: string }) {
  const idOf = (sequence: number) => `${linkKey}#${sequence}`;
  const arrivedLive = useArrivedLive(view.messages.map((m) => idOf(m.sequence)));
  const last = view.messages.filter((m) => !m.isPartial).at(-1);
  return (
    <section className="card supplier-conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation</h2>
      {view.messages.length === 0 ? (
        <p className="muted">No message yet.</p>
      ) : (
        <ol className="conversation" data-testid="conversation" aria-label={`Conversation with ${view.buyerName}`}>
          {view.messages.map((message) => (
            <MessageBubble
              key={message.sequence}
              message={{ ...message, id: idOf(message.sequence) }}
              who={message.sender === "brand" ? view.buyerName : "You"}
              move={moveWords(message.sender, message.decision)}
              arrivedLive={arrivedLive(idOf(message.sequence))}
            >
              {message.terms && movePutsTerms(message.decision) && (
                <MessageTerms terms={message.terms} products={view.products} />
              )}
            </MessageBubble>
          ))}
        </ol>
      )}
      <p className="sr-only" aria-live="polite">
        {last ? `New message from ${last.sender === "brand" ? view.buyerName : "you"}` : ""}
      </p>
    </section>
  );
}

/** A message's terms in two short lines: the total with each unit price, then delivery, payment, validity. */
function MessageTerms({ terms, products }: { terms: Terms; products: readonly RequestedProduct[] }) {
  const prices = terms.lines.map((line) => {
    const name = products.find((p) => p.productId === line.productId)?.name ?? line.productId;
    return `${name} ${formatMoney(line.unitPrice)}`;
  });
  return (
    <div className="message-terms" data-testid="message-terms">
      <span>
        <strong>{formatMoney(totalPrice(terms))}</strong> <span className="muted">({prices.join(", ")} each)</span>
      </span>
      <TermsLine terms={terms} />
    </div>
  );
}
