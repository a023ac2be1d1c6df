import type { Doc } from "../../server/_generated/dataModel";
import { SupplierLinkControls } from "./SupplierLinkControls";

const ENDED = ["completed", "impasse", "failed", "cancelled", "awarded", "declined"];

/**
 * The private link of a supplier who answers in person (a negotiation with a `supplierLink`), for
 * you to send them. Once the negotiation has ended the link matters less (it opens to read only),
 * so it folds away.
 */
export function SupplierLinkPanel({ negotiation }: { negotiation: Doc<"negotiations"> }) {
  const open = !ENDED.includes(negotiation.status);
  if (!open) {
    return (
      <details className="link-panel" data-testid="supplier-link">
        <summary>Answered in person: private link</summary>
        <div className="link-body">
          <SupplierLinkControls negotiation={negotiation} open={false} />
        </div>
      </details>
    );
  }
  return (
    <section
      className="link-panel link-body"
      data-testid="supplier-link"
      aria-label={`Private link for ${negotiation.supplierName}`}
    >
      <h3>Answers in person</h3>
      <SupplierLinkControls negotiation={negotiation} open />
    </section>
  );
}
