import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { productsTitle } from "../quotes/products-title";
import { QuoteProductsProvider } from "../quotes/quote-products";
import { dealsOf, latestValidity } from "../result/deal-validity";
import { DecisionPanel } from "../result/DecisionPanel";
import { DecisionSummary } from "../result/DecisionSummary";
import { QuoteHistory } from "../result/QuoteHistory";
import { ResultPanel } from "../result/ResultPanel";
import { useNow } from "../ui/use-now";
import { StatusBadge } from "../ui/StatusBadge";
import { quoteLook, quoteOutcome } from "../ui/status";
import { BoardSummary } from "./BoardSummary";
import { CancelQuote } from "./CancelQuote";
import { NegotiationColumn } from "./NegotiationColumn";
import { QuoteProblem } from "./QuoteProblem";
import { ReconnectingNotice } from "./ReconnectingNotice";
import { useCancelQuote } from "./use-cancel-quote";

const OPEN_QUOTE = ["pending", "starting", "negotiating"];

/** One quote, live: the result when it is in, then a column per supplier. */
export function LiveBoard({ quoteId }: { quoteId: Id<"quotes"> }) {
  const quote = useQuery(api.quotes.get, { quoteId });
  const negotiations = useQuery(api.negotiations.listByQuote, { quoteId });
  const cancel = useCancelQuote();
  const now = useNow(60_000);

  if (quote === undefined || negotiations === undefined) return <p className="muted">Loading…</p>;
  if (quote === null) return <p data-testid="quote-missing">This quote does not exist, or it is not yours.</p>;

  const bySupplier = new Map(negotiations.map((n) => [n.supplierId, n]));
  const ordered = quote.supplierIds.flatMap((id) => bySupplier.get(id) ?? []);
  const outcome = quoteOutcome(quote, latestValidity(ordered), now);
  const deals = dealsOf(ordered);
  return (
    <QuoteProductsProvider lines={quote.products}>
      <section className="board" data-testid="board" data-quote-status={quote.status} data-outcome={outcome}>
        <div className="section-head">
          <div>
            <h1>{productsTitle(quote.products)}</h1>
            <p className="muted">
              Up to {quote.maxRounds} rounds with{" "}
              {ordered.length === 1 ? "the supplier" : `each of ${ordered.length} suppliers`}
              {quote.maxLeadTimeDays
                ? `, delivery within ${quote.maxLeadTimeDays} day${quote.maxLeadTimeDays === 1 ? "" : "s"}`
                : ""}
              .{ordered.length > 4 ? " Scroll the row of conversations sideways to see them all." : ""}
            </p>
          </div>
          <div className="head-actions">
            <span role="status" aria-label={`Quote status: ${quoteLook(outcome).label}`}>
              <StatusBadge status={quote.status} look={quoteLook(outcome)} />
            </span>
            {OPEN_QUOTE.includes(quote.status) && (
              <CancelQuote supplierCount={ordered.length} onConfirm={() => void cancel({ quoteId })} />
            )}
          </div>
        </div>
        <ReconnectingNotice reconnecting={quote.reconnecting} />
        <QuoteProblem quote={quote} />
        {quote.recommendation && (
          <ResultPanel quote={quote} recommendation={quote.recommendation} negotiations={ordered} />
        )}
        {quote.decision ? (
          <DecisionSummary quote={{ ...quote, decision: quote.decision }} />
        ) : (
          quote.status === "completed" &&
          deals.length > 0 && <DecisionPanel quote={quote} deals={deals} now={now} />
        )}
        <BoardSummary negotiations={ordered} />
        <div className="columns" data-testid="columns">
          {ordered.map((negotiation) => (
            <NegotiationColumn
              key={negotiation._id}
              negotiation={negotiation}
              quote={quote}
              recommended={quote.recommendation?.recommendedSupplierId === negotiation.supplierId}
            />
          ))}
        </div>
        <QuoteHistory quoteId={quoteId} />
      </section>
    </QuoteProductsProvider>
  );
}
