import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { formatMoney } from "../../domain/money";
import { api } from "../../server/_generated/api";
import { relativeDate } from "../ui/relative-date";
import { useNow } from "../ui/use-now";
import { Saving } from "../ui/Saving";
import { StatusBadge } from "../ui/StatusBadge";
import { outcomeOf, quoteLook } from "../ui/status";
import { SpendSummary } from "./SpendSummary";
import { productsTitle } from "./products-title";

type Overview = FunctionReturnType<typeof api.quoteOverview.listMine>[number];

/** Your quotes, newest first: where each stands, who is recommended, the total and the saving. */
export function QuoteList() {
  const quotes = useQuery(api.quoteOverview.listMine, {});
  const now = useNow(30_000);
  if (quotes === undefined) return <p className="muted">Loading your quotes…</p>;
  return (
    <section aria-labelledby="my-quotes">
      <div className="section-head">
        <h1 id="my-quotes">My quotes</h1>
        <a className="button primary" href="#/new">
          New quote
        </a>
      </div>
      {quotes.length === 0 ? (
        <p className="muted" data-testid="no-quotes">
          No quotes yet. Request one and watch your negotiator at work, live.
        </p>
      ) : (
        <>
          <SpendSummary quotes={quotes} />
          <ul className="quote-list" data-testid="quote-list">
            {quotes.map((quote) => (
              <QuoteRow key={quote._id} quote={quote} now={now} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function QuoteRow({ quote, now }: { quote: Overview; now: number }) {
  const outcome = outcomeOf(
    {
      status: quote.status,
      hasDeal: quote.recommended !== null,
      decision: quote.decision,
      offersValidUntil: quote.offersValidUntil,
    },
    now,
  );
  const winner = quote.awarded ? undefined : quote.recommended;
  const awarded = quote.awarded;
  return (
    <li className="card quote-row" data-testid="quote-row">
      <div>
        <a href={`#/quotes/${quote._id}`} data-testid="quote-link">
          {productsTitle(quote.products)}
        </a>
        <p className="quote-facts">
          <span>
            <time dateTime={new Date(quote.createdAt).toISOString()}>{relativeDate(quote.createdAt, now)}</time>
          </span>
          <span>
            {quote.supplierCount} supplier{quote.supplierCount === 1 ? "" : "s"}
          </span>
          {winner && (
            <span data-testid="quote-winner">
              Recommended: <strong>{winner.supplierName}</strong>, <strong>{formatMoney(winner.totalPrice)}</strong>
            </span>
          )}
          {winner?.firstOfferTotal !== undefined && (
            <span data-testid="quote-saving">
              <Saving total={winner.totalPrice} reference={winner.firstOfferTotal} against="the first offer" />
            </span>
          )}
          {awarded && (
            <span data-testid="quote-awarded">
              Awarded: <strong>{awarded.supplierName}</strong>, <strong>{formatMoney(awarded.total)}</strong>
            </span>
          )}
          {awarded?.firstOfferTotal !== undefined && (
            <span data-testid="quote-saving">
              <Saving total={awarded.total} reference={awarded.firstOfferTotal} against="the first offer" />
            </span>
          )}
          {quote.noDeal && <span>No supplier agreed within your limits</span>}
        </p>
      </div>
      <StatusBadge status={quote.status} look={quoteLook(outcome)} />
    </li>
  );
}
