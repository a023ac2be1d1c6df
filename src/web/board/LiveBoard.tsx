import { useMutation, useQuery } from "convex/react";
import { getProduct, type ProductId } from "../../mastra/domain/products";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { BoardSummary } from "./BoardSummary";
import { NegotiationColumn } from "./NegotiationColumn";
import { ReconnectingNotice } from "./ReconnectingNotice";
import { Recommendation } from "./Recommendation";
import { StatusBadge } from "./StatusBadge";

const OPEN_QUOTE = ["pending", "starting", "negotiating"];
const OPEN_NEGOTIATION = ["pending", "active"];

/** One quote, live: a column per supplier, the result when it is in. */
export function LiveBoard({ quoteId }: { quoteId: Id<"quotes"> }) {
  const quote = useQuery(api.quotes.get, { quoteId });
  const negotiations = useQuery(api.negotiations.listByQuote, { quoteId });
  // Optimistic: the page shows "cancelled" at once; Convex confirms (or rolls back) moments later.
  const cancel = useMutation(api.quotes.cancel).withOptimisticUpdate((store, { quoteId }) => {
    const current = store.getQuery(api.quotes.get, { quoteId });
    if (current) store.setQuery(api.quotes.get, { quoteId }, { ...current, status: "cancelled" });
    const columns = store.getQuery(api.negotiations.listByQuote, { quoteId });
    if (columns) {
      store.setQuery(
        api.negotiations.listByQuote,
        { quoteId },
        columns.map((n) => (OPEN_NEGOTIATION.includes(n.status) ? { ...n, status: "cancelled" as const } : n)),
      );
    }
  });

  if (quote === undefined || negotiations === undefined) return <p className="muted">Loading…</p>;
  if (quote === null) return <p data-testid="quote-missing">This quote does not exist, or it is not yours.</p>;

  const bySupplier = new Map(negotiations.map((n) => [n.supplierId, n]));
  const ordered = quote.supplierIds.flatMap((id) => bySupplier.get(id) ?? []);
  return (
    <section className="board" data-testid="board" data-quote-status={quote.status}>
      <div className="section-head">
        <div>
          <h1>
            {quote.products
              .map(
                (line) => `${line.quantity.toLocaleString("en-US")} × ${getProduct(line.productId as ProductId).name}`,
              )
              .join(" + ")}
          </h1>
          <p className="muted">
            Up to {quote.maxRounds} rounds with{" "}
            {ordered.length === 1 ? "the supplier" : `each of ${ordered.length} suppliers`}
            {ordered.length > 4 ? " (scroll sideways for more)" : ""}
            {quote.maxLeadTimeDays ? `, delivery within ${quote.maxLeadTimeDays} days` : ""}.
          </p>
        </div>
        <div className="head-actions">
          <StatusBadge status={quote.status} />
          {OPEN_QUOTE.includes(quote.status) && (
            <button type="button" className="danger" onClick={() => void cancel({ quoteId })}>
              Cancel
            </button>
          )}
        </div>
      </div>
      <ReconnectingNotice reconnecting={quote.reconnecting} />
      {quote.error && <p className="error-box">{quote.error}</p>}
      {quote.recommendation && <Recommendation recommendation={quote.recommendation} priorities={quote.priorities} />}
      <BoardSummary negotiations={ordered} />
      <div className="columns">
        {ordered.map((negotiation) => (
          <NegotiationColumn
            key={negotiation._id}
            negotiation={negotiation}
            maxRounds={quote.maxRounds}
            recommended={quote.recommendation?.recommendedSupplierId === negotiation.supplierId}
          />
        ))}
      </div>
    </section>
  );
}
