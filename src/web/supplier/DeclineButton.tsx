import { ConfirmButton } from "../ui/ConfirmButton";

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
  return (
    <ConfirmButton
      label="Decline"
      className="danger"
      disabled={disabled}
      title="Decline and end this negotiation?"
      keepLabel="Keep negotiating"
      confirmLabel="Yes, decline"
      onConfirm={onConfirm}
      dialogTestId="decline-dialog"
    >
      You turn down {buyerName}&apos;s terms and the negotiation ends here; your message goes with it. This cannot be
      undone.
    </ConfirmButton>
  );
}
