import { useQuery } from "convex/react";
import { formatMoney } from "../../domain/money";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { firstSupplierOffer } from "../board/offer-history";
import { offerTotal } from "../board/offer-total";
import { marketTotal } from "../quotes/products-title";
import { describePaymentTerms } from "../ui/plain-words";
import { Saving } from "../ui/Saving";
import { reasonsItWon } from "./why-it-won";

type Recommendation = NonNullable<Doc<"quotes">["recommendation"]>;

/** The recommended deal as facts: total, savings, delivery, terms, and why it won. */
export function RecommendedDeal({
  quote,
  recommendation,
  negotiation,
}: {
  quote: Doc<"quotes">;
  recommendation: Recommendation;
  negotiation: Doc<"negotiations">;
}) {
  const messages = useQuery(api.negotiations.listMessages, { negotiationId: negotiation._id });
  const first = messages ? firstSupplierOffer(messages) : undefined;
  const deal = recommendation.ranking.find((r) => r.supplierId === negotiation.supplierId);
  if (!deal) return null;
  const reasons = reasonsItWon(recommendation.ranking, deal.supplierId, quote.priorities);
  return (
    <>
      <div>
        <h2 id="result-title">We recommend {deal.supplierName}</h2>
        <p className="muted small">Nothing is ordered until you award a deal.</p>
      </div>
      <dl className="facts" data-testid="facts">
        <div>
          <dt>Total</dt>
          <dd data-testid="fact-total">{formatMoney(deal.totalPrice)}</dd>
        </div>
        <div>
          <dt>Saving against the first offer</dt>
          <dd data-testid="fact-saving-first">
            {first ? (
              <Saving total={deal.totalPrice} reference={offerTotal(first)} against={formatMoney(offerTotal(first))} />
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Saving against market price</dt>
          <dd data-testid="fact-saving-market">
            <Saving
              total={deal.totalPrice}
              reference={marketTotal(quote.products)}
              against={formatMoney(marketTotal(quote.products))}
            />
          </dd>
        </div>
        <div>
          <dt>Delivery</dt>
          <dd>{deal.leadTimeDays} days</dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>{describePaymentTerms(deal.paymentTerms)}</dd>
        </div>
        {negotiation.finalOffer && (
          <div>
            <dt>Offer valid for</dt>
            <dd>{negotiation.finalOffer.validityDays} days</dd>
          </div>
        )}
      </dl>
      <div>
        <h3>Why this deal</h3>
        <ul className="reasons" data-testid="reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </div>
    </>
  );
}
