import { ConfirmButton } from "../ui/ConfirmButton";

/** "Cancel quote", asked twice: stopping every negotiation cannot be undone. */
export function CancelQuote({ onConfirm, supplierCount }: { onConfirm: () => void; supplierCount: number }) {
  return (
    <ConfirmButton
      label="Cancel quote"
      className="danger"
      title="Cancel this quote?"
      keepLabel="Keep negotiating"
      confirmLabel="Yes, cancel the quote"
      onConfirm={onConfirm}
      dialogTestId="cancel-dialog"
    >
      Your negotiator stops talking to {supplierCount === 1 ? "the supplier" : `all ${supplierCount} suppliers`} now.
      Nothing agreed so far is kept, and this cannot be undone.
    </ConfirmButton>
  );
}
