import { formatMoney } from "../../domain/money";
import { savingsOf, type Saving } from "../../domain/savings";
import type { Doc } from "../../server/_generated/dataModel";
import { calendarDate, dateAndTime } from "../ui/relative-date";

type Decided = Doc<"quotes"> & { decision: NonNullable<Doc<"quotes">["decision"]> };

const AGAINST: Record<Saving["against"], string> = {
  firstOffer: "Against the supplier's first offer",
  listPrice: "Against the supplier's list prices",
  limit: "Against your price limit",
};

/** What the buyer decided, the order it issued and what it saved; and whether the suppliers were told. */
export function DecisionSummary({ quote }: { quote: Decided }) {
  const { decision, purchaseOrder: order } = quote;
  return (
    <section className="card decided" data-testid="decided" aria-labelledby="decided-title">
      <h2 id="decided-title">
        {decision.kind === "award"
          ? `You awarded the order to ${decision.supplierName ?? "a supplier"}`
          : "You declined every offer"}
      </h2>
      <p className="muted small">
        {dateAndTime(decision.decidedAt)}.{decision.reason ? ` Your reason: ${decision.reason}` : ""}
      </p>
      {order && (
        <>
          <dl className="facts" data-testid="award-facts">
            <div>
              <dt>Order total</dt>
              <dd data-testid="award-total">{formatMoney(order.total)}</dd>
            </div>
            <div>
              <dt>Delivery by</dt>
              <dd>{calendarDate(order.deliveryBy)}</dd>
            </div>
            {savingsOf(order.total, order).map((saving) => (
              <div key={saving.against}>
                <dt>{AGAINST[saving.against]}</dt>
                <dd data-testid={`saving-${saving.against}`}>
                  {saving.amount >= 0
                    ? `${formatMoney(saving.amount)} saved (${saving.percent}%)`
                    : `${formatMoney(-saving.amount)} more (${-saving.percent}%)`}
                </dd>
              </div>
            ))}
          </dl>
          <a className="button primary" href={`#/quotes/${quote._id}/order`} data-testid="view-order">
            View purchase order {order.number}
          </a>
        </>
      )}
      <DeliveryNote delivery={quote.decisionDelivery} />
    </section>
  );
}

function DeliveryNote({ delivery }: { delivery: Doc<"quotes">["decisionDelivery"] }) {
  if (delivery?.state === "failed") {
    return (
      <p className="error-box" role="alert">
        Your negotiator could not pass your decision on to the suppliers ({delivery.problem}). Your decision stands.
      </p>
    );
  }
  if (delivery?.state === "sending" && delivery.attempts > 0) {
    return (
      <p className="note-box" role="status">
        Reconnecting to the negotiation service to tell the suppliers; your decision is saved.
      </p>
    );
  }
  return null;
}
