import { ConfirmButton } from "../ui/ConfirmButton";

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
  return (
    <ConfirmButton
      label="Decline all offers"
      disabled={disabled}
      testId="decline-all"
      title="Decline every offer?"
      keepLabel="Keep deciding"
      confirmLabel="Yes, decline them all"
      onConfirm={onConfirm}
      dialogTestId="decline-dialog"
    >
      Your negotiator tells {count === 1 ? "the supplier" : `all ${count} suppliers`} that you will not place this
      order. This cannot be undone.
    </ConfirmButton>
  );
}
