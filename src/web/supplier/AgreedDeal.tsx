import { TermsSummary } from "./TermsSummary";
import type { SupplierView, Terms } from "./supplier-view";

/** The deal the supplier agreed, as it stands: the terms both sides accepted. */
export function AgreedDeal({ view, terms }: { view: SupplierView; terms: Terms }) {
  return (
    <section className="card agreed-deal" aria-labelledby="agreed-title" data-testid="agreed">
      <h2 id="agreed-title">Agreed terms</h2>
      <p className="muted small">
        The terms you agreed with {view.buyerName}. Anything they write about the order appears in the conversation.
      </p>
      <TermsSummary title="Order total" terms={terms} products={view.products} />
    </section>
  );
}
