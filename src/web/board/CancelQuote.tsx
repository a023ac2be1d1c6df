import { useRef } from "react";

/** "Cancel quote", asked twice: stopping every negotiation cannot be undone. */
export function CancelQuote({ onConfirm, supplierCount }: { onConfirm: () => void; supplierCount: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        Cancel quote
      </button>
      <dialog ref={dialog} aria-labelledby="cancel-title" data-testid="cancel-dialog">
        <h2 id="cancel-title">Cancel this quote?</h2>
        <p className="muted">
          Your negotiator stops talking to {supplierCount === 1 ? "the supplier" : `all ${supplierCount} suppliers`}{" "}
          now. Nothing agreed so far is kept, and this cannot be undone.
        </p>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            Keep negotiating
          </button>
          <button
            type="button"
            className="danger solid"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            Yes, cancel the quote
          </button>
        </div>
      </dialog>
    </>
  );
}
