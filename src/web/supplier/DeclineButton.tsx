import { useRef } from "react";

/** "Decline", asked twice: it ends the negotiation, and no reply can take it back. */
export function DeclineButton({
  buyerName,
  disabled,
  onConfirm,
}: {
  buyerName: string;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="danger" disabled={disabled} onClick={() => dialog.current?.showModal()}>
        Decline
      </button>
      <dialog ref={dialog} aria-labelledby="decline-title" data-testid="decline-dialog">
        <h2 id="decline-title">Decline and end this negotiation?</h2>
        <p className="muted">
          You turn down {buyerName}&apos;s terms and the negotiation ends here; your message goes with it. This cannot
          be undone.
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
            Yes, decline
          </button>
        </div>
      </dialog>
    </>
  );
}
