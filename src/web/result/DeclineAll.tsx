import { useRef } from "react";

/** "Decline all offers", asked twice: every supplier is told no, and that is final. */
export function DeclineAll({
  count,
  disabled,
  onConfirm,
}: {
  count: number;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => dialog.current?.showModal()} data-testid="decline-all">
        Decline all offers
      </button>
      <dialog ref={dialog} aria-labelledby="decline-title" data-testid="decline-dialog">
        <h2 id="decline-title">Decline every offer?</h2>
        <p className="muted">
          Your negotiator tells {count === 1 ? "the supplier" : `all ${count} suppliers`} that you will not place this
          order. This cannot be undone.
        </p>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            Keep deciding
          </button>
          <button
            type="button"
            className="danger solid"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            Yes, decline them all
          </button>
        </div>
      </dialog>
    </>
  );
}
