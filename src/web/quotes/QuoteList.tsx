import { useQuery } from "convex/react";
import { getProduct, type ProductId } from "../../mastra/domain/products";
import { api } from "../../server/_generated/api";
import { StatusBadge } from "../board/StatusBadge";

/** The signed-in buyer's quotes, newest first; each opens its live board. */
export function QuoteList() {
  const quotes = useQuery(api.quotes.listMine, {});
  if (quotes === undefined) return <p className="muted">Loading your quotes…</p>;
  return (
    <section>
      <div className="section-head">
        <h1>My quotes</h1>
        <a className="button primary" href="#/new">
          New quote
        </a>
      </div>
      {quotes.length === 0 ? (
        <p className="muted" data-testid="no-quotes">
          No quotes yet. Request one and watch the negotiations live.
        </p>
      ) : (
        <ul className="quote-list" data-testid="quote-list">
          {quotes.map((quote) => (
            <li key={quote._id} className="card">
              <a href={`#/quotes/${quote._id}`} data-testid="quote-link">
                <strong>
                  {quote.products
                    .map(
                      (line) =>
                        `${line.quantity.toLocaleString("en-US")} × ${getProduct(line.productId as ProductId).name}`,
                    )
                    .join(", ")}
                </strong>
                <span className="muted">
                  {new Date(quote.createdAt).toLocaleString()} · {quote.supplierIds.length} suppliers
                </span>
              </a>
              <StatusBadge status={quote.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
